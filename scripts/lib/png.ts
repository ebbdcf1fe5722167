// PNG in and out for the explanation CLI (pngjs): an image read as one grayscale channel in [0, 1] at the model's
// size, and a map written with a diverging palette.
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { UsageError } from './args.js';

/**
 * The PNG at `file` as h×w values in [0, 1], white on black like MNIST: grayscale (luma 0.299 R + 0.587 G + 0.114 B,
 * composited over white by its alpha), resized by area averaging, and inverted when its mean is over 0.5 (dark on light).
 */
export function readGrayPng(file: string, h: number, w: number, flag = '--image'): Float32Array {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(file));
  } catch (e) {
    throw new UsageError(`${flag}: ${file} is not a readable PNG (${(e as Error).message})`);
  }
  const gray = new Float32Array(png.width * png.height);
  for (let i = 0; i < gray.length; i++) {
    const [r, g, b, a] = png.data.subarray(i * 4, i * 4 + 4);
    const luma = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    gray[i] = (luma * a) / 255 + (1 - a / 255);
  }
  const out = resizeArea(gray, png.height, png.width, h, w);
  const mean = out.reduce((s, v) => s + v, 0) / out.length;
  return mean > 0.5 ? out.map((v) => 1 - v) : out;
}

/** Area-averaging resize of an sh×sw image to h×w: each output pixel is the mean of the source area it covers. */
export function resizeArea(src: Float32Array, sh: number, sw: number, h: number, w: number): Float32Array {
  const rows = coverage(sh, h);
  const cols = coverage(sw, w);
  const out = new Float32Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      let s = 0;
      for (const [y, wy] of rows[i]) for (const [x, wx] of cols[j]) s += src[y * sw + x] * wy * wx;
      out[i * w + j] = s;
    }
  }
  return out;
}

/** For each of n output cells along an axis of `size` source pixels: [source pixel, weight] pairs summing to 1. */
function coverage(size: number, n: number): [number, number][][] {
  const step = size / n;
  return Array.from({ length: n }, (_, i) => {
    const [a, b] = [i * step, (i + 1) * step];
    const cells: [number, number][] = [];
    for (let p = Math.floor(a); p < Math.min(size, Math.ceil(b)); p++) cells.push([p, (Math.min(b, p + 1) - Math.max(a, p)) / step]);
    return cells;
  });
}

/** RGB of a map value scaled to t in [−1, 1]: blue at −1, white at 0, red at 1. */
export function diverging(t: number): [number, number, number] {
  const c = Math.max(-1, Math.min(1, t));
  const fade = Math.round(255 * (1 - Math.abs(c)));
  return c < 0 ? [fade, fade, 255] : [255, fade, fade];
}

/** Writes an h×w map as a PNG `scale` times larger, values scaled by the largest |value| (an all-zero map is white). */
export function writeMapPng(file: string, map: ArrayLike<number>, h: number, w: number, scale = 10): void {
  let max = 0;
  for (let i = 0; i < h * w; i++) max = Math.max(max, Math.abs(map[i]));
  const png = new PNG({ width: w * scale, height: h * scale });
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) {
      const [r, g, b] = diverging(max > 0 ? map[Math.floor(y / scale) * w + Math.floor(x / scale)] / max : 0);
      png.data.set([r, g, b, 255], (y * w * scale + x) * 4);
    }
  }
  writeFileSync(file, PNG.sync.write(png));
}
