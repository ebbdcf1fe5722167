// Shared by the ONNX tests: every preset with its shipped or seeded weights, MNIST test images as a batch, ONNX
// Runtime's logits for a file, and the largest absolute difference between two sets of logits.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { Model } from '../../../core/model.js';
import { parseModelFile } from '../../../core/model-file.js';
import { floatTensor, onnx } from '../../../core/onnx/proto.js';
import { PRESET_NAMES, preset, type PresetName } from '../../../core/presets.js';
import { Tensor } from '../../../core/tensor.js';
import { loadMnistFromDisk } from '../../../scripts/lib/node-mnist.js';

/** The shipped models for cnn and mlp (core/models/), seed 1 for the presets that ship none. */
export function presetModels(): { name: PresetName; model: Model; weights: string }[] {
  const shipped: Partial<Record<PresetName, string>> = { cnn: 'core/models/default-cnn.json', mlp: 'core/models/default-mlp.json' };
  return PRESET_NAMES.map((name) => {
    const file = shipped[name];
    if (file) return { name, model: parseModelFile(readFileSync(file, 'utf8')).model, weights: file };
    return { name, model: new Model(preset(name), 1), weights: 'seed 1' };
  });
}

/** The first `n` MNIST test images as a [n, 1, 28, 28] batch scaled to [0, 1], with their labels. */
export async function mnistTestBatch(n: number): Promise<{ x: Tensor; labels: Uint8Array }> {
  const test = (await loadMnistFromDisk()).test;
  const px = 28 * 28;
  return { x: Tensor.from([n, 1, 28, 28], Float32Array.from(test.images.subarray(0, n * px), (v) => v / 255)), labels: test.labels.slice(0, n) };
}

/** ONNX Runtime's (CPU) first output for `x` fed to the file's first input. */
export async function ortLogits(bytes: Uint8Array, x: Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) });
    return out[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

/** max |a_i − b_i|; lengths must match. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: ${a.length} vs ${b.length} values`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** A hand-built ONNX graph: nodes, initializers, the input's dims (a string is a named dimension), opset. */
export interface GraphParts {
  nodes: onnx.INodeProto[];
  inits?: onnx.ITensorProto[];
  input?: (number | string)[];
  /** The graph output's name; default: the last node's first output. */
  output?: string;
  opset?: number;
  ir?: number;
}

/** The bytes of an ONNX file holding `p` (input "x", float). */
export function onnxBytes(p: GraphParts): Uint8Array {
  const dim = (p.input ?? ['N', 1, 6, 6]).map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  const graph: onnx.IGraphProto = {
    name: 'test',
    node: p.nodes,
    initializer: p.inits ?? [],
    input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim } } } }],
    output: [{ name: p.output ?? p.nodes.at(-1)!.output![0] }],
  };
  return onnx.ModelProto.encode({ irVersion: p.ir ?? 7, opsetImport: [{ domain: '', version: p.opset ?? 13 }], graph }).finish();
}

/** A node whose name is its output's. */
export function node(opType: string, input: string[], output: string, attribute: onnx.IAttributeProto[] = []): onnx.INodeProto {
  return { opType, input, output: [output], attribute, name: output };
}

/** A float32 initializer of the given shape with seeded values in [-1, 1). */
export function randomInit(name: string, dims: number[], seed: number): onnx.ITensorProto {
  const n = dims.reduce((a, d) => a * d, 1);
  let s = seed * 2654435761;
  return floatTensor(name, dims, Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 30) - 1));
}

/** An int64 initializer (shapes, as Reshape reads them). */
export function int64Init(name: string, values: number[]): onnx.ITensorProto {
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values };
}
