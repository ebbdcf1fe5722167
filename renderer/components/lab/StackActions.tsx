// Apply and Train for the edited stack, with the two training-form fields a short run needs (they write the same
// form fields the Explore workspace's form shows). Both buttons are disabled with the reason while they cannot work.
import type { ModelId } from '../../../core/protocol';
import type { ModelSpec } from '../../../core/spec';
import { useController } from '../../app/context';
import { applyStack, trainStack } from '../../app/lab-actions';
import { checkField, validateForm, type NumericField } from '../../lib/config-form';
import { useStore } from '../../store';
import { isBusy, statusOf } from '../../store/select';

interface Props {
  model: ModelId;
  spec: ModelSpec;
  /** Why the stack cannot be trained (core's message), or null. */
  problem: string | null;
}

function FormField({ field, label, disabled }: { field: NumericField; label: string; disabled: boolean }) {
  const text = useStore((s) => s.form[field]);
  const trainCount = useStore((s) => s.data?.trainCount);
  const setField = useStore((s) => s.setFormField);
  const r = checkField(field, text, trainCount);
  return (
    <label className={'error' in r ? 'lab-field invalid' : 'lab-field'}>
      <span className="field-label">{label}</span>
      <input type="number" size={6} value={text} disabled={disabled} onChange={(e) => setField(field, e.target.value)} aria-invalid={'error' in r || undefined} data-testid={`lab.${field}`} />
      {'error' in r && (
        <span className="field-error" data-testid={`lab.${field}.error`}>
          {r.error}
        </span>
      )}
    </label>
  );
}

/** Training images, epochs, Apply, Train and the reason they are disabled (`lab.train-reason`). */
export function StackActions({ model, spec, problem }: Props) {
  const controller = useController();
  const ready = useStore((s) => s.ready);
  const busy = useStore((s) => isBusy(statusOf(s, model)));
  const formError = useStore((s) => {
    const errors = validateForm(s.form, s.data?.trainCount).errors;
    return errors ? Object.values(errors)[0] : null;
  });
  const why = !ready ? 'the data set is still loading' : busy ? 'training is running: stop it first' : problem;
  const trainWhy = why ?? (formError ? `fix the training form: ${formError}` : null);
  return (
    <div className="lab-actions">
      <FormField field="trainSize" label="Training images" disabled={busy} />
      <FormField field="epochs" label="Epochs" disabled={busy} />
      <button type="button" disabled={why !== null} onClick={() => void applyStack(controller, spec)} title={why ?? 'Replace the current model with a fresh, untrained one of this stack'} data-testid="lab.apply">
        Apply
      </button>
      <button type="button" className="primary" disabled={trainWhy !== null} onClick={() => void trainStack(controller, spec)} title={trainWhy ?? 'Apply the stack, then train it with the training form’s settings'} aria-describedby="lab-train-reason" data-testid="lab.train">
        Train
      </button>
      <span id="lab-train-reason" className={trainWhy ? 'lab-reason' : 'lab-reason ok'} data-testid="lab.train-reason">
        {trainWhy ? `Cannot train: ${trainWhy}` : 'Ready to train'}
      </span>
    </div>
  );
}
