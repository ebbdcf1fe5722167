// The shift test's results (SVG): accuracy against the horizontal and the vertical shift, one line per model, and
// a dx×dy heat map per model; each line carries its values (data-values) for tests and screen readers.
import type { ShiftResult } from '../../../core/protocol';
import { axisCurves, heatColor } from '../../lib/compare';
import type { CompareEntry } from '../../store/compare';

const W = 250;
const H = 150;
const PAD = { left: 34, right: 8, top: 10, bottom: 22 };

function AxisChart({ axis, entries, results }: { axis: 'dx' | 'dy'; entries: readonly CompareEntry[]; results: Record<string, ShiftResult> }) {
  const shown = entries.filter((e) => results[e.model]);
  const max = Math.max(1, ...shown.map((e) => results[e.model].maxShift));
  const sx = (d: number) => PAD.left + ((d + max) / (2 * max)) * (W - PAD.left - PAD.right);
  const sy = (a: number) => PAD.top + (1 - a) * (H - PAD.top - PAD.bottom);
  return (
    <figure className="shift-chart" data-testid={`shift.chart.${axis}`}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`test accuracy against the ${axis === 'dx' ? 'horizontal' : 'vertical'} shift`}>
        <rect width={W} height={H} fill="#0f1520" />
        {[0, 0.25, 0.5, 0.75, 1].map((a) => (
          <g key={a}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(a)} y2={sy(a)} stroke="#263041" />
            <text x={PAD.left - 4} y={sy(a) + 3} textAnchor="end" className="axis-label">{`${a * 100}%`}</text>
          </g>
        ))}
        {[-max, -max / 2, 0, max / 2, max].map((d) => (
          <text key={d} x={sx(d)} y={H - 8} textAnchor="middle" className="axis-label">
            {d > 0 ? `+${d}` : d}
          </text>
        ))}
        {shown.map((e) => {
          const pts = axisCurves(results[e.model])[axis];
          return (
            <g key={e.model} data-testid={`shift.curve.${e.model}.${axis}`} data-points={pts.length} data-values={pts.map((p) => `${p.d}:${p.accuracy.toFixed(4)}`).join(' ')}>
              <polyline points={pts.map((p) => `${sx(p.d)},${sy(p.accuracy)}`).join(' ')} fill="none" stroke={e.color} strokeWidth={1.8} />
              {pts.map((p) => (
                <circle key={p.d} cx={sx(p.d)} cy={sy(p.accuracy)} r={2.2} fill={e.color}>
                  <title>{`${e.label}: ${axis} ${p.d} → ${(p.accuracy * 100).toFixed(1)} %`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>accuracy vs {axis === 'dx' ? 'horizontal shift dx (px)' : 'vertical shift dy (px)'}</figcaption>
    </figure>
  );
}

/** One model's accuracy over every (dx, dy): a square per offset, brighter = more accurate. */
function HeatMap({ entry, result }: { entry: CompareEntry; result: ShiftResult }) {
  const n = 2 * result.maxShift + 1;
  const cell = Math.floor(130 / n);
  return (
    <figure className="shift-heat" data-testid={`shift.heat.${entry.model}`} data-cells={result.grid?.length ?? 0}>
      <svg width={n * cell} height={n * cell} role="img" aria-label={`${entry.label}: accuracy for every shift`}>
        {result.grid!.map((p) => (
          <rect key={`${p.dx},${p.dy}`} x={(p.dx + result.maxShift) * cell} y={(p.dy + result.maxShift) * cell} width={cell} height={cell} fill={heatColor(p.accuracy)}>
            <title>{`dx ${p.dx}, dy ${p.dy}: ${(p.accuracy * 100).toFixed(1)} %`}</title>
          </rect>
        ))}
      </svg>
      <figcaption>
        <i className="swatch" style={{ background: entry.color }} />
        {entry.label}
      </figcaption>
    </figure>
  );
}

export function ShiftCharts({ entries, results }: { entries: readonly CompareEntry[]; results: Record<string, ShiftResult> }) {
  const withGrid = entries.filter((e) => results[e.model]?.grid);
  const withRandom = entries.filter((e) => results[e.model]?.random);
  const tested = entries.filter((e) => results[e.model]);
  if (tested.length === 0) return <p className="hint small">Run the shift test to see each model’s accuracy on the shifted test images.</p>;
  return (
    <div className="shift-charts">
      <div className="legend shift-legend">
        {tested.map((e) => (
          <span key={e.model} className="legend-item">
            <i style={{ background: e.color }} />
            {e.label}
          </span>
        ))}
        <span className="muted">{`${results[tested[0].model].testSize} test images, zeros shifted in`}</span>
      </div>
      <AxisChart axis="dx" entries={entries} results={results} />
      <AxisChart axis="dy" entries={entries} results={results} />
      {withGrid.length > 0 && (
        <div className="shift-heats">
          {withGrid.map((e) => (
            <HeatMap key={e.model} entry={e} result={results[e.model]} />
          ))}
          <div className="heat-scale small muted">
            <span style={{ background: `linear-gradient(90deg, ${[0, 0.5, 0.8, 0.95, 1].map(heatColor).join(', ')})` }} />
            0 % → 100 %, dx → right, dy ↓ down
          </div>
        </div>
      )}
      {withRandom.length > 0 && (
        <ul className="shift-random small" data-testid="shift.random">
          {withRandom.map((e) => {
            const r = results[e.model];
            return (
              <li key={e.model} data-testid={`shift.random.${e.model}`} data-accuracy={r.random!.accuracy}>
                <i className="swatch" style={{ background: e.color }} />
                {e.label}: {(r.random!.accuracy * 100).toFixed(1)} % with each image moved up to ±{r.random!.k} px at random (unshifted {(r.axis.find((p) => p.dx === 0 && p.dy === 0)!.accuracy * 100).toFixed(1)} %, {r.testSize} images, {r.seconds.toFixed(1)} s)
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
