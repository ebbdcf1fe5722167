// specCost on hand-worked stacks (multiply-adds, receptive fields with stride, padding and pooling), the budget that
// refuses a too-big spec before anything is allocated, the epoch-time estimate; and shifting images.
import { describe, expect, test } from 'vitest';
import { BUDGET, checkBudget, checkEpochTime, estimateEpochSeconds, specCost } from '../../core/analysis.js';
import { fillShifted, pixelValues, randomOffsets, shiftImage } from '../../core/data/shift.js';
import { Rng } from '../../core/rng.js';
import { Model } from '../../core/model.js';
import { preset } from '../../core/presets.js';
import type { ModelSpec } from '../../core/spec.js';
import { axisOffsets, gridOffsets } from '../../core/train/shift-sweep.js';

const fields = (spec: ModelSpec) => specCost(spec).layers.map((l) => l.field[0]);

describe('specCost', () => {
  test('cnn: receptive fields 5, 6 after the pool, 10, 12, then the whole image after dense; multiply-adds per layer', () => {
    expect(fields(preset('cnn'))).toEqual([5, 5, 6, 10, 10, 12, 12, 28, 28, 28]);
    const c = specCost(preset('cnn'));
    // conv 16×5×5 on 28×28 'same': 16·28·28 outputs × 1·5·5; conv 32×3×3 on 16×14×14: 32·14·14 × 16·3·3; dense 1568→32, 32→10
    expect(c.layers.map((l) => l.macs)).toEqual([16 * 28 * 28 * 25, 0, 0, 32 * 14 * 14 * 144, 0, 0, 0, 1568 * 32, 0, 32 * 10]);
    expect(c.macs).toBe(1_267_264);
    expect(c.params).toBe(55_594);
    expect(c.activations).toBe(12544 * 2 + 3136 + 6272 * 2 + 1568 + 1568 + 32 + 32 + 10);
  });

  test('lenet: 5×5, then 14×14 after pool and a second 5×5 conv; strided: 5 then 9; mlp: the whole image at once', () => {
    expect(fields(preset('lenet')).slice(0, 6)).toEqual([5, 5, 6, 14, 14, 16]);
    expect(fields(preset('strided')).slice(0, 4)).toEqual([5, 5, 9, 9]);
    expect(fields(preset('mlp'))).toEqual([1, 28, 28, 28]);
    expect(specCost(preset('mlp')).macs).toBe(784 * 128 + 128 * 10);
  });

  test('stride 2 with padding 1 and a 2×2 pool on an 8×8 input: 4×4 outputs, fields 3 then 3 + 1·2 = 5', () => {
    const spec: ModelSpec = { name: 'x', input: [1, 8, 8], layers: [{ type: 'conv2d', filters: 2, kernel: 3, stride: 2, padding: 1 }, { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 3 }] };
    const c = specCost(spec);
    expect(c.layers.map((l) => [l.field, l.macs, l.activations])).toEqual([
      [[3, 3], 2 * 4 * 4 * 9, 32],
      [[5, 5], 0, 8],
      [[5, 5], 0, 8],
      [[8, 8], 8 * 3, 3],
    ]);
  });

  test('a field never exceeds the input: three 5×5 convs on 8×8 stop at 8', () => {
    const spec: ModelSpec = { name: 'x', input: [1, 8, 8], layers: [{ type: 'conv2d', filters: 1, kernel: 5, padding: 'same' }, { type: 'conv2d', filters: 1, kernel: 5, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 2 }] };
    expect(specCost(spec).layers.map((l) => l.field)).toEqual([[5, 5], [8, 8], [8, 8], [8, 8]]);
  });
});

describe('budget', () => {
  test('the presets fit', () => {
    for (const name of ['cnn', 'mlp', 'lenet', 'strided'] as const) expect(() => checkBudget(preset(name))).not.toThrow();
  });

  test('a conv with a million filters is refused at that layer before anything is allocated, in milliseconds', () => {
    const spec: ModelSpec = { name: 'huge', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 1_000_000, kernel: 5 }, { type: 'flatten' }, { type: 'dense', units: 10 }] };
    const t0 = performance.now();
    // the field's own limit (core/limits.ts) refuses it first; within the field limits the budget still applies
    expect(() => new Model(spec)).toThrow(/^layer 0 \(conv2d\): filters 1000000 is over the limit of 1024$/);
    const many: ModelSpec = { name: 'huge', input: [16, 32, 32], layers: [{ type: 'conv2d', filters: 1024, kernel: 32 }, { type: 'flatten' }, { type: 'dense', units: 16_384 }, { type: 'dense', units: 10 }] };
    expect(() => new Model(many)).toThrow(/^layer 2 \(dense\): the model would need 33\.6 M parameters up to here, more than the 20\.0 M this studio allows; make it smaller$/);
    // with few filters but a huge image the activations are what does not fit
    const wide: ModelSpec = { name: 'wide', input: [1, 512, 512], layers: [{ type: 'conv2d', filters: 8, kernel: 3, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 2 }] };
    expect(() => new Model(wide)).toThrow(/^layer 0 \(conv2d\): the model would need 2\.10 M activation values per image up to here, more than the 1\.00 M this studio allows/);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  test('two dense layers of 100 000 units: refused at the first by the units limit; of 16 384 by parameter count at the second', () => {
    const spec: ModelSpec = { name: 'wide', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 100_000 }, { type: 'dense', units: 100_000 }, { type: 'dense', units: 10 }] };
    expect(() => new Model(spec)).toThrow(/^layer 1 \(dense\): units 100000 is over the limit of 16384$/);
    const atLimit: ModelSpec = { name: 'wide', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 16_384 }, { type: 'dense', units: 16_384 }, { type: 'dense', units: 10 }] };
    expect(() => new Model(atLimit)).toThrow(/^layer 2 \(dense\): the model would need 281 M parameters up to here, more than the 20\.0 M this studio allows/);
  });

  test('the multiply-add limit', () => {
    const spec: ModelSpec = { name: 'deep', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 64, kernel: 3, padding: 'same' }, { type: 'conv2d', filters: 256, kernel: 7, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 10 }] };
    expect(() => checkBudget(spec)).toThrow(/^layer 1 \(conv2d\): the model would need .* multiply-adds per image/);
    expect(BUDGET.macs).toBe(500_000_000);
  });

  test('epoch time: estimated from multiply-adds and refused over the limit', () => {
    expect(estimateEpochSeconds(1_267_264, 60_000)).toBeCloseTo((6 * 1_267_264 * 60_000) / 20e9, 6);
    expect(() => checkEpochTime(1_267_264, 60_000)).not.toThrow();
    expect(() => checkEpochTime(400_000_000, 60_000)).toThrow(/^one epoch of 60,000 images would take about 120 min here \(the limit is 60 min\); use fewer training images or a smaller model$/);
  });
});

