// Images in (lib/image-input.ts): headers read and sizes refused before decoding, ink read from pixels whichever way
// round the image is, and the ink preprocessed by placeInk like a drawing (cropped, 20 px, centred by mass in 28×28).
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { checkImageSize, imageInk, ImageInputError, MAX_IMAGE_PIXELS, readImageHeader, workSize } from '../../renderer/lib/image-input';
import { centerOfMass, inkBounds, placeInk, type InputShape } from '../../renderer/lib/preprocess';

const MNIST: InputShape = [1, 28, 28];

/** A glyph: ink 1 inside, 0 outside (a slanted "1" with a flag: asymmetric, so centring by mass matters). */
function glyph(x: number, y: number): number {
  const stem = Math.abs(x - (30 - 0.2 * y)) < 4 && y >= 0 && y < 60;
  const flag = y >= 0 && y < 8 && x >= 14 && x < 30;
  return stem || flag ? 1 : 0;
}

/** RGBA of a w×h image with `glyph` drawn at (ox, oy), in the given colours (grey levels 0..255). */
function rgba(w: number, h: number, ox: number, oy: number, ink: number, paper: number, alpha = 255): Uint8ClampedArray {
  const out = new Uint8ClampedArray(4 * w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const g = glyph(x - ox, y - oy);
      const v = g * ink + (1 - g) * paper;
      out.set([v, v, v, g ? 255 : alpha], 4 * (y * w + x));
    }
  }
  return out;
}

const input28 = (px: Uint8ClampedArray, w: number, h: number) => placeInk(imageInk(px, w, h).gray, MNIST).input;

