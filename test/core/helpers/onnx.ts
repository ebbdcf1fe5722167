// Shared by the ONNX tests: every preset with its shipped or seeded weights, MNIST test images as a batch, ONNX
// Runtime's logits for a file, and the largest absolute difference between two sets of logits.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { Model } from '../../../core/model.js';
import { parseModelFile } from '../../../core/model-file.js';
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