describe('shifting images', () => {
  const img = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const shifted = (dx: number, dy: number) => {
    const out = new Array<number>(9).fill(-1);
    shiftImage(img, out, 1, 3, 3, dx, dy);
    return out;
  };

  test('a 3×3 image moved right by 1, up by 1, and by (−1, 1), zeros filled in', () => {
    expect(shifted(1, 0)).toEqual([0, 1, 2, 0, 4, 5, 0, 7, 8]);
    expect(shifted(0, -1)).toEqual([4, 5, 6, 7, 8, 9, 0, 0, 0]);
    expect(shifted(-1, 1)).toEqual([0, 0, 0, 2, 3, 0, 5, 6, 0]);
    expect(shifted(0, 0)).toEqual(img);
    expect(shifted(3, 0)).toEqual(new Array(9).fill(0));
  });

  test('every channel moves the same way; a batch of a dataset is shifted and scaled to [0, 1] image by image', () => {
    const two = [...img, ...img.map((v) => v * 10)];
    const out = new Array<number>(18).fill(0);
    shiftImage(two, out, 2, 3, 3, 1, 0);
    expect(out).toEqual([0, 1, 2, 0, 4, 5, 0, 7, 8, 0, 10, 20, 0, 40, 50, 0, 70, 80]);
    const d = { images: Uint8Array.from([...img, ...img]), labels: Uint8Array.from([3, 4]), count: 2, channels: 1, rows: 3, cols: 3, classes: 5 };
    // every image down by one; stale values in the batch buffer are cleared
    const batch = new Float32Array(18).fill(9);
    fillShifted(d, pixelValues(d), 0, 2, [0, 1], batch);
    expect(Array.from(batch, (v) => Math.round(v * 255))).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 2, 3, 4, 5, 6]);
    // the second image alone, by its own offset (left 1, up 1), at the start of the buffer
    const own = Int8Array.from([0, 0, -1, -1]);
    const one = new Float32Array(9);
    fillShifted(d, pixelValues(d), 1, 1, own, one);
    expect(Array.from(one, (v) => Math.round(v * 255))).toEqual([5, 6, 0, 8, 9, 0, 0, 0, 0]);
    expect(Array.from(d.images.subarray(0, 3))).toEqual([1, 2, 3]);
    // random offsets: dx then dy per image, each in −k..k
    const offs = randomOffsets(500, 2, new Rng(4));
    expect(offs).toHaveLength(1000);
    expect(Math.min(...offs)).toBe(-2);
    expect(Math.max(...offs)).toBe(2);
  });

  test('fillShifted is shiftImage of each image, for every offset up to past the edge, two channels, 5×7 images', () => {
    const rng = new Rng(9);
    const [c, h, w] = [2, 5, 7];
    const d = { images: Uint8Array.from({ length: 3 * c * h * w }, () => rng.int(256)), labels: new Uint8Array(3), count: 3, channels: c, rows: h, cols: w, classes: 10 };
    const values = pixelValues(d);
    const out = new Float32Array(2 * c * h * w);
    for (let dy = -h; dy <= h; dy++) {
      for (let dx = -w; dx <= w; dx++) {
        fillShifted(d, values, 1, 2, [dx, dy], out.fill(7));
        for (const i of [1, 2]) {
          const want = new Array<number>(c * h * w).fill(0);
          shiftImage(values.subarray(i * c * h * w, (i + 1) * c * h * w), want, c, h, w, dx, dy);
          expect(Array.from(out.subarray((i - 1) * c * h * w, i * c * h * w)), `image ${i} moved ${dx},${dy}`).toEqual(Array.from(Float32Array.from(want)));
        }
      }
    }
  });

  test('a shift by a fraction or a mismatched buffer is an error naming the function', () => {
    expect(() => shiftImage(img, new Array(9).fill(0), 1, 3, 3, 0.5, 0)).toThrow(/^shiftImage: dx and dy must be whole pixels/);
    expect(() => shiftImage(img, new Array(8).fill(0), 1, 3, 3, 0, 0)).toThrow(/^shiftImage: expected 1×3×3 = 9 values, got 9 in and 8 out/);
  });

  test('sweep offsets: the two axes with (0,0) once; the grid row by row', () => {
    expect(axisOffsets(1)).toEqual([[-1, 0], [0, 0], [1, 0], [0, -1], [0, 1]]);
    expect(axisOffsets(6)).toHaveLength(25);
    expect(gridOffsets(1)).toEqual([[-1, -1], [0, -1], [1, -1], [-1, 0], [0, 0], [1, 0], [-1, 1], [0, 1], [1, 1]]);
  });
});
