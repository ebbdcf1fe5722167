// The feature maps' pixel painting (renderer/components/maps/paint.ts): the allocation-free atlas painter gives the
// same pixels as lib/filters/colors' paintValues for every plane, on both scales, with clamping and non-finite values;
// the grid at the maps' own resolution (gaps in whole map pixels) and each map put at its place.
import { describe, expect, test } from 'vitest';
import { paintValues, type ColorScale } from '../../renderer/lib/filters/colors';
import { gridGap, MapAtlas, nativeGrid, paintPlanes } from '../../renderer/components/maps/paint';
import { gridLayout } from '../../renderer/lib/filters/maps';

const plane = 12;
const values = Float32Array.from({ length: 3 * plane }, (_, i) => [-7, -1.5, -0.2, 0, 0.3, 1, 2.5, 9, NaN, Infinity, -Infinity, 0.01][i % plane] * (1 + Math.floor(i / plane)));
const scales: ColorScale[] = [
  { kind: 'diverging', maxAbs: 2 },
  { kind: 'gray', min: -1, max: 5 },
  { kind: 'gray', min: 0, max: 0 },
];

describe('paintPlanes', () => {
  test('x=[3,12] matches paintValues plane by plane (diverging, gray, flat gray)', () => {
    const out = new Uint8ClampedArray(3 * plane * 4);
    paintPlanes(values, 3, plane, scales, out);
    for (let c = 0; c < 3; c++) expect(Array.from(out.subarray(c * plane * 4, (c + 1) * plane * 4))).toEqual(Array.from(paintValues(values, plane, 1, scales[c], c * plane)));
  });

  test('x=[4,250] random values from -3 to 3 on four scales: every byte as paintValues', () => {
    const n = 250;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 6 - 3;
    const v = Float32Array.from({ length: 4 * n }, rnd);
    const sc: ColorScale[] = [
      { kind: 'diverging', maxAbs: 2.5 },
      { kind: 'diverging', maxAbs: 0.7 },
      { kind: 'gray', min: 0, max: 2 },
      { kind: 'gray', min: -3, max: 3 },
    ];
    const out = new Uint8ClampedArray(4 * n * 4);
    paintPlanes(v, 4, n, sc, out);
    for (let c = 0; c < 4; c++) expect(Array.from(out.subarray(c * n * 4, (c + 1) * n * 4))).toEqual(Array.from(paintValues(v, n, 1, sc[c], c * n)));
  });

  test('diverging with maxAbs 0 is white, as paintValues', () => {
    const out = new Uint8ClampedArray(plane * 4);
    paintPlanes(values, 1, plane, [{ kind: 'diverging', maxAbs: 0 }], out);
    expect(Array.from(out)).toEqual(Array.from(paintValues(values, plane, 1, { kind: 'diverging', maxAbs: 0 })));
  });

  test('a wrong buffer or scale count is refused with the sizes', () => {
    expect(() => paintPlanes(values, 3, plane, scales, new Uint8ClampedArray(10))).toThrow(/paintPlanes: buffer has 10 bytes, 3 planes of 12 need 144/);
    expect(() => paintPlanes(values, 3, plane, scales.slice(0, 2), new Uint8ClampedArray(144))).toThrow(/paintPlanes: 2 scales for 3 planes/);
  });
});

describe('MapAtlas', () => {
  test('holds every plane in one canvas, map i cropped from rows [i·h, (i+1)·h)', () => {
    const atlas = new MapAtlas(16, 28, 28);
    expect([atlas.canvas.width, atlas.canvas.height]).toEqual([28, 16 * 28]);
    expect(atlas.crop(3)).toEqual({ x: 0, y: 84, width: 28, height: 28 });
  });
});

describe('map grid at native resolution', () => {
  test('gaps are whole map pixels of at least 4 px: ×2 → 4, ×3 → 6, ×7 → 7', () => {
    expect([gridGap(4, 2), gridGap(4, 3), gridGap(4, 7), gridGap(4, 1)]).toEqual([4, 6, 7, 4]);
  });

  test('16 maps of 28×28 at ×2 in 700 px: 11 columns; the canvas is the layout halved; positions too', () => {
    const layout = gridLayout(16, 56, 4, 700);
    const g = nativeGrid(layout, 2);
    expect(layout.cols).toBe(11);
    expect([g.width, g.height]).toEqual([layout.width / 2, layout.height / 2]);
    expect([g.width, g.height]).toEqual([11 * 28 + 10 * 2, 2 * 28 + 2]);
    expect(g.pos(12)).toEqual({ x: 30, y: 30 });
    expect(() => nativeGrid(gridLayout(4, 56, 3, 700), 2)).toThrow(/nativeGrid/);
  });

  test('blit puts map i (rows i·h of the atlas) at its grid position, one putImageData each', () => {
    const atlas = new MapAtlas(3, 2, 2);
    atlas.paint(Float32Array.from({ length: 12 }, (_, i) => i), [0, 1, 2].map(() => ({ kind: 'gray', min: 0, max: 11 }) as ColorScale));
    const calls: number[][] = [];
    const ctx = { putImageData: (_img: ImageData, ...a: number[]) => calls.push(a) } as unknown as CanvasRenderingContext2D;
    atlas.blit(ctx, (i) => ({ x: 3 * i, y: 1 }));
    // (dx, dy, dirtyX, dirtyY, w, h): the dirty rect of map i, drawn at (x, y - i·h) so that it lands at (x, y)
    expect(calls).toEqual([
      [0, 1, 0, 0, 2, 2],
      [3, -1, 0, 2, 2, 2],
      [6, -3, 0, 4, 2, 2],
    ]);
  });
});
