// Validation and figures of an edited stack (pure, microseconds for 30 layers: inferShapes + specCost, no Model):
// per row its output shape, parameters, weights without sharing, multiply-adds and receptive field; the row core
// blames and its message; the totals; and whether the stack fits the data set and this machine's budget.
import { checkBudget, checkEpochTime, specCost } from '../../../core/analysis';
import type { DataSummary } from '../../../core/protocol';
import { assertClassifier, inferShapes, SpecError, type LayerInfo, type ModelSpec } from '../../../core/spec';

export interface RowFigures {
  outShape: number[];
  params: number;
  /** Conv only: the weights a dense layer with the same input and output would need. */
  unshared?: number;
  /** Forward multiply-adds per image. */
  macs: number;
  /** Receptive field of one unit, [height, width] in input pixels. */
  field: [number, number];
}

export interface Totals {
  params: number;
  macs: number;
  activations: number;
}

export interface StackProblem {
  /** The offending layer's index, or null for the stack as a whole (its input, its size, the epoch time). */
  row: number | null;
  message: string;
}

export interface StackCheck {
  /** Figures for every layer that could be worked out (the ones before a broken layer), else null. */
  rows: (RowFigures | null)[];
  /** Totals of the whole stack, when every layer's shape could be worked out. */
  totals: Totals | null;
  /** The first problem found, or null when the stack can be trained. */
  problem: StackProblem | null;
}

/** What the check compares the stack with: the data set's shape and classes, and the images one epoch trains on. */
export interface CheckContext {
  data: Pick<DataSummary, 'input' | 'classes'> | null;
  /** Training images per epoch (the training form's value), for the epoch-time estimate; skipped when null. */
  trainImages: number | null;
}

const figures = (spec: ModelSpec, infos: LayerInfo[]): RowFigures[] => {
  const cost = specCost(spec, infos);
  return infos.map((info, i) => ({ outShape: info.outShape, params: info.params, unshared: info.paramsWithoutSharing, macs: cost.layers[i].macs, field: cost.layers[i].field }));
};

const totalsOf = (spec: ModelSpec, infos: LayerInfo[]): Totals => {
  const c = specCost(spec, infos);
  return { params: c.params, macs: c.macs, activations: c.activations };
};

const asProblem = (e: unknown): StackProblem => (e instanceof SpecError ? { row: e.layer, message: e.message } : { row: null, message: (e as Error).message });

/** Figures of the layers before `row` (they are fine even when `row` is not). */
function prefixRows(spec: ModelSpec, row: number | null): (RowFigures | null)[] {
  const blank = spec.layers.map((): RowFigures | null => null);
  if (row === null || row <= 0) return blank;
  const prefix = { ...spec, layers: spec.layers.slice(0, row) };
  try {
    return [...figures(prefix, inferShapes(prefix)), ...blank.slice(row)];
  } catch {
    return blank;
  }
}

/** Checks a stack layer by layer, then against the data, then against the budget; figures for whatever is valid. */
export function checkStack(spec: ModelSpec, ctx: CheckContext): StackCheck {
  if (spec.layers.length === 0) return { rows: [], totals: null, problem: { row: null, message: 'the stack is empty: add layers, or start from a preset' } };
  let infos: LayerInfo[];
  try {
    infos = inferShapes(spec);
  } catch (e) {
    const problem = asProblem(e);
    return { rows: prefixRows(spec, problem.row), totals: null, problem };
  }
  const rows = figures(spec, infos);
  const totals = totalsOf(spec, infos);
  const fail = (problem: StackProblem): StackCheck => ({ rows, totals, problem });
  const { data, trainImages } = ctx;
  if (data && spec.input.join() !== data.input.join()) {
    return fail({ row: null, message: `input: the data set's images are ${data.input.join('×')}, the stack takes ${spec.input.join('×')}` });
  }
  try {
    assertClassifier(spec, data?.classes);
    checkBudget(spec, infos);
    if (trainImages !== null) checkEpochTime(totals.macs, trainImages);
  } catch (e) {
    return fail(asProblem(e));
  }
  return { rows, totals, problem: null };
}

/** The totals of a spec known to be valid (e.g. a preset shown for comparison). */
export function specTotals(spec: ModelSpec): Totals {
  return totalsOf(spec, inferShapes(spec));
}
