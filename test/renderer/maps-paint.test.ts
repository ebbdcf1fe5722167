// The feature maps' pixel painting (renderer/components/maps/paint.ts): the allocation-free atlas painter gives the
// same pixels as lib/filters/colors' paintValues for every plane, on both scales, with clamping and non-finite values.
import { describe, expect, test } from 'vitest';
import { paintValues, type ColorScale } from '../../renderer/lib/filters/colors';
import { MapAtlas, paintPlanes } from '../../renderer/components/maps/paint';

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
