// A K×K designed filter centred in a bigger L×L layer kernel (zeros around it): with 'same' padding core's conv2d
// gives exactly the K×K filter's map; with 'valid' the same map less a border. Refusals for filters that don't fit.
import { describe, expect, it } from 'vitest';
import { conv2d } from '../../core/ops/conv2d.js';
import { preset } from '../../core/presets.js';
import { resolvePads, type Padding } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { embeddedMapNote, embedKernel, fitProblem } from '../../renderer/lib/filters/embed.js';
import { findPreset, type PresetId } from '../../renderer/lib/filters/presets.js';
import { testImage } from '../../renderer/lib/filters/test-images.js';
import { designScale, filterWeights, firstConv, formatScale, initScale, INIT_NORM, placementNote } from '../../renderer/components/filters/network.js';
import { initialDesigner } from '../../renderer/store/filters.js';

/** One K×K filter over a 28×28 image with core's conv2d (float64), returning [OH, OW] and the values. */
function convolve(image: ArrayLike<number>, w: readonly number[], k: number, stride: number, padding: Padding, bias = 0) {
  const x = Tensor.from([1, 1, 28, 28], image, 'float64');
  const y = conv2d(x, Tensor.from([1, 1, k, k], w, 'float64'), Tensor.from([1], [bias], 'float64'), { stride, pads: resolvePads(28, 28, k, stride, padding) });
  return { h: y.shape[2], w: y.shape[3], data: Array.from(y.data) };
}

/** A seeded pseudo-random image in [0, 1). */
function noise(seed: number): number[] {
  let s = seed;
  return Array.from({ length: 784 }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  });
}

const ICONIC: PresetId[] = ['sobel-x', 'sobel-y', 'prewitt-x', 'scharr-x', 'laplacian-4', 'laplacian-8', 'gaussian-blur', 'box-blur', 'sharpen', 'emboss', 'outline'];

