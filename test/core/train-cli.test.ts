// The headless trainer: argument parsing (scripts/lib/args.ts), --arch resolution, report formatting, and
// real runs of scripts/train.ts through child_process (one tiny training run, bad arguments → exit 2).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { useTempDirs } from './helpers/temp-dir.js';
import { writeClassFolder } from './helpers/idx-files.js';
import { parseModelFile } from '../../core/model-file.js';
import { preset } from '../../core/presets.js';
import { DEFAULT_CONFIG } from '../../core/train/config.js';
import { UsageError, parseTrainArgs } from '../../scripts/lib/args.js';
import { formatConfusion, formatPerClass, shellJoin } from '../../scripts/lib/report.js';
import { loadArch } from '../../scripts/lib/spec-file.js';

/** A fresh temp folder, removed after the file's tests. */
const tempDir = useTempDirs();

describe('parseTrainArgs', () => {
  test('defaults', () => {
    expect(parseTrainArgs([])).toEqual({ arch: 'cnn', config: DEFAULT_CONFIG, out: null, json: false, backend: 'wasm', help: false, data: 'mnist', testFraction: null });
  });

  test('every flag, in both --flag value and --flag=value forms', () => {
    const a = parseTrainArgs(['--arch', 'lenet', '--epochs', '4', '--batch=64', '--lr', '3e-4', '--optimizer', 'sgd', '--momentum', '0.5', '--beta1=0.8', '--beta2', '0.99', '--eps', '1e-6', '--seed', '7', '--train-size', '1000', '--lr-decay=0.9', '--label-smoothing', '0.1', '--schedule', 'exponential', '--out', 'm.json', '--json', '--backend', 'js', '--data', 'fashion-mnist', '--test-fraction=0.1']);
    expect(a).toEqual({
      arch: 'lenet',
      config: { epochs: 4, batchSize: 64, lr: 3e-4, optimizer: 'sgd', momentum: 0.5, beta1: 0.8, beta2: 0.99, eps: 1e-6, seed: 7, trainSize: 1000, schedule: 'exponential', lrDecay: 0.9, labelSmoothing: 0.1, threads: 1 },
      out: 'm.json',
      json: true,
      backend: 'js',
      help: false,
      data: 'fashion-mnist',
      testFraction: 0.1,
    });
    expect(parseTrainArgs(['-h']).help).toBe(true);
  });

  test('--recipe sets its fields, and the other flags override them in any order', () => {
    expect(parseTrainArgs(['--recipe', 'one-epoch']).config).toEqual({ ...DEFAULT_CONFIG, epochs: 1, lr: 0.008, beta1: 0.8, beta2: 0.99, labelSmoothing: 0.1 });
    expect(parseTrainArgs(['--epochs', '3', '--recipe=one-epoch', '--seed', '4']).config).toMatchObject({ epochs: 3, lr: 0.008, seed: 4 });
    expect(parseTrainArgs(['--recipe', 'default']).config).toEqual(DEFAULT_CONFIG);
    expect(() => parseTrainArgs(['--recipe', 'fast'])).toThrow(/^--recipe: must be default or one-epoch, got "fast"$/);
  });

  test.each([
    [['--bogus'], /^unknown flag --bogus$/],
    [['--epochs', 'abc'], /^--epochs: expected a number, got "abc"$/],
    [['--lr', '0x10'], /^--lr: expected a number, got "0x10"$/],
    [['--lr', '1,5'], /^--lr: expected a number/],
    [['--epochs', '1e9'], /^--epochs: must be between 1 and 100, got 1000000000$/],
    [['--epochs', '2.5'], /^--epochs: must be a whole number, got 2\.5$/],
    [['--lr', '-1'], /^--lr: must be between .* and 10, got -1$/],
    [['--batch', '0'], /^--batch: must be between 1 and 1024, got 0$/],
    [['--train-size', '70000'], /^--train-size: must be between 1 and 60000, got 70000$/],
    [['--lr-decay', '2'], /^--lr-decay: must be between 0\.01 and 1, got 2$/],
    [['--beta1', '1'], /^--beta1: must be at least 0 and below 1, got 1$/],
    [['--beta2', '-0.1'], /^--beta2: must be at least 0 and below 1, got -0\.1$/],
    [['--eps', '0'], /^--eps: must be above 0 and at most 1, got 0$/],
    [['--eps', 'Infinity'], /^--eps: expected a number, got "Infinity"$/],
    [['--optimizer', 'rmsprop'], /^--optimizer: must be "sgd" or "adam", got "rmsprop"$/],
    [['--backend', 'gpu'], /^--backend: must be wasm or js, got "gpu"$/],
    [['--epochs'], /^--epochs needs a value$/],
    [['--epochs', '--lr', '1'], /^--epochs needs a value$/],
    [['--out='], /^--out needs a value$/],
    [['--json=yes'], /^--json takes no value$/],
    [['--seed', '1', '--seed', '2'], /^--seed given twice$/],
    [['cnn'], /^unexpected argument "cnn"/],
  ])('%j → %s', (argv, message) => {
    expect(() => parseTrainArgs(argv)).toThrow(UsageError);
    expect(() => parseTrainArgs(argv)).toThrow(message);
  });
});

