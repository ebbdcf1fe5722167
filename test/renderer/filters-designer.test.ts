// The filter designer's arithmetic checked against hand-computed values and against core's conv2d directly.
import { describe, expect, it } from 'vitest';
import { conv2d } from '../../core/ops/conv2d.js';
import { resolvePads } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { absSum, convFormula, patchProduct, poolWindow, runDesigner, validateDesigner, type DesignerConfig } from '../../renderer/lib/filters/designer.js';
import { findPreset } from '../../renderer/lib/filters/presets.js';
import { testImage } from '../../renderer/lib/filters/test-images.js';

const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const PATCH_5 = [1, 2, 0, 3, 1, 0, 1, 2, 1, 0, 2, 0, 1, 0, 3, 1, 3, 0, 2, 1, 0, 1, 1, 0, 2];

const cfg = (over: Partial<DesignerConfig> = {}): DesignerConfig => ({ k: 3, weights: SOBEL_X, bias: 0, stride: 1, padding: 'valid', relu: false, pool: false, ...over });

/** A seeded pseudo-random sequence so the property checks are reproducible. */
function seq(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

describe('filter designer arithmetic', () => {
  it("'x=[1,1,5,5] f=[1,1,3,3] s=1 p=0' Sobel x matches the hand-computed 3×3 output", () => {
    const r = runDesigner(PATCH_5, 5, 5, cfg());
    expect([r.conv.h, r.conv.w]).toEqual([3, 3]);
    expect(Array.from(r.conv.data)).toEqual([2, 1, -1, -1, -1, 3, -2, -3, 5]);
  });

  it('Sobel x on a ramp x = 5r + c + 1 is 8 everywhere and Sobel y is 40 (hand-computed)', () => {
    const ramp = Array.from({ length: 25 }, (_, i) => i + 1);
    expect(Array.from(runDesigner(ramp, 5, 5, cfg()).conv.data)).toEqual(new Array(9).fill(8));
    const sobelY = findPreset('sobel-y')!.build(3)!;
    expect(Array.from(runDesigner(ramp, 5, 5, cfg({ weights: sobelY })).conv.data)).toEqual(new Array(9).fill(40));
  });

  it('adds the bias, applies ReLU and pools with the same numbers core computes', () => {
    const r = runDesigner(PATCH_5, 5, 5, cfg({ bias: 0.5, relu: true, pool: true }));
    expect(Array.from(r.conv.data)).toEqual([2.5, 1.5, -0.5, -0.5, -0.5, 3.5, -1.5, -2.5, 5.5]);
    expect(Array.from(r.activated.data)).toEqual([2.5, 1.5, 0, 0, 0, 3.5, 0, 0, 5.5]);
    expect(r.pooled && [r.pooled.h, r.pooled.w, r.pooled.data[0]]).toEqual([1, 1, 2.5]);
  });

  it('is core conv2d itself for random filters, strides and paddings', () => {
    const image = testImage('seven', 28);
    for (const [k, stride, padding] of [[3, 1, 'same'], [5, 2, 'same'], [7, 3, 2], [3, 2, 'valid']] as const) {
      const weights = seq(k * k, k * 31 + stride);
      const r = runDesigner(image, 28, 28, cfg({ k, weights, stride, padding, bias: 0.1 }));
      const pads = resolvePads(28, 28, k, stride, padding);
      const y = conv2d(Tensor.from([1, 1, 28, 28], image), Tensor.from([1, 1, k, k], weights), Tensor.from([1], [0.1]), { stride, pads });
      expect([r.conv.h, r.conv.w]).toEqual([y.shape[2], y.shape[3]]);
      expect(Array.from(r.conv.data)).toEqual(Array.from(y.data));
    }
  });

  it.each([
    [3, 1, 'valid', 26, 'floor((28 − 3 + 2·0)/1) + 1 = 26'],
    [3, 1, 'same', 28, 'floor((28 − 3 + 2·1)/1) + 1 = 28'],
    [3, 2, 1, 14, 'floor((28 − 3 + 2·1)/2) + 1 = 14'],
    [3, 2, 'same', 14, 'floor((28 − 3 + 0 + 1)/2) + 1 = 14'],
    [5, 2, 'same', 14, 'floor((28 − 5 + 1 + 2)/2) + 1 = 14'],
    [7, 3, 0, 8, 'floor((28 − 7 + 2·0)/3) + 1 = 8'],
    [5, 3, 2, 10, 'floor((28 − 5 + 2·2)/3) + 1 = 10'],
  ] as const)('output size K=%i S=%i P=%s is %i with the formula filled in', (k, stride, padding, size, text) => {
    const r = runDesigner(testImage('vertical', 28), 28, 28, cfg({ k, weights: new Array(k * k).fill(0), stride, padding }));
    expect(r.formula.conv.numeric).toBe(text);
    expect(r.formula.conv.value).toBe(size);
    expect(r.conv.w).toBe(size);
    expect(r.conv.h).toBe(size);
  });

  // 'same' at stride 1 and 2, odd and even kernels: the formula names core's resolvePads' own pads (the odd extra one
  // after: bottom/right), and the size it gives is ⌈W/S⌉
  it.each([
    [3, 1, 'floor((W − K + 2P)/S) + 1', 'floor((28 − 3 + 2·1)/1) + 1 = 28'],
    [4, 1, 'floor((W − K + P_before + P_after)/S) + 1', 'floor((28 − 4 + 1 + 2)/1) + 1 = 28'],
    [5, 2, 'floor((W − K + P_before + P_after)/S) + 1', 'floor((28 − 5 + 1 + 2)/2) + 1 = 14'],
    [4, 2, 'floor((W − K + 2P)/S) + 1', 'floor((28 − 4 + 2·1)/2) + 1 = 14'],
    [3, 2, 'floor((W − K + P_before + P_after)/S) + 1', 'floor((28 − 3 + 0 + 1)/2) + 1 = 14'],
  ] as const)("'same' with K=%i S=%i is written with resolvePads' pads", (k, stride, symbolic, numeric) => {
    const p = resolvePads(28, 28, k, stride, 'same');
    const f = convFormula(28, k, stride, p.left, p.right);
    expect(f.symbolic).toBe(symbolic);
    expect(f.numeric).toBe(numeric);
    expect(f.value).toBe(Math.ceil(28 / stride));
  });

  it('writes the pooling formula with the activated map size', () => {
    const r = runDesigner(testImage('vertical', 28), 28, 28, cfg({ padding: 'valid', pool: true }));
    expect(r.formula.pool?.numeric).toBe('floor((26 − 2)/2) + 1 = 13');
    expect(r.pooled?.w).toBe(13);
    expect(convFormula(28, 3, 1, 1, 1).symbolic).toBe('floor((W − K + 2P)/S) + 1');
  });

  it('rejects bad configs with a message naming the field', () => {
    expect(() => validateDesigner(cfg({ stride: 4 }), 28, 28)).toThrow(/stride must be 1–3/);
    expect(() => validateDesigner(cfg({ padding: -1 }), 28, 28)).toThrow(/padding/);
    expect(() => validateDesigner(cfg({ weights: [1, 2] }), 28, 28)).toThrow(/needs 9 weights/);
    expect(() => validateDesigner(cfg({ weights: [...SOBEL_X.slice(1), NaN] }), 28, 28)).toThrow(/finite/);
    expect(() => runDesigner([1, 2, 3], 5, 5, cfg())).toThrow(/3 pixels/);
  });

  it('a Sobel x responds to a vertical line and not to a horizontal one', () => {
    const sobelX = findPreset('sobel-x')!.build(3)!;
    const v = absSum(runDesigner(testImage('vertical', 28), 28, 28, cfg({ weights: sobelX })).conv);
    const h = absSum(runDesigner(testImage('horizontal', 28), 28, 28, cfg({ weights: sobelX })).conv);
    expect(v).toBeGreaterThan(100);
    expect(h).toBeLessThan(1e-6);
  });
});

describe('hover read-outs', () => {
  it('the patch product of every output cell sums (plus bias) to that cell, including in the padding', () => {
    const weights = seq(25, 7);
    const c = cfg({ k: 5, weights, stride: 2, padding: 'same', bias: -0.2 });
    const r = runDesigner(testImage('circle', 28), 28, 28, c);
    for (let oy = 0; oy < r.conv.h; oy++) {
      for (let ox = 0; ox < r.conv.w; ox++) {
        const p = patchProduct(r.input, c, r.pads, oy, ox);
        expect(p.total).toBeCloseTo(r.conv.data[oy * r.conv.w + ox], 4);
      }
    }
  });

  it('names the input indices of the patch: top-left output with padding 1 starts at (−1, −1)', () => {
    const r = runDesigner(PATCH_5, 5, 5, cfg({ padding: 1 }));
    const p = patchProduct(r.input, cfg({ padding: 1 }), r.pads, 0, 0);
    expect(p.cells.map((c) => [c.iy, c.ix])).toEqual([[-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 0], [0, 1], [1, -1], [1, 0], [1, 1]]);
    expect(p.cells.filter((c) => c.inside).map((c) => c.x)).toEqual([1, 2, 0, 1]);
    expect(p.cells[5]).toMatchObject({ weight: 2, x: 2, product: 4 });
    expect(p.sum).toBe(0 * -1 + 2 * 2 + 1 * 1);
  });

  it('with stride 2 output (1, 2) reads the patch starting at input (2, 4)', () => {
    const r = runDesigner(testImage('seven', 28), 28, 28, cfg({ stride: 2 }));
    const p = patchProduct(r.input, cfg({ stride: 2 }), r.pads, 1, 2);
    expect([p.cells[0].iy, p.cells[0].ix]).toEqual([2, 4]);
    expect([p.cells[8].iy, p.cells[8].ix]).toEqual([4, 6]);
  });

  it('the pool window names its four cells and the winner core chose', () => {
    const r = runDesigner(PATCH_5, 5, 5, cfg({ relu: true, pool: true }));
    const w = poolWindow(r.activated, r.pooled!, 0, 0);
    expect(w.cells.map((c) => [c.iy, c.ix, c.value])).toEqual([[0, 0, 2], [0, 1, 1], [1, 0, 0], [1, 1, 0]]);
    expect(w.winner).toBe(0);
    expect(w.value).toBe(2);
  });
});
