// Preset filters are valid K×K data with the textbook 3×3 values; colour scales and grid editing helpers.
import { describe, expect, it } from 'vitest';
import { colorOf, diverging, fmt, gray, NEG, paintValues, POS, rangeOf, scaleFor, ZERO } from '../../renderer/lib/filters/colors.js';
import { dragValue, parsePadding, parseWeight, resizeGrid } from '../../renderer/lib/filters/edit.js';
import { binomial, FILTER_PRESETS, findPreset, KERNEL_SIZES, sobelDerivative, transpose } from '../../renderer/lib/filters/presets.js';

const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

describe('filter presets', () => {
  it('every preset builds K² finite weights or says why it cannot', () => {
    for (const p of FILTER_PRESETS) {
      for (const k of KERNEL_SIZES) {
        const w = p.build(k);
        if (w === null) expect(p.note(k), `${p.id} ${k}`).toMatch(/\w/);
        else {
          expect(w, `${p.id} ${k}`).toHaveLength(k * k);
          expect(w.every(Number.isFinite), `${p.id} ${k}`).toBe(true);
        }
      }
      expect(p.build(3), `${p.id} has a 3×3 version`).not.toBeNull();
      expect(p.note(3)).toBeNull();
    }
  });

  it('has the textbook 3×3 kernels', () => {
    expect(findPreset('sobel-x')!.build(3)).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
    expect(findPreset('sobel-y')!.build(3)).toEqual([-1, -2, -1, 0, 0, 0, 1, 2, 1]);
    expect(findPreset('prewitt-x')!.build(3)).toEqual([-1, 0, 1, -1, 0, 1, -1, 0, 1]);
    expect(findPreset('scharr-y')!.build(3)).toEqual([-3, -10, -3, 0, 0, 0, 3, 10, 3]);
    expect(findPreset('laplacian-4')!.build(3)).toEqual([0, 1, 0, 1, -4, 1, 0, 1, 0]);
    expect(findPreset('laplacian-8')!.build(3)).toEqual([1, 1, 1, 1, -8, 1, 1, 1, 1]);
    expect(findPreset('sharpen')!.build(3)).toEqual([0, -1, 0, -1, 5, -1, 0, -1, 0]);
    expect(findPreset('emboss')!.build(3)).toEqual([-2, -1, 0, -1, 1, 1, 0, 1, 2]);
    expect(findPreset('outline')!.build(3)).toEqual([-1, -1, -1, -1, 8, -1, -1, -1, -1]);
    expect(findPreset('identity')!.build(3)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(findPreset('gaussian-blur')!.build(3)).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16));
  });

  it('extends to 5 and 7 the standard way: OpenCV Sobel rows, blurs summing to 1, edge filters summing to 0', () => {
    expect(binomial(5)).toEqual([1, 4, 6, 4, 1]);
    expect(sobelDerivative(5)).toEqual([-1, -2, 0, 2, 1]);
    expect(sobelDerivative(7)).toEqual([-1, -4, -5, 0, 5, 4, 1]);
    for (const k of KERNEL_SIZES) {
      for (const id of ['box-blur', 'gaussian-blur', 'sharpen', 'identity'] as const) expect(sum(findPreset(id)!.build(k)!), `${id} ${k}`).toBeCloseTo(1, 10);
      for (const id of ['sobel-x', 'sobel-y', 'prewitt-x', 'laplacian-4', 'laplacian-8', 'outline'] as const) expect(sum(findPreset(id)!.build(k)!), `${id} ${k}`).toBeCloseTo(0, 10);
      expect(findPreset('sobel-y')!.build(k)).toEqual(transpose(findPreset('sobel-x')!.build(k)!, k));
    }
    expect(findPreset('scharr-x')!.build(5)).toBeNull();
    expect(findPreset('scharr-x')!.note(7)).toMatch(/3×3 only/);
  });
});

describe('colour scales', () => {
  it('diverging maps −max to blue, 0 to white, +max to red, clamped, halfway between', () => {
    expect(diverging(0, 2)).toEqual(ZERO);
    expect(diverging(2, 2)).toEqual(POS);
    expect(diverging(-2, 2)).toEqual(NEG);
    expect(diverging(50, 2)).toEqual(POS);
    expect(diverging(1, 2)).toEqual([213, 136, 145]);
    expect(diverging(1, 0)).toEqual(ZERO);
  });

  it('gray maps min to black and max to white; scaleFor picks diverging only with negatives', () => {
    expect(gray(0, 0, 1)).toEqual([0, 0, 0]);
    expect(gray(1, 0, 1)).toEqual([255, 255, 255]);
    expect(scaleFor({ min: 0, max: 3 })).toEqual({ kind: 'gray', min: 0, max: 3 });
    expect(scaleFor({ min: -4, max: 3 })).toEqual({ kind: 'diverging', maxAbs: 4 });
    expect(colorOf(-4, scaleFor({ min: -4, max: 3 }))).toEqual(NEG);
  });

  it('paints RGBA pixels and ranges values from an offset', () => {
    const px = paintValues([0, 1, -1, 0.5], 2, 2, { kind: 'diverging', maxAbs: 1 });
    expect(Array.from(px.slice(0, 12))).toEqual([...ZERO, 255, ...POS, 255, ...NEG, 255]);
    expect(rangeOf([9, -1, 2, 5], 1, 2)).toEqual({ min: -1, max: 2 });
    expect(() => paintValues([1], 2, 2, { kind: 'gray', min: 0, max: 1 }, 0, new Uint8ClampedArray(4))).toThrow(/needs 16/);
    expect(fmt(0.123456)).toBe('0.123');
    expect(fmt(-2)).toBe('-2');
  });
});

describe('grid editing', () => {
  it('parses typed weights, refusing non-numbers with a message', () => {
    expect(parseWeight(' -1.5 ')).toEqual({ ok: true, value: -1.5 });
    expect(parseWeight('\u22122')).toEqual({ ok: true, value: -2 });
    expect(parseWeight('0,25')).toEqual({ ok: true, value: 0.25 });
    expect(parseWeight('abc')).toEqual({ ok: false, error: '"abc" is not a number' });
    expect(parseWeight('')).toMatchObject({ ok: false });
    expect(parseWeight('1e9')).toMatchObject({ ok: false, error: expect.stringMatching(/between/) });
    expect(parsePadding('same')).toEqual({ ok: true, value: 'same' });
    expect(parsePadding('2')).toEqual({ ok: true, value: 2 });
    expect(parsePadding('-1')).toMatchObject({ ok: false });
  });

  it('dragging up raises the weight in 0.05 steps, down lowers it', () => {
    expect(dragValue(1, -20)).toBe(2);
    expect(dragValue(1, 10)).toBe(0.5);
    expect(dragValue(0.1, 2)).toBe(0);
  });

  it('resizes a grid keeping it centred', () => {
    const w3 = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const w5 = resizeGrid(w3, 3, 5);
    expect(w5[6]).toBe(1);
    expect(w5[12]).toBe(5);
    expect(w5[0]).toBe(0);
    expect(resizeGrid(w5, 5, 3)).toEqual(w3);
  });
});
