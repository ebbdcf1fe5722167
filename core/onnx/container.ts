// The container around an imported graph: size, protobuf decoding, ir_version and opset checks, and the graph's one
// image input [batch, C, H, W] with its limits. Used by import.ts.
import { MAX_ONNX_BYTES } from './limits.js';
import { DataType, OPSET_RANGE, OnnxError, onnx, toInt, type Const } from './proto.js';
/** Largest per-image input accepted (C·H·W values) and largest side. */
const MAX_INPUT_VALUES = 1 << 22;
const MAX_SIDE = 4096;

/** Decodes and checks the container: a ModelProto with a graph and a default-domain opset we read. */
export function decode(bytes: Uint8Array, file: string): { graph: onnx.IGraphProto; opset: number } {
  const fail = (m: string): never => {
    throw new OnnxError(`${file}: ${m}`);
  };
  if (bytes.length > MAX_ONNX_BYTES) fail(`${bytes.length} bytes is larger than the ${MAX_ONNX_BYTES} an imported model may have`);
  let m: onnx.ModelProto;
  try {
    m = onnx.ModelProto.decode(bytes);
  } catch (e) {
    return fail(`not an ONNX model: the protobuf data is broken or truncated (${(e as Error).message})`);
  }
  if (!m.graph || !(m.graph.node ?? []).length) fail('not an ONNX model: it has no graph with nodes');
  const ir = toInt(m.irVersion, `${file}: ir_version`);
  if (ir < 3) fail(`not an ONNX model (or a very old one): ir_version ${ir}`);
  const opsets = (m.opsetImport ?? []).filter((o) => !o.domain || o.domain === 'ai.onnx');
  if (opsets.length === 0) fail('declares no ai.onnx opset');
  const opset = toInt(opsets[0].version, `${file}: opset`);
  if (opset < OPSET_RANGE.min || opset > OPSET_RANGE.max) fail(`opset ${opset} is not supported; the importer reads opsets ${OPSET_RANGE.min} to ${OPSET_RANGE.max}`);
  return { graph: m.graph!, opset };
}

/** The one real input: float [batch, C, H, W] with fixed C, H, W. */
export function readInput(graph: onnx.IGraphProto, consts: Map<string, Const>, file: string): { name: string; input: [number, number, number]; batch: number | null } {
  const fail = (m: string): never => {
    throw new OnnxError(`${file}: ${m}`);
  };
  const inputs = (graph.input ?? []).filter((v) => !consts.has(v.name ?? ''));
  if (inputs.length !== 1) fail(`the graph has ${inputs.length} inputs (${inputs.map((v) => v.name).join(', ')}); an image classifier has one`);
  const v = inputs[0];
  const t = v.type?.tensorType;
  if (!t || t.elemType !== DataType.FLOAT) fail(`input ${v.name} is not a float tensor`);
  const dims = t!.shape?.dim ?? [];
  const shown = dims.map((d) => d.dimParam || (d.dimValue !== null && d.dimValue !== undefined ? toInt(d.dimValue, `${file}: input ${v.name}`) : '?')).join(',');
  if (dims.length !== 4) fail(`input ${v.name} has shape [${shown}]; the studio takes images [batch,C,H,W]`);
  const [c, h, w] = dims.slice(1).map((d, i) => {
    const n = d.dimParam || d.dimValue === null || d.dimValue === undefined ? 0 : toInt(d.dimValue, `${file}: input ${v.name}`);
    if (n < 1 || n > MAX_SIDE) fail(`input ${v.name} [${shown}]: dimension ${i + 1} must be a fixed size from 1 to ${MAX_SIDE}`);
    return n;
  });
  if (c * h * w > MAX_INPUT_VALUES) fail(`input ${v.name} [${shown}] has ${c * h * w} values per image, more than ${MAX_INPUT_VALUES}`);
  const b = dims[0];
  const batch = b.dimParam || b.dimValue === null || b.dimValue === undefined ? null : toInt(b.dimValue, `${file}: input ${v.name}`);
  return { name: v.name ?? '', input: [c, h, w], batch };
}
