// Argument parsing for the architecture comparison (scripts/compare.ts). Pure: no file access, no process exit;
// every problem is a UsageError whose one-line message names the flag (the flag reader is train's, scripts/lib/args.ts).
import { PRESET_NAMES } from '../../core/presets.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../core/train/config.js';
import { UsageError, configFromFlags, parseNumber, parseWhole, readFlags } from './args.js';

export interface CompareArgs {
  /** Architectures to train: preset names or spec JSON files; empty when `models` is given. */
  archs: string[];
  /** Model files to evaluate as they are (no training); empty when `archs` is given. */
  models: string[];
  /** DEFAULT_CONFIG with --train-size, --epochs, --seed and Adam's --beta1, --beta2, --eps applied; the same for every architecture. */
  config: TrainConfig;
  /** Largest shift in pixels along each axis. */
  maxShift: number;
  /** With a number: also the accuracy with each image moved by its own random offset in −k..k (seeded by --seed). */
  randomK: number | null;
  /** How many test images (the first N); null = all of them. */
  testSize: number | null;
  /** Threads for the forward and backward passes, the calling one included. */
  threads: number;
  json: boolean;
  help: boolean;
}

const CONFIG_FLAGS = { '--train-size': 'trainSize', '--epochs': 'epochs', '--seed': 'seed', '--beta1': 'beta1', '--beta2': 'beta2', '--eps': 'eps' } as const;
const INT_FLAGS = { '--max-shift': [0, 27], '--random-k': [0, 27], '--test-size': [1, 10_000], '--threads': [1, 16] } as const;
const LIST_FLAGS = ['--archs', '--models'] as const;
const BOOLEAN_FLAGS = ['--json', '--help', '-h'] as const;

export const DEFAULT_ARCHS = ['mlp', 'cnn'];

export const COMPARE_USAGE = `usage: npm run compare -- [--archs ${PRESET_NAMES.join('|')}|<spec.json>,…] [--train-size N] [--epochs E] [--seed S]
       [--beta1 B1] [--beta2 B2] [--eps E] [--models a.json,b.json] [--max-shift D] [--random-k K] [--test-size N] [--threads T] [--json]
Trains each architecture on the first N MNIST training images (same seed and hyper-parameters: core's DEFAULT_CONFIG
otherwise), or loads model files with --models (not trained here: trainSeconds is null, and --seed only seeds
--random-k), then reports parameters, multiply-adds per image, test accuracy, training time and the accuracy with
every test image moved by (d,0) and (0,d), |d| ≤ D (and, with --random-k K, each image by its own offset in −K..K).
--json: one JSON object on stdout, {"runs":[{name, params, macs, testAccuracy, trainSeconds, sweepSeconds,
shift:[{dx, dy, accuracy}], randomShift?:{k, accuracy}}]}, accuracies as fractions; the progress bar goes to stderr.
defaults: --archs ${DEFAULT_ARCHS.join(',')} ${Object.entries(CONFIG_FLAGS)
  .map(([flag, key]) => `${flag} ${DEFAULT_CONFIG[key]}`)
  .join(' ')} --max-shift 6 --test-size 10000 (all) --threads 2
ranges: ${Object.entries(INT_FLAGS)
  .map(([flag, [lo, hi]]) => `${flag} ${lo}..${hi}`)
  .join(', ')}`;

/** A comma-separated list without empty items. */
function parseList(flag: string, text: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${flag}: expected a comma-separated list without empty items, got ${JSON.stringify(text)}`);
  return items;
}

/** Parses compare's arguments (process.argv.slice(2)); `--flag value` and `--flag=value` both work. */
export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  const partial: Record<string, unknown> = {};
  const out: CompareArgs = { archs: [], models: [], config: DEFAULT_CONFIG, maxShift: 6, randomK: null, testSize: null, threads: 2, json: false, help: false };
  const flags = readFlags(argv, [...Object.keys(CONFIG_FLAGS), ...Object.keys(INT_FLAGS), ...LIST_FLAGS], BOOLEAN_FLAGS);
  for (const [flag, value] of flags) {
    if (value === true) {
      if (flag === '--json') out.json = true;
      else out.help = true;
    } else if (flag in CONFIG_FLAGS) partial[CONFIG_FLAGS[flag as keyof typeof CONFIG_FLAGS]] = parseNumber(flag, value);
    else if (flag === '--archs') out.archs = parseList(flag, value);
    else if (flag === '--models') out.models = parseList(flag, value);
    else {
      const [lo, hi] = INT_FLAGS[flag as keyof typeof INT_FLAGS];
      const v = parseWhole(flag, value, lo, hi);
      if (flag === '--max-shift') out.maxShift = v;
      else if (flag === '--random-k') out.randomK = v;
      else if (flag === '--test-size') out.testSize = v;
      else out.threads = v;
    }
  }
  if (flags.has('--models')) {
    const training = ['--archs', '--train-size', '--epochs', '--beta1', '--beta2', '--eps'].find((f) => flags.has(f));
    if (training) throw new UsageError(`${training} and --models exclude each other (model files are evaluated as they are, not trained)`);
  } else if (out.archs.length === 0) out.archs = [...DEFAULT_ARCHS];
  out.config = configFromFlags(partial);
  return out;
}
