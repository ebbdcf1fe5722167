// The architecture comparison: argument parsing (scripts/lib/compare-args.ts), the text report, and real runs of
// scripts/compare.ts through child_process (the shipped models on the full test set; two tiny trained ones).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/train/config.js';
import { UsageError } from '../../scripts/lib/args.js';
import { COMPARE_USAGE, parseCompareArgs } from '../../scripts/lib/compare-args.js';
import { formatRunTable, formatShiftCurves, type CompareRun } from '../../scripts/lib/compare-report.js';

describe('parseCompareArgs', () => {
  test('defaults: mlp and cnn, DEFAULT_CONFIG, shifts up to 6 on every test image, 2 threads', () => {
    expect(parseCompareArgs([])).toEqual({ archs: ['mlp', 'cnn'], models: [], config: DEFAULT_CONFIG, maxShift: 6, randomK: null, testSize: null, threads: 2, json: false, help: false });
  });

  test('every flag, in both --flag value and --flag=value forms', () => {
    const a = parseCompareArgs(['--archs', 'mlp,cnn,docs/sweep/cnn3-dense32.json', '--train-size=1000', '--epochs', '2', '--seed', '5', '--beta1', '0.8', '--beta2=0.99', '--eps', '1e-7', '--max-shift', '3', '--random-k=2', '--test-size', '500', '--threads', '1', '--json']);
    expect(a).toEqual({
      archs: ['mlp', 'cnn', 'docs/sweep/cnn3-dense32.json'],
      models: [],
      config: { ...DEFAULT_CONFIG, trainSize: 1000, epochs: 2, seed: 5, beta1: 0.8, beta2: 0.99, eps: 1e-7 },
      maxShift: 3,
      randomK: 2,
      testSize: 500,
      threads: 1,
      json: true,
      help: false,
    });
    expect(parseCompareArgs(['--models', 'a.json,b.json', '--seed', '4'])).toMatchObject({ archs: [], models: ['a.json', 'b.json'], config: { seed: 4 } });
    expect(parseCompareArgs(['-h']).help).toBe(true);
  });

  test.each([
    [['--bogus'], /^unknown flag --bogus$/],
    [['--arch', 'cnn'], /^unknown flag --arch$/],
    [['--archs'], /^--archs needs a value$/],
    [['--archs', 'mlp,,cnn'], /^--archs: expected a comma-separated list without empty items, got "mlp,,cnn"$/],
    [['--models', 'a.json,'], /^--models: expected a comma-separated list/],
    [['--archs', 'mlp', '--models', 'a.json'], /^--archs and --models exclude each other/],
    [['--models', 'a.json', '--epochs', '2'], /^--epochs and --models exclude each other/],
    [['--epochs', 'x'], /^--epochs: expected a number, got "x"$/],
    [['--epochs', '0'], /^--epochs: must be between 1 and 100, got 0$/],
    [['--train-size', '70000'], /^--train-size: must be between 1 and 60000, got 70000$/],
    [['--beta2', '1'], /^--beta2: must be at least 0 and below 1, got 1$/],
    [['--eps', '-1e-8'], /^--eps: must be above 0 and at most 1, got -1e-8$/],
    [['--max-shift', '-1'], /^--max-shift: must be between 0 and 27, got -1$/],
    [['--max-shift', '1.5'], /^--max-shift: must be a whole number, got 1\.5$/],
    [['--random-k', '28'], /^--random-k: must be between 0 and 27, got 28$/],
    [['--test-size', '0'], /^--test-size: must be between 1 and 10000, got 0$/],
    [['--threads', '0'], /^--threads: must be between 1 and 16, got 0$/],
    [['--json=1'], /^--json takes no value$/],
    [['--max-shift', '1', '--max-shift', '2'], /^--max-shift given twice$/],
    [['mlp,cnn'], /^unexpected argument "mlp,cnn"/],
  ])('%j → %s', (argv, message) => {
    expect(() => parseCompareArgs(argv)).toThrow(UsageError);
    expect(() => parseCompareArgs(argv)).toThrow(message);
  });

  test('the usage names every flag and says what trainSeconds is with --models', () => {
    for (const flag of ['--archs', '--models', '--train-size', '--epochs', '--seed', '--beta1', '--beta2', '--eps', '--max-shift', '--random-k', '--test-size', '--threads', '--json']) expect(COMPARE_USAGE).toContain(flag);
    expect(COMPARE_USAGE).toMatch(/trainSeconds is null/);
  });
});

