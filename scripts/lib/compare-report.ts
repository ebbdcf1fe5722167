// Plain-text and JSON reports of the architecture comparison (scripts/compare.ts): one row per model, then the shift
// curves side by side (accuracy with every test image moved d pixels along x, then along y).
import type { ShiftPoint } from '../../core/train/shift-sweep.js';

/** One compared model: what it costs, how well it does, and how its accuracy falls as the images move. */
export interface CompareRun {
  name: string;
  params: number;
  /** Forward multiply-adds per image (core/analysis.ts specCost). */
  macs: number;
  /** Fraction of the test images classified right, unshifted: the (0,0) point of `shift`. */
  testAccuracy: number;
  /** Training time in seconds (with the trainer's test evaluation after each epoch); null for a model loaded from a file. */
  trainSeconds: number | null;
  /** Time the shift sweep (and the random-shift test) took, in seconds. */
  sweepSeconds: number;
  /** Every (d,0) then every (0,d), |d| ≤ the largest shift, (0,0) once (core's axisOffsets order). */
  shift: ShiftPoint[];
  randomShift?: { k: number; accuracy: number };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The summary table: name, params, MACs per image, test accuracy, train seconds (and random-shift accuracy). */
export function formatRunTable(runs: readonly CompareRun[]): string {
  const random = runs.find((r) => r.randomShift)?.randomShift;
  const w = Math.max(4, ...runs.map((r) => r.name.length));
  const head = `${'name'.padEnd(w)} ${pad('params', 9)} ${pad('MACs/image', 11)} ${pad('test acc', 9)} ${pad('train s', 8)}${random ? ` ${pad(`random ±${random.k}`, 10)}` : ''}`;
  const rows = runs.map((r) => {
    const train = r.trainSeconds === null ? '–' : r.trainSeconds.toFixed(1);
    const rnd = r.randomShift ? ` ${pad(pct(r.randomShift.accuracy), 10)}` : random ? ` ${pad('–', 10)}` : '';
    return `${r.name.padEnd(w)} ${pad(r.params.toLocaleString('en-US'), 9)} ${pad(r.macs.toLocaleString('en-US'), 11)} ${pad(pct(r.testAccuracy), 9)} ${pad(train, 8)}${rnd}`;
  });
  return [head, ...rows].join('\n');
}

/** Accuracy at (d,0) and (0,d) for d = −max..max, one column pair per model. */
export function formatShiftCurves(runs: readonly CompareRun[]): string {
  const at = (r: CompareRun, dx: number, dy: number) => r.shift.find((p) => p.dx === dx && p.dy === dy)?.accuracy;
  const max = Math.max(0, ...runs.flatMap((r) => r.shift.map((p) => Math.max(Math.abs(p.dx), Math.abs(p.dy)))));
  const w = Math.max(9, ...runs.map((r) => r.name.length + 2));
  const cols = runs.flatMap((r) => [`${r.name} x`, `${r.name} y`]);
  const lines = [`${pad('d', 3)} ${cols.map((c) => pad(c, w)).join(' ')}`];
  for (let d = -max; d <= max; d++) {
    const cells = runs.flatMap((r) => [at(r, d, 0), at(r, 0, d)]).map((a) => pad(a === undefined ? '–' : pct(a), w));
    lines.push(`${pad(d, 3)} ${cells.join(' ')}`);
  }
  return ['accuracy with every test image moved d pixels (x: right for d > 0, y: down for d > 0):', ...lines].join('\n');
}

/** The --json output: exactly one object, `{"runs": [...]}`. */
export function compareJson(runs: readonly CompareRun[]): string {
  return JSON.stringify({ runs });
}
