// Validation of the hyper-parameter form (pure): each field's text → a value or a message for that field,
// using core's CONFIG_LIMITS so the form and the session agree on what is allowed.
import { CONFIG_LIMITS, DEFAULT_CONFIG, inLimit, limitText, RECIPES, type RecipeName, type TrainConfig } from '../../core/train/config';

export type NumericField = keyof typeof CONFIG_LIMITS;
export type ConfigForm = Record<NumericField, string> & { optimizer: TrainConfig['optimizer']; schedule: TrainConfig['schedule'] };
export type ConfigErrors = Partial<Record<NumericField, string>>;

export const LABELS: Record<NumericField, string> = {
  lr: 'Learning rate',
  batchSize: 'Batch size',
  epochs: 'Epochs',
  seed: 'Seed',
  trainSize: 'Training images',
  lrDecay: 'LR decay per epoch',
  labelSmoothing: 'Label smoothing',
  momentum: 'Momentum',
  threads: 'Threads',
  beta1: 'β₁ (Adam)',
  beta2: 'β₂ (Adam)',
  eps: 'ε (Adam)',
};

export function toForm(c: TrainConfig): ConfigForm {
  return {
    optimizer: c.optimizer,
    schedule: c.schedule,
    lr: String(c.lr),
    batchSize: String(c.batchSize),
    epochs: String(c.epochs),
    seed: String(c.seed),
    trainSize: String(c.trainSize),
    lrDecay: String(c.lrDecay),
    labelSmoothing: String(c.labelSmoothing),
    momentum: String(c.momentum),
    threads: String(c.threads),
    beta1: String(c.beta1),
    beta2: String(c.beta2),
    eps: String(c.eps),
  };
}

/**
 * The form fields a recipe button sets: core's recipe (RECIPES), plus the training images it is meant for: 'one-epoch'
 * claims 99 % after one pass over the whole training set (`trainCount` images; 0, none loaded yet: DEFAULT_CONFIG's),
 * 'default' goes back to `firstRunSize`.
 */
export function recipeFields(name: RecipeName, trainCount: number, firstRunSize: number): Partial<ConfigForm> {
  const all = toForm({ ...DEFAULT_CONFIG, ...RECIPES[name] });
  const fields: Partial<ConfigForm> = Object.fromEntries(Object.keys(RECIPES[name]).map((k) => [k, all[k as keyof ConfigForm]]));
  fields.trainSize = String(name === 'one-epoch' ? trainCount || DEFAULT_CONFIG.trainSize : firstRunSize);
  return fields;
}

/** Whether the form holds these values (numbers compared as numbers: "0.10" is 0.1). */
export function formHas(form: ConfigForm, fields: Partial<ConfigForm>): boolean {
  return Object.entries(fields).every(([k, v]) => {
    const have = form[k as keyof ConfigForm];
    return have === v || (have.trim() !== '' && Number(have) === Number(v));
  });
}

/** " · label smoothing ε" for a summary line when the form turns it on, else "". */
export function smoothingNote(form: Pick<ConfigForm, 'labelSmoothing'>): string {
  return Number(form.labelSmoothing) ? ` · label smoothing ${form.labelSmoothing}` : '';
}

/** One field's value, or a message saying what is wrong and what is allowed. */
export function checkField(field: NumericField, text: string, maxTrain?: number): { value: number } | { error: string } {
  const lim = CONFIG_LIMITS[field];
  const range = field === 'trainSize' && maxTrain ? { ...lim, max: Math.min(lim.max, maxTrain) } : lim;
  const t = text.trim();
  if (t === '') return { error: `${LABELS[field]} is required` };
  const v = Number(t);
  if (!Number.isFinite(v)) return { error: `${LABELS[field]} must be a number, got "${t}"` };
  if (lim.integer && !Number.isInteger(v)) return { error: `${LABELS[field]} must be a whole number` };
  if (!inLimit(range, v)) return { error: `${LABELS[field]} must be ${limitText(range)}` };
  return { value: v };
}

/**
 * Whether `field` is a setting the form's choices leave unused: the other optimizer's (SGD's momentum, Adam's β₁, β₂,
 * ε), or the exponential decay factor under another schedule.
 */
export function unusedBy(form: Pick<ConfigForm, 'optimizer' | 'schedule'>, field: NumericField): boolean {
  if (field === 'lrDecay') return form.schedule !== 'exponential';
  return form.optimizer === 'adam' ? field === 'momentum' : field === 'beta1' || field === 'beta2' || field === 'eps';
}

/** Validates the whole form: a config when every field is good, else the per-field messages. */
export function validateForm(form: ConfigForm, maxTrain?: number): { config: TrainConfig; errors: null } | { config: null; errors: ConfigErrors } {
  const errors: ConfigErrors = {};
  const values: Partial<Record<NumericField, number>> = {};
  for (const field of Object.keys(LABELS) as NumericField[]) {
    const r = checkField(field, form[field], maxTrain);
    // a setting the choices leave unused is hidden: a bad one there takes the default instead of blocking
    if ('error' in r && !unusedBy(form, field)) errors[field] = r.error;
    else values[field] = 'value' in r ? r.value : DEFAULT_CONFIG[field];
  }
  if (Object.keys(errors).length > 0) return { config: null, errors };
  return { config: { ...(values as Record<NumericField, number>), optimizer: form.optimizer, schedule: form.schedule }, errors: null };
}