describe('imageInk + placeInk: an image becomes the same 28×28 input as MNIST preprocessing gives', () => {
  test('dark ink on white and white ink on black give exactly the same input; the first is inverted', () => {
    const light = imageInk(rgba(100, 100, 30, 20, 0, 255), 100, 100);
    const dark = imageInk(rgba(100, 100, 30, 20, 255, 0), 100, 100);
    expect(light.background).toBe('light');
    expect(dark.background).toBe('dark');
    const a = placeInk(light.gray, MNIST).input;
    const b = placeInk(dark.gray, MNIST).input;
    expect(Array.from(a)).toEqual(Array.from(b));
    // the ink is white (high) on black (0), peak 1, like the drawing's input
    expect(Math.max(...a)).toBe(1);
    expect(a.filter((v) => v > 0).length).toBeGreaterThan(40);
    expect(a.filter((v) => v === 0).length).toBeGreaterThan(500);
  });

  test('grey ink on a grey page (a photo of paper) gives the same input as black on white: background level removed', () => {
    const photo = input28(rgba(100, 100, 30, 20, 60, 200), 100, 100);
    const clean = input28(rgba(100, 100, 30, 20, 0, 255), 100, 100);
    expect(Array.from(photo)).toEqual(Array.from(clean));
  });

  test('an off-centre glyph is centred by mass: the same input wherever it stands in whatever frame', () => {
    const corner = input28(rgba(300, 200, 2, 3, 0, 255), 300, 200);
    const middle = input28(rgba(100, 100, 30, 20, 0, 255), 100, 100);
    expect(Array.from(corner)).toEqual(Array.from(middle));
    const com = centerOfMass({ data: corner, width: 28, height: 28 });
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
  });

  test('a non-square image with a wide mark: longer side scaled to 20 px, aspect kept', () => {
    const w = 300;
    const h = 90;
    const px = new Uint8ClampedArray(4 * w * h).fill(255);
    // a dark bar 200×40 (5:1) at (60, 30)
    for (let y = 30; y < 70; y++) for (let x = 60; x < 260; x++) px.set([0, 0, 0], 4 * (y * w + x));
    const out = input28(px, w, h);
    const box = inkBounds({ data: out, width: 28, height: 28 })!;
    expect(box.x1 - box.x0).toBe(20);
    expect(box.y1 - box.y0).toBe(4);
  });

  test('ink on a transparent background: the opaque pixels are the ink, whatever their colour', () => {
    const black = imageInk(rgba(100, 100, 30, 20, 0, 0, 0), 100, 100);
    const white = imageInk(rgba(100, 100, 30, 20, 255, 255, 0), 100, 100);
    expect(black.background).toBe('transparent');
    const want = input28(rgba(100, 100, 30, 20, 255, 0), 100, 100);
    expect(Array.from(placeInk(black.gray, MNIST).input)).toEqual(Array.from(want));
    expect(Array.from(placeInk(white.gray, MNIST).input)).toEqual(Array.from(want));
  });

  test.each([
    ['white', 255, 255, 255, /no ink found: the image is one shade \(light background/],
    ['black', 0, 0, 255, /no ink found: the image is one shade \(dark background/],
    ['nearly flat grey (contrast 0.05)', 128, 141, 255, /no ink found/],
    ['fully transparent', 0, 0, 0, /no ink found: the image is fully transparent/],
  ])('a blank image (%s) is refused with a clear message', (_name, ink, paper, alpha, msg) => {
    const px = rgba(64, 48, 10, 5, ink, paper, alpha);
    if (alpha === 0) for (let i = 3; i < px.length; i += 4) px[i] = 0;
    expect(() => imageInk(px, 64, 48)).toThrow(ImageInputError);
    expect(() => imageInk(px, 64, 48)).toThrow(msg);
  });

  test('too few pixel bytes for the size is an error, not a read past the end', () => {
    expect(() => imageInk(new Uint8ClampedArray(10), 4, 4)).toThrow(/10 bytes of pixels for a 4×4 image/);
  });
});

/** The first bytes of a PNG declaring w×h (signature and IHDR, no image data). */
function pngHeader(w: number, h: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, w);
  new DataView(b.buffer).setUint32(20, h);
  return b;
}

/** A JPEG's first segments: SOI, an APP0 of `app` bytes, then a baseline SOF0 declaring w×h. */
function jpegHeader(w: number, h: number, app = 16, sof = 0xc0): Uint8Array {
  const b = new Uint8Array(4 + app + 2 + 17);
  b.set([0xff, 0xd8, 0xff, 0xe0, app >> 8, app & 255]);
  const s = 4 + app;
  b.set([0xff, sof, 0, 17, 8, h >> 8, h & 255, w >> 8, w & 255, 3], s);
  return b;
}

describe('readImageHeader and checkImageSize: the declared size, before decoding', () => {
  test('a real PNG (pngjs) and hand-made JPEG headers (baseline, progressive, after a long APP segment)', () => {
    const png = new PNG({ width: 37, height: 21 });
    expect(readImageHeader(new Uint8Array(PNG.sync.write(png)))).toEqual({ format: 'PNG', width: 37, height: 21 });
    expect(readImageHeader(jpegHeader(640, 480))).toEqual({ format: 'JPEG', width: 640, height: 480 });
    expect(readImageHeader(jpegHeader(3000, 4000, 60_000, 0xc2))).toEqual({ format: 'JPEG', width: 3000, height: 4000 });
  });

  test('a 20000×20000 PNG is refused by its header, saying the size and the limits', () => {
    const h = readImageHeader(pngHeader(20_000, 20_000));
    expect(() => checkImageSize(h)).toThrow(/the PNG is 20000×20000 pixels \(400\.0 megapixels\); images up to 16384 pixels a side and 40 megapixels/);
    expect(() => checkImageSize(readImageHeader(jpegHeader(8000, 6000)))).toThrow(/8000×6000/);
    expect(8000 * 6000).toBeGreaterThan(MAX_IMAGE_PIXELS);
    expect(() => checkImageSize({ format: 'PNG', width: 0, height: 10 })).toThrow(/0×10 pixels: no image/);
    expect(() => checkImageSize({ format: 'JPEG', width: 6000, height: 4000 })).not.toThrow();
  });

  test.each([
    ['text', new TextEncoder().encode('hello, this is not a picture'), /not a PNG or JPEG image \(it starts with bytes 68 65 6c 6c\)/],
    ['a GIF', new TextEncoder().encode('GIF89a....'), /not a PNG or JPEG image \(it is a GIF\)/],
    ['an empty file', new Uint8Array(0), /\(it is empty\)/],
    ['a PNG cut short', pngHeader(5, 5).slice(0, 20), /a PNG without its IHDR header/],
    ['a JPEG cut before its frame', jpegHeader(5, 5).slice(0, 22), /a JPEG without a frame header/],
    ['a JPEG with a damaged marker', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x12, 0x34, 0, 0]), /markers are damaged at byte 8/],
  ])('%s is refused with a clear message', (_name, bytes, msg) => {
    expect(() => readImageHeader(bytes)).toThrow(ImageInputError);
    expect(() => readImageHeader(bytes)).toThrow(msg);
  });

  test('workSize scales the longer side down to 512, never up, at least one pixel', () => {
    expect(workSize(4000, 3000)).toEqual({ width: 512, height: 384 });
    expect(workSize(100, 60)).toEqual({ width: 100, height: 60 });
    expect(workSize(10_000, 5)).toEqual({ width: 512, height: 1 });
  });
});