describe('embedding a small filter in a bigger kernel', () => {
  it('puts the K×K weights in the centre of L×L zeros', () => {
    const w3 = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    // prettier-ignore
    expect(embedKernel(w3, 3, 5)).toEqual([
      0, 0, 0, 0, 0,
      0, 1, 2, 3, 0,
      0, 4, 5, 6, 0,
      0, 7, 8, 9, 0,
      0, 0, 0, 0, 0,
    ]);
    expect(embedKernel(w3, 3, 3)).toEqual(w3);
    const w7 = embedKernel(w3, 3, 7);
    expect(w7).toHaveLength(49);
    expect(w7[2 * 7 + 2]).toBe(1);
    expect(w7[4 * 7 + 4]).toBe(9);
    expect(w7.filter((v) => v !== 0)).toEqual(w3);
    expect(embedKernel(embedKernel(w3, 3, 5), 5, 7)).toEqual(w7);
  });

  it('refuses a filter bigger than the kernel, an off-centre fit and a wrong weight count, saying why', () => {
    expect(fitProblem(3, 5)).toBeNull();
    expect(fitProblem(5, 5)).toBeNull();
    expect(fitProblem(7, 5)).toMatch(/uses 5×5 kernels; your filter is 7×7, bigger than the layer's kernel/);
    expect(fitProblem(3, 4)).toMatch(/a 3×3 filter cannot sit in its centre/);
    expect(() => embedKernel(new Array(49).fill(1), 7, 5)).toThrow(/embedKernel: .*your filter is 7×7/);
    expect(() => embedKernel([1, 2, 3], 3, 5)).toThrow(/a 3×3 filter needs 9 weights, got 3/);
  });

  it.each(ICONIC)("%s 3×3 centred in 5×5: conv2d with 'same' padding gives exactly the 3×3 map (28×28)", (id) => {
    const w3 = findPreset(id)!.build(3)!;
    const w5 = embedKernel(w3, 3, 5);
    for (const image of [testImage('seven', 28), noise(7)]) {
      const small = convolve(image, w3, 3, 1, 'same', 0.25);
      const big = convolve(image, w5, 5, 1, 'same', 0.25);
      expect([big.h, big.w]).toEqual([28, 28]);
      expect([small.h, small.w]).toEqual([28, 28]);
      expect(big.data).toEqual(small.data);
    }
  });

  it("also with stride 2 (the strided preset's first layer) and 3×3 or 5×5 into 7×7", () => {
    const image = noise(11);
    const w3 = findPreset('sobel-y')!.build(3)!;
    expect(convolve(image, embedKernel(w3, 3, 5), 5, 2, 'same').data).toEqual(convolve(image, w3, 3, 2, 'same').data);
    const w5 = findPreset('sobel-x')!.build(5)!;
    expect(convolve(image, embedKernel(w5, 5, 7), 7, 1, 'same').data).toEqual(convolve(image, w5, 5, 1, 'same').data);
  });

  it("with 'valid' padding the 5×5 map is the 3×3 map less a 1-pixel border", () => {
    const image = noise(3);
    const w3 = findPreset('laplacian-4')!.build(3)!;
    const small = convolve(image, w3, 3, 1, 'valid');
    const big = convolve(image, embedKernel(w3, 3, 5), 5, 1, 'valid');
    expect([small.h, big.h]).toEqual([26, 24]);
    const cropped = Array.from({ length: 24 * 24 }, (_, i) => small.data[(Math.floor(i / 24) + 1) * 26 + (i % 24) + 1]);
    expect(big.data).toEqual(cropped);
  });

  it('says what the layer computes for each padding', () => {
    const g = (padding: Padding, stride = 1) => ({ kernel: 5, stride, padding, h: 28, w: 28 });
    expect(embeddedMapNote(3, g('same'))).toBe("With the layer's 'same' padding its map is exactly the 3×3 filter's.");
    expect(embeddedMapNote(3, g('same', 2))).toMatch(/exactly the 3×3 filter's/);
    expect(embeddedMapNote(3, { ...g('same', 7), kernel: 7 })).toMatch(/not exactly/);
    expect(embeddedMapNote(3, g('valid'))).toBe("With the layer's 'valid' padding its map is the 3×3 filter's without padding, less a 1-pixel border.");
    expect(embeddedMapNote(3, g(2))).toBe("With the layer's padding 2 its map equals the 3×3 filter's with padding 1.");
  });
});

describe('the cnn preset takes a 3×3 designed filter', () => {
  it("sends inC×5×5 weights and says where the filter went (frozen zeros too)", () => {
    const t = firstConv(preset('cnn'))!;
    expect(t.kernel).toBe(5);
    const d = initialDesigner(); // Sobel x 3×3
    expect(d.k).toBe(3);
    const w = filterWeights(d, t.inC, t.kernel);
    expect(w).toEqual(embedKernel(d.weights, 3, 5));
    expect(filterWeights(d, 2, 5)).toHaveLength(50);
    expect(placementNote(t, 3, true)).toBe(
      "3×3 filter placed in the centre of the layer's 5×5 kernel; the border stays 0 (frozen with the filter). With the layer's 'same' padding its map is exactly the 3×3 filter's.",
    );
    expect(placementNote(t, 3, false)).toMatch(/the border starts at 0 and is trained/);
    expect(placementNote(t, 5, true)).toBeNull();
  });
});

describe('scaling a designed filter to the size of a freshly initialised one', () => {
  it('gives the whole filter (every input channel) the norm √2 of a He-normal filter and keeps its shape', () => {
    const d = { ...initialDesigner(), k: 5 as const, weights: findPreset('sobel-x')!.build(5)! };
    expect(Math.hypot(...d.weights)).toBeCloseTo(26.46, 2);
    for (const inC of [1, 3]) {
      const w = filterWeights(d, inC, 5, true);
      expect(Math.hypot(...w)).toBeCloseTo(INIT_NORM, 6);
      const f = initScale(filterWeights(d, inC, 5));
      w.forEach((v, i) => expect(v).toBeCloseTo(d.weights[i % 25] * f, 9));
    }
    expect(designScale(d, 1, 5, true)).toBeCloseTo(Math.SQRT2 / 26.4575, 4);
    expect(designScale(d, 1, 5, false)).toBe(1);
  });

  it('leaves an all-zero filter alone and prints factors with two significant digits', () => {
    expect(initScale([0, 0, 0, 0])).toBe(1);
    expect(filterWeights({ ...initialDesigner(), weights: new Array(9).fill(0) }, 1, 3, true)).toEqual(new Array(9).fill(0));
    expect(formatScale(Math.SQRT2 / Math.sqrt(12))).toBe('0.41');
    expect(formatScale(Math.SQRT2 / 26.4575)).toBe('0.053');
    expect(formatScale(1.2)).toBe('1.2');
    expect(formatScale(2)).toBe('2');
    expect(formatScale(10)).toBe('10');
    expect(formatScale(141.4)).toBe('141');
  });
});
