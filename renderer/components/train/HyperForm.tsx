// The hyper-parameter form: each field shows what is wrong beside it; bad values are never sent.
import { useMemo } from 'react';
import { LABELS, validateForm, type NumericField } from '../../lib/config-form';
import { useStore } from '../../store';

const FIELDS: { field: NumericField; step: string; hint: string }[] = [
  { field: 'lr', step: 'any', hint: 'step size' },
  { field: 'batchSize', step: '1', hint: 'images per step' },
  { field: 'epochs', step: '1', hint: 'passes over the data' },
  { field: 'trainSize', step: '1', hint: 'first N of 60 000' },
  { field: 'lrDecay', step: 'any', hint: '× after each epoch' },
  { field: 'seed', step: '1', hint: 'init and shuffle order' },
  { field: 'momentum', step: 'any', hint: 'SGD only' },
];

export function HyperForm({ disabled }: { disabled: boolean }) {
  const form = useStore((s) => s.form);
  const trainCount = useStore((s) => s.trainCount);
  const setField = useStore((s) => s.setFormField);
  const result = useMemo(() => validateForm(form, trainCount || undefined), [form, trainCount]);
  const errors = result.errors ?? {};
  return (
    <fieldset className="hyper" disabled={disabled} data-testid="train.form">
      <label className="field">
        <span className="field-label">Optimizer</span>
        <select value={form.optimizer} onChange={(e) => setField('optimizer', e.target.value as 'adam' | 'sgd')} data-testid="train.optimizer">
          <option value="adam">Adam</option>
          <option value="sgd">SGD + momentum</option>
        </select>
      </label>
      {FIELDS.filter((f) => f.field !== 'momentum' || form.optimizer === 'sgd').map(({ field, step, hint }) => (
        <label key={field} className={errors[field] ? 'field invalid' : 'field'}>
          <span className="field-label">{LABELS[field]}</span>
          <input
            type="number"
            step={step}
            value={form[field]}
            onChange={(e) => setField(field, e.target.value)}
            aria-invalid={errors[field] ? true : undefined}
            aria-describedby={`hyper-${field}-msg`}
            data-testid={`train.${field}`}
          />
          <span id={`hyper-${field}-msg`} className={errors[field] ? 'field-error' : 'field-hint'} data-testid={errors[field] ? `train.${field}.error` : undefined}>
            {errors[field] ?? hint}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
