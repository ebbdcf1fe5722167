// renderer/lib/ink.ts: no ink at all, and ink too small to read. The drawings are the ones MIN_INK_SIDE was picked
// from (the bundled cnn misread every one below it with confidence, and read those from it on).
import { describe, expect, test } from 'vitest';
import { hasInk, inkBox, inkTooSmall, MIN_INK_SIDE } from '../../renderer/lib/ink';
import { BRUSH_WIDTH } from '../../renderer/lib/preprocess';

const line = (x0: number, y0: number, x1: number, y1: number) => ({ points: [x0, y0, (x0 + x1) / 2, (y0 + y1) / 2, x1, y1] });
const ring = (r: number) => ({ points: Array.from({ length: 25 }, (_, i) => [140 + r * Math.cos((i / 24) * 2 * Math.PI), 140 + r * 1.4 * Math.sin((i / 24) * 2 * Math.PI)]).flat() });
const seven = (s: number) => ({ points: [140 - s, 140 - s, 140 + s, 140 - s, 140 - s / 3, 140 + s] });

describe('ink.has-ink', () => {
  test('all zeros (an empty pad) has none; one value above 0 has some', () => {
    expect(hasInk(new Float32Array(784))).toBe(false);
    expect(hasInk(new Float32Array(0))).toBe(false);
    const x = new Float32Array(784);
    x[400] = 0.01;
    expect(hasInk(x)).toBe(true);
  });
});

describe('ink.too-small', () => {
  test('the ink box is the points\' extent plus the brush', () => {
    expect(inkBox([])).toBeNull();
    expect(inkBox([{ points: [140, 140] }])).toEqual({ width: BRUSH_WIDTH, height: BRUSH_WIDTH });
    expect(inkBox([line(140, 45, 140, 235)])).toEqual({ width: 18, height: 208 });
    expect(MIN_INK_SIDE).toBe(48);
  });

  test.each([
    ['a dot (read as "0" at 93 %)', [{ points: [140, 140] }], true],
    ['a dot drawn as a 1 px move', [{ points: [140, 140, 141, 140] }], true],
    ['a 10 px dash ("0" at 94 %)', [line(135, 140, 145, 140)], true],
    ['a 20 px bar ("8" at 72 %)', [line(140, 130, 140, 150)], true],
    ['a "7" 20 px wide ("8" at 96 %)', [seven(10)], true],
    ['a ring 16 px across', [ring(8)], true],
    ['a 30 px bar ("1")', [line(140, 125, 140, 155)], false],
    ['a "7" 40 px wide ("7" at 99 %)', [seven(20)], false],
    ['a ring 30 px across ("0" at 99.8 %)', [ring(15)], false],
    ["the e2e tests' tall \"1\"", [line(140, 45, 140, 235)], false],
    ['two dots far apart', [{ points: [60, 60] }, { points: [200, 200] }], false],
  ])('%s: too small = %s', (_, strokes, small) => {
    expect(inkTooSmall(strokes)).toBe(small);
  });
});
