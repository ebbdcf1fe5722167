// Pure helpers for the training curves: smoothing per N batches, the zoomed view, and CSV export.
import type { EpochEvent } from '../../core/train/trainer';
import type { BatchSeries } from '../store/training';

/** Means of consecutive windows of `n` values; each point sits at the window's last step (1-based). */
export function smooth(values: readonly number[], n: number): { x: number; y: number }[] {
  const w = Math.max(1, Math.floor(n));
  const out: { x: number; y: number }[] = [];
  for (let start = 0; start < values.length; start += w) {
    const end = Math.min(values.length, start + w);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i];
    out.push({ x: end, y: sum / (end - start) });
  }
  return out;
}

export interface View {
  /** Visible step range [x0, x1]. */
  x0: number;
  x1: number;
}

/** Zooms the view by `factor` (< 1 zooms in) around step `at`, staying inside [0, total]. */
export function zoomView(v: View, factor: number, at: number, total: number): View {
  const span = Math.min(total, Math.max(4, (v.x1 - v.x0) * factor));
  let x0 = at - (at - v.x0) * (span / (v.x1 - v.x0));
  x0 = Math.max(0, Math.min(total - span, x0));
  return { x0, x1: x0 + span };
}

/** Moves the view by `dx` steps, staying inside [0, total]. */
export function panView(v: View, dx: number, total: number): View {
  const span = v.x1 - v.x0;
  const x0 = Math.max(0, Math.min(total - span, v.x0 + dx));
  return { x0, x1: x0 + span };
}

/** One CSV row per batch; epoch-end rows also carry the test loss and accuracy. */
export function curvesCsv(series: BatchSeries, epochs: readonly EpochEvent[]): string {
  const rows = ['step,epoch,batch,train_loss,train_accuracy,test_loss,test_accuracy'];
  const per = series.batchesPerEpoch || 1;
  for (let i = 0; i < series.length; i++) {
    const epoch = Math.floor(i / per);
    const endOfEpoch = series.epochEnds.indexOf(i + 1);
    const ev = endOfEpoch >= 0 ? epochs[endOfEpoch] : undefined;
    rows.push([i + 1, epoch + 1, (i % per) + 1, series.loss[i].toFixed(6), series.accuracy[i].toFixed(6), ev ? ev.testLoss.toFixed(6) : '', ev ? ev.testAccuracy.toFixed(6) : ''].join(','));
  }
  return rows.join('\n') + '\n';
}
