// The shift test: a model's test accuracy with every test image moved by (dx, dy) pixels (zeros filled in), along
// each axis and, for the heat map, over the whole dx×dy grid; and with each image moved by its own random offset.
import { assert } from '../assert.js';
import { fillShifted, pixelValues, randomOffsets, type ImageOffsets } from '../data/shift.js';
import type { Dataset } from '../data/mnist.js';
import { yieldToEventLoop } from '../event-loop.js';
import { argmaxRow, type Model } from '../model.js';
import { Rng } from '../rng.js';
import { Tensor } from '../tensor.js';
import type { GradEngine } from './trainer.js';

export interface ShiftPoint {
  dx: number;
  dy: number;
  /** Fraction of the test images classified right, in [0, 1]. */
  accuracy: number;
}

/** The offsets of an axis sweep: every (d, 0) and (0, d) for |d| ≤ max, (0, 0) once. */
export function axisOffsets(max: number): [number, number][] {
  assert(Number.isInteger(max) && max >= 0, () => `shift sweep: the largest shift must be a whole number ≥ 0, got ${max}`);
  const out: [number, number][] = [];
  for (let d = -max; d <= max; d++) out.push([d, 0]);
  for (let d = -max; d <= max; d++) if (d !== 0) out.push([0, d]);
  return out;
}

/** Every (dx, dy) with |dx|, |dy| ≤ max, row by row (dy outer). */
export function gridOffsets(max: number): [number, number][] {
  assert(Number.isInteger(max) && max >= 0, () => `shift sweep: the largest shift must be a whole number ≥ 0, got ${max}`);
  const out: [number, number][] = [];
  for (let dy = -max; dy <= max; dy++) for (let dx = -max; dx <= max; dx++) out.push([dx, dy]);
  return out;
}

export interface SweepOptions {
  /** Runs the forward passes (e.g. data-parallel threads); defaults to the model. */
  engine?: Pick<GradEngine, 'infer'>;
  /** Called after each offset with how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Images per forward pass (default 1000). */
  batchSize?: number;
}

/** Each data set's pixel values, made once for all the offsets of its sweeps (kept while the data set lives). */
const values = new WeakMap<Uint8Array, Float32Array>();
function valuesOf(d: Dataset): Float32Array {
  let v = values.get(d.images);
  if (!v) values.set(d.images, (v = pixelValues(d)));
  return v;
}

/**
 * The fraction of `test` classified right with its images moved by `shift`: batches of shifted images written
 * straight from the data set's pixels (no shifted copy of it) and run through `engine.infer`.
 */
function shiftedAccuracy(engine: Pick<GradEngine, 'infer'>, test: Dataset, shift: readonly [number, number] | ImageOffsets, batchSize: number): number {
  assert(Number.isInteger(batchSize) && batchSize >= 1, () => `shift sweep: batch size must be a whole number ≥ 1, got ${batchSize}`);
  const values = valuesOf(test);
  const full = new Tensor([Math.min(batchSize, test.count), test.channels, test.rows, test.cols]);
  let correct = 0;
  for (let start = 0; start < test.count; start += batchSize) {
    const n = Math.min(batchSize, test.count - start);
    const x = n === full.shape[0] ? full : new Tensor([n, test.channels, test.rows, test.cols]);
    fillShifted(test, values, start, n, shift, x.data as Float32Array);
    const logits = engine.infer(x);
    const k = logits.shape[1];
    assert(k === test.classes, () => `shift sweep: the model scores ${k} classes, the data set has ${test.classes}`);
    for (let i = 0; i < n; i++) if (argmaxRow(logits.data, i * k, k) === test.labels[start + i]) correct++;
  }
  return correct / test.count;
}

/** Accuracy of `model` on `test` shifted by each offset. */
export function shiftSweep(model: Model, test: Dataset, offsets: readonly [number, number][], opts: SweepOptions = {}): ShiftPoint[] {
  return offsets.map(([dx, dy], i) => {
    const accuracy = shiftedAccuracy(opts.engine ?? model, test, [dx, dy], opts.batchSize ?? 1000);
    opts.onProgress?.(i + 1, offsets.length);
    return { dx, dy, accuracy };
  });
}

/**
 * The same, one offset at a time with the event loop let in between (a session keeps answering and training while
 * it runs).
 */
export async function shiftSweepAsync(model: Model, test: Dataset, offsets: readonly [number, number][], opts: SweepOptions = {}): Promise<ShiftPoint[]> {
  const out: ShiftPoint[] = [];
  for (const [dx, dy] of offsets) {
    await yieldToEventLoop();
    out.push(...shiftSweep(model, test, [[dx, dy]], { engine: opts.engine, batchSize: opts.batchSize }));
    opts.onProgress?.(out.length, offsets.length);
  }
  return out;
}

/** Accuracy with each test image moved by its own random offset in −k..k along each axis (seeded). */
export function randomShiftAccuracy(model: Model, test: Dataset, k: number, seed: number, engine: Pick<GradEngine, 'infer'> = model, batchSize = 1000): number {
  return shiftedAccuracy(engine, test, randomOffsets(test.count, k, new Rng(seed)), batchSize);
}
