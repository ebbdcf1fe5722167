// The incremental stroke raster (renderer/lib/stroke-raster.ts) gives exactly preprocessStrokes' 28×28 input at
// every step of drawing: points added one by one, new strokes, a dot, undo, clear, a different drawing.
import { describe, expect, test } from 'vitest';
import { preprocessStrokes, rasterizeStrokes, type InputShape, type StrokeLike } from '../../renderer/lib/preprocess';
import { StrokeRaster } from '../../renderer/lib/stroke-raster';

const MNIST: InputShape = [1, 28, 28];

let seed = 11;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

/** What the store does: extendStroke replaces the last stroke by a new object; beginStroke appends. */
const extend = (s: StrokeLike[], x: number, y: number): StrokeLike[] => [...s.slice(0, -1), { points: [...s[s.length - 1].points, x, y] }];
const begin = (s: StrokeLike[], x: number, y: number): StrokeLike[] => [...s, { points: [x, y] }];

describe('StrokeRaster', () => {
  test('every step of a three-stroke drawing equals preprocessStrokes (and the raster equals rasterizeStrokes)', () => {
    const r = new StrokeRaster();
    let strokes: StrokeLike[] = [];
    let steps = 0;
    for (let k = 0; k < 3; k++) {
      let x = 40 + rnd() * 200;
      let y = 40 + rnd() * 200;
      strokes = begin(strokes, x, y);
      expect(Array.from(r.input(strokes, MNIST))).toEqual(Array.from(preprocessStrokes(strokes, MNIST)));
      for (let i = 0; i < 40; i++) {
        x = Math.min(280, Math.max(0, x + (rnd() - 0.5) * 14));
        y = Math.min(280, Math.max(0, y + (rnd() - 0.5) * 14));
        strokes = extend(strokes, x, y);
        expect(Array.from(r.input(strokes, MNIST))).toEqual(Array.from(preprocessStrokes(strokes, MNIST)));
        steps++;
      }
    }
    expect(Array.from(r.update(strokes).data)).toEqual(Array.from(rasterizeStrokes(strokes).data));
    expect(steps).toBe(120);
    expect(r.fullRedraws).toBe(1); // only the first point; every later step was drawn incrementally
  });

  test('undo, clear, a dot and an unrelated drawing fall back to a full raster', () => {
    const r = new StrokeRaster();
    let strokes = begin([], 100, 100);
    strokes = extend(extend(strokes, 120, 110), 140, 150);
    strokes = begin(strokes, 200, 60); // a dot
    expect(Array.from(r.input(strokes, MNIST))).toEqual(Array.from(preprocessStrokes(strokes, MNIST)));
    const undone = strokes.slice(0, -1);
    expect(Array.from(r.input(undone, MNIST))).toEqual(Array.from(preprocessStrokes(undone, MNIST)));
    expect(Array.from(r.input([], MNIST))).toEqual(Array.from(new Float32Array(784)));
    const other: StrokeLike[] = [{ points: [30, 30, 250, 250] }];
    expect(Array.from(r.input(other, MNIST))).toEqual(Array.from(preprocessStrokes(other, MNIST)));
    // same length, last stroke replaced by a different one (not an extension)
    const replaced: StrokeLike[] = [{ points: [250, 30, 30, 250] }];
    expect(Array.from(r.input(replaced, MNIST))).toEqual(Array.from(preprocessStrokes(replaced, MNIST)));
    expect(r.fullRedraws).toBe(4); // the first drawing, the undo, the other drawing, the replaced stroke
  });
});
