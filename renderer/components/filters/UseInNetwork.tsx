// "Use in network": put the designed filter into a channel of the first conv layer, frozen or as a trainable
// start; and the comparison of a run with the designed filter against an all-learned run.
import { memo, useEffect, useState } from 'react';
import type { ModelId } from '../../../core/protocol';
import { useController } from '../../app/context';
import { useStore } from '../../store';
import { isBusy, modelView, runOf, statusOf } from '../../store/select';
import type { RunRecord } from '../../store/filters';
import { describeFilter, designScale, firstConv, formatScale, mismatch, placementNote, putFilter, startComparisonRun, thin } from './network';

/** The runs' series as lines on one small chart, scaled to their joint range, with the range's ends labelled. */
function Curve({ runs, pick, label }: { runs: RunRecord[]; pick: (r: RunRecord) => number[]; label: (v: number) => string }) {
  const W = 220;
  const H = 70;
  const all = runs.flatMap(pick);
  if (all.length === 0) return null;
  const pad = (Math.max(...all) - Math.min(...all)) * 0.05 || 0.01;
  const hi = Math.max(...all) + pad;
  const lo = Math.min(...all) - pad;
  // a single value (a one-epoch run) sits in the middle, clear of the range labels
  const x = (i: number, n: number) => (n === 1 ? W / 2 : (i / (n - 1)) * W);
  const path = (v: number[]) => v.map((y, i) => `${x(i, v.length).toFixed(1)},${(H - ((y - lo) / (hi - lo)) * H).toFixed(1)}`).join(' ');
  return (
    <svg width={W} height={H} className="compare-curve" viewBox={`0 0 ${W} ${H}`}>
      {runs.map((r) => {
        const v = pick(r);
        const color = r.kind === 'designed' ? '#f87171' : '#60a5fa';
        return (
          <g key={r.kind}>
            <polyline points={path(v)} fill="none" stroke={color} strokeWidth={2} />
            {v.length <= 20 && path(v).split(' ').map((p, i) => <circle key={i} cx={p.split(',')[0]} cy={p.split(',')[1]} r={2.5} fill={color} />)}
          </g>
        );
      })}
      <text x={3} y={10} fontSize={9} fill="#8a99ad">
        {label(hi)}
      </text>
      <text x={3} y={H - 3} fontSize={9} fill="#8a99ad">
        {label(lo)}
      </text>
    </svg>
  );
}

function RunRow({ run }: { run: RunRecord }) {
  const final = run.testAccuracy[run.testAccuracy.length - 1];
  return (
    <tr data-testid={`filters.compare.${run.kind}`} data-final={final ?? ''}>
      <td className={`swatch-${run.kind}`}>{run.kind === 'designed' ? 'with designed filter' : 'all learned'}</td>
      <td>{final === undefined ? '—' : `${(final * 100).toFixed(2)}%`}</td>
      <td>{run.testAccuracy.map((a) => `${(a * 100).toFixed(1)}`).join(' → ')}</td>
      <td className="muted">
        {run.ended}, {run.trainSize} images, seed {run.seed}
        {run.filter ? `; ${run.filter}` : ''}
      </td>
    </tr>
  );
}

/** Records the pending comparison run when its model's training ends (mounted once, in the designer). */
export function useRecordComparison(): void {
  useEffect(
    () =>
      useStore.subscribe((s, prev) => {
        const pending = s.comparison.pending;
        if (!pending) return;
        const model = pending.model;
        const status = statusOf(s, model);
        const run = runOf(s, model);
        if (!run || status === statusOf(prev, model) || !['done', 'stopped', 'failed'].includes(status)) return;
        const acc = run.epochs.map((e) => e.testAccuracy);
        const planned = run.config.epochs;
        s.recordRun({
          kind: pending.kind,
          testAccuracy: acc,
          loss: thin(run.series.loss),
          ended: status === 'done' ? `${acc.length} epoch${acc.length === 1 ? '' : 's'}` : `${status} after ${acc.length} of ${planned} epochs`,
          epochsPlanned: planned,
          trainSize: run.config.trainSize,
          seed: run.config.seed,
          filter: pending.filter,
        });
      }),
    [],
  );
}

