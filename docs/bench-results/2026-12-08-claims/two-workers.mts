// Same-process independence test: T workers each run plain model.infer(128) on their own model for SECS; report total img/s.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { Model } from '../core/model.js';
import { Tensor } from '../core/tensor.js';
import { MODEL_S, MODEL_K } from '../bench/models.js';
const secs = Number(process.env.SECS ?? 2);
function work(m: string, start: Int32Array | null) {
  const spec = m === 'S' ? MODEL_S : MODEL_K;
  const model = new Model(spec, 1, { backend: createWasmBackend({ relaxed: true })! });
  const x = new Tensor([128, 1, 28, 28]); for (let i = 0; i < x.size; i++) x.data[i] = Math.random();
  for (let i = 0; i < 20; i++) model.infer(x);
  if (start) { Atomics.add(start, 0, 1); while (Atomics.load(start, 0) < Atomics.load(start, 1)) {} }
  const t0 = performance.now(); let k = 0;
  while (performance.now() - t0 < secs * 1000) { model.infer(x); k += 128; }
  return k / (performance.now() - t0) * 1000;
}
if (isMainThread) {
  const m = process.argv[2] ?? 'K';
  for (let r = 0; r < Number(process.env.R ?? 3); r++) {
    const solo = work(m, null);
    const sab = new Int32Array(new SharedArrayBuffer(8)); sab[1] = 2;
    const ws = [0, 1].map(() => new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(import.meta.url)}); });`, { eval: true, workerData: { m, sab: sab.buffer } }));
    const res = await Promise.all(ws.map((w) => new Promise<number>((ok) => w.on('message', ok))));
    ws.forEach((w) => w.terminate());
    console.log(m, 'solo', Math.round(solo), 'two workers', res.map(Math.round).join(' + '), '=', ((res[0] + res[1]) / solo).toFixed(2) + 'x');
  }
  process.exit(0);
} else {
  parentPort!.postMessage(work(workerData.m, new Int32Array(workerData.sab)));
}
