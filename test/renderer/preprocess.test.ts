// MNIST-style preprocessing: centring by centre of mass, aspect-preserving scaling, empty input, rasterising.
import { describe, expect, test } from 'vitest';
import { centerOfMass, inkBounds, preprocessStrokes, rasterizeStrokes, resizeArea, toModelInput, type Gray, type InputShape } from '../../renderer/lib/preprocess';

const MNIST: InputShape = [1, 28, 28];

const gray28 = (data: Float32Array): Gray => ({ data, width: 28, height: 28 });

/** A w×h image with a filled rectangle [x0,x1)×[y0,y1). */
function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Gray {
  const data = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * w + x] = 1;
  return { data, width: w, height: h };
}

describe('toMnistInput', () => {
  test('an empty drawing gives all zeros', () => {
    const out = toModelInput(rect(140, 140, 0, 0, 0, 0), MNIST);
    expect(out.length).toBe(784);
    expect(out.every((v) => v === 0)).toBe(true);
    expect(preprocessStrokes([], MNIST).every((v) => v === 0)).toBe(true);
  });

  test.each([
    ['top-left blob', [5, 5, 40, 70]],
    ['bottom-right bar', [100, 20, 130, 135]],
    ['wide stripe', [10, 60, 130, 80]],
  ])('centre of mass of a %s lands at (14, 14) ± 0.5', (_name, [x0, y0, x1, y1]) => {
    const out = toModelInput(rect(140, 140, x0, y0, x1, y1), MNIST);
    const com = centerOfMass(gray28(out));
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
  });

  test('an asymmetric L shape is centred by mass, not by its box', () => {
    const img = rect(140, 140, 20, 20, 40, 120);
    for (let y = 100; y < 120; y++) for (let x = 40; x < 120; x++) img.data[y * 140 + x] = 1;
    const out = toModelInput(img, MNIST);
    const com = centerOfMass(gray28(out));
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
  });

  test('scaling fits the longer side to 20 pixels and keeps the aspect ratio', () => {
    const tall = inkBounds(gray28(toModelInput(rect(140, 140, 30, 10, 70, 130), MNIST)), 0.5)!;
    expect(tall.y1 - tall.y0).toBe(20);
    expect(tall.x1 - tall.x0).toBeGreaterThanOrEqual(6);
    expect(tall.x1 - tall.x0).toBeLessThanOrEqual(8);
    const wide = inkBounds(gray28(toModelInput(rect(140, 140, 10, 50, 110, 100), MNIST)), 0.5)!;
    expect(wide.x1 - wide.x0).toBe(20);
    expect(wide.y1 - wide.y0).toBe(10);
  });

  test('values stay in [0, 1] with a peak of 1', () => {
    const out = toModelInput(rect(140, 140, 30, 30, 90, 100), MNIST);
    expect(Math.max(...out)).toBeCloseTo(1, 6);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
  });
});

describe('resizeArea', () => {
  test('averages areas (anti-aliased): a 4×4 checkerboard halves to uniform 0.5', () => {
    const img: Gray = { data: Float32Array.from({ length: 16 }, (_, i) => ((i % 4) + Math.floor(i / 4)) % 2), width: 4, height: 4 };
    const out = resizeArea(img, { x0: 0, y0: 0, x1: 4, y1: 4 }, 2, 2);
    for (const v of out.data) expect(v).toBeCloseTo(0.5, 6);
  });

  test('keeps the total ink (mean) when scaling by a non-integer factor', () => {
    const img = rect(10, 10, 2, 3, 7, 9);
    const out = resizeArea(img, { x0: 0, y0: 0, x1: 10, y1: 10 }, 3, 3);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out.data)).toBeCloseTo(mean(img.data), 5);
  });
});

describe('rasterizeStrokes', () => {
  test('draws round-capped lines of the brush width, with anti-aliased edges', () => {
    const img = rasterizeStrokes([{ points: [40, 140, 240, 140] }], 280, 140, 18);
    let column = 0;
    for (let y = 0; y < 140; y++) column += img.data[y * 140 + 70];
    expect(column).toBeCloseTo(9, 0);
    const b = inkBounds(img, 0.5)!;
    expect(b.x0).toBeGreaterThanOrEqual(14);
    expect(b.x0).toBeLessThanOrEqual(16);
    const values = new Set(Array.from(img.data).map((v) => Math.round(v * 100)));
    expect([...values].some((v) => v > 0 && v < 100)).toBe(true);
  });

  test('a single tap leaves a round dot', () => {
    const img = rasterizeStrokes([{ points: [140, 140] }], 280, 140, 18);
    const b = inkBounds(img, 0.5)!;
    expect(b.x1 - b.x0).toBe(b.y1 - b.y0);
    expect(centerOfMass(img).x).toBeCloseTo(70, 1);
  });

  test('a vertical stroke preprocesses to a centred vertical bar', () => {
    const out = preprocessStrokes([{ points: [140, 40, 140, 240] }], MNIST);
    const b = inkBounds(gray28(out), 0.5)!;
    expect(b.y1 - b.y0).toBe(20);
    expect(b.x1 - b.x0).toBeLessThanOrEqual(3);
    expect(Math.abs(centerOfMass(gray28(out)).x - 14)).toBeLessThanOrEqual(0.5);
  });

  test('the same recipe at another input size: the ink box is 5/7 of the side, centred; every channel alike', () => {
    const out = preprocessStrokes([{ points: [140, 40, 140, 240] }], [3, 16, 16]);
    expect(out).toHaveLength(3 * 16 * 16);
    const plane = out.subarray(0, 256);
    const b = inkBounds({ data: plane, width: 16, height: 16 }, 0.5)!;
    expect(b.y1 - b.y0).toBe(11); // round(16 · 5/7)
    expect(Math.abs(centerOfMass({ data: plane, width: 16, height: 16 }).x - 8)).toBeLessThanOrEqual(0.5);
    expect(Array.from(out.subarray(256, 512))).toEqual(Array.from(plane));
    expect(Array.from(out.subarray(512))).toEqual(Array.from(plane));
  });
});