describe('the text report', () => {
  const point = (dx: number, dy: number, accuracy: number) => ({ dx, dy, accuracy });
  const run: CompareRun = { name: 'cnn', params: 55594, macs: 1267264, testAccuracy: 0.99, trainSeconds: null, sweepSeconds: 1, shift: [point(-1, 0, 0.5), point(0, 0, 0.99), point(1, 0, 0.75), point(0, -1, 0.25), point(0, 1, 0.125)] };
  test('one row per model; a missing train time is a dash', () => {
    expect(formatRunTable([run]).split('\n')[1]).toBe('cnn     55,594   1,267,264   99.00 %        –');
  });
  test('shift curves: a row per d with x and y side by side', () => {
    const lines = formatShiftCurves([run]).split('\n');
    expect(lines.slice(2).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['-1', '50.00 %', '25.00 %'],
      ['0', '99.00 %', '99.00 %'],
      ['1', '75.00 %', '12.50 %'],
    ]);
  });
});

describe('scripts/compare.ts as a process', () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const run = (args: string[]) => spawnSync(tsx, ['scripts/compare.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  const meta = (file: string) => JSON.parse(readFileSync(file, 'utf8')).meta as { name: string; testAccuracy: number };
  const models = ['core/models/default-mlp.json', 'core/models/default-cnn.json'];

  /** The --json output's runs, checked for the shape every run must have. */
  function runsOf(stdout: string, maxShift: number): CompareRun[] {
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['runs']);
    for (const r of out.runs as CompareRun[]) {
      expect(Object.keys(r).slice(0, 7)).toEqual(['name', 'params', 'macs', 'testAccuracy', 'trainSeconds', 'sweepSeconds', 'shift']);
      expect(r.shift).toHaveLength(2 * maxShift + 1 + 2 * maxShift);
      expect(r.shift.filter((p) => p.dx === 0 && p.dy === 0)).toHaveLength(1);
      for (const p of r.shift) {
        expect(p.dx === 0 || p.dy === 0).toBe(true);
        expect(Math.max(Math.abs(p.dx), Math.abs(p.dy))).toBeLessThanOrEqual(maxShift);
        expect(p.accuracy).toBeGreaterThanOrEqual(0);
        expect(p.accuracy).toBeLessThanOrEqual(1);
      }
      expect(r.testAccuracy).toBe(r.shift.find((p) => p.dx === 0 && p.dy === 0)!.accuracy);
    }
    return out.runs;
  }

  test('bad arguments: exit 2, one line on stderr, nothing on stdout', () => {
    for (const [args, message] of [
      [['--max-shift', '99'], /^compare: --max-shift: must be between 0 and 27, got 99 \(see --help\)\n$/],
      [['--models', 'missing.json'], /^compare: --models: missing\.json is not a readable model file \(no such file\)/],
      [['--archs', 'mlp,nope.json'], /^compare: --archs: nope\.json is neither a preset/],
    ] as const) {
      const r = run([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  test('the shipped models on all 10 000 test images: (0,0) gives the accuracy their files record', () => {
    const r = run(['--models', models.join(','), '--max-shift', '1', '--json']);
    expect(r.status).toBe(0);
    const runs = runsOf(r.stdout, 1);
    expect(runs.map((x) => [x.name, x.params, x.trainSeconds])).toEqual([['mlp', 101770, null], ['cnn', 55594, null]]);
    expect(runs.map((x) => x.testAccuracy)).toEqual(models.map((m) => meta(m).testAccuracy));
    expect(runs[1].testAccuracy).toBe(0.9923);
    expect(runs[1].macs).toBe(1267264); // 28·28·16·25 + 14·14·32·144 + 1568·32 + 32·10
  });

  test('two tiny trained architectures, with the random-shift test', () => {
    const r = run(['--archs', 'mlp,cnn', '--train-size', '200', '--epochs', '1', '--test-size', '200', '--max-shift', '2', '--random-k', '2', '--json']);
    expect(r.status).toBe(0);
    const runs = runsOf(r.stdout, 2);
    expect(runs.map((x) => x.name)).toEqual(['mlp', 'cnn']);
    for (const x of runs) {
      expect(x.trainSeconds).toBeGreaterThan(0);
      expect(x.randomShift?.k).toBe(2);
      expect(x.randomShift?.accuracy).toBeGreaterThanOrEqual(0);
    }
  });
});
