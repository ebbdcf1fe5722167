// Fuzz target: the ONNX reader (core/onnx/import.ts importOnnxModel, as the app imports a dropped or opened file).
// The oracle is ONNX Runtime (onnxruntime-node, CPU), a reader written by others: an accepted file must be one ONNX
// Runtime runs, and the imported model must give its outputs (within 1e-4 of the largest) on a seeded input. Files
// valid by construction (onnx-gen.ts) must be accepted; broken ones refused with an OnnxError naming the file;
// files broken at the byte level may go either way, judged the same.
import { importOnnxModel } from '../../core/onnx/import.js';
import type { Rng } from '../../core/rng.js';
import { Tensor } from '../../core/tensor.js';
import { T } from './encode.js';
import { judge, type FuzzCase, type Judged, type Target } from './harness.js';
import { generateOnnx, type Expect } from './onnx-gen.js';

/** The name the file is imported under (every clean message starts with it). */
export const FILE = 'fuzz.onnx';
const CLEAN = /^fuzz\.onnx: /;

type Ort = typeof import('onnxruntime-node');
let ortModule: Promise<Ort> | null = null;
/** onnxruntime-node, loaded on first use (only the thread running this target needs it). */
const ortLoaded = () => (ortModule ??= import('onnxruntime-node'));

/** ONNX Runtime's output for `x`, or why it would not load or run the file. */
async function ortRun(bytes: Uint8Array, x: Tensor): Promise<Float32Array | string> {
  const ort = await ortLoaded();
  let session;
  try {
    session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  } catch (e) {
    return `ONNX Runtime refuses it: ${(e as Error).message.slice(0, 160)}`;
  }
  try {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(x.data), [...x.shape]) });
    return Float32Array.from(out[session.outputNames[0]].data as Float32Array);
  } catch (e) {
    return `ONNX Runtime cannot run it: ${(e as Error).message.slice(0, 160)}`;
  } finally {
    await session.release();
  }
}

const softmaxRows = (z: Float32Array, k: number): Float32Array => {
  const out = new Float32Array(z.length);
  for (let r = 0; r < z.length; r += k) {
    let max = -Infinity;
    for (let i = 0; i < k; i++) max = Math.max(max, z[r + i]);
    let sum = 0;
    for (let i = 0; i < k; i++) sum += out[r + i] = Math.exp(z[r + i] - max);
    for (let i = 0; i < k; i++) out[r + i] /= sum;
  }
  return out;
};

/** Why the accepted model does not compute what ONNX Runtime computes from the same file, or null when it does. */
async function disagreement(bytes: Uint8Array, imported: ReturnType<typeof importOnnxModel>): Promise<string | null> {
  const { model, notes } = imported;
  const [c, h, w] = model.spec.input;
  const x = Tensor.from([1, c, h, w], Float32Array.from({ length: c * h * w }, (_, i) => ((i * 7919) % 1000) / 1000));
  const ort = await ortRun(bytes, x);
  if (typeof ort === 'string') return `accepted, but ${ort}`;
  const logits = model.forward(x).data as Float32Array;
  const ours = notes.some((n) => /Softmax/.test(n)) ? softmaxRows(logits, logits.length) : logits;
  if (ours.length !== ort.length) return `accepted with ${ours.length} outputs; ONNX Runtime gives ${ort.length}`;
  let scale = 1;
  let delta = 0;
  for (let i = 0; i < ort.length; i++) {
    scale = Math.max(scale, Math.abs(ort[i]));
    delta = Math.max(delta, Math.abs(ort[i] - ours[i]));
  }
  if (!(delta <= 1e-4 * scale)) return `accepted, but its outputs differ from ONNX Runtime's by ${delta.toExponential(2)} (largest ${scale.toExponential(2)})`;
  return null;
}

function generate(rng: Rng): FuzzCase {
  const { kind, bytes, expect } = generateOnnx(rng);
  return { target: 'onnx', kind, input: { bytes: T.bytes(bytes), expect } };
}

export const onnxTarget: Target = {
  name: 'onnx',
  label: 'ONNX reader',
  generate,
  async run(input): Promise<Judged> {
    const { bytes, expect } = input as { bytes: Uint8Array; expect: Expect };
    const t0 = performance.now();
    let imported: ReturnType<typeof importOnnxModel>;
    try {
      imported = importOnnxModel(bytes.slice(), FILE, '2026-01-01T00:00:00.000Z');
    } catch (error) {
      const ms = performance.now() - t0;
      return { ...judge(expect === 'valid' ? { ok: true } : { ok: false, why: 'broken' }, { error }, CLEAN), ms };
    }
    const ms = performance.now() - t0;
    const problem = await disagreement(bytes, imported);
    if (expect === 'invalid') return { ...judge({ ok: false, why: `the file was broken on purpose${problem ? `; ${problem}` : ''}` }, { accepted: true }, CLEAN), ms };
    return { ...judge({ ok: true }, { accepted: true, ...(problem ? { problem } : {}) }, CLEAN), ms };
  },
};
