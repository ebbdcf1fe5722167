// One field of a layer, edited in place like the training form: a bad value shows its message beside the field and
// is not applied; a good one is applied at once (typing on in the same field stays one undo step).
import { useEffect, useState } from 'react';
import { checkLayerField, FIELDS, fieldText, type FieldKey, type FieldValue } from '../../lib/lab/layer-fields';

interface Props {
  row: number;
  field: FieldKey;
  value: FieldValue;
  /** What the field means when left empty (optional fields only). */
  placeholder?: string;
  onChange(value: FieldValue): void;
  /** The field lost focus: the next change is a new undo step. */
  onCommit(): void;
}

/** One layer field's input with its message; test ids `lab.row.<i>.<field>` and `….error`. */
export function LayerField({ row, field, value, placeholder, onChange, onCommit }: Props) {
  const def = FIELDS[field];
  const [draft, setDraft] = useState<{ text: string; error: string } | null>(null);
  // a new value from elsewhere (undo, a move, a loaded stack) replaces a bad draft
  useEffect(() => setDraft(null), [value]);
  const id = `lab-${row}-${field}`;
  const edit = (text: string) => {
    const r = checkLayerField(field, text);
    if ('error' in r) return setDraft({ text, error: r.error });
    setDraft(null);
    onChange(r.value);
  };
  return (
    <label className={draft ? 'lab-field invalid' : 'lab-field'} title={def.hint}>
      <span className="field-label">{def.label}</span>
      <input
        type="text"
        inputMode={field === 'padding' ? 'text' : 'numeric'}
        list={field === 'padding' ? 'lab-padding-values' : undefined}
        size={field === 'padding' ? 5 : 3}
        value={draft?.text ?? fieldText(value)}
        placeholder={placeholder}
        onChange={(e) => edit(e.target.value)}
        onBlur={onCommit}
        aria-invalid={draft ? true : undefined}
        aria-describedby={draft ? `${id}-msg` : undefined}
        data-testid={`lab.row.${row}.${field}`}
      />
      {draft && (
        <span id={`${id}-msg`} className="field-error" role="alert" data-testid={`lab.row.${row}.${field}.error`}>
          {draft.error}
        </span>
      )}
    </label>
  );
}
