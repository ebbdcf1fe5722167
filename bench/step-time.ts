// One thread's time for one training step or one inference call of a model, on the wasm kernels (relaxed SIMD where
// this Node validates it, as npm run bench): the measure of the before/after pairs in docs/performance.md ("Kernel
// tails…"). Run it in two trees (a `git worktree` of the commit before, and this one) one after the other, a few
// times, and compare the medians.
// Run: npm run bench -- --step-time [--model cnn|S|K|lenet|mlp|strided] [--n 16] [--infer] [--json]
//      training: 200 warm-up steps, then the mean of 400 (Model.lossAndGrad on n random images); --infer: Model.infer
//      on n images (default 128), the best of 5 means of 10 calls.
import { MODEL_K, MODEL_S } from './models.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { Model } from '../core/model.js';
import { PRESETS, preset, type PresetName } from '../core/presets.js';
import { Tensor } from '../core/tensor.js';

const argv = process.argv.slice(2);
const KNOWN = ['--step-time', '--model', '--n', '--infer', '--json'];
for (const a of argv) if (a.startsWith('--') && !KNOWN.includes(a)) throw new Error(`step-time: unknown flag ${a}; known: ${KNOWN.join(' ')}`);
const get = (name: string, dflt: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const name = get('--model', 'cnn');
const infer = argv.includes('--infer');
const n = Number(get('--n', infer ? '128' : '16'));
if (!Number.isInteger(n) || n < 1) throw new Error(`step-time: --n takes a whole number of images, got ${get('--n', '')}`);
const spec = name === 'S' ? MODEL_S : name === 'K' ? MODEL_K : name in PRESETS ? preset(name as PresetName) : null;
if (!spec) throw new Error(`step-time: --model is S, K or one of ${Object.keys(PRESETS).join(', ')}; got ${name}`);
const backend = createWasmBackend();
if (!backend) throw new Error('step-time: this runtime has no WebAssembly SIMD');
const model = new Model(spec, 1, { backend });
const x = new Tensor([n, ...spec.input]);
for (let i = 0; i < x.size; i++) x.data[i] = Math.random();
const labels = new Uint8Array(n).map((_, i) => i % 10);
let ms: number;
if (infer) {
  for (let i = 0; i < 10; i++) model.infer(x);
  ms = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) model.infer(x);
    ms = Math.min(ms, (performance.now() - t0) / 10);
  }
} else {
  for (let i = 0; i < 200; i++) model.lossAndGrad(x, labels, { overwrite: true });
  const t0 = performance.now();
  for (let i = 0; i < 400; i++) model.lossAndGrad(x, labels, { overwrite: true });
  ms = (performance.now() - t0) / 400;
}
const result = { model: name, what: infer ? 'inference' : 'training step', images: n, backend: backend.name, ms, imagesPerSec: (n / ms) * 1000 };
if (argv.includes('--json')) console.log(JSON.stringify(result));
else console.log(`${name} ${result.what}, ${n} images, ${backend.name}: ${ms.toFixed(3)} ms, ${result.imagesPerSec.toFixed(0)} img/s`);
