// The shift test: a model's test accuracy with every test image moved by (dx, dy) pixels (zeros filled in), along
// each axis and, for the heat map, over the whole dx×dy grid; and with each image moved by its own random offset.
import { assert } from '../assert.js';
import { randomShiftDataset, shiftDataset } from '../data/shift.js';
import type { Dataset } from '../data/mnist.js';
import type { Model } from '../model.js';
import { Rng } from '../rng.js';
import { evaluate, type GradEngine } from './trainer.js';

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
  engine?: GradEngine;
  /** Called after each offset with how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Images per forward pass (default 500). */
  batchSize?: number;
}

/** Accuracy of `model` on `test` shifted by each offset. */
export function shiftSweep(model: Model, test: Dataset, offsets: readonly [number, number][], opts: SweepOptions = {}): ShiftPoint[] {
  return offsets.map(([dx, dy], i) => {
    const accuracy = evaluate(model, dx === 0 && dy === 0 ? test : shiftDataset(test, dx, dy), opts.batchSize ?? 500, opts.engine ?? model).accuracy;
    opts.onProgress?.(i + 1, offsets.length);
    return { dx, dy, accuracy };
  });
}

/**
 * The same, one offset at a time with the event loop let in between (a session keeps answering and training while
 * it runs). `stopped()` is asked between offsets: true ends the sweep early with what it has.
 */
export async function shiftSweepAsync(model: Model, test: Dataset, offsets: readonly [number, number][], opts: SweepOptions = {}): Promise<ShiftPoint[]> {
  const out: ShiftPoint[] = [];
  for (const [dx, dy] of offsets) {
    await new Promise<void>((r) => setTimeout(r, 0));
    out.push(...shiftSweep(model, test, [[dx, dy]], { engine: opts.engine, batchSize: opts.batchSize }));
    opts.onProgress?.(out.length, offsets.length);
  }
  return out;
}

/** Accuracy with each test image moved by its own random offset in −k..k along each axis (seeded). */
export function randomShiftAccuracy(model: Model, test: Dataset, k: number, seed: number, engine: GradEngine = model, batchSize = 500): number {
  return evaluate(model, randomShiftDataset(test, k, new Rng(seed)), batchSize, engine).accuracy;
}
