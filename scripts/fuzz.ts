// `npm run fuzz`: the seeded fuzz suite (test/fuzz/) over the model-file loader, the IDX reader, the protocol parser with
// the session, model specs and the ONNX reader. Each target runs on a worker thread watched from here: a case still running after
// 10 s is a hang (the worker is replaced and goes on with the next case), a worker that dies of memory marks its case.
// Prints the outcome counts as a table (docs/reliability.md) and the failing cases; --record keeps every failing case
// in test/fuzz/regressions.json, which test/core/fuzz.test.ts replays.
// Usage: npm run fuzz -- [--seed S] [--cases N | --scale X] [--targets model-file,idx,session,spec,onnx,idx-gz] [--record] [--json]
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { emptyCounts, FAILURES, formatTable, generateCases, OUTCOMES, TARGETS, type Counts, type FuzzCase, type Outcome, type TargetName } from '../test/fuzz/harness.js';
import { TARGET_LIST } from '../test/fuzz/targets.js';
import type { WorkerInput, WorkerMessage } from '../test/fuzz/worker.js';
import { readFlags, parseNumber, UsageError } from './lib/args.js';

/** Cases per target in a full run (the goal: ≥ 2 000 per loader). */
const FULL: Record<TargetName, number> = { 'model-file': 2400, idx: 2400, session: 1000, spec: 2000, onnx: 2400, 'idx-gz': 2400 };
const KILL_MS = 10_000;
const REGRESSIONS = new URL('../test/fuzz/regressions.json', import.meta.url);

const entry = new URL('../test/fuzz/worker.ts', import.meta.url).href;
const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;

interface Failure {
  i: number;
  outcome: Outcome;
  detail: string;
}

/** Runs cases [0, count) of a target on worker threads; resolves with the counts and the failures. */
function runTarget(target: TargetName, seed: number, count: number, onProgress: (done: number) => void): Promise<{ counts: Counts; failures: Failure[] }> {
  const counts = emptyCounts();
  const failures: Failure[] = [];
  let done = 0;
  return new Promise((resolve) => {
    const record = (i: number, outcome: Outcome, detail: string) => {
      counts[outcome]++;
      if (FAILURES.includes(outcome)) failures.push({ i, outcome, detail });
      onProgress(++done);
    };
    const spawn = (start: number) => {
      if (start >= count) return resolve({ counts, failures });
      const w = new Worker(bootstrap, { eval: true, workerData: { target, seed, count, start } satisfies WorkerInput, resourceLimits: { maxOldGenerationSizeMb: 1536 } });
      let current = -1;
      let next = start;
      let killed = false;
      let timer: NodeJS.Timeout | undefined;
      let died = '';
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'start') {
          current = m.i;
          timer = setTimeout(() => {
            killed = true;
            record(m.i, 'hang', `still running after ${KILL_MS / 1000} s`);
            void w.terminate().then(() => spawn(m.i + 1));
          }, KILL_MS);
        } else {
          clearTimeout(timer);
          current = -1;
          next = m.i + 1;
          record(m.i, m.outcome as Outcome, m.detail);
        }
      });
      w.on('error', (e) => (died = e.message));
      w.on('exit', () => {
        clearTimeout(timer);
        if (killed) return;
        if (current >= 0) {
          record(current, /memory|allocation/i.test(died) ? 'memory' : 'other exception', `the worker died: ${died || 'exit'}`);
          return spawn(current + 1);
        }
        spawn(next);
      });
    };
    spawn(0);
  });
}

async function main(argv: string[]): Promise<number> {
  const flags = readFlags(argv, ['--seed', '--cases', '--scale', '--targets'], ['--record', '--json', '--help']);
  if (flags.has('--help')) {
    process.stdout.write('usage: npm run fuzz -- [--seed S] [--cases N | --scale X] [--targets model-file,idx,session,spec,onnx,idx-gz] [--record] [--json]\n');
    return 0;
  }
  const seed = flags.has('--seed') ? parseNumber('--seed', flags.get('--seed') as string) : 1;
  const scale = flags.has('--scale') ? parseNumber('--scale', flags.get('--scale') as string) : 1;
  const fixed = flags.has('--cases') ? parseNumber('--cases', flags.get('--cases') as string) : null;
  const targets = flags.has('--targets') ? (flags.get('--targets') as string).split(',') : [...TARGETS];
  for (const t of targets) if (!(TARGETS as readonly string[]).includes(t)) throw new UsageError(`--targets: unknown target ${t} (${TARGETS.join(', ')})`);
  const rows: { label: string; counts: Counts; seconds: number }[] = [];
  const kept: FuzzCase[] = [];
  const started = performance.now();
  for (const name of targets as TargetName[]) {
    const count = fixed ?? Math.round(FULL[name] * scale);
    const t0 = performance.now();
    const { counts, failures } = await runTarget(name, seed, count, (d) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${name}: ${d}/${count}`);
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    rows.push({ label: TARGET_LIST[name].label, counts, seconds: (performance.now() - t0) / 1000 });
    if (failures.length) {
      const cases = generateCases(TARGET_LIST[name], seed, count);
      for (const o of OUTCOMES) {
        const of = failures.filter((f) => f.outcome === o);
        for (const f of of.slice(0, 5)) process.stderr.write(`${name} #${f.i} ${o}: ${cases[f.i].kind} — ${f.detail}\n`);
        if (of.length > 5) process.stderr.write(`${name}: ${of.length - 5} more ${o}\n`);
      }
      kept.push(...failures.map((f) => ({ ...cases[f.i], kind: `${cases[f.i].kind} [seed ${seed} #${f.i}: ${f.outcome}]` })));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const table = formatTable(rows);
  if (flags.has('--json')) process.stdout.write(`${JSON.stringify({ seed, seconds, rows })}\n`);
  else process.stdout.write(`${table}\n\nseed ${seed}, ${seconds.toFixed(1)} s (${rows.map((r) => `${r.label} ${r.seconds.toFixed(1)} s`).join(', ')})\n`);
  if (flags.has('--record') && kept.length) {
    const old = JSON.parse(readFileSync(REGRESSIONS, 'utf8')) as FuzzCase[];
    const seen = new Set(old.map((c) => JSON.stringify(c.input)));
    const add = kept.filter((c) => !seen.has(JSON.stringify(c.input)));
    writeFileSync(REGRESSIONS, `${JSON.stringify([...old, ...add], null, 1)}\n`);
    process.stderr.write(`fuzz: ${add.length} new failing cases kept in test/fuzz/regressions.json\n`);
  }
  return rows.some((r) => FAILURES.some((o) => r.counts[o] > 0)) ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`fuzz: ${(e as Error).message}\n`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
}
