// Shifted images for the shift test (tolerance to position): every image moved by (dx, dy) pixels with zeros filled
// in, and a whole dataset shifted the same way or each image by its own random offset.
import { assert } from '../assert.js';
import type { Rng } from '../rng.js';
import { imageSize, type Dataset } from './mnist.js';

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

/**
 * The copy behind shiftImage, at offsets into whole buffers: shifting a 10 000-image test set this way, without a
 * view per image, takes a few milliseconds, so the shift sweep's one thread does not keep the others waiting.
 */
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

/** A copy of `d` with every image shifted by (dx, dy). */
export function shiftDataset(d: Dataset, dx: number, dy: number): Dataset {
  return shiftEach(d, () => [dx, dy]);
}

/** A copy of `d` with each image shifted by its own offset, dx and dy drawn uniformly from −k..k. */
export function randomShiftDataset(d: Dataset, k: number, rng: Rng): Dataset {
  assert(Number.isInteger(k) && k >= 0, () => `randomShiftDataset: k must be a whole number ≥ 0, got ${k}`);
  return shiftEach(d, () => [rng.int(2 * k + 1) - k, rng.int(2 * k + 1) - k]);
}

function shiftEach(d: Dataset, offset: (i: number) => [number, number]): Dataset {
  const px = imageSize(d);
  // a new Uint8Array is all zeros: only the pixels that stay in the image are written
  const images = new Uint8Array(d.count * px);
  for (let i = 0; i < d.count; i++) {
    const [dx, dy] = offset(i);
    copyShifted(d.images, i * px, images, i * px, d.channels, d.rows, d.cols, dx, dy);
  }
  return { ...d, images };
}
