// The benchmark's tfjs-wasm threaded-build row: it starts in Node (blob: workers shimmed), runs in its own worker
// thread behind blocking calls, and trains correctly (a learnable toy task ends up classified right).
import { describe, expect, it } from 'vitest';
import { tfjsThreadedLibrary } from '../../bench/lib-tfjs-threaded.js';
import type { ModelSpec } from '../../core/spec.js';

const spec: ModelSpec = {
  input: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 4, kernel: 3, padding: 'same' },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
} as ModelSpec;

describe('bench tfjs-wasm threaded build', () => {
  it('starts in Node, reports its pool, and learns a toy task through the blocking worker calls', async () => {
    const lib = tfjsThreadedLibrary();
    expect(await lib.unavailable()).toBeNull();
    expect(lib.threads()).toBeGreaterThanOrEqual(1);
    const runner = await lib.create(spec, { batch: 32, maxBatch: 64, lr: 0.01, momentum: 0.9, seed: 1 });
    // Class k: a bright 4×4 square at one of 10 positions along the diagonal.
    const n = 40;
    const x = new Float32Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const k = i % 10;
      labels[i] = k;
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) x[i * 784 + (2 + 2 * k + dy) * 28 + 2 + 2 * k + dx] = 1;
    }
    const pred = new Uint8Array(n);
    for (let s = 0; s < 60; s++) runner.trainStep(x, labels, n);
    runner.infer(x, n, pred);
    runner.dispose();
    const right = pred.filter((p, i) => p === labels[i]).length;
    expect(right).toBeGreaterThanOrEqual(36);
  });
});
