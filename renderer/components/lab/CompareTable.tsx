// The comparison table: one row per compared model with its size and cost (parameters, multiply-adds per image) and
// its results (wall time, images/s, train and test accuracy, test errors); open a model in Explore; export as CSV.
import { useController } from '../../app/context';
import { compareCsv, compareRow, type CompareRow } from '../../lib/compare';
import { useStore } from '../../store';
import type { CompareEntry } from '../../store/compare';
import { useThrottledValue } from '../maps/hooks';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)} %`);
const count = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US'));
const secs = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} s`);

export function CompareTable({ entries }: { entries: readonly CompareEntry[] }) {
  const controller = useController();
  // per-batch numbers (images/s, the wall clock): re-read twice a second, not per batch
  useThrottledValue((s) => s.runs, 500);
  useStore((s) => s.models);
  const now = performance.now();
  const rows = entries.map((e) => compareRow(useStore.getState(), e, now)).filter((r): r is CompareRow => r !== null);
  const exportCsv = async () => {
    const r = await controller.host.exportText(compareCsv(rows), 'compare-runs.csv');
    if (!r.ok && !r.canceled) useStore.getState().showError(`Could not export the CSV: ${r.error}`);
  };
  if (rows.length === 0) return null;
  return (
    <div className="compare-table">
      <table className="layers" data-testid="compare.table" aria-label="Compared models">
        <thead>
          <tr>
            <th>model</th>
            <th>status</th>
            <th title="weights and biases">params</th>
            <th title="multiply-adds of one forward pass, per image">MACs/image</th>
            <th title="from the run's start to its end">wall time</th>
            <th>images/s</th>
            <th>train acc</th>
            <th>test acc</th>
            <th>test errors</th>
            <th>
              <span className="sr-only">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} data-testid={`compare.row.${r.model}`} data-label={r.label} data-status={r.status} data-test-accuracy={r.testAccuracy ?? ''}>
              <td>
                <i className="swatch" style={{ background: r.color }} />
                {r.label}
              </td>
              <td>{r.status}</td>
              <td>{count(r.params)}</td>
              <td>{count(r.macs)}</td>
              <td>{secs(r.wallSeconds)}</td>
              <td>{r.imagesPerSec === null ? '—' : Math.round(r.imagesPerSec)}</td>
              <td>{pct(r.trainAccuracy)}</td>
              <td>{pct(r.testAccuracy)}</td>
              <td>{count(r.testErrors)}</td>
              <td>
                <button className="small link" onClick={() => controller.lab.open(r.model)} data-testid={`compare.open.${r.model}`} title="Show this model in the Explore workspace's panels">
                  open in Explore
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button className="small" onClick={() => void exportCsv()} data-testid="compare.csv">
        CSV
      </button>
    </div>
  );
}
