// Argument parsing for the headless trainer (scripts/train.ts) and the flag reader compare.ts shares. Pure: no file access, no process exit; every
// problem is a UsageError whose one-line message names the flag.
import { CoreError } from '../../core/assert.js';
import { PRESET_NAMES } from '../../core/presets.js';
import { CONFIG_LIMITS, DEFAULT_CONFIG, RECIPE_NAMES, RECIPES, validateConfig, type ConfigLimit, type RecipeName, type TrainConfig } from '../../core/train/config.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type BackendChoice = 'wasm' | 'js';

export interface TrainArgs {
  /** A preset name (cnn, mlp, lenet, strided) or the path of a spec JSON file. */
  arch: string;
  config: TrainConfig;
  out: string | null;
  json: boolean;
  backend: BackendChoice;
  help: boolean;
  /** mnist (default), fashion-mnist, or a folder: IDX files or one sub-folder of images per class. */
  data: string;
  /** With a data set that gives no test split: the test share (default 0.2, picked with --seed). */
  testFraction: number | null;
}

/** Flags that set a numeric TrainConfig field. */
const NUMBER_FLAGS = {
  '--epochs': 'epochs',
  '--batch': 'batchSize',
  '--lr': 'lr',
  '--momentum': 'momentum',
  '--beta1': 'beta1',
  '--beta2': 'beta2',
  '--eps': 'eps',
  '--seed': 'seed',
  '--train-size': 'trainSize',
  '--lr-decay': 'lrDecay',
  '--label-smoothing': 'labelSmoothing',
} as const satisfies Record<string, keyof typeof CONFIG_LIMITS>;

const STRING_FLAGS = ['--arch', '--recipe', '--optimizer', '--schedule', '--out', '--backend', '--data', '--test-fraction'] as const;
const BOOLEAN_FLAGS = ['--json', '--help', '-h'] as const;

/** "1..100", "0..<1" (1 excluded), ">0..1" (0 excluded). */
function rangeOf(lim: ConfigLimit): string {
  return `${lim.openMin ? '>' : ''}${lim.min}..${lim.openMax ? '<' : ''}${lim.max}`;
}

export const USAGE = `usage: npm run train -- --arch ${PRESET_NAMES.join('|')}|<spec.json> [--data mnist|fashion-mnist|<folder>] [--test-fraction F]
       [--recipe ${RECIPE_NAMES.join('|')} (the flags below override it)] [--epochs N] [--batch B] [--lr X]
       [--optimizer sgd|adam] [--momentum M] [--beta1 B1] [--beta2 B2] [--eps E] [--seed S] [--train-size N]
       [--schedule warmup-linear|exponential] [--lr-decay D (exponential)] [--label-smoothing E]
       [--out model.json]
       [--backend wasm|js] [--json]
defaults: --arch cnn ${Object.entries(NUMBER_FLAGS)
  .map(([flag, key]) => `${flag} ${DEFAULT_CONFIG[key]}`)
  .join(' ')} --optimizer ${DEFAULT_CONFIG.optimizer} --schedule ${DEFAULT_CONFIG.schedule} --backend wasm (js when WebAssembly SIMD is missing) --data mnist
--data: mnist (bundled), fashion-mnist (${'$'}FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist, apt package dataset-fashion-mnist), or a folder
  holding IDX files (plain or .gz: four files, or one images/labels pair split by --test-fraction, default 0.2) or one
  sub-folder of PNG images per class (optionally under train/ and test/); the head's units become the class count
ranges: ${Object.entries(NUMBER_FLAGS)
  .map(([flag, key]) => `${flag} ${rangeOf(CONFIG_LIMITS[key])}`)
  .join(', ')}`;

const FLAG_OF_FIELD = Object.fromEntries([...Object.entries(NUMBER_FLAGS).map(([f, k]) => [k, f]), ['optimizer', '--optimizer'], ['schedule', '--schedule']]) as Record<string, string>;

