// What the ONNX writer and reader share: the error class, the opset they speak, int64 fields as numbers, attributes
// and tensors between ONNX's protobuf messages (onnx-proto.js, generated) and plain typed arrays.
import { CoreError } from '../assert.js';
import { onnx } from './onnx-proto.js';

export { onnx };

/** The opset the writer uses and the range of default-domain opsets the reader accepts. */
export const EXPORT_OPSET = 13;
/** IR version 7 is the one that goes with opset 13 (ONNX 1.8). */
export const EXPORT_IR_VERSION = 7;
export const OPSET_RANGE = { min: 7, max: 22 } as const;

/** A file that cannot be written or read as ONNX; the message names the file, node, tensor or shape. */
export class OnnxError extends CoreError {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxError';
  }
}

const { AttributeType } = onnx.AttributeProto;
export const DataType = onnx.TensorProto.DataType;

/** An int64 field (a number, or the Long protobufjs decodes int64 into) as a number; beyond ±2^53 is an error. */
export function toInt(v: number | { high: number; low: number } | null | undefined, where: string): number {
  if (v === null || v === undefined) return 0;
  const n = typeof v === 'number' ? v : v.high * 2 ** 32 + (v.low >>> 0);
  if (!Number.isSafeInteger(n)) throw new OnnxError(`${where}: ${typeof v === 'number' ? v : 'an int64'} is too large`);
  return n;
}

// ---- writing ----
export const intsAttr = (name: string, ints: readonly number[]): onnx.IAttributeProto => ({ name, type: AttributeType.INTS, ints: [...ints] });
export const intAttr = (name: string, i: number): onnx.IAttributeProto => ({ name, type: AttributeType.INT, i });
export const floatAttr = (name: string, f: number): onnx.IAttributeProto => ({ name, type: AttributeType.FLOAT, f });

/** A float32 initializer, its values stored as little-endian raw_data (what PyTorch and ONNX Runtime write). */
export function floatTensor(name: string, dims: readonly number[], data: Float32Array): onnx.ITensorProto {
  const rawData = new Uint8Array(data.length * 4);
  const view = new DataView(rawData.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return { name, dims: [...dims], dataType: DataType.FLOAT, rawData };
}

// ---- reading ----
/** A constant: an initializer or a Constant node's value, every element type held as float64. */
export interface Const {
  dims: number[];
  data: Float64Array;
  /** ONNX data type (DataType.FLOAT, INT64, …). */
  type: number;
}

/** Bytes per element and how to read one from raw_data, for the element types a classifier's constants use. */
const RAW: Partial<Record<number, [number, (v: DataView, at: number) => number]>> = {
  [DataType.FLOAT]: [4, (v, at) => v.getFloat32(at, true)],
  [DataType.DOUBLE]: [8, (v, at) => v.getFloat64(at, true)],
  [DataType.INT32]: [4, (v, at) => v.getInt32(at, true)],
  [DataType.INT64]: [8, (v, at) => Number(v.getBigInt64(at, true))],
  // Dropout's training_mode: one byte each in raw_data, else int32_data
  [DataType.BOOL]: [1, (v, at) => (v.getUint8(at) ? 1 : 0)],
};

/** Largest constant read (values): far above any classifier the studio builds, far below what would exhaust memory. */
export const MAX_CONST_VALUES = 1 << 26;

/** A TensorProto's values; `where` names it in errors (`initializer 0.weight`). */
export function readTensor(t: onnx.ITensorProto, where: string): Const {
  const dims = (t.dims ?? []).map((d) => toInt(d, `${where}: dims`));
  if (dims.some((d) => d < 0)) throw new OnnxError(`${where}: negative dimension in [${dims.join(',')}]`);
  const count = dims.reduce((a, d) => a * d, 1);
  if (count > MAX_CONST_VALUES) throw new OnnxError(`${where}: declares [${dims.join(',')}] = ${count} values, more than ${MAX_CONST_VALUES}`);
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) throw new OnnxError(`${where}: its data is in an external file; save the model with the weights inside it`);
  const type = t.dataType ?? 0;
  const name = DataType[type] ?? `type ${type}`;
  const raw = RAW[type];
  if (!raw) throw new OnnxError(`${where}: element type ${name} is not supported (float, double, int32, int64 or bool)`);
  const data = new Float64Array(count);
  const bytes = t.rawData;
  let got: number;
  if (bytes && bytes.length > 0) {
    got = bytes.length / raw[0];
    if (got === count) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < count; i++) data[i] = raw[1](view, i * raw[0]);
    }
  } else {
    const typed: ArrayLike<number | { high: number; low: number }> =
      type === DataType.FLOAT ? (t.floatData ?? []) : type === DataType.DOUBLE ? (t.doubleData ?? []) : type === DataType.INT32 || type === DataType.BOOL ? (t.int32Data ?? []) : (t.int64Data ?? []);
    got = typed.length;
    if (got === count) for (let i = 0; i < count; i++) data[i] = typeof typed[i] === 'number' ? (typed[i] as number) : toInt(typed[i], where);
  }
  if (got !== count) throw new OnnxError(`${where}: dims [${dims.join(',')}] need ${count} ${name} values, the file has ${got}`);
  if (type === DataType.FLOAT || type === DataType.DOUBLE) {
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new OnnxError(`${where}: value ${bad} is not finite`);
  }
  return { dims, data, type };
}

