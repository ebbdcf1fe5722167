// The training run's settings: TrainConfig, its defaults and limits (validateConfig), and the learning-rate schedule
// (learningRateAt) the Trainer steps with and the UI shows.
import { CoreError, isPlainObject, preview } from '../assert.js';
import type { OptimizerName } from '../optim.js';

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: OptimizerName;
  /** SGD momentum (ignored by Adam). */
  momentum: number;
  /** Adam's decay rates of the first and second moment estimates, and ε in m̂/(√v̂ + ε) (ignored by SGD). */
  beta1: number;
  beta2: number;
  eps: number;
  seed: number;
  /** Use the first N training images (≤ 60 000). */
  trainSize: number;
  /**
   * How the learning rate moves over the run (see `learningRateAt`): 'warmup-linear' rises from lr/10 to lr over the
   * first tenth of the run's batches, then falls in a straight line to 0 at its last; 'exponential' starts at lr and
   * multiplies it by `lrDecay` per epoch, smoothly per batch.
   */
  schedule: LrSchedule;
  /** The 'exponential' schedule's factor per epoch: lr · lrDecay^(epochs done, fractional). */
  lrDecay: number;
  /**
   * Label smoothing ε: each step aims at (1 − ε) on the true class plus ε/K on every one of the K classes instead of a hard 1 (see
   * softmaxCrossEntropyBackward), so the net stops pushing logits apart once it is right with margin. 0 turns it off.
   */
  labelSmoothing: number;
  /**
   * Threads computing each batch, data-parallel (the session starts threads − 1 workers; results differ from one thread
   * by float rounding only). The Trainer itself computes on whatever engine it is given.
   */
  threads: number;
}

export type LrSchedule = 'warmup-linear' | 'exponential';
export const LR_SCHEDULES: readonly LrSchedule[] = ['warmup-linear', 'exponential'];

/** The share of a 'warmup-linear' run spent warming up, and the learning rate it starts from (× lr). */
export const WARMUP = { fraction: 0.1, start: 0.1 } as const;

/** Defaults chosen by sweeps on the cnn preset (docs/architecture.md): Adam, peak lr 0.006, warm-up then linear decay. */
export const DEFAULT_CONFIG: TrainConfig = { epochs: 2, batchSize: 32, lr: 0.006, optimizer: 'adam', momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, seed: 1, trainSize: 60000, schedule: 'warmup-linear', lrDecay: 0.3, labelSmoothing: 0, threads: 1 };

/**
 * Named training recipes: the settings each one fixes (the rest, such as the data size, seed and threads, stay as they
 * are). 'default' is DEFAULT_CONFIG's. 'one-epoch' gets the cnn preset to ≥ 99 % MNIST test accuracy in a single
 * epoch: Adam that reacts faster (β₁ 0.8, β₂ 0.99, peak lr 0.008) and label smoothing 0.1 (sweeps and seeds:
 * docs/native-gap.md, "One epoch to 99 %"). The training form's recipe buttons and `--recipe` apply them.
 */
export const RECIPES = {
  default: recipeOf(DEFAULT_CONFIG),
  'one-epoch': recipeOf({ ...DEFAULT_CONFIG, epochs: 1, lr: 0.008, beta1: 0.8, beta2: 0.99, labelSmoothing: 0.1 }),
} as const;
export type RecipeName = keyof typeof RECIPES;
export const RECIPE_NAMES = Object.keys(RECIPES) as RecipeName[];
export type Recipe = Pick<TrainConfig, 'optimizer' | 'schedule' | 'lr' | 'batchSize' | 'epochs' | 'beta1' | 'beta2' | 'eps' | 'labelSmoothing'>;

function recipeOf(c: TrainConfig): Recipe {
  return { optimizer: c.optimizer, schedule: c.schedule, lr: c.lr, batchSize: c.batchSize, epochs: c.epochs, beta1: c.beta1, beta2: c.beta2, eps: c.eps, labelSmoothing: c.labelSmoothing };
}

