// The last epoch's 10×10 confusion matrix (row = true class, column = predicted); clicking a cell lists the
// test images with that pair.
import type { EpochEvent } from '../../../core/train/trainer';
import { useStore } from '../../store';

export function ConfusionMatrix({ epoch }: { epoch: EpochEvent }) {
  const selected = useStore((s) => s.selectedCell);
  const select = useStore((s) => s.selectCell);
  const rowSums = Array.from({ length: 10 }, (_, r) => epoch.confusion.slice(r * 10, r * 10 + 10).reduce((a, b) => a + b, 0));
  return (
    <table className="confusion" data-testid="train.confusion">
      <thead>
        <tr>
          <th className="corner" title="true ↓ / predicted →">t\p</th>
          {Array.from({ length: 10 }, (_, c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: 10 }, (_, r) => (
          <tr key={r}>
            <th>{r}</th>
            {Array.from({ length: 10 }, (_, c) => {
              const n = epoch.confusion[r * 10 + c];
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
