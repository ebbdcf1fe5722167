// The last epoch's K×K confusion matrix for K classes (row = true class, column = predicted; rows say the class's name,
// columns its index or a short name); clicking a cell lists the test images with that pair.
import type { EpochEvent } from '../../../core/train/trainer';
import { useStore } from '../../store';

/** How many classes an epoch's results cover (one accuracy per class). */
export const classesIn = (epoch: EpochEvent): number => epoch.perClassAccuracy.length;

/** The data set's class names when they fit `k` classes, else '0'..'k-1'. */
export function namesFor(k: number, names: readonly string[] | undefined): readonly string[] {
  return names && names.length === k ? names : Array.from({ length: k }, (_, i) => String(i));
}

/** A column header: the name itself when short, else its first letters (the full name is the header's title). */
export const shortName = (name: string): string => (name.length <= 4 ? name : `${name.slice(0, 4)}…`);

/**
 * The count's colour on a cell tinted green (diagonal) or red at this opacity over the panel: white while that keeps
 * 4.5:1 contrast (WCAG AA), black beyond (green from 0.575, red from 0.7: where white falls below 4.5:1).
 */
export function cellText(alpha: number, diag: boolean): string {
  return alpha >= (diag ? 0.575 : 0.7) ? '#000' : '#fff';
}

export function ConfusionMatrix({ epoch, classNames }: { epoch: EpochEvent; classNames?: readonly string[] }) {
  const selected = useStore((s) => s.selectedCell);
  const select = useStore((s) => s.selectCell);
  const k = classesIn(epoch);
  const names = namesFor(k, classNames);
  const rowSums = Array.from({ length: k }, (_, r) => epoch.confusion.slice(r * k, r * k + k).reduce((a, b) => a + b, 0));
  return (
    <table className="confusion" data-testid="train.confusion">
      <caption className="confusion-caption">rows: true class ↓ · columns: predicted class →</caption>
      <thead>
        <tr>
          <th className="corner" scope="col" title="rows: true class ↓, columns: predicted class →" aria-label="true class down, predicted class across">
            <span>true ↓</span>
            <span>pred →</span>
          </th>
          {Array.from({ length: k }, (_, c) => (
            <th key={c} scope="col" title={names[c]} data-testid={`train.confusion.col.${c}`}>
              {shortName(names[c])}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: k }, (_, r) => (
          <tr key={r}>
            <th scope="row" data-testid={`train.confusion.row.${r}`}>
              {names[r]}
            </th>
            {Array.from({ length: k }, (_, c) => {
              const n = epoch.confusion[r * k + c];
              const f = rowSums[r] ? n / rowSums[r] : 0;
              const diag = r === c;
              const alpha = diag ? 0.15 + 0.85 * f : n ? Math.min(1, 0.15 + 6 * f) : 0;
              const bg = alpha ? `rgba(${diag ? '52, 211, 153' : '251, 113, 133'}, ${alpha})` : 'transparent';
              const isSel = selected?.[0] === r && selected?.[1] === c;
              return (
                <td key={c} className={isSel ? 'sel' : undefined} style={{ background: bg }} title={`true ${names[r]}, predicted ${names[c]}: ${n}`}>
                  <button onClick={() => select(isSel ? null : [r, c])} disabled={n === 0} style={{ color: cellText(alpha, diag) }} data-testid={`train.confusion.${r}.${c}`}>
                    {n}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
