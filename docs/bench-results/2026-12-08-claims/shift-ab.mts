// S training, 2 threads, SGD trainStep on 32: alternating the calling thread's share 16 / 15 / 14 (replica 16 / 17 / 18)
import { Model } from '../core/model.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { DataParallel } from '../core/kernels/parallel.js';
import { Tensor } from '../core/tensor.js';
import { SGD } from '../core/optim.js';
import { MODEL_S, MODEL_K } from '../bench/models.js';
import { nodeWorkerFactory } from '../scripts/lib/node-threads.js';
const spec = process.env.M === 'K' ? MODEL_K : MODEL_S;
const model = new Model(spec, 1, { backend: createWasmBackend({ relaxed: true })! });
const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 2, maxBatch: 32, wasm: { relaxed: true } });
const opt = new SGD(model.params, 0.001, 0.9);
const x = new Tensor([32, 1, 28, 28]); for (let i = 0; i < x.size; i++) x.data[i] = Math.random();
const labels = new Uint8Array(32).map((_, i) => i % 10);
const res: Record<number, number[]> = { 0: [], 1: [], 2: [] };
for (let r = 0; r < Number(process.env.R ?? 8); r++) for (const k of [0, 1, 2]) {
  (globalThis as any).__shift = k;
  for (let i = 0; i < 20; i++) dp.trainStep(x, labels, opt);
  const t0 = performance.now(); let n = 0;
  while (performance.now() - t0 < 1000) { dp.trainStep(x, labels, opt); n += 32; }
  res[k].push(n / (performance.now() - t0) * 1000);
}
const med = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
for (const k of [0, 1, 2]) console.log(`shift ${k}: median ${Math.round(med(res[k]))} img/s, per-round ratio to 0: ${res[k].map((v, i) => (v / res[0][i]).toFixed(2)).join(' ')}`);
dp.dispose(); process.exit(0);
