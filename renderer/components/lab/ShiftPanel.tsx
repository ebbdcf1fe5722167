// Shift test (tolerance to position): the compared models' test accuracy with the test images moved by dx, dy up to
// ±6 px (curves per axis, a heat map per model, a random ±k offset), with progress while it runs; and the drawing
// shifted by hand, with every compared model's prediction beside it.
import { useState } from 'react';
import { useController } from '../../app/context';
import { compareBusy, SHIFT_MAX } from '../../app/lab';
import { useStore } from '../../store';
import { ShiftCharts } from './ShiftCharts';
import { ShiftPad } from './ShiftPad';

const TEST_SIZES = [500, 2000, 10000];

export function ShiftPanel() {
  const controller = useController();
  const entries = useStore((s) => s.compare);
  const results = useStore((s) => s.shiftResults);
  const progress = useStore((s) => s.shiftProgress);
  const busy = useStore(compareBusy);
  const current = useStore((s) => s.current);
  const testCount = useStore((s) => s.data?.testCount ?? 0);
  const [testSize, setTestSize] = useState(2000);
  const [k, setK] = useState(3);
  const [grid, setGrid] = useState(true);
  const running = Object.keys(progress).length > 0;
  const steps = (4 * SHIFT_MAX + 1 + (grid ? (2 * SHIFT_MAX + 1) ** 2 : 0) + 1) * entries.length;
  const run = () => void controller.lab.shiftTest({ testSize: Math.min(testSize, testCount || testSize), randomK: k, grid });
  return (
    <div className="shift">
      <div className="row">
        <label className="field small">
          <span className="field-label">test images</span>
          <select value={testSize} onChange={(e) => setTestSize(Number(e.target.value))} data-testid="shift.test-size" disabled={running}>
            {TEST_SIZES.map((n) => (
              <option key={n} value={n}>
                {n === 10000 ? 'all 10 000' : n}
              </option>
            ))}
          </select>
        </label>
        <label className="field small">
          <span className="field-label">random ±k px</span>
          <select value={k} onChange={(e) => setK(Number(e.target.value))} data-testid="shift.k" disabled={running}>
            {Array.from({ length: SHIFT_MAX }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="check small">
          <input type="checkbox" checked={grid} onChange={(e) => setGrid(e.target.checked)} disabled={running} data-testid="shift.grid" />
          dx×dy heat maps
        </label>
        <button className="primary" onClick={run} disabled={entries.length === 0 || busy || running} data-testid="shift.run" title={`${steps} evaluations of the test images`}>
          Run shift test (±{SHIFT_MAX} px)
        </button>
        {entries.length === 0 && (
          <button onClick={() => void controller.lab.loadShipped()} data-testid="shift.load-shipped">
            Load the shipped mlp and cnn
          </button>
        )}
      </div>
      {running && (
        <div className="shift-progress small" data-testid="shift.progress">
          {entries.map((e) =>
            progress[e.model] ? (
              <span key={e.model}>
                <i className="swatch" style={{ background: e.color }} />
                {e.label} <progress max={progress[e.model].total} value={progress[e.model].done} /> {progress[e.model].done}/{progress[e.model].total}
              </span>
            ) : null,
          )}
        </div>
      )}
      {entries.length === 0 ? (
        <p className="hint">Compare some models first (or load the shipped ones): the shift test runs on every compared model.</p>
      ) : (
        <ShiftCharts entries={entries} results={results} />
      )}
      {current && <ShiftPad model={current} entries={entries} />}
    </div>
  );
}
