// The benchmark's tfjs-wasm threaded-build row: it starts in Node (blob: workers shimmed), runs in its own worker
// thread behind blocking calls, and trains correctly (a learnable toy task ends up classified right).
import { describe, expect, it } from 'vitest';
import { tfjsThreadedLibrary } from '../../bench/lib-tfjs-threaded.js';
import { syntheticDataset, tinySpec } from './helpers/synthetic.js';

describe('bench tfjs-wasm threaded build', () => {
  it('starts in Node, reports its pool, and learns a toy task through the blocking worker calls', async () => {
    const lib = tfjsThreadedLibrary();
    expect(await lib.unavailable()).toBeNull();
    expect(lib.threads()).toBeGreaterThanOrEqual(1);
    const runner = await lib.create(tinySpec, { batch: 32, maxBatch: 64, lr: 0.01, momentum: 0.9, seed: 1 });
    const n = 40;
    const data = syntheticDataset(n, 3);
    const x = Float32Array.from(data.images, (v) => v / 255);
    const pred = new Uint8Array(n);
    for (let s = 0; s < 80; s++) runner.trainStep(x, data.labels, n);
    runner.infer(x, n, pred);
    runner.dispose();
    const right = pred.filter((p, i) => p === data.labels[i]).length;
    expect(right).toBeGreaterThanOrEqual(36);
  });
});
