// Exact values: an input for the selected grid cell and one for the bias. Invalid text shows a message and
// leaves the value unchanged.
import { memo, useEffect, useState } from 'react';
import { fmt } from '../../lib/filters/colors';
import { parseWeight } from '../../lib/filters/edit';
import { useStore } from '../../store';
import { CELL_INPUT_ID } from './WeightGrid';

function NumberField({ id, label, value, onCommit, testId, disabled }: { id?: string; label: string; value: number; onCommit: (v: number) => void; testId: string; disabled?: boolean }) {
  const [text, setText] = useState(fmt(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(String(Number(value.toFixed(6))));
    setError(null);
  }, [value]);
  const commit = () => {
    const r = parseWeight(text);
    if (!r.ok) return setError(r.error);
    setError(null);
    onCommit(r.value);
  };
  return (
    <label className="field">
      <span>{label}</span>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        disabled={disabled}
        data-testid={testId}
        aria-invalid={error !== null}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(String(value));
            setError(null);
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </label>
  );
}

export const CellEditor = memo(function CellEditor() {
  const k = useStore((s) => s.designer.k);
  const selected = useStore((s) => s.designer.selected);
  const value = useStore((s) => (s.designer.selected === null ? 0 : s.designer.weights[s.designer.selected]));
  const bias = useStore((s) => s.designer.bias);
  const where = selected === null ? 'no cell selected' : `row ${Math.floor(selected / k) + 1}, column ${(selected % k) + 1}`;
  return (
    <div className="cell-editor">
      <NumberField
        key={selected ?? -1}
        id={CELL_INPUT_ID}
        label={`Weight (${where})`}
        value={value}
        disabled={selected === null}
        testId="filters.cell-input"
        onCommit={(v) => selected !== null && useStore.getState().setWeight(selected, v)}
      />
      <NumberField label="Bias" value={bias} testId="filters.bias-input" onCommit={(v) => useStore.getState().setDesigner({ bias: v })} />
      <p className="hint">Click a cell to select it, drag up/down to change it, or type a value and press Enter. Keyboard: arrows choose a cell, + − (Page Up/Down: ±0.5) change it, Enter types it.</p>
    </div>
  );
});
