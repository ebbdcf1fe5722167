// Per-class test accuracy as bars on an axis that starts near the weakest class (97–100 % would otherwise be ten
// bars of the same height), with each value printed and the axis's range said under the bars.

/**
 * The axis's bottom (percent) for accuracies in [0, 1]: a multiple of 5 at least one point below the weakest class
 * (97.3 % → 95), or 0 when a class is under 50 % (then the full scale shows the differences well enough).
 */
export function accuracyAxisMin(acc: readonly number[]): number {
  const min = Math.min(...acc) * 100;
  if (!Number.isFinite(min) || min < 50) return 0;
  return Math.max(0, Math.floor((min - 1) / 5) * 5);
}

/** A bar's height (percent of the plot) for accuracy a on an axis from `axisMin` % to 100 %: at least 2 so it shows. */
export function barHeight(a: number, axisMin: number): number {
  return Math.max(2, ((a * 100 - axisMin) / (100 - axisMin)) * 100);
}

export function PerClass({ acc, classNames }: { acc: number[]; classNames?: readonly string[] }) {
  const names = classNames && classNames.length === acc.length ? classNames : acc.map((_, i) => String(i));
  const worst = acc.indexOf(Math.min(...acc));
  const axisMin = accuracyAxisMin(acc);
  return (
    <figure className="perclass-figure">
      <ol className="perclass" data-testid="train.per-class" data-worst={worst} data-axis-min={axisMin}>
        {acc.map((a, d) => (
          <li key={d} className={d === worst ? 'worst' : undefined} title={`class ${names[d]}: ${(a * 100).toFixed(1)}%${d === worst ? ' (the weakest class)' : ''}`}>
            <span className="perclass-value">{(a * 100).toFixed(1)}</span>
            <span className="perclass-track">
              <span className="perclass-bar" style={{ height: `${barHeight(a, axisMin)}%` }} data-testid={`train.per-class.${d}`} />
            </span>
            <span className="perclass-label" title={names[d]}>
              {names[d].length <= 4 ? names[d] : `${names[d].slice(0, 4)}…`}
            </span>
          </li>
        ))}
      </ol>
      <figcaption className="muted small" data-testid="train.per-class.axis">
        {axisMin > 0 ? `bars from ${axisMin} % (bottom) to 100 %, not from 0: the differences are small` : 'bars from 0 to 100 %'}
      </figcaption>
    </figure>
  );
}