/** A node's attributes by name, each read as what the op expects; unknown ones are the caller's to refuse. */
export class Attrs {
  private readonly map = new Map<string, onnx.IAttributeProto>();

  constructor(
    node: onnx.INodeProto,
    private readonly where: string,
  ) {
    for (const a of node.attribute ?? []) this.map.set(a.name ?? '', a);
  }

  names(): string[] {
    return [...this.map.keys()];
  }

  private get(name: string, type: number): onnx.IAttributeProto | undefined {
    const a = this.map.get(name);
    if (a && a.type !== type) throw new OnnxError(`${this.where}: attribute ${name} has type ${AttributeType[a.type ?? 0]}, expected ${AttributeType[type]}`);
    return a;
  }

  int(name: string, fallback: number): number {
    const a = this.get(name, AttributeType.INT);
    return a ? toInt(a.i, `${this.where}: attribute ${name}`) : fallback;
  }

  ints(name: string): number[] | null {
    const a = this.get(name, AttributeType.INTS);
    return a ? (a.ints ?? []).map((v) => toInt(v, `${this.where}: attribute ${name}`)) : null;
  }

  float(name: string, fallback: number): number {
    return this.get(name, AttributeType.FLOAT)?.f ?? fallback;
  }

  string(name: string, fallback: string): string {
    const s = this.get(name, AttributeType.STRING)?.s;
    if (!s || !s.length) return fallback;
    // the values read (auto_pad, mode) are short words: a longer string is shown cut, and refused as no such value
    const head = String.fromCharCode(...s.subarray(0, 40));
    return s.length > 40 ? `${head}… (${s.length} bytes)` : head;
  }

  /** The attribute of a Constant node, whichever of value, value_float(s), value_int(s) it has. */
  constant(): Const {
    const [name, a] = [...this.map.entries()][0] ?? ['', undefined];
    if (this.map.size !== 1 || !a) throw new OnnxError(`${this.where}: a Constant needs exactly one value attribute, has ${this.map.size}`);
    if (name === 'value' && a.t) return readTensor(a.t, `${this.where}: value`);
    const scalar = (v: number, type: number): Const => ({ dims: [], data: Float64Array.of(v), type });
    const list = (v: number[], type: number): Const => ({ dims: [v.length], data: Float64Array.from(v), type });
    if (name === 'value_float') return scalar(this.float(name, 0), DataType.FLOAT);
    if (name === 'value_int') return scalar(this.int(name, 0), DataType.INT64);
    if (name === 'value_floats') return list(this.get(name, AttributeType.FLOATS)?.floats ?? [], DataType.FLOAT);
    if (name === 'value_ints') return list(this.ints(name) ?? [], DataType.INT64);
    throw new OnnxError(`${this.where}: Constant attribute ${name} is not supported (value, value_float(s), value_int(s))`);
  }
}
