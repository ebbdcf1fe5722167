// The ONNX ops the importer reads (core/onnx/import.ts, shape-ops.ts) and the attributes each may carry.
import { SHAPE_OPS } from './shape-ops.js';

export const IMPORTED_OPS = ['Conv', 'Relu', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'Flatten', 'Reshape', 'Gemm', 'MatMul', 'Add', 'Softmax', 'LogSoftmax', 'BatchNormalization', 'Pad', 'Identity', 'Dropout', 'Constant', ...SHAPE_OPS] as const;
export type ImportedOp = (typeof IMPORTED_OPS)[number];

/**
 * The attributes each op has in opsets 7–22 (onnx.ai/onnx/operators); any other is refused, as ONNX Runtime refuses
 * it, rather than ignored. Those that would change the result are checked where the op is read.
 */
const ATTRIBUTES: Record<ImportedOp, readonly string[]> = {
  Conv: ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides'],
  Relu: [],
  MaxPool: ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'storage_order', 'strides'],
  AveragePool: ['auto_pad', 'ceil_mode', 'count_include_pad', 'dilations', 'kernel_shape', 'pads', 'strides'],
  Flatten: ['axis'],
  Reshape: ['allowzero'],
  Gemm: ['alpha', 'beta', 'transA', 'transB'],
  MatMul: [],
  Add: [],
  Softmax: ['axis'],
  BatchNormalization: ['epsilon', 'momentum', 'spatial', 'training_mode'],
  Pad: ['mode', 'pads', 'value'],
  GlobalAveragePool: [],
  LogSoftmax: ['axis'],
  Identity: [],
  Dropout: ['ratio', 'seed'],
  Shape: ['start', 'end'],
  Gather: ['axis'],
  Unsqueeze: ['axes'],
  Squeeze: ['axes'],
  Concat: ['axis'],
  Constant: ['value', 'value_float', 'value_floats', 'value_int', 'value_ints', 'value_string', 'value_strings', 'sparse_value'],
};

/** What is wrong with `names` as the attributes of `op`, in words; null when each is one it has. */
export function unknownAttributes(op: ImportedOp, names: readonly string[]): string | null {
  const known = ATTRIBUTES[op];
  const other = names.filter((n) => !known.includes(n));
  if (!other.length) return null;
  return `${other.map((n) => JSON.stringify(n.slice(0, 40))).join(', ')} ${other.length > 1 ? 'are not attributes' : 'is not an attribute'} of ${op}${known.length ? ` (it has ${known.join(', ')})` : ' (it has none)'}`;
}
