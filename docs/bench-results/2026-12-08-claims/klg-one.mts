import { createWasmBackend } from '/work/main/core/kernels/wasm.js';
import { Model } from '/work/main/core/model.js';
import { Tensor } from '/work/main/core/tensor.js';
import { MODEL_K } from '/work/main/bench/models.js';
const model = new Model(MODEL_K, 1, { backend: createWasmBackend({ relaxed: true })! });
const n = 16;
const x = new Tensor([n, 1, 28, 28]); for (let i = 0; i < x.size; i++) x.data[i] = Math.random();
const labels = new Uint8Array(n).map((_, i) => i % 10);
for (let i = 0; i < 5; i++) model.lossAndGrad(x, labels, { overwrite: true });
const at = Number(process.argv[2]); while (Date.now() < at) {}
const ts: number[] = []; const t0 = performance.now();
while (performance.now() - t0 < 2000) { const a = performance.now(); model.lossAndGrad(x, labels, { overwrite: true }); ts.push(performance.now() - a); }
ts.sort((a, b) => a - b); console.log(ts[ts.length >> 1].toFixed(2));
