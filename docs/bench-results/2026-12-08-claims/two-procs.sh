#!/bin/bash
# solo process, then two processes at once; each runs model.infer(128) for SECS after warm-up
M=$1
cat > /tmp/one.mts <<EOT
import { createWasmBackend } from '/work/main/core/kernels/wasm.js';
import { Model } from '/work/main/core/model.js';
import { Tensor } from '/work/main/core/tensor.js';
import { MODEL_S, MODEL_K } from '/work/main/bench/models.js';
const spec = '$M' === 'S' ? MODEL_S : MODEL_K;
const model = new Model(spec, 1, { backend: createWasmBackend({ relaxed: true })! });
const x = new Tensor([128, 1, 28, 28]); for (let i = 0; i < x.size; i++) x.data[i] = Math.random();
for (let i = 0; i < 20; i++) model.infer(x);
const at = Number(process.argv[2]); while (Date.now() < at) {}
const t0 = performance.now(); let k = 0;
while (performance.now() - t0 < 2000) { model.infer(x); k += 128; }
console.log(Math.round(k / (performance.now() - t0) * 1000));
EOT
for r in 1 2 3; do
  at=$(( $(date +%s%3N) + 2500 )); solo=$(node --experimental-wasm-relaxed-simd --import tsx /tmp/one.mts $at)
  at=$(( $(date +%s%3N) + 2500 )); a=$(node --experimental-wasm-relaxed-simd --import tsx /tmp/one.mts $at & node --experimental-wasm-relaxed-simd --import tsx /tmp/one.mts $at; wait)
  echo "$M solo $solo two procs" $a
done
