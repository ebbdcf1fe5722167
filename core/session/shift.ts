// eval:shift in the session: checks the request, then sweeps the shifts one offset at a time (the session answers
// and trains in between) and reports its progress with eval:progress events.
import { CoreError } from '../assert.js';
import { subset, type Dataset } from '../data/mnist.js';
import { now } from '../event-loop.js';
import type { Model } from '../model.js';
import type { Command, SessionEvent, ShiftResult } from '../protocol.js';
import { axisOffsets, gridOffsets, randomShiftAccuracy, shiftSweepAsync } from '../train/shift-sweep.js';

type ShiftCommand = Extract<Command, { type: 'eval:shift' }>;

export interface ShiftPlan {
  data: Dataset;
  axis: [number, number][];
  grid: [number, number][] | null;
  /** Offsets plus one for the random-shift accuracy, if asked for. */
  total: number;
}

/** Checks the request's numbers against the test set; throws naming the field and the range. */
export function planShiftTest(cmd: ShiftCommand, test: Dataset): ShiftPlan {
  const most = Math.min(test.rows, test.cols) - 1;
  if (!Number.isInteger(cmd.maxShift) || cmd.maxShift < 0 || cmd.maxShift > most) throw new CoreError(`eval:shift.maxShift: expected 0 to ${most} pixels, got ${cmd.maxShift}`);
  if (!Number.isInteger(cmd.randomK) || cmd.randomK < 0 || cmd.randomK > cmd.maxShift) throw new CoreError(`eval:shift.randomK: expected 0 to maxShift (${cmd.maxShift}), got ${cmd.randomK}`);
  if (!Number.isInteger(cmd.testSize) || cmd.testSize < 1) throw new CoreError(`eval:shift.testSize: expected a whole number ≥ 1, got ${cmd.testSize}`);
  const axis = axisOffsets(cmd.maxShift);
  const grid = cmd.grid ? gridOffsets(cmd.maxShift) : null;
  return { data: subset(test, cmd.testSize), axis, grid, total: axis.length + (grid?.length ?? 0) + (cmd.randomK > 0 ? 1 : 0) };
}

/** Runs the planned sweep on `model`, posting eval:progress after each step. */
export async function runShiftTest(cmd: ShiftCommand, model: Model, plan: ShiftPlan, post: (e: SessionEvent) => void): Promise<ShiftResult> {
  const t0 = now();
  const progress = (done: number) => post({ type: 'eval:progress', request: cmd.id, model: cmd.model, done, total: plan.total });
  const axis = await shiftSweepAsync(model, plan.data, plan.axis, { onProgress: progress });
  const grid = plan.grid ? await shiftSweepAsync(model, plan.data, plan.grid, { onProgress: (d) => progress(plan.axis.length + d) }) : null;
  const random = cmd.randomK > 0 ? { k: cmd.randomK, accuracy: randomShiftAccuracy(model, plan.data, cmd.randomK, 1) } : null;
  if (random) progress(plan.total);
  return { model: cmd.model, testSize: plan.data.count, maxShift: cmd.maxShift, axis, grid, random, seconds: (now() - t0) / 1000 };
}
