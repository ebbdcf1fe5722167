// The ceiling the core's kernels work under: GFLOP/s of one thread's GEMM (wasm SIMD, 128-bit vectors) on large
// square matrices, for the plain and the relaxed-SIMD (fused multiply-add) build, copies and packing included.
// Run: npm run bench -- --gemm-peak [--json]   (npm run bench passes --experimental-wasm-relaxed-simd)
import { createWasmBackend } from '../core/kernels/wasm.js';

const json = process.argv.includes('--json');
const rows: { backend: string; size: number; gflops: number }[] = [];
for (const relaxed of [false, true]) {
  const be = createWasmBackend({ relaxed });
  if (!be || (relaxed && !be.name.includes('relaxed'))) continue;
  for (const n of [256, 512, 768]) {
    const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000);
    const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 104729) % 1000) / 1000);
    const c = new Float32Array(n * n);
    be.gemm(false, false, n, n, n, a, b, c, 0);
    let best = 0;
    // best of 5 half-second samples: the ceiling, not the typical speed
    for (let s = 0; s < 5; s++) {
      let calls = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 500) {
        be.gemm(false, false, n, n, n, a, b, c, 0);
        calls++;
      }
      best = Math.max(best, (2 * n ** 3 * calls) / ((performance.now() - t0) / 1000) / 1e9);
    }
    rows.push({ backend: be.name, size: n, gflops: best });
    if (!json) console.log(`${be.name.padEnd(22)} ${n}×${n}×${n}: ${best.toFixed(1)} GFLOP/s (one thread, best of 5 × 0.5 s)`);
  }
}
if (json) console.log(JSON.stringify(rows, null, 2));
