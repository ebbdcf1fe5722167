// Shifted images for the shift test (tolerance to position): an image moved by (dx, dy) pixels with zeros filled in,
// and batches of a dataset's images moved the same way or each by its own random offset.
import { assert } from '../assert.js';
import type { Rng } from '../rng.js';
import type { Dataset } from './mnist.js';

/**
 * Writes `src` (channels × rows × cols, row-major) moved right by dx and down by dy into `out`; pixels that come in
 * from outside are 0. `out` must not be `src`.
 */
export function shiftImage(src: ArrayLike<number>, out: { length: number; fill(v: number): unknown; [i: number]: number }, channels: number, rows: number, cols: number, dx: number, dy: number): void {
  assert(Number.isInteger(dx) && Number.isInteger(dy), () => `shiftImage: dx and dy must be whole pixels, got ${dx}, ${dy}`);
  assert(src.length === channels * rows * cols && out.length === src.length, () => `shiftImage: expected ${channels}×${rows}×${cols} = ${channels * rows * cols} values, got ${src.length} in and ${out.length} out`);
  out.fill(0);
  copyShifted(src, 0, out, 0, channels, rows, cols, dx, dy);
}

/** The copy behind shiftImage, at offsets into whole buffers. */
function copyShifted(src: ArrayLike<number>, from0: number, out: { [i: number]: number }, to0: number, channels: number, rows: number, cols: number, dx: number, dy: number): void {
  const x0 = Math.max(0, dx);
  const x1 = Math.min(cols, cols + dx);
  const y0 = Math.max(0, dy);
  const y1 = Math.min(rows, rows + dy);
  for (let c = 0; c < channels; c++) {
    const plane = c * rows * cols;
    for (let y = y0; y < y1; y++) {
      const to = to0 + plane + y * cols;
      const from = from0 + plane + (y - dy) * cols - dx;
      for (let x = x0; x < x1; x++) out[to + x] = src[from + x];
    }
  }
}

/** Per image of a dataset, its own offset: dx, dy for image i at [2i], [2i + 1]. */
export type ImageOffsets = Int8Array;

/** Offsets drawn uniformly from −k..k along each axis for each of `count` images (dx, then dy, image by image). */
export function randomOffsets(count: number, k: number, rng: Rng): ImageOffsets {
  assert(Number.isInteger(k) && k >= 0, () => `randomOffsets: k must be a whole number ≥ 0, got ${k}`);
  return Int8Array.from({ length: 2 * count }, () => rng.int(2 * k + 1) - k);
}

/** A dataset's pixels as values in [0, 1], as fillBatch writes them: the source fillShifted copies from. */
export function pixelValues(d: Dataset): Float32Array {
  const out = new Float32Array(d.images.length);
  const src = d.images;
  for (let i = 0; i < src.length; i++) out[i] = src[i] * (1 / 255);
  return out;
}

/**
 * Images start..start+n−1 of a dataset shaped like `d`, taken from `values` (its pixelValues), each moved by `shift`
 * — one (dx, dy) for all, or per image — with zeros filled in, into out[0 .. n·pixels). Per image and channel one
 * block copy (the plane moved by dy rows and dx columns as one flat offset), then the columns that came in from the
 * other side are cleared.
 */
export function fillShifted(d: Dataset, values: Float32Array, start: number, n: number, shift: readonly [number, number] | ImageOffsets, out: Float32Array): void {
  const { channels, rows, cols } = d;
  const plane = rows * cols;
  out.fill(0, 0, n * channels * plane);
  for (let i = 0; i < n; i++) {
    const dx = shift instanceof Int8Array ? shift[2 * (start + i)] : shift[0];
    const dy = shift instanceof Int8Array ? shift[2 * (start + i) + 1] : shift[1];
    if (Math.abs(dx) >= cols || Math.abs(dy) >= rows) continue;
    const flat = dy * cols + dx;
    // output positions [lo, hi) of the plane whose source lies inside it, rows dy.. (or ..rows+dy) included
    const lo = Math.max(0, dy) * cols + Math.max(0, dx);
    const hi = Math.min(rows, rows + dy) * cols - Math.max(0, -dx);
    for (let c = 0; c < channels; c++) {
      const to = (i * channels + c) * plane;
      const from = ((start + i) * channels + c) * plane;
      out.set(values.subarray(from + lo - flat, from + hi - flat), to + lo);
      // a row's first dx (dx > 0) or last −dx (dx < 0) columns got the neighbouring row's pixels: zero them
      if (dx === 0) continue;
      const x0 = dx > 0 ? 0 : cols + dx;
      const width = Math.abs(dx);
      for (let y = Math.max(0, dy); y < Math.min(rows, rows + dy); y++) for (let x = to + y * cols + x0, end = x + width; x < end; x++) out[x] = 0;
    }
  }
}