/** Strict number syntax: "1e-3", "0.5", "10" — not "", "0x10", "1,5" or "12abc". */
export function parseNumber(flag: string, text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim())) throw new UsageError(`${flag}: expected a number, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** A whole number within [lo, hi], or a UsageError naming the flag. */
export function parseWhole(flag: string, text: string, lo: number, hi: number): number {
  const v = parseNumber(flag, text);
  if (!Number.isInteger(v)) throw new UsageError(`${flag}: must be a whole number, got ${v}`);
  if (v < lo || v > hi) throw new UsageError(`${flag}: must be between ${lo} and ${hi}, got ${v}`);
  return v;
}

/**
 * Splits argv into flag → value, in the order given: `--flag value` and `--flag=value` for `valueFlags`, a bare
 * `--flag` (true) for `booleanFlags`. Unknown, repeated or valueless flags and stray words are UsageErrors.
 */
export function readFlags(argv: readonly string[], valueFlags: readonly string[], booleanFlags: readonly string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    if (!flag.startsWith('-')) throw new UsageError(`unexpected argument ${JSON.stringify(raw)} (flags start with --)`);
    const isBoolean = booleanFlags.includes(flag);
    if (!isBoolean && !valueFlags.includes(flag)) throw new UsageError(`unknown flag ${flag}`);
    if (flags.has(flag)) throw new UsageError(`${flag} given twice`);
    if (isBoolean) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      flags.set(flag, true);
      continue;
    }
    let value: string;
    if (eq > 0) value = raw.slice(eq + 1);
    else {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UsageError(`${flag} needs a value`);
      value = argv[++i];
    }
    if (value === '') throw new UsageError(`${flag} needs a value`);
    flags.set(flag, value);
  }
  return flags;
}

/** core's validateConfig on the fields the flags set, its messages reworded to name the flag (`--epochs: …`). */
export function configFromFlags(partial: Record<string, unknown>): TrainConfig {
  try {
    return validateConfig(partial);
  } catch (e) {
    if (!(e instanceof CoreError)) throw e;
    throw new UsageError(e.message.replace(/^config\.(\w+)/, (_, key: string) => FLAG_OF_FIELD[key] ?? key));
  }
}

/**
 * Parses the trainer's arguments (process.argv.slice(2)). Accepts `--flag value` and `--flag=value`.
 * Ranges are checked by core's validateConfig; its messages are reworded to name the flag.
 */
export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  const partial: Record<string, unknown> = {};
  let recipe: Partial<TrainConfig> = {};
  const out: TrainArgs = { arch: 'cnn', config: DEFAULT_CONFIG, out: null, json: false, backend: 'wasm', help: false, data: 'mnist', testFraction: null };
  for (const [flag, value] of readFlags(argv, [...Object.keys(NUMBER_FLAGS), ...STRING_FLAGS], BOOLEAN_FLAGS)) {
    if (value === true) {
      if (flag === '--json') out.json = true;
      else out.help = true;
    } else if (flag in NUMBER_FLAGS) partial[NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS]] = parseNumber(flag, value);
    else if (flag === '--optimizer') partial.optimizer = value;
    else if (flag === '--schedule') partial.schedule = value;
    else if (flag === '--recipe') {
      if (!RECIPE_NAMES.includes(value as RecipeName)) throw new UsageError(`--recipe: must be ${RECIPE_NAMES.join(' or ')}, got ${JSON.stringify(value)}`);
      recipe = RECIPES[value as RecipeName];
    } else if (flag === '--arch') out.arch = value;
    else if (flag === '--out') out.out = value;
    else if (flag === '--data') out.data = value;
    else if (flag === '--test-fraction') {
      const f = parseNumber(flag, value);
      if (!(f > 0 && f < 1)) throw new UsageError(`--test-fraction: must be above 0 and below 1, got ${f}`);
      out.testFraction = f;
    }
    else if (flag === '--backend') {
      if (value !== 'wasm' && value !== 'js') throw new UsageError(`--backend: must be wasm or js, got ${JSON.stringify(value)}`);
      out.backend = value;
    }
  }
  out.config = configFromFlags({ ...recipe, ...partial });
  return out;
}

/** True when `arch` names a built-in preset rather than a spec file. */
export function isPreset(arch: string): arch is (typeof PRESET_NAMES)[number] {
  return (PRESET_NAMES as readonly string[]).includes(arch);
}
