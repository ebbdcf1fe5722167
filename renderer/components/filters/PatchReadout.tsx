// What one output number is made of: the hovered cell's input patch × the weights, element by element, then
// the sum plus bias (the dot product of filter and patch). For a pooled cell: the 2×2 window and its winner.
import { fmt } from '../../lib/filters/colors';
import { patchProduct, poolWindow, type DesignerConfig, type DesignerResult } from '../../lib/filters/designer';
import type { Hover } from './PipelineView';

function ConvReadout({ result, cfg, hover }: { result: DesignerResult; cfg: DesignerConfig; hover: Hover }) {
  const p = patchProduct(result.input, cfg, result.pads, hover.oy, hover.ox);
  const out = result.conv.data[hover.oy * result.conv.w + hover.ox];
  const shown = hover.map === 'relu' ? result.activated.data[hover.oy * result.activated.w + hover.ox] : out;
  return (
    <div className="patch" data-testid="filters.patch" data-sum={p.sum} data-total={p.total} data-output={out} data-oy={hover.oy} data-ox={hover.ox}>
      <p className="patch-title">
        Output ({hover.oy}, {hover.ox}) of the {hover.map === 'relu' ? 'ReLU' : 'convolution'} map = patch × weights, summed, plus bias
      </p>
      <table className={`patch-table k${cfg.k}`} style={{ ['--k' as string]: cfg.k }}>
        <tbody>
          {Array.from({ length: cfg.k }, (_, r) => (
            <tr key={r}>
              {p.cells.slice(r * cfg.k, (r + 1) * cfg.k).map((c) => (
                <td key={c.kx} className={c.inside ? '' : 'pad-cell'} title={c.inside ? `input (${c.iy}, ${c.ix})` : `padding (${c.iy}, ${c.ix}) = 0`}>
                  <span className="x">{fmt(c.x)}</span>×<span className="w">{fmt(c.weight)}</span>
                  <span className="p">={fmt(c.product)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="patch-sum" data-testid="filters.patch-sum">
        Σ = {fmt(p.sum)} &nbsp;+ bias {fmt(p.bias)} &nbsp;= <strong>{fmt(p.total)}</strong>
        {hover.map === 'relu' && (
          <>
            {' '}
            → ReLU max(0, {fmt(p.total)}) = <strong>{fmt(shown)}</strong>
          </>
        )}
        <span className="muted"> (map value {fmt(shown)})</span>
      </p>
    </div>
  );
}

function PoolReadout({ result, hover }: { result: DesignerResult; hover: Hover }) {
  const w = poolWindow(result.activated, result.pooled!, hover.oy, hover.ox);
  return (
    <div className="patch" data-testid="filters.pool-window" data-winner={w.winner} data-value={w.value}>
      <p className="patch-title">
        Pooled ({hover.oy}, {hover.ox}) = the largest of its 2×2 window
      </p>
      <table className="patch-table">
        <tbody>
          {[0, 1].map((r) => (
            <tr key={r}>
              {w.cells.slice(r * 2, r * 2 + 2).map((c, i) => (
                <td key={i} className={r * 2 + i === w.winner ? 'winner' : ''} title={`(${c.iy}, ${c.ix})`}>
                  {fmt(c.value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="patch-sum">
        max = <strong>{fmt(w.value)}</strong>, from ({w.cells[w.winner]?.iy}, {w.cells[w.winner]?.ix})
      </p>
    </div>
  );
}

export function PatchReadout({ result, cfg, hover }: { result: DesignerResult; cfg: DesignerConfig; hover: Hover | null }) {
  if (!hover) return <p className="hint patch-hint">Hover a cell of an output map to see how it is computed.</p>;
  if (hover.map === 'pool') return result.pooled ? <PoolReadout result={result} hover={hover} /> : null;
  return <ConvReadout result={result} cfg={cfg} hover={hover} />;
}
