// The feature maps' pixel painting (renderer/components/maps/paint.ts): the allocation-free atlas painter gives the
// same pixels as lib/filters/colors' paintValues for every plane, on both scales, with clamping and non-finite values;
// the grid at the maps' own resolution (gaps in whole map pixels) and each map put at its place.
import { describe, expect, test } from 'vitest';
import { paintValues, type ColorScale } from '../../renderer/lib/filters/colors';
import { GridImage, gridGap, nativeGrid, paintPlanes, placeTiles } from '../../renderer/components/maps/paint';
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

  test('placeTiles puts plane c at pos(c) row by row; the gaps keep their pixels; a tile outside throws', () => {
    // 3 planes of 2×2, pixel value = its index, placed at x = 3c, y = 1 in a 9×3 image filled with 99
    const planes = new Uint8ClampedArray(new Uint32Array(Array.from({ length: 12 }, (_, i) => i)).buffer);
    const out = new Uint8ClampedArray(new Uint32Array(27).fill(99).buffer);
    placeTiles(planes, 3, 2, 2, out, 9, (c) => ({ x: 3 * c, y: 1 }));
    const px = Array.from(new Uint32Array(out.buffer));
    expect(px.slice(0, 9)).toEqual(Array(9).fill(99));
    expect(px.slice(9, 18)).toEqual([0, 1, 99, 4, 5, 99, 8, 9, 99]);
    expect(px.slice(18, 27)).toEqual([2, 3, 99, 6, 7, 99, 10, 11, 99]);
    expect(() => placeTiles(planes, 3, 2, 2, out, 9, (c) => ({ x: 4 * c, y: 1 }))).toThrow(/placeTiles: tile 2 at \(8, 1\) is outside the 9×3 image/);
    expect(() => placeTiles(planes.subarray(4), 3, 2, 2, out, 9, () => ({ x: 0, y: 0 }))).toThrow(/placeTiles: 44 bytes of planes/);
  });

  test('GridImage: one putImageData of the whole grid per repaint, every map in its tile, as paintPlanes colours it', () => {
    const layout = gridLayout(3, 4, 2, 20); // tiles of 4 px (maps 2×2 at ×2), gaps 2 px
    const grid = nativeGrid(layout, 2);
    const image = new GridImage(3, 2, 2, grid);
    const values = Float32Array.from({ length: 12 }, (_, i) => i);
    const sc = [0, 1, 2].map(() => ({ kind: 'gray', min: 0, max: 11 }) as ColorScale);
    const calls: { img: ImageData; at: number[] }[] = [];
    const ctx = {
      createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
      putImageData: (img: ImageData, ...at: number[]) => calls.push({ img, at }),
    } as unknown as CanvasRenderingContext2D;
    image.paint(ctx, values, sc);
    image.paint(ctx, values, sc);
    expect(calls).toHaveLength(2);
    expect(calls[0].at).toEqual([0, 0]);
    expect(calls[1].img).toBe(calls[0].img); // reused
    const { img } = calls[0];
    expect([img.width, img.height]).toEqual([grid.width, grid.height]);
    const planes = new Uint8ClampedArray(48);
    paintPlanes(values, 3, 4, sc, planes);
    const px = new Uint32Array(img.data.buffer);
    const want = new Uint32Array(planes.buffer);
    for (let c = 0; c < 3; c++) {
      const p = grid.pos(c);
      for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) expect(px[(p.y + y) * grid.width + p.x + x]).toBe(want[c * 4 + y * 2 + x]);
    }
  });

  test('GridImage.fill: every tile pixel one flat colour (no ink: nothing that looks like a value), gaps transparent', () => {
    const layout = gridLayout(3, 4, 2, 20);
    const grid = nativeGrid(layout, 2);
    const image = new GridImage(3, 2, 2, grid);
    let put: ImageData | null = null;
    const ctx = {
      createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
      putImageData: (img: ImageData) => (put = img),
    } as unknown as CanvasRenderingContext2D;
    image.fill(ctx, [28, 38, 52]);
    const data = put!.data;
    const inTile = (x: number, y: number) => [0, 1, 2].some((c) => x >= grid.pos(c).x && x < grid.pos(c).x + 2 && y >= grid.pos(c).y && y < grid.pos(c).y + 2);
    for (let y = 0; y < grid.height; y++) {
      for (let x = 0; x < grid.width; x++) {
        const i = (y * grid.width + x) * 4;
        expect(Array.from(data.subarray(i, i + 4))).toEqual(inTile(x, y) ? [28, 38, 52, 255] : [0, 0, 0, 0]);
      }
    }
  });
});
