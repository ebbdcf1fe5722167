// Pure helpers for the Lab's comparison and shift test: a colour per compared model, the table's rows from the store
// and their CSV, the shift curves' points and the heat map's cell colour.
import { specCost } from '../../core/analysis';
import type { ModelId, ShiftResult } from '../../core/protocol';
import type { AppState } from '../store';
import type { CompareEntry } from '../store/compare';
import { modelView, runOf } from '../store/select';

/** One colour per compared model, distinct on the dark chart (up to the session's 4 runs, plus spares). */
export const COMPARE_COLORS = ['#38bdf8', '#f59e0b', '#34d399', '#f472b6', '#a78bfa', '#facc15'] as const;

/**
 * Colours for `models` in order: a model keeps the colour it had in `previous`, new ones take the first colour
 * nobody uses yet (cycling when all are taken).
 */
export function assignColors(models: readonly ModelId[], previous: Readonly<Record<ModelId, string>> = {}): string[] {
  const used = new Set(models.map((m) => previous[m]).filter(Boolean));
  let next = 0;
  return models.map((m, i) => {
    if (previous[m]) return previous[m];
    while (next < COMPARE_COLORS.length && used.has(COMPARE_COLORS[next])) next++;
    const c = next < COMPARE_COLORS.length ? COMPARE_COLORS[next] : COMPARE_COLORS[i % COMPARE_COLORS.length];
    used.add(c);
    return c;
  });
}

export interface CompareRow {
  model: ModelId;
  label: string;
  color: string;
  status: string;
  params: number;
  /** Multiply-adds of one forward pass per image. */
  macs: number;
  /** From the run's start to its end (or to `now` while it runs); null for a shipped model. */
  wallSeconds: number | null;
  imagesPerSec: number | null;
  trainAccuracy: number | null;
  testAccuracy: number | null;
  testErrors: number | null;
}

/** The table row of one compared model, from the store (`now`: performance.now() for a run still going). */
export function compareRow(s: AppState, e: CompareEntry, now: number): CompareRow | null {
  const m = modelView(s, e.model);
  if (!m) return null;
  const run = e.kind === 'trained' ? runOf(s, e.model) : null;
  const last = run?.epochs[run.epochs.length - 1];
  const { macs } = specCost(m.summary.spec, m.summary.infos);
  const testCount = s.data?.testCount ?? null;
  const shippedAcc = e.kind === 'shipped' ? m.summary.meta.testAccuracy : null;
  const testAccuracy = last?.testAccuracy ?? shippedAcc;
  // a shipped model's file has its accuracy on the full test set, not its confusion matrix
  const testErrors = last ? offDiagonal(last.confusion) : shippedAcc !== null && testCount !== null ? Math.round((1 - shippedAcc) * testCount) : null;
  return {
    model: e.model,
    label: e.label,
    color: e.color,
    status: e.kind === 'shipped' ? 'shipped' : (run?.status ?? (m.starting ? 'starting' : 'idle')),
    params: m.summary.paramCount,
    macs,
    wallSeconds: e.startedAt === null ? null : ((e.endedAt ?? now) - e.startedAt) / 1000,
    imagesPerSec: run?.lastBatch?.imagesPerSec ?? null,
    trainAccuracy: last?.trainAccuracy ?? null,
    testAccuracy: testAccuracy ?? null,
    testErrors,
  };
}

/** The test images a k×k confusion matrix (row = true class) counts as wrong. */
export function offDiagonal(confusion: readonly number[]): number {
  const k = Math.round(Math.sqrt(confusion.length));
  return confusion.reduce((a, v, i) => (i % (k + 1) === 0 ? a : a + v), 0);
}

const num = (v: number | null, digits: number) => (v === null ? '' : v.toFixed(digits));

/** The comparison table as CSV (accuracies as fractions, one row per model). */
export function compareCsv(rows: readonly CompareRow[]): string {
  const head = 'model,status,params,macs_per_image,wall_seconds,images_per_sec,train_accuracy,test_accuracy,test_errors';
  const esc = (t: string) => (/[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  const body = rows.map((r) => [esc(r.label), r.status, r.params, r.macs, num(r.wallSeconds, 1), num(r.imagesPerSec, 0), num(r.trainAccuracy, 4), num(r.testAccuracy, 4), r.testErrors ?? ''].join(','));
  return [head, ...body].join('\n') + '\n';
}

/** A shift test's axis sweep as two curves: accuracy against dx (dy = 0) and against dy (dx = 0), by offset. */
export function axisCurves(r: ShiftResult): { dx: { d: number; accuracy: number }[]; dy: { d: number; accuracy: number }[] } {
  const dx = r.axis.filter((p) => p.dy === 0).map((p) => ({ d: p.dx, accuracy: p.accuracy }));
  const dy = r.axis.filter((p) => p.dx === 0).map((p) => ({ d: p.dy, accuracy: p.accuracy }));
  return { dx: dx.sort((a, b) => a.d - b.d), dy: dy.sort((a, b) => a.d - b.d) };
}

/** Stops of the heat map's scale, from 0 (dark blue) through teal to 1 (pale yellow). */
const HEAT_STOPS: [number, [number, number, number]][] = [
  [0, [15, 23, 42]],
  [0.5, [30, 64, 175]],
  [0.8, [13, 148, 136]],
  [0.95, [132, 204, 22]],
  [1, [254, 240, 138]],
];

/** The heat map's colour for an accuracy in [0, 1] (clamped), as "rgb(r, g, b)". */
export function heatColor(accuracy: number): string {
  const a = Math.max(0, Math.min(1, Number.isFinite(accuracy) ? accuracy : 0));
  let i = 1;
  while (i < HEAT_STOPS.length - 1 && a > HEAT_STOPS[i][0]) i++;
  const [a0, c0] = HEAT_STOPS[i - 1];
  const [a1, c1] = HEAT_STOPS[i];
  const t = (a - a0) / (a1 - a0);
  const [r, g, b] = c0.map((v, k) => Math.round(v + (c1[k] - v) * t));
  return `rgb(${r}, ${g}, ${b})`;
}
