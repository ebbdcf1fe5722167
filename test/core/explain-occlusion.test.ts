// Occlusion against direct re-evaluation (each square blanked by hand, the model run on it, the drops averaged per
// pixel), the square positions, batching through an engine, cancellation, and the option checks.
import { describe, expect, test } from 'vitest';
import { occlusion, occlusionAsync, occlusionPositions } from '../../core/explain/index.js';
import { Model } from '../../core/model.js';
import type { ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { randn } from './helpers/gradcheck.js';
import { tinySpec } from './helpers/synthetic.js';

function image(n: number, seed: number): Float32Array {
  return Float32Array.from(randn([n], seed).data, (v) => Math.min(1, Math.abs(v) / 2));
}

/** p_cls of one image, computed on its own. */
function prob(m: Model, img: Float32Array, cls: number): number {
  const [c, h, w] = m.spec.input;
  return m.predict(new Tensor([1, c, h, w], img)).data[cls];
}

describe('occlusion', () => {
  test('positions: stride steps, the last moved back to the edge', () => {
    expect(occlusionPositions(28, 5, 4)).toEqual([0, 4, 8, 12, 16, 20, 23]);
    expect(occlusionPositions(28, 8, 4)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(occlusionPositions(8, 4, 3)).toEqual([0, 3, 4]);
    expect(occlusionPositions(8, 8, 1)).toEqual([0]);
    expect(occlusionPositions(8, 4, 1)).toEqual([0, 1, 2, 3, 4]);
  });

  test.each([
    [4, 3],
    [5, 2],
    [4, 1],
    [8, 4],
  ])('x=[1,1,8,8] size %i stride %i: the map is the mean drop over the squares covering each pixel, each re-evaluated by hand', (size, stride) => {
    const m = new Model(tinySpec, 3);
    const img = image(64, size * 10 + stride);
    const r = occlusion(m, img, undefined, { size, stride })!;
    const p0 = m.predict(new Tensor([1, 1, 8, 8], img)).data;
    expect(r.class).toBe(p0.indexOf(Math.max(...p0)));
    r.probabilities.forEach((p, i) => expect(p).toBeCloseTo(p0[i], 6));
    // by hand: positions written out independently of occlusionPositions
    const starts: number[] = [];
    for (let p = 0; p + size <= 8; p += stride) starts.push(p);
    if (starts[starts.length - 1] !== 8 - size) starts.push(8 - size);
    const sum = new Float64Array(64);
    const count = new Float64Array(64);
    for (const y0 of starts) {
      for (const x0 of starts) {
        const blanked = Float32Array.from(img);
        for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) blanked[y * 8 + x] = 0;
        const drop = p0[r.class] - prob(m, blanked, r.class);
        for (let y = y0; y < y0 + size; y++) {
          for (let x = x0; x < x0 + size; x++) {
            sum[y * 8 + x] += drop;
            count[y * 8 + x]++;
          }
        }
      }
    }
    expect(Math.min(...count)).toBeGreaterThan(0);
    r.map.forEach((v, i) => expect(v).toBeCloseTo(sum[i] / count[i], 6));
    expect(Math.max(...Array.from(r.map, Math.abs))).toBeGreaterThan(1e-4);
  });

  test('several channels are all blanked; a given class is explained; squares go through the engine in batches of 64', () => {
    const spec: ModelSpec = { name: 'rgb', input: [3, 12, 12], layers: [{ type: 'conv2d', filters: 4, kernel: 3 }, { type: 'relu' }, { type: 'avgpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 5 }] };
    const m = new Model(spec, 2);
    const img = image(3 * 144, 9);
    const calls: number[] = [];
    const engine = { infer: (x: Tensor) => (calls.push(x.shape[0]), m.infer(x)) };
    const r = occlusion(m, img, 4, { size: 4, stride: 1 }, { engine })!;
    expect(r.class).toBe(4);
    expect(calls).toEqual([1, 64, 17]); // the original, then 9×9 = 81 squares
    // pixel (0, 0) is covered by the square at (0, 0) only
    const blanked = Float32Array.from(img);
    for (let ch = 0; ch < 3; ch++) for (let y = 0; y < 4; y++) blanked.fill(0, ch * 144 + y * 12, ch * 144 + y * 12 + 4);
    expect(r.map[0]).toBeCloseTo(r.probabilities[4] - prob(m, blanked, 4), 6);
  });

  test('cancelled between batches: null; progress counts squares', () => {
    const m = new Model({ ...tinySpec, input: [1, 12, 12] }, 1);
    const progress: [number, number][] = [];
    const r = occlusion(m, image(144, 1), undefined, { size: 4, stride: 1 }, { onProgress: (d, t) => progress.push([d, t]), cancelled: () => progress.length >= 1 });
    expect(r).toBeNull();
    expect(progress).toEqual([[64, 81]]);
    const all: [number, number][] = [];
    expect(occlusion(m, image(144, 1), undefined, { size: 4, stride: 1 }, { onProgress: (d, t) => all.push([d, t]) })).not.toBeNull();
    expect(all).toEqual([[64, 81], [81, 81]]);
  });

  test('async: cancelled from outside while it yields; otherwise the same map as the synchronous one', async () => {
    const m = new Model({ ...tinySpec, input: [1, 12, 12] }, 1);
    const img = image(144, 2);
    let stop = false;
    const pending = occlusionAsync(m, img, 0, { size: 4, stride: 1 }, { cancelled: () => stop });
    stop = true;
    expect(await pending).toBeNull();
    const sync = occlusion(m, img, 0, { size: 4, stride: 1 })!;
    const later = (await occlusionAsync(m, img, 0, { size: 4, stride: 1 }))!;
    expect(Array.from(later.map)).toEqual(Array.from(sync.map));
  });

  test('bad options and inputs name the field and the range', () => {
    const m = new Model({ ...tinySpec, input: [1, 6, 6] }, 1);
    const img = new Float32Array(36);
    expect(() => occlusion(m, img, undefined, { size: 3, stride: 1 })).toThrow('occlusion.size: expected a whole number from 4 to 8, got 3');
    expect(() => occlusion(m, img, undefined, { size: 4.5, stride: 1 })).toThrow('occlusion.size: expected a whole number from 4 to 8, got 4.5');
    expect(() => occlusion(m, img, undefined, { size: 4, stride: 5 })).toThrow('occlusion.stride: expected a whole number from 1 to 4, got 5');
    expect(() => occlusion(m, img, undefined, { size: 7, stride: 1 })).toThrow('occlusion.size: 7 is larger than the image (6×6)');
    expect(() => occlusion(m, new Float32Array(35), undefined, { size: 4, stride: 1 })).toThrow("occlusion: image must be a Float32Array of 36 values (the model's input [1,6,6]), got 35 values");
    expect(() => occlusion(m, img, 10, { size: 4, stride: 1 })).toThrow('occlusion: class 10 is outside 0..9');
  });
});
