// per round: DataParallel.lossAndGrad(32) on 2 threads (the calling thread's share of 16 timed inside Replica.runJob),
// then a separate one-thread model's lossAndGrad(16) on the same thread; medians per round.
import { Model } from '../core/model.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { DataParallel } from '../core/kernels/parallel.js';
import { Replica } from '../core/kernels/parallel-worker.js';
import { preset } from '../core/presets.js';
import { Tensor } from '../core/tensor.js';
import { MODEL_K, MODEL_S } from '../bench/models.js';
import { nodeWorkerFactory } from '../scripts/lib/node-threads.js';
import { SGD } from '../core/optim.js';
const spec = process.env.M === 'S' ? MODEL_S : process.env.M === 'cnn' ? preset('cnn') : MODEL_K;
const shares: number[] = [];
const P = Replica.prototype as any; const run = P.runJob;
P.runJob = function (...a: any[]) { const t = performance.now(); const r = run.apply(this, a); shares.push(performance.now() - t); return r; };
const model = new Model(spec, 1, { backend: createWasmBackend({ relaxed: true })! });
const solo = new Model(spec, 1, { backend: createWasmBackend({ relaxed: true })! });
const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 2, maxBatch: 32, wasm: { relaxed: true } });
const opt = new SGD(model.params, 0.001, 0.9);
const dpStep = process.env.TS ? () => dp.trainStep(b32.x, b32.labels, opt) : () => dp.lossAndGrad(b32.x, b32.labels);
const mk = (n: number) => { const x = new Tensor([n, 1, 28, 28]); for (let i = 0; i < x.size; i++) x.data[i] = Math.random(); return { x, labels: new Uint8Array(n).map((_, i) => i % 10) }; };
const b32 = mk(32); const b16 = { x: new Tensor([16, 1, 28, 28], b32.x.data.slice(0, 16 * 784)), labels: b32.labels.slice(0, 16) };
const med = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
const R = Number(process.env.R ?? 6), S = Number(process.env.STEPS ?? 40);
for (let i = 0; i < 5; i++) { dpStep(); solo.lossAndGrad(b16.x, b16.labels, { overwrite: true }); }
for (let r = 0; r < R; r++) {
  shares.length = 0; const calls: number[] = []; const soloT: number[] = [];
  for (let i = 0; i < S; i++) { const a = performance.now(); dpStep(); calls.push(performance.now() - a); }
  for (let i = 0; i < S; i++) { const a = performance.now(); solo.lossAndGrad(b16.x, b16.labels, { overwrite: true }); soloT.push(performance.now() - a); }
  console.log(`${spec.name}: dp call ${med(calls).toFixed(2)} ms | its share here ${med(shares).toFixed(2)} ms | one model, 16 images, same thread ${med(soloT).toFixed(2)} ms | share/solo ${(med(shares) / med(soloT)).toFixed(2)}`);
}
dp.dispose(); process.exit(0);
