// Feature-map helpers: per-map vs shared scales, tile layout and hit-testing, pooling winners from core's
// argmax, the learned-filter mosaic, and the designer's network checks.
import { describe, expect, it } from 'vitest';
import { maxPool2d } from '../../core/ops/pool';
import { preset } from '../../core/presets';
import { Tensor } from '../../core/tensor';
import { filterMosaic, gridLayout, mapScales, poolWinners, tileScale } from '../../renderer/lib/filters/maps';
import { NEG, POS } from '../../renderer/lib/filters/colors';
import { filterWeights, firstConv, freshSpec, mismatch, thin } from '../../renderer/components/filters/network';
import { initialDesigner } from '../../renderer/store/filters';

describe('map scales', () => {
  const data = [0, 1, 2, 3, 0, 10, 20, 30];
  it('per-map scales each channel to its own range; shared uses the layer range', () => {
    expect(mapScales(data, 2, 4, 'per-map')).toEqual([
      { kind: 'gray', min: 0, max: 3 },
      { kind: 'gray', min: 0, max: 30 },
    ]);
    expect(mapScales(data, 2, 4, 'shared')).toEqual([
      { kind: 'gray', min: 0, max: 30 },
      { kind: 'gray', min: 0, max: 30 },
    ]);
    expect(mapScales([-1, 2, 0.5, 0.25], 2, 2, 'per-map', true)).toEqual([
      { kind: 'diverging', maxAbs: 2 },
      { kind: 'diverging', maxAbs: 0.5 },
    ]);
    expect(() => mapScales(data, 3, 4, 'shared')).toThrow(/8 values are not 3 maps of 4/);
  });

  it('shows maps 36–64 px wide', () => {
    expect([28, 14, 7, 26, 13].map((s) => s * tileScale(s))).toEqual([56, 42, 49, 52, 52]);
  });
});

describe('tile layout', () => {
  it('wraps tiles into rows that fit and finds the tile under a point', () => {
    const l = gridLayout(16, 56, 4, 300);
    expect([l.cols, l.rows, l.width, l.height]).toEqual([5, 4, 296, 236]);
    expect(l.pos(7)).toEqual({ x: 120, y: 60 });
    expect(l.hit(125, 65)).toBe(7);
    expect(l.hit(57, 10)).toBe(-1);
    expect(l.hit(5, 200)).toBe(15);
    expect(l.hit(65, 200)).toBe(-1);
  });
});

describe('pooling winners', () => {
  it('maps core argmax back to (row, col) in each channel input', () => {
    const x = Tensor.from([1, 2, 4, 4], [...[1, 9, 0, 0, 0, 0, 0, 7, 5, 0, 0, 0, 0, 0, 3, 0], ...[0, 0, 0, 0, 0, 8, 6, 0, 0, 0, 0, 0, 0, 4, 0, 2]]);
    const { argmax } = maxPool2d(x, { size: 2, stride: 2 });
    expect(poolWinners(argmax, [2, 4, 4], 0, 4)).toEqual([
      { iy: 0, ix: 1 },
      { iy: 1, ix: 3 },
      { iy: 2, ix: 0 },
      { iy: 3, ix: 2 },
    ]);
    expect(poolWinners(argmax, [2, 4, 4], 1, 4)).toEqual([
      { iy: 1, ix: 1 },
      { iy: 1, ix: 2 },
      { iy: 3, ix: 1 },
      { iy: 3, ix: 3 },
    ]);
  });
});

describe('learned-filter mosaic', () => {
  it('lays single-channel filters in a row with 1 px gaps on one diverging scale', () => {
    const w = [...[-1, 0, 0, 0], ...[0, 0, 0, 2]];
    const m = filterMosaic(w, [2, 1, 2, 2], 'shared');
    expect([m.w, m.h]).toEqual([5, 2]);
    expect(m.scale).toEqual({ kind: 'diverging', maxAbs: 2 });
    const px = (x: number, y: number) => Array.from(m.rgba.slice((y * m.w + x) * 4, (y * m.w + x) * 4 + 3));
    expect(px(4, 1)).toEqual([...POS]);
    expect(px(2, 0)).toEqual([18, 25, 35]);
    expect(px(0, 0)).not.toEqual([...NEG]);
    expect(Array.from(filterMosaic(w, [2, 1, 2, 2], 'per-map').rgba.slice(0, 3))).toEqual([...NEG]);
  });

  it('puts one filter per row with its input-channel kernels side by side', () => {
    const m = filterMosaic(new Array(3 * 4 * 9).fill(0.5), [3, 4, 3, 3], 'shared');
    expect([m.w, m.h]).toEqual([4 * 4 - 1, 3 * 4 - 1]);
    expect(() => filterMosaic([1, 2], [1, 1, 3, 3], 'shared')).toThrow(/\[F,C,K,K\]/);
  });
});

describe('use in network checks', () => {
  it('finds the first conv layer and says clearly when the filter does not fit', () => {
    expect(firstConv(preset('cnn'))).toEqual({ layer: 0, filters: 16, kernel: 5, inC: 1, stride: 1, padding: 'same', h: 28, w: 28, frozen: [] });
    expect(firstConv(preset('strided'))).toMatchObject({ kernel: 5, stride: 2, padding: 'same' });
    // a smaller filter goes in the centre of the layer's kernel; a bigger (or off-centre) one does not fit
    expect(mismatch(preset('cnn'), 3)).toBeNull();
    expect(mismatch(preset('cnn'), 5)).toBeNull();
    expect(mismatch(preset('cnn'), 7)).toMatch(/uses 5×5 kernels; your filter is 7×7, bigger/);
    expect(mismatch(preset('lenet'), 3)).toBeNull();
    const small = preset('cnn');
    small.layers[0] = { type: 'conv2d', filters: 8, kernel: 3, padding: 'same' };
    expect(mismatch(small, 5)).toMatch(/uses 3×3 kernels; your filter is 5×5/);
    const even = preset('cnn');
    even.layers[0] = { type: 'conv2d', filters: 8, kernel: 4, padding: 'same' };
    expect(mismatch(even, 3)).toMatch(/cannot sit in its centre/);
    expect(mismatch(preset('mlp'), 3)).toMatch(/no conv layer/);
    expect(mismatch(null, 3)).toMatch(/loading/);
  });

  it('repeats the filter for each input channel and drops frozen channels for a fresh baseline', () => {
    const d = initialDesigner();
    expect(filterWeights(d, 1)).toEqual(d.weights);
    expect(filterWeights(d, 2)).toHaveLength(18);
    const spec = preset('cnn');
    (spec.layers[0] as { frozenChannels?: number[] }).frozenChannels = [0, 2];
    expect(freshSpec(spec).layers[0]).not.toHaveProperty('frozenChannels');
    expect(spec.layers[0]).toHaveProperty('frozenChannels');
  });

  it('thins a loss curve keeping its last value', () => {
    const v = Array.from({ length: 1000 }, (_, i) => i);
    const t = thin(v, 200);
    expect(t).toHaveLength(200);
    expect(t[0]).toBe(0);
    expect(t[199]).toBe(999);
    expect(thin([1, 2], 200)).toEqual([1, 2]);
  });
});
