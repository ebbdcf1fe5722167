// One layer of the edited stack: its kind and fields (edited in place), what it computes (output shape, parameters,
// weights without sharing for conv, multiply-adds per image, receptive field), its buttons, and what core says is
// wrong with it. The row itself takes the keyboard (stack-keys.ts).
import { forwardRef, type KeyboardEvent } from 'react';
import { describeLayer, layerLabel } from '../../../core/layers/registry';
import type { LayerSpec } from '../../../core/spec';
import { editableFields, fieldDefault, fieldValue } from '../../lib/lab/layer-fields';
import type { RowFigures } from '../../lib/lab/stack-check';
import type { StackAction } from '../../lib/lab/stack-editor';
import { count, shape } from './format';
import { LayerField } from './LayerField';

interface Props {
  index: number;
  count: number;
  layer: LayerSpec;
  figures: RowFigures | null;
  /** What core says is wrong with this layer, when it is the one it blames. */
  problem: string | null;
  edit(action: StackAction): void;
  insertBelow(index: number): void;
  onKeyDown(e: KeyboardEvent<HTMLLIElement>, index: number): void;
}

function Figures({ index, f }: { index: number; f: RowFigures }) {
  const id = (what: string) => `lab.row.${index}.${what}`;
  return (
    <div className="lab-figures">
      <span data-testid={id('shape')} title="Output shape per image">
        → {shape(f.outShape)}
      </span>
      <span data-testid={id('params')} data-value={f.params} title="Weights and biases">
        {count(f.params)} params
      </span>
      {f.unshared !== undefined && (
        <span className="muted" data-testid={id('unshared')} data-value={f.unshared} title="Weights a dense layer mapping the same input to the same output would need">
          {count(f.unshared)} without sharing
        </span>
      )}
      <span data-testid={id('macs')} data-value={f.macs} title="Forward multiply-adds per image">
        {count(f.macs)} MACs
      </span>
      <span data-testid={id('field')} title="Receptive field: the input pixels one unit of this layer depends on">
        sees {f.field[0]}×{f.field[1]}
      </span>
    </div>
  );
}

/** One focusable layer row (`lab.row.<i>`, with data-type, data-shape and data-params). */
export const StackRow = forwardRef<HTMLLIElement, Props>(function StackRow({ index, count: n, layer, figures, problem, edit, insertBelow, onKeyDown }, ref) {
  const label = layerLabel(layer);
  const button = (what: string, text: string, name: string, onClick: () => void, off = false) => (
    <button type="button" className="small" onClick={onClick} disabled={off} aria-label={`${name} (layer ${index}, ${label})`} title={name} data-testid={`lab.row.${index}.${what}`}>
      {text}
    </button>
  );
  return (
    <li
      ref={ref}
      tabIndex={0}
      className={problem ? 'lab-row invalid' : 'lab-row'}
      aria-label={`Layer ${index}: ${describeLayer(layer)}${problem ? ` — ${problem}` : ''}`}
      aria-invalid={problem ? true : undefined}
      onKeyDown={(e) => onKeyDown(e, index)}
      data-testid={`lab.row.${index}`}
      data-type={layer.type}
      data-shape={figures ? figures.outShape.join('x') : undefined}
      data-params={figures?.params}
    >
      <div className="lab-row-main">
        <span className="lab-index">{index}</span>
        <span className="lab-kind">{layer.type}</span>
        <div className="lab-fields">
          {editableFields(layer.type).map((key) => (
            <LayerField
              key={key}
              row={index}
              field={key}
              value={fieldValue(layer, key)}
              placeholder={fieldDefault(layer, key)}
              onChange={(value) => edit({ type: 'setField', at: index, key, value })}
              onCommit={() => edit({ type: 'commit' })}
            />
          ))}
        </div>
        <div className="lab-row-buttons">
          {button('up', '↑', 'Move up (Alt+↑)', () => edit({ type: 'move', from: index, to: index - 1 }), index === 0)}
          {button('down', '↓', 'Move down (Alt+↓)', () => edit({ type: 'move', from: index, to: index + 1 }), index === n - 1)}
          {button('duplicate', 'dup', 'Dup: duplicate the layer (Ctrl+D)', () => edit({ type: 'duplicate', at: index }))}
          {button('insert', '+', 'Add a layer below (Insert)', () => insertBelow(index))}
          {button('remove', '✕', 'Remove (Delete)', () => edit({ type: 'remove', at: index }))}
        </div>
      </div>
      {figures ? <Figures index={index} f={figures} /> : !problem && <div className="lab-figures muted">shape unknown until the layers above are fixed</div>}
      {problem && (
        <p className="lab-problem" role="alert" data-testid={`lab.row.${index}.problem`}>
          {problem}
        </p>
      )}
    </li>
  );
});