export const UseInNetwork = memo(function UseInNetwork({ model }: { model: ModelId }) {
  const controller = useController();
  const spec = useStore((s) => modelView(s, model)?.summary.spec ?? null);
  const k = useStore((s) => s.designer.k);
  const training = useStore((s) => isBusy(statusOf(s, model)));
  const comparison = useStore((s) => s.comparison);
  const [channel, setChannel] = useState(0);
  const [frozen, setFrozen] = useState(true);
  const [scaled, setScaled] = useState(true);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const target = spec ? firstConv(spec) : null;
  const why = mismatch(spec, k);
  const ch = target ? Math.min(channel, target.filters - 1) : 0;
  const placement = !why && target ? placementNote(target, k, frozen) : null;
  const designer = useStore((s) => s.designer);
  const scale = !why && target ? designScale(designer, target.inC, target.kernel, true) : 1;

  const run = async (what: () => Promise<void>, done: string) => {
    setBusy(true);
    setNote(null);
    try {
      await what();
      setNote(done);
    } catch (err) {
      useStore.getState().showError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  // "Started a run…" is stale once a comparison run is recorded
  useEffect(() => setNote(null), [comparison.designed, comparison.learned]);
  const d = () => useStore.getState().designer;
  const runs = [comparison.designed, comparison.learned].filter((r): r is RunRecord => r !== null);

  return (
    <div className="use-in-network" data-testid="filters.network">
      <h3>Use in the network</h3>
      {why ? (
        <p className="field-error" data-testid="filters.network-mismatch">
          {why}
        </p>
      ) : (
        <div className="row">
          <label className="field">
            <span>Channel of layer 0 (conv {target!.kernel}×{target!.kernel})</span>
            <select value={ch} data-testid="filters.network-channel" onChange={(e) => setChannel(Number(e.target.value))}>
              {Array.from({ length: target!.filters }, (_, i) => (
                <option key={i} value={i}>
                  {i}
                  {target!.frozen.includes(i) ? ' (frozen)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="radio" checked={frozen} onChange={() => setFrozen(true)} data-testid="filters.network-frozen" /> frozen
          </label>
          <label className="check">
            <input type="radio" checked={!frozen} onChange={() => setFrozen(false)} data-testid="filters.network-trainable" /> trainable start
          </label>
          <label className="check" title="Multiplies the filter and its bias so the filter has the size (L2 norm √2) the layer's own filters start with. What it detects stays the same; its map is smaller, in the range the next layers expect. Unscaled textbook kernels (a 5×5 Sobel has norm 26.5) make a frozen channel dominate and training suffers.">
            <input type="checkbox" checked={scaled} onChange={(e) => setScaled(e.target.checked)} data-testid="filters.network-scaled" /> scale to the layer's initial size (×{formatScale(scale)})
          </label>
          <button disabled={busy || training} data-testid="filters.use" onClick={() => void run(() => putFilter(controller, d(), ch, frozen, scaled), `Put ${describeFilter(d(), ch, frozen, target!.kernel, designScale(d(), target!.inC, target!.kernel, scaled))}. Train from the training panel.`)}>
            Use in network
          </button>
        </div>
      )}
      {placement && (
        <p className="hint" data-testid="filters.network-placement">
          {placement}
        </p>
      )}
      {note && (
        <p className="hint" data-testid="filters.network-note">
          {note}
        </p>
      )}
      <details className="compare" open={runs.length > 0}>
        <summary>Compare: designed filter vs all learned</summary>
        <p className="hint">
          Each button rebuilds the current architecture with fresh weights from the training seed and trains it with the training panel's settings — one
          run with your filter in channel {ch} ({frozen ? 'frozen' : 'trainable'}{scaled ? `, scaled ×${formatScale(scale)}` : ''}), one with every filter learned. The results stay here.
        </p>
        <div className="row">
          <button disabled={busy || training || why !== null} data-testid="filters.compare-designed" onClick={() => void run(() => startComparisonRun(controller, 'designed', d(), ch, frozen, scaled), 'Started a run with the designed filter; its result appears below when it ends.')}>
            Train with my filter
          </button>
          <button disabled={busy || training || !spec} data-testid="filters.compare-learned" onClick={() => void run(() => startComparisonRun(controller, 'learned', d(), ch, frozen, scaled), 'Started an all-learned run; its result appears below when it ends.')}>
            Train all learned
          </button>
          {runs.length > 0 && <button onClick={() => useStore.getState().clearComparison()}>Clear</button>}
        </div>
        {comparison.pending && <p className="hint">Recording this run ({comparison.pending.kind}) when it ends.</p>}
        {runs.length > 0 && (
          <>
            <table className="compare-table">
              <thead>
                <tr>
                  <th>run</th>
                  <th>final test acc.</th>
                  <th>per epoch (%)</th>
                  <th>settings</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <RunRow key={r.kind} run={r} />
                ))}
              </tbody>
            </table>
            <div className="row">
              <figure>
                <Curve runs={runs} pick={(r) => r.loss} label={(v) => v.toFixed(2)} />
                <figcaption>training loss per batch (red: designed, blue: learned)</figcaption>
              </figure>
              <figure>
                <Curve runs={runs} pick={(r) => r.testAccuracy} label={(v) => `${(v * 100).toFixed(1)}%`} />
                <figcaption>test accuracy per epoch</figcaption>
              </figure>
            </div>
            {runs.length === 2 && runs[0].trainSize !== runs[1].trainSize && <p className="field-error">The two runs used different settings; compare with care.</p>}
          </>
        )}
      </details>
    </div>
  );
});
