// The last epoch's K×K confusion matrix for K classes (row = true class, column = predicted; a class is named by its
// index); clicking a cell lists the test images with that pair.
import type { EpochEvent } from '../../../core/train/trainer';
import { useStore } from '../../store';

/** How many classes an epoch's results cover (one accuracy per class). */
export const classesIn = (epoch: EpochEvent): number => epoch.perClassAccuracy.length;

export function ConfusionMatrix({ epoch }: { epoch: EpochEvent }) {
  const selected = useStore((s) => s.selectedCell);
  const select = useStore((s) => s.selectCell);
  const k = classesIn(epoch);
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
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: k }, (_, r) => (
          <tr key={r}>
            <th scope="row">{r}</th>
            {Array.from({ length: k }, (_, c) => {
              const n = epoch.confusion[r * k + c];
              const f = rowSums[r] ? n / rowSums[r] : 0;
              const diag = r === c;
              const bg = diag ? `rgba(52, 211, 153, ${0.15 + 0.85 * f})` : n ? `rgba(251, 113, 133, ${Math.min(1, 0.15 + 6 * f)})` : 'transparent';
              const isSel = selected?.[0] === r && selected?.[1] === c;
              return (
                <td key={c} className={isSel ? 'sel' : undefined} style={{ background: bg }} title={`true ${r}, predicted ${c}: ${n}`}>
                  <button onClick={() => select(isSel ? null : [r, c])} disabled={n === 0} data-testid={`train.confusion.${r}.${c}`}>
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