/**
 * The learning rate a step uses when `done` epochs of the run (fractional: epoch + batch / batches) lie behind it,
 * from base rate `lr` (the config's, or one set during the run).
 */
export function learningRateAt(config: Pick<TrainConfig, 'schedule' | 'lrDecay' | 'epochs'>, lr: number, done: number): number {
  if (config.schedule === 'exponential') return lr * config.lrDecay ** done;
  const t = done / config.epochs;
  if (t < WARMUP.fraction) return lr * (WARMUP.start + ((1 - WARMUP.start) * t) / WARMUP.fraction);
  return (lr * Math.max(0, 1 - t)) / (1 - WARMUP.fraction);
}

/** A numeric field's allowed values: min..max, whole numbers if `integer`; `openMin`/`openMax` leave that end out. */
export interface ConfigLimit {
  min: number;
  max: number;
  integer: boolean;
  openMin?: boolean;
  openMax?: boolean;
}

export const CONFIG_LIMITS = {
  epochs: { min: 1, max: 100, integer: true },
  batchSize: { min: 1, max: 1024, integer: true },
  lr: { min: 1e-6, max: 10, integer: false },
  momentum: { min: 0, max: 0.999, integer: false },
  beta1: { min: 0, max: 1, integer: false, openMax: true },
  beta2: { min: 0, max: 1, integer: false, openMax: true },
  eps: { min: 0, max: 1, integer: false, openMin: true },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
  trainSize: { min: 1, max: 60000, integer: true },
  lrDecay: { min: 0.01, max: 1, integer: false },
  labelSmoothing: { min: 0, max: 1, integer: false, openMax: true },
  threads: { min: 1, max: 8, integer: true },
} as const satisfies Record<Exclude<keyof TrainConfig, 'optimizer' | 'schedule'>, ConfigLimit>;

/** Whether `v` is within `lim`'s range (not its integer rule). */
export function inLimit(lim: ConfigLimit, v: number): boolean {
  return (lim.openMin ? v > lim.min : v >= lim.min) && (lim.openMax ? v < lim.max : v <= lim.max);
}

/** The range in words: "between 1 and 100", "at least 0 and below 1", "above 0 and at most 1". */
export function limitText(lim: ConfigLimit): string {
  if (!lim.openMin && !lim.openMax) return `between ${lim.min} and ${lim.max}`;
  return `${lim.openMin ? 'above' : 'at least'} ${lim.min} and ${lim.openMax ? 'below' : 'at most'} ${lim.max}`;
}

/** Validates a partial config and merges it over `base`. Throws naming the field and the allowed range. */
export function validateConfig(input: unknown, base: TrainConfig = DEFAULT_CONFIG): TrainConfig {
  if (!isPlainObject(input)) throw new CoreError('config: expected an object');
  const out: TrainConfig = { ...base };
  for (const [key, value] of Object.entries(input)) {
    if (key === 'optimizer') {
      if (value !== 'sgd' && value !== 'adam') throw new CoreError(`config.optimizer: must be "sgd" or "adam", got ${preview(value)}`);
      out.optimizer = value;
      continue;
    }
    if (key === 'schedule') {
      if (!LR_SCHEDULES.includes(value as LrSchedule)) throw new CoreError(`config.schedule: must be ${LR_SCHEDULES.map((n) => `"${n}"`).join(' or ')}, got ${preview(value)}`);
      out.schedule = value as LrSchedule;
      continue;
    }
    // own fields only: "constructor" or "toString" are no config fields
    if (!Object.hasOwn(CONFIG_LIMITS, key)) throw new CoreError(`config: unknown field ${preview(key)}`);
    const lim: ConfigLimit = CONFIG_LIMITS[key as keyof typeof CONFIG_LIMITS];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new CoreError(`config.${key}: must be a number, got ${preview(value)}`);
    if (lim.integer && !Number.isInteger(value)) throw new CoreError(`config.${key}: must be a whole number, got ${value}`);
    if (!inLimit(lim, value)) throw new CoreError(`config.${key}: must be ${limitText(lim)}, got ${value}`);
    (out as unknown as Record<string, number>)[key] = value;
  }
  return out;
}
