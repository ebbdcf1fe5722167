import { createWasmBackend } from '/work/main/core/kernels/wasm.js';
import { Model } from '/work/main/core/model.js';
import { Tensor } from '/work/main/core/tensor.js';
import { MODEL_K } from '/work/main/bench/models.js';
const model = new Model(MODEL_K, 1, { backend: createWasmBackend({ relaxed: true })! });
const x = new Tensor([128, 1, 28, 28]); for (let i = 0; i < x.size; i++) x.data[i] = Math.random();
for (let i = 0; i < 10; i++) model.infer(x);
const t0 = performance.now(); let sec = 0; let c: number[] = []; const rows: string[] = [];
while (performance.now() - t0 < 10000) { const a = performance.now(); model.infer(x); c.push(performance.now() - a);
  if (performance.now() - t0 > (sec + 1) * 1000) { const s = c.slice().sort((p, q) => p - q); rows.push(`${sec}s median ${s[s.length >> 1].toFixed(1)} min ${s[0].toFixed(1)} max ${s[s.length - 1].toFixed(1)}`); sec++; c = []; } }
console.log(rows.join(' | '));
