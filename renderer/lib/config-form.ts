// Validation of the hyper-parameter form (pure): each field's text → a value or a message for that field,
// using core's CONFIG_LIMITS so the form and the session agree on what is allowed.
import { CONFIG_LIMITS, type TrainConfig } from '../../core/train/trainer';

export type NumericField = keyof typeof CONFIG_LIMITS;
export type ConfigForm = Record<NumericField, string> & { optimizer: TrainConfig['optimizer'] };
export type ConfigErrors = Partial<Record<NumericField, string>>;

export const LABELS: Record<NumericField, string> = {
  lr: 'Learning rate',
  batchSize: 'Batch size',
  epochs: 'Epochs',
  seed: 'Seed',
  trainSize: 'Training images',
  lrDecay: 'LR decay per epoch',
  momentum: 'Momentum',
  threads: 'Threads',
};

export function toForm(c: TrainConfig): ConfigForm {
  return {
    optimizer: c.optimizer,
    lr: String(c.lr),
    batchSize: String(c.batchSize),
    epochs: String(c.epochs),
    seed: String(c.seed),
    trainSize: String(c.trainSize),
    lrDecay: String(c.lrDecay),
    momentum: String(c.momentum),
    threads: String(c.threads),
  };
}

/** One field's value, or a message saying what is wrong and what is allowed. */
export function checkField(field: NumericField, text: string, maxTrain?: number): { value: number } | { error: string } {
  const lim = CONFIG_LIMITS[field];
  const max = field === 'trainSize' && maxTrain ? Math.min(lim.max, maxTrain) : lim.max;
  const t = text.trim();
  if (t === '') return { error: `${LABELS[field]} is required` };
  const v = Number(t);
  if (!Number.isFinite(v)) return { error: `${LABELS[field]} must be a number, got "${t}"` };
  if (lim.integer && !Number.isInteger(v)) return { error: `${LABELS[field]} must be a whole number` };
  if (v < lim.min || v > max) return { error: `${LABELS[field]} must be between ${lim.min} and ${max}` };
  return { value: v };
}

/** Validates the whole form: a config when every field is good, else the per-field messages. */
export function validateForm(form: ConfigForm, maxTrain?: number): { config: TrainConfig; errors: null } | { config: null; errors: ConfigErrors } {
  const errors: ConfigErrors = {};
  const values: Partial<Record<NumericField, number>> = {};
  for (const field of Object.keys(LABELS) as NumericField[]) {
    const r = checkField(field, form[field], maxTrain);
    if ('error' in r) errors[field] = r.error;
    else values[field] = r.value;
  }
  if (Object.keys(errors).length > 0) return { config: null, errors };
  return { config: { ...(values as Record<NumericField, number>), optimizer: form.optimizer }, errors: null };
}
