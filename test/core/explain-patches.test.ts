// Top patches against brute force on 50 images, receptive-field positions (worked out by hand on a model with padding,
// pooling and stride, and checked by perturbing pixels), cancellation and the argument checks.
import { describe, expect, test } from 'vitest';
import { receptiveFields } from '../../core/analysis.js';
import type { Dataset } from '../../core/data/mnist.js';
import { topPatches, topPatchesAsync } from '../../core/explain/index.js';
import { Model } from '../../core/model.js';
import { Rng } from '../../core/rng.js';
import type { ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';

// 12×12 → conv 3×3 pad 1 → ReLU → maxpool 2 (6×6) → conv 3×3 stride 2 pad 1 (3×3) → … By hand (r: field, j: jump,
// o: where unit 0's window starts): layer 0 r 3, j 1, o −1; the pool r 4, j 2, o −1; layer 3 r 4 + 2·2 = 8, j 4,
// o −1 − 1·2 = −3. So layer 3's unit y looks at rows 4y − 3 … 4y + 4: unit 0 → [0, 5) clipped, 1 → [1, 9), 2 → [5, 12).
const spec: ModelSpec = {
  name: 'padded-strided',
  input: [1, 12, 12],
  layers: [
    { type: 'conv2d', filters: 3, kernel: 3, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 1 },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};

function images(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  return { images: Uint8Array.from({ length: count * 144 }, () => rng.int(256)), labels: Uint8Array.from({ length: count }, (_, i) => (i * 7) % 10), count, channels: 1, rows: 12, cols: 12, classes: 10 };
}

const pixel = (d: Dataset, i: number, y: number, x: number) => d.images[i * 144 + y * 12 + x] / 255;

describe('receptive fields with positions', () => {
  test('by hand: padding, pooling and stride; a dense layer sees everything', () => {
    expect(receptiveFields(spec)).toEqual([
      { size: 3, jump: 1, offset: [-1, -1] },
      { size: 3, jump: 1, offset: [-1, -1] },
      { size: 4, jump: 2, offset: [-1, -1] },
      { size: 8, jump: 4, offset: [-3, -3] },
      { size: 8, jump: 4, offset: [-3, -3] },
      { size: 8, jump: 4, offset: [-3, -3] },
      null,
    ]);
    // 'same' with stride 2 on 12: 1 row of padding in all, at the bottom (TensorFlow), so none above
    expect(receptiveFields({ name: 's', input: [1, 12, 12], layers: [{ type: 'conv2d', filters: 1, kernel: 3, stride: 2, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 2 }] })[0]).toEqual({ size: 3, jump: 2, offset: [0, 0] });
  });

  test('perturbing one pixel changes a unit exactly when the pixel is inside its box (a model without ReLU or max)', () => {
    const linear: ModelSpec = { ...spec, layers: [spec.layers[0], { type: 'avgpool2d', size: 2 }, spec.layers[3], { type: 'flatten' }, { type: 'dense', units: 10 }] };
    const m = new Model(linear, 5);
    const rf = receptiveFields(linear)[2]!;
    const x = new Tensor([1, 1, 12, 12], Float32Array.from({ length: 144 }, (_, i) => (i % 7) / 7));
    const base = m.layerOutputs(x, [2]).get(2)!.data;
    for (const [uy, ux] of [[0, 0], [1, 1], [2, 2], [0, 2]]) {
      const y0 = Math.max(0, uy * rf.jump + rf.offset[0]);
      const x0 = Math.max(0, ux * rf.jump + rf.offset[1]);
      const y1 = Math.min(12, uy * rf.jump + rf.offset[0] + rf.size);
      const x1 = Math.min(12, ux * rf.jump + rf.offset[1] + rf.size);
      for (let p = 0; p < 144; p++) {
        const moved = x.clone();
        moved.data[p] += 1;
        const changed = Math.abs(m.layerOutputs(moved, [2]).get(2)!.data[uy * 3 + ux] - base[uy * 3 + ux]) > 1e-6;
        const [py, px] = [Math.floor(p / 12), p % 12];
        expect(changed, `unit (${uy},${ux}) pixel (${py},${px})`).toBe(py >= y0 && py < y1 && px >= x0 && px < x1);
      }
    }
  });
});

describe('top patches', () => {
  test('50 images: the same images, values, units, boxes, pixels and average as brute force', () => {
    const m = new Model(spec, 4);
    const data = images(50, 1);
    for (const [layer, channel, count] of [[3, 2, 9], [0, 1, 5], [3, 0, 50]] as const) {
      const r = topPatches(m, data, layer, channel, count)!;
      const rf = receptiveFields(spec)[layer]!;
      // brute force: each image alone through activations() (a conv's output before its ReLU)
      const best = Array.from({ length: 50 }, (_, i) => {
        const out = m.activations(new Tensor([1, 1, 12, 12], Float32Array.from({ length: 144 }, (_, p) => data.images[i * 144 + p] / 255))).outputs[layer];
        const [, oh, ow] = [0, out.shape[2], out.shape[3]];
        const plane = Array.from(out.data.subarray(channel * oh * ow, (channel + 1) * oh * ow));
        const v = Math.max(...plane);
        const u = plane.indexOf(v);
        return { index: i, value: v, unit: { y: Math.floor(u / ow), x: u % ow } };
      }).sort((a, b) => b.value - a.value || a.index - b.index);
      expect(r.layer).toBe(layer);
      expect(r.channel).toBe(channel);
      expect(r.field).toBe(rf.size);
      expect(r.patches).toHaveLength(count);
      r.patches.forEach((p, n) => {
        expect(p.index).toBe(best[n].index);
        expect(p.value).toBeCloseTo(best[n].value, 5);
        expect(p.unit).toEqual(best[n].unit);
        expect(p.label).toBe(data.labels[p.index]);
        const ys = p.unit.y * rf.jump + rf.offset[0];
        const xs = p.unit.x * rf.jump + rf.offset[1];
        expect(p.box).toEqual({ y0: Math.max(0, ys), x0: Math.max(0, xs), y1: Math.min(12, ys + rf.size), x1: Math.min(12, xs + rf.size) });
        const bw = p.box.x1 - p.box.x0;
        expect(p.pixels).toHaveLength((p.box.y1 - p.box.y0) * bw);
        p.pixels.forEach((v, k) => expect(v).toBeCloseTo(pixel(data, p.index, p.box.y0 + Math.floor(k / bw), p.box.x0 + (k % bw)), 6));
      });
      const average = new Float64Array(rf.size * rf.size);
      for (const p of r.patches) {
        for (let i = 0; i < rf.size; i++) {
          for (let j = 0; j < rf.size; j++) {
            const [y, x] = [p.unit.y * rf.jump + rf.offset[0] + i, p.unit.x * rf.jump + rf.offset[1] + j];
            if (y >= 0 && y < 12 && x >= 0 && x < 12) average[i * rf.size + j] += pixel(data, p.index, y, x) / count;
          }
        }
      }
      r.average.forEach((v, k) => expect(v).toBeCloseTo(average[k], 5));
      expect(r.seconds).toBeGreaterThanOrEqual(0);
    }
  });

  test('boxes by hand at layer 3 (field 8, jump 4, start −3)', () => {
    const r = topPatches(new Model(spec, 4), images(50, 2), 3, 1, 50)!;
    const byUnit = new Map(r.patches.map((p) => [`${p.unit.y},${p.unit.x}`, p.box]));
    const want: Record<string, { y0: number; x0: number; y1: number; x1: number }> = {
      '0,0': { y0: 0, x0: 0, y1: 5, x1: 5 },
      '1,1': { y0: 1, x0: 1, y1: 9, x1: 9 },
      '2,2': { y0: 5, x0: 5, y1: 12, x1: 12 },
      '0,2': { y0: 0, x0: 5, y1: 5, x1: 12 },
      '1,0': { y0: 1, x0: 0, y1: 9, x1: 5 },
    };
    let seen = 0;
    for (const [unit, box] of Object.entries(want)) {
      if (!byUnit.has(unit)) continue;
      expect(byUnit.get(unit)).toEqual(box);
      seen++;
    }
    expect(seen).toBeGreaterThanOrEqual(2);
  });

  test('cancelled between batches of 100 images: null; progress counts images; async goes the same way', async () => {
    const m = new Model(spec, 4);
    const data = images(250, 3);
    const progress: number[] = [];
    expect(topPatches(m, data, 0, 0, 9, { onProgress: (d) => progress.push(d), cancelled: () => progress.length === 2 })).toBeNull();
    expect(progress).toEqual([100, 200]);
    let stop = false;
    const pending = topPatchesAsync(m, data, 0, 0, 9, { cancelled: () => stop });
    stop = true;
    expect(await pending).toBeNull();
    const done = await topPatchesAsync(m, data, 0, 0, 3);
    expect(done!.patches.map((p) => p.index)).toEqual(topPatches(m, data, 0, 0, 3)!.patches.map((p) => p.index));
  });

  test('a layer that is no conv, a channel or count out of range, another image size: refused by name', () => {
    const m = new Model(spec, 4);
    const data = images(5, 4);
    expect(() => topPatches(m, data, 1, 0)).toThrow('top-patches: layer 1 is relu, not a conv layer (conv layers: 0, 3)');
    expect(() => topPatches(m, data, 3, 4)).toThrow('top-patches.channel: channel 4 is outside 0..3 of layer 3');
    expect(() => topPatches(m, data, 3, 0, 65)).toThrow('top-patches.count: expected a whole number from 1 to 64, got 65');
    expect(() => topPatches(m, data, 3, 0, 0)).toThrow('top-patches.count: expected a whole number from 1 to 64, got 0');
    expect(() => topPatches(m, { ...data, rows: 8, cols: 8 }, 3, 0)).toThrow("top-patches: the data set's images are [1,8,8], the model takes [1,12,12]");
    expect(() => topPatches(new Model({ name: 'mlp', input: [1, 12, 12], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] }), data, 0, 0)).toThrow('top-patches: model "mlp" has no conv layer; saliency and occlusion still work');
    // fewer images than asked for: all of them
    expect(topPatches(m, data, 3, 0, 9)!.patches).toHaveLength(5);
  });
});
