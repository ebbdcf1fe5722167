// `npm run bench:app-vs-bench` (issue #21): the app's training throughput against the bench's core rows for the same
// model and threads, in one sitting: `bench --runtime chromium` (cnn, core wasm ×2 in Node and in Chromium) and
// `bench:app` take turns, so a change in the machine's speed hits both sides of each pair alike (as the bench
// interleaves its libraries). Prints each pair's ratios: the progress line's images/s (median after the first 10 % of
// the run), the run's second half and its average, each against the Chromium row (where the app runs) and the Node row.
// Run: npm run bench:app-vs-bench [-- --pairs 3] [--seeds 1,2,3 (one per pair)] [--recipe default|one-epoch]
//      [--optimizer adam|sgd (the app's; the rows train with SGD)] [--hide-page (bench:app's probe)]
//      [--rebuild (the app's web build)] [--out DIR (each command's JSON is kept there)] [--json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const KNOWN = ['--pairs', '--seeds', '--recipe', '--optimizer', '--hide-page', '--rebuild', '--out', '--json'];
for (const a of argv) if (a.startsWith('--') && !KNOWN.includes(a)) throw new Error(`bench:app-vs-bench: unknown flag ${a}; known: ${KNOWN.join(' ')}`);
const get = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const pairs = Number(get('--pairs') ?? 3);
if (!Number.isInteger(pairs) || pairs < 1 || pairs > 20) throw new Error(`bench:app-vs-bench: --pairs needs an integer from 1 to 20, got ${get('--pairs')}`);
const seeds = (get('--seeds') ?? Array.from({ length: pairs }, (_, i) => i + 1).join(',')).split(',').map(Number);
if (seeds.length !== pairs || !seeds.every((s) => Number.isInteger(s) && s > 0)) throw new Error(`bench:app-vs-bench: --seeds needs ${pairs} positive integers, got ${get('--seeds')}`);
const recipe = get('--recipe');
const optimizer = get('--optimizer');
const out = get('--out');
if (out) mkdirSync(out, { recursive: true });
const log = (s: string) => process.stderr.write(`[bench:app-vs-bench] ${s}\n`);

/** The two rows compared, by their names in bench's JSON. */
const ROWS = { chromium: 'core wasm relaxed SIMD ×2 threads (Chromium)', node: 'core wasm SIMD+relaxed ×2 threads' };
const BENCH = ['--models', 'cnn', '--libs', 'core wasm SIMD', '--repeats', '3', '--seconds', '2', '--no-accuracy', '--no-native', '--runtime', 'chromium', '--json'];

function run(script: string, args: string[], file: string): unknown {
  const r = spawnSync('npm', ['run', '-s', script, '--', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench:app-vs-bench: npm run ${script} failed (exit ${r.status})`);
  if (out) writeFileSync(join(out, file), r.stdout);
  return JSON.parse(r.stdout);
}

const median = (v: number[]) => {
  const s = v.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (a: number, b: number) => `${a >= b ? '+' : '−'}${Math.abs((100 * (a - b)) / b).toFixed(1)} %`;

interface BenchJson { rows: { library: string; model: string; trainImgPerSec: number[] }[] }
interface AppJson { imagesPerSecMedian: number; imagesPerSecSecondHalf: number | null; average: number | null; threadsUsed: number | null; secondsToTarget: number | null }

const results = [];
for (let i = 0; i < pairs; i++) {
  log(`pair ${i + 1} of ${pairs}: the bench's cnn rows`);
  const bench = run('bench', BENCH, `bench-${i + 1}.json`) as BenchJson;
  const row = (name: string) => {
    const r = bench.rows.find((x) => x.library === name && x.model === 'cnn');
    if (!r || r.trainImgPerSec.length === 0) throw new Error(`bench:app-vs-bench: the bench gave no "${name}" row`);
    return median(r.trainImgPerSec);
  };
  const chromium = row(ROWS.chromium);
  const node = row(ROWS.node);
  log(`pair ${i + 1} of ${pairs}: the app, seed ${seeds[i]}`);
  const appArgs = ['--seed', String(seeds[i]), '--json', ...(recipe ? ['--recipe', recipe] : []), ...(optimizer ? ['--optimizer', optimizer] : []), ...(argv.includes('--hide-page') ? ['--hide-page'] : []), ...(argv.includes('--rebuild') && i === 0 ? ['--rebuild'] : [])];
  const app = run('bench:app', appArgs, `app-${i + 1}.json`) as AppJson;
  if (app.threadsUsed !== 2) throw new Error(`bench:app-vs-bench: the app trained on ${app.threadsUsed} thread(s), the rows on 2`);
  const r = { pair: i + 1, seed: seeds[i], benchChromium: Math.round(chromium), benchNode: Math.round(node), appNow: app.imagesPerSecMedian, appSecondHalf: app.imagesPerSecSecondHalf, appAverage: app.average, secondsTo99: app.secondsToTarget };
  results.push(r);
  log(`pair ${i + 1}: bench Chromium ${r.benchChromium}, Node ${r.benchNode}; app now ${r.appNow} (${pct(r.appNow, chromium)} / ${pct(r.appNow, node)}), second half ${r.appSecondHalf}, average ${r.appAverage}`);
}

if (argv.includes('--json')) console.log(JSON.stringify({ recipe: recipe ?? 'default', optimizer: optimizer ?? null, rows: ROWS, pairs: results }, null, 2));
else {
  console.log(`the app (${recipe ?? 'default'} run${optimizer ? `, ${optimizer}` : ''}) against the bench's cnn rows, 2 threads, ${pairs} pair(s), each pair one after the other:`);
  console.log('pair  seed  bench Chromium  bench Node  app now (vs Chromium / Node)      app 2nd half (vs Chromium)  app average (vs Chromium)');
  for (const r of results) {
    const half = r.appSecondHalf === null ? '—' : `${r.appSecondHalf} (${pct(r.appSecondHalf, r.benchChromium)})`;
    const avg = r.appAverage === null ? '—' : `${r.appAverage} (${pct(r.appAverage, r.benchChromium)})`;
    console.log(`${String(r.pair).padEnd(6)}${String(r.seed).padEnd(6)}${String(r.benchChromium).padEnd(16)}${String(r.benchNode).padEnd(12)}${`${r.appNow} (${pct(r.appNow, r.benchChromium)} / ${pct(r.appNow, r.benchNode)})`.padEnd(34)}${half.padEnd(28)}${avg}`);
  }
}