describe('loadArch', () => {
  const dir = tempDir(path.join(tmpdir(), 'arch-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  test('presets and a valid spec file', () => {
    expect(loadArch('strided')).toEqual(preset('strided'));
    const file = write('mine.json', JSON.stringify({ ...preset('mlp'), name: '' }));
    expect(loadArch(file)).toEqual({ ...preset('mlp'), name: 'mine' });
  });

  test.each([
    ['missing file', () => path.join(dir, 'none.json'), /^--arch: .*none\.json is neither a preset .* nor a readable spec file \(no such file\)$/],
    ['not JSON', () => write('a.json', '{'), /^--arch: .*a\.json is not valid JSON/],
    ['invalid spec', () => write('b.json', JSON.stringify({ name: 'b', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 2, kernel: 3, padding: 'full' }] })), /^--arch: .*b\.json: layer 0 \(conv2d\): padding must be 'valid', 'same' or a whole number from 0 to 32, got "full"$/],
    ['not a 10-class classifier', () => write('c.json', JSON.stringify({ name: 'c', input: [1, 28, 28], layers: [{ type: 'flatten' }] })), /last layer must output 10 class scores/],
    ['wrong input size', () => write('d.json', JSON.stringify({ name: 'd', input: [1, 32, 32], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] })), /^--arch: .*d\.json: input must be \[1,28,28\] for MNIST, got \[1,32,32\]$/],
  ])('%s', (_, file, message) => {
    expect(() => loadArch(file())).toThrow(message);
  });
});

describe('reports', () => {
  test('confusion matrix: a header and ten rows, counts in place', () => {
    const confusion = Array.from({ length: 100 }, (_, i) => (i % 11 === 0 ? 1000 : i));
    const lines = formatConfusion(confusion).split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[1].trim().split(/\s+/)).toEqual(['true\\pred', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(lines[4].trim().split(/\s+/).map(Number)).toEqual([2, 20, 21, 1000, 23, 24, 25, 26, 27, 28, 29]);
  });
  test('per-class accuracy lines', () => {
    const confusion = Array(100).fill(0);
    confusion[0] = 3;
    confusion[1] = 1;
    expect(formatPerClass([0.75, ...Array(9).fill(0)], confusion).split('\n')[1]).toBe('  0   75.00 %  (4 images)');
  });
  test('shellJoin quotes what a shell would split', () => {
    expect(shellJoin(['--arch', 'my spec.json', "it's", '--lr=0.1'])).toBe(`--arch 'my spec.json' 'it'\\''s' --lr=0.1`);
  });
});

describe('scripts/train.ts as a process', () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const run = (args: string[]) => spawnSync(tsx, ['scripts/train.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

  test.each([
    [['--bogus'], /^train: unknown flag --bogus \(see --help\)\n$/],
    [['--epochs', 'x'], /^train: --epochs: expected a number, got "x" \(see --help\)\n$/],
    [['--epochs', '1e9'], /^train: --epochs: must be between 1 and 100, got 1000000000 \(see --help\)\n$/],
    [['--arch', 'missing-spec.json'], /^train: --arch: missing-spec\.json is neither a preset/],
    [['--out', '/no/such/folder/m.json'], /^train: --out: folder \/no\/such\/folder does not exist/],
  ])('%j → exit 2, one line on stderr, no stack trace', (args, message) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  test('--help prints the usage and exits 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run train -- --arch cnn\|lenet\|mlp\|strided\|<spec\.json>|^usage: npm run train -- --arch/);
  });

  test('a tiny real run: mlp, 500 images, 1 epoch, --json, model file written atomically', () => {
    const dir = tempDir(path.join(tmpdir(), 'train-'));
    const out = path.join(dir, 'mlp.json');
    const args = ['--arch', 'mlp', '--train-size', '500', '--epochs', '1', '--batch', '25', '--seed', '3', '--out', out, '--json'];
    const r = run(args);
    expect(r.stderr).not.toMatch(/train: /);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ state: 'done', arch: 'mlp', params: 101770, config: { epochs: 1, trainSize: 500, batchSize: 25, seed: 3 }, out });
    expect(result.testAccuracy).toBeGreaterThan(0.6); // 20 Adam steps on 500 images
    expect(result.confusion.reduce((a: number, b: number) => a + b, 0)).toBe(10000);
    expect(result.perClassAccuracy).toHaveLength(10);
    expect(readdirSync(dir)).toEqual(['mlp.json']); // no temp file left behind
    const { model, meta } = parseModelFile(readFileSync(out, 'utf8'));
    expect(model.spec).toEqual(preset('mlp'));
    expect(meta).toMatchObject({ name: 'mlp', epochs: 1, seed: 3, testAccuracy: result.testAccuracy });
    expect(meta.notes).toContain(`tsx scripts/train.ts ${args.join(' ')}`);
  });

  test('--data PATH: a class folder of 3 classes trains a 3-output head, reports by name and stores the names', () => {
    const dir = tempDir(path.join(tmpdir(), 'train-data-'));
    writeClassFolder(path.join(dir, 'bands'), ['low', 'mid', 'high'], 10);
    const out = path.join(dir, 'm.json');
    const r = run(['--data', path.join(dir, 'bands'), '--arch', 'mlp', '--epochs', '2', '--batch', '4', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^data: bands, 3 classes \(high, low, mid\)$/m);
    expect(r.stdout).toMatch(/^note: no train\/ and test\/ folders: 6 of the 30 images/m);
    expect(r.stdout).toMatch(/^ {2}high +\d+\.\d\d % {2}\(2 images\)$/m);
    expect(r.stdout).toMatch(/^ +0 high +\d+ +\d+ +\d+$/m);
    const { model, meta } = parseModelFile(readFileSync(out, 'utf8'));
    expect(model.spec.layers.at(-1)).toEqual({ type: 'dense', units: 3 });
    expect(meta).toMatchObject({ dataset: 'bands', classes: ['high', 'low', 'mid'] });
  });

  test('--data: a missing folder is one clear line', () => {
    const r = run(['--data', '/no/such/data', '--epochs', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('train: --data: /no/such/data is not mnist, fashion-mnist or an existing folder\n');
  });
});
