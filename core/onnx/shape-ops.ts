// Reshapes whose target shape the graph computes, as PyTorch writes `x.view(x.size(0), -1)`: Shape of the current
// activation, Gather of its batch entry, Unsqueeze, Concat with a constant -1, then Reshape. The values are worked out
// here, with the batch kept as a symbol, and the Reshape sees a constant shape whose batch entry is 0 (ONNX: copy the
// input's dimension), so it maps to a flatten like any other.
import { DataType, OnnxError, type Attrs, type Const } from './proto.js';

/** The ops that only compute shapes. */
export const SHAPE_OPS = ['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat'] as const;
export type ShapeOp = (typeof SHAPE_OPS)[number];

/** The batch size, unknown until run time. */
export const BATCH = 'batch';
type Dim = number | typeof BATCH;

/** A computed int64 tensor of rank 0 (a scalar) or 1 (a shape). */
export interface ShapeValue {
  values: Dim[];
  scalar: boolean;
}

/** What a shape op reads: the current activation (for Shape), computed values, or int constants. */
export interface ShapeInputs {
  current: string;
  /** The per-sample shape of the current activation ([C,H,W] or [F]). */
  shape: number[];
  values: Map<string, ShapeValue>;
  consts: Map<string, Const>;
}

function fail(where: string, message: string): never {
  throw new OnnxError(`${where}: ${message}`);
}

function read(name: string, ins: ShapeInputs, where: string): ShapeValue {
  const v = ins.values.get(name);
  if (v) return v;
  const c = ins.consts.get(name);
  if (c && (c.type === DataType.INT64 || c.type === DataType.INT32) && c.dims.length <= 1) return { values: Array.from(c.data), scalar: c.dims.length === 0 };
  return fail(where, `reads ${name}, which is neither a computed shape nor an integer constant; only shape arithmetic of the form x.view(x.size(0), -1) is supported`);
}

/** The axes of Unsqueeze/Squeeze: an attribute before opset 13, an input from 13 on. */
function axes(inputs: string[], attrs: Attrs, opset: number, ins: ShapeInputs, where: string): number[] {
  if (opset < 13) return attrs.ints('axes') ?? [];
  return inputs[1] ? (read(inputs[1], ins, where).values as number[]) : [];
}

/** Evaluates one shape op; returns its output's value. */
export function evaluateShapeOp(op: ShapeOp, inputs: string[], attrs: Attrs, opset: number, ins: ShapeInputs, where: string): ShapeValue {
  switch (op) {
    case 'Shape': {
      if (inputs[0] !== ins.current) fail(where, `takes the shape of ${inputs[0]}; only the shape of the previous layer's output ${ins.current} can be computed with`);
      const all: Dim[] = [BATCH, ...ins.shape];
      const norm = (i: number) => Math.max(0, Math.min(all.length, i < 0 ? i + all.length : i));
      return { values: all.slice(norm(attrs.int('start', 0)), norm(attrs.int('end', all.length))), scalar: false };
    }
    case 'Gather': {
      const data = read(inputs[0], ins, where);
      const idx = read(inputs[1], ins, where);
      if (data.scalar || attrs.int('axis', 0) !== 0) fail(where, 'gathers from something that is not a shape vector');
      const pick = idx.values.map((i) => {
        if (typeof i !== 'number' || i < -data.values.length || i >= data.values.length) fail(where, `index ${i} is outside the shape [${data.values.join(',')}]`);
        return data.values[i < 0 ? i + data.values.length : i];
      });
      return { values: pick, scalar: idx.scalar };
    }
    case 'Unsqueeze': {
      const v = read(inputs[0], ins, where);
      const ax = axes(inputs, attrs, opset, ins, where);
      if (!v.scalar || ax.length !== 1 || (ax[0] !== 0 && ax[0] !== -1)) fail(where, 'unsqueezes something other than a scalar into a 1-element shape');
      return { values: v.values, scalar: false };
    }
    case 'Squeeze': {
      const v = read(inputs[0], ins, where);
      const ax = axes(inputs, attrs, opset, ins, where);
      if (v.scalar || v.values.length !== 1 || (ax.length > 1 || (ax.length === 1 && ax[0] !== 0 && ax[0] !== -1))) fail(where, 'squeezes something other than a 1-element shape into a scalar');
      return { values: v.values, scalar: true };
    }
    case 'Concat': {
      if (attrs.int('axis', 0) !== 0 && attrs.int('axis', 0) !== -1) fail(where, 'concatenates shapes along an axis other than 0');
      const parts = inputs.map((n) => read(n, ins, where));
      if (parts.some((p) => p.scalar)) fail(where, 'concatenates a scalar; shapes are 1-D');
      return { values: parts.flatMap((p) => p.values), scalar: false };
    }
  }
}

/** A computed shape as the constant a Reshape reads: the batch symbol becomes 0 ("copy the input's dimension"). */
export function shapeConst(v: ShapeValue): Const {
  return { dims: v.scalar ? [] : [v.values.length], data: Float64Array.from(v.values, (d) => (d === BATCH ? 0 : d)), type: DataType.INT64 };
}
