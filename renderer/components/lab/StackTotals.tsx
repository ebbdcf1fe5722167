// The edited stack's totals (parameters, multiply-adds and activation values per image) beside the same totals for
// the mlp preset, the convolution-free baseline a stack is measured against.
import { useMemo } from 'react';
import { preset } from '../../../core/presets';
import { specTotals, type Totals } from '../../lib/lab/stack-check';
import { count } from './format';

const ROWS: { key: keyof Totals; label: string; title: string }[] = [
  { key: 'params', label: 'Parameters', title: 'Weights and biases to learn' },
  { key: 'macs', label: 'Multiply-adds', title: 'Forward multiply-adds per image' },
  { key: 'activations', label: 'Activations', title: 'Values all layers output per image (kept for the backward pass)' },
];

/** The totals table (`lab.totals.<key>`, `lab.mlp.<key>`); `totals` is null while a layer is broken. */
export function StackTotals({ totals }: { totals: Totals | null }) {
  const mlp = useMemo(() => specTotals(preset('mlp')), []);
  return (
    <table className="lab-totals" data-testid="lab.totals" aria-label="Totals of the stack and of the mlp preset">
      <thead>
        <tr>
          <th>
            <span className="sr-only">total</span>
          </th>
          <th className="num">this stack</th>
          <th className="num">mlp preset</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map(({ key, label, title }) => (
          <tr key={key} title={title}>
            <th scope="row">{label}</th>
            <td className="num" data-testid={`lab.totals.${key}`} data-value={totals?.[key]}>
              {totals ? count(totals[key]) : '—'}
            </td>
            <td className="num muted" data-testid={`lab.mlp.${key}`} data-value={mlp[key]}>
              {count(mlp[key])}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
