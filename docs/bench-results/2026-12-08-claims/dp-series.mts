// per-call wall time of DataParallel.infer(256) over SECS, printed as per-second medians and the call-time histogram
import { DataParallel } from '../core/kernels/parallel.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { Model } from '../core/model.js';
import { Tensor } from '../core/tensor.js';
import { MODEL_S, MODEL_K } from '../bench/models.js';
import { nodeWorkerFactory } from '../scripts/lib/node-threads.js';
const spec = process.env.M === 'S' ? MODEL_S : MODEL_K;
const model = new Model(spec, 1, { backend: createWasmBackend({ relaxed: true })! });
const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 2, maxBatch: 256, backend: 'wasm', wasm: { relaxed: true } });
const x = new Tensor([256, 1, 28, 28]); for (let i = 0; i < x.size; i++) x.data[i] = Math.random();
const x128 = new Tensor([128, 1, 28, 28], x.data.slice(0, 128 * 784));
for (let i = 0; i < 20; i++) dp.infer(x);
const secs = Number(process.env.SECS ?? 10);
const t0 = performance.now(); const rows: string[] = [];
let sec = 0; let calls: number[] = []; let solo: number[] = [];
while (performance.now() - t0 < secs * 1000) {
  const a = performance.now(); dp.infer(x); calls.push(performance.now() - a);
  if (calls.length % 10 === 0) { const b = performance.now(); model.infer(x128); solo.push((performance.now() - b) * 2); }
  if (performance.now() - t0 > (sec + 1) * 1000) {
    const med = (v: number[]) => v.slice().sort((p, q) => p - q)[v.length >> 1];
    rows.push(`${sec}s: dp call median ${med(calls).toFixed(2)} ms (min ${Math.min(...calls).toFixed(2)} max ${Math.max(...calls).toFixed(2)}), one thread 256 ≈ ${med(solo).toFixed(2)} ms, scaling ${(med(solo) / med(calls)).toFixed(2)}x`);
    sec++; calls = []; solo = [];
  }
}
console.log(rows.join('\n'));
dp.dispose(); process.exit(0);
