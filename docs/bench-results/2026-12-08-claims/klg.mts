import { createWasmBackend } from '/work/main/core/kernels/wasm.js';
import { Model } from '/work/main/core/model.js';
import { Tensor } from '/work/main/core/tensor.js';
import { MODEL_K, MODEL_S } from '/work/main/bench/models.js';
import { preset } from '/work/main/core/presets.js';
const spec = process.env.M === 'S' ? MODEL_S : process.env.M === 'cnn' ? preset('cnn') : MODEL_K;
const model = new Model(spec, 1, { backend: createWasmBackend({ relaxed: true })! });
for (const n of [8, 16, 32, 16, 32]) {
  const x = new Tensor([n, 1, 28, 28]); for (let i = 0; i < x.size; i++) x.data[i] = Math.random();
  const labels = new Uint8Array(n).map((_, i) => i % 10);
  for (let i = 0; i < 3; i++) model.lossAndGrad(x, labels, { overwrite: true });
  const ts: number[] = [];
  const t0 = performance.now(); while (performance.now() - t0 < 2000) { const a = performance.now(); model.lossAndGrad(x, labels, { overwrite: true }); ts.push(performance.now() - a); }
  ts.sort((a, b) => a - b);
  console.log(`${spec.name} lossAndGrad n=${n}: min ${ts[0].toFixed(2)} median ${ts[ts.length >> 1].toFixed(2)} ms, per image median ${(ts[ts.length >> 1] / n).toFixed(3)} ms`);
}
