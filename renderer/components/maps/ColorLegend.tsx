// A colour-scale legend: the gradient bar with its end and middle values (diverging blue–white–red or gray).
import { cssColor, fmt, legendStops, NEG, POS, ZERO, type ColorScale } from '../../lib/filters/colors';

export function ColorLegend({ scale, label, testId }: { scale: ColorScale; label?: string; testId?: string }) {
  const gradient =
    scale.kind === 'diverging' ? `linear-gradient(to right, ${cssColor(NEG)}, ${cssColor(ZERO)}, ${cssColor(POS)})` : 'linear-gradient(to right, #000, #fff)';
  const [lo, mid, hi] = legendStops(scale);
  return (
    <div className="color-legend" data-testid={testId} data-kind={scale.kind} data-lo={lo} data-hi={hi}>
      {label && <span className="color-legend-label">{label}</span>}
      <span className="color-legend-body">
        <span className="color-legend-bar" style={{ background: gradient }} />
        <span className="color-legend-ticks">
          <span>{fmt(lo)}</span>
          <span>{fmt(mid)}</span>
          <span>{fmt(hi)}</span>
        </span>
      </span>
    </div>
  );
}
