// `npm run bench:app` (issue #21): the studio's own training, measured in the web build in Chromium: the cnn preset's
// training throughput as the app reports it (the progress line's images/s now, sampled through the run; and the run's
// average), and the time from pressing "Start training" on a freshly loaded page to the first epoch at ≥ 99 % test
// accuracy. `npm run bench:app-vs-bench` runs it in turn with the bench's cnn rows and gives the ratios.
// Run: npm run bench:app [-- --threads 2] [--recipe default|one-epoch (pressed in the form first; then the flags
//      given below override it)] [--epochs 2 (the app's default)] [--train-size 60000] [--batch 32]
//      [--label-smoothing 0 (the default)] [--optimizer adam|sgd (the form's; the bench's rows train with SGD)]
//      [--seed 1] [--target 0.99] [--json] [--hide-page (a probe: the page's content is hidden right after Start, so
//      nothing is laid out or painted while it trains; what the visible page costs the training is the difference)]
//      [--build-dir DIR] [--rebuild] [--cpu (Linux: where the CPU went during the first epoch's training, per thread
//      kind, from /proc: the training threads, the page's main thread, Chromium's other threads)]
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { DEFAULT_CONFIG, RECIPE_NAMES, type RecipeName } from '../core/train/config.js';
import { CHROMIUM_ARGS, findChromium } from '../scripts/lib/chromium.js';
import { ensureBuild, serve } from './ui-latency-serve.js';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const KNOWN = ['--threads', '--optimizer', '--hide-page', '--recipe', '--epochs', '--train-size', '--batch', '--label-smoothing', '--seed', '--target', '--json', '--build-dir', '--rebuild', '--cpu'];
for (const a of argv) if (a.startsWith('--') && !KNOWN.includes(a)) throw new Error(`bench:app: unknown flag ${a}; known: ${KNOWN.join(' ')}`);
const get = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string, dflt: number) => {
  const v = get(name);
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`bench:app: ${name} needs a positive number, got ${v}`);
  return n;
};
const threads = num('--threads', 2);
const epochs = num('--epochs', DEFAULT_CONFIG.epochs);
const trainSize = num('--train-size', 60000);
const batch = num('--batch', 32);
const target = num('--target', 0.99);
const labelSmoothing = Number(get('--label-smoothing') ?? DEFAULT_CONFIG.labelSmoothing);
if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new Error(`bench:app: --label-smoothing needs a number in [0, 1), got ${get('--label-smoothing')}`);
const seed = num('--seed', DEFAULT_CONFIG.seed);
const optimizer = get('--optimizer');
if (optimizer !== undefined && optimizer !== 'adam' && optimizer !== 'sgd') throw new Error(`bench:app: --optimizer must be adam or sgd, got ${optimizer}`);
const recipe = get('--recipe') as RecipeName | undefined;
if (recipe !== undefined && !RECIPE_NAMES.includes(recipe)) throw new Error(`bench:app: --recipe must be one of ${RECIPE_NAMES.join(', ')}, got ${recipe}`);
/** With a recipe, only the flags given override what its button set; without one, every field is filled. */
const fills = (flag: string) => recipe === undefined || get(flag) !== undefined;
const json = argv.includes('--json');
const buildDir = resolve(ROOT, get('--build-dir') ?? 'test-output/ui-latency-web');
const log = (s: string) => process.stderr.write(`[bench:app] ${s}\n`);

interface Sample {
  atSeconds: number;
  epoch: number;
  batch: number;
  /** The trainer's average over the run so far, and its speed now (what the progress line shows while it runs). */
  imagesPerSec: number;
  imagesPerSecNow: number;
}

/** CPU seconds so far of every thread of every Chromium process, keyed by process type and thread (Linux /proc). */
function chromiumThreadTimes(): Map<string, { kind: string; seconds: number }> | null {
  const out = new Map<string, { kind: string; seconds: number }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime + stime (fields 14, 15 of stat) in clock ticks, 100 a second on Linux
        const seconds = (Number(f[11]) + Number(f[12])) / 100;
        const kind = type !== 'renderer' ? `other Chromium processes` : name.startsWith('DedicatedWorker') ? 'training threads (Web Workers)' : tid === pid ? "page's main thread" : 'other threads of the page';
        out.set(`${pid}/${tid}`, { kind, seconds });
      }
    } catch {
      // a process or thread that ended meanwhile
    }
  }
  return out;
}

/** CPU seconds per kind of thread between two snapshots, and the wall seconds between them. */
function cpuSplit(a: { at: number; t: NonNullable<ReturnType<typeof chromiumThreadTimes>> }, b: typeof a) {
  const split: Record<string, number> = {};
  for (const [k, v] of b.t) split[v.kind] = (split[v.kind] ?? 0) + v.seconds - (a.t.get(k)?.seconds ?? 0);
  const wall = (b.at - a.at) / 1000;
  return { wallSeconds: Number(wall.toFixed(2)), cpuSeconds: Object.fromEntries(Object.entries(split).map(([k, v]) => [k, Number(v.toFixed(2))])) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/**
 * The training rate over the first and the second half of the samples: each sample gives the images done so far
 * (from its epoch and batch) and, through the trainer's cumulative images/s, the training seconds they took.
 */
function windowRates(samples: Sample[], batchesPerEpoch: number, batchSize: number): { first: number; second: number } | null {
  if (samples.length < 5 || batchesPerEpoch <= 0) return null;
  const at = (s: Sample) => {
    const images = (s.epoch * batchesPerEpoch + s.batch + 1) * batchSize;
    return { images, seconds: images / s.imagesPerSec };
  };
  const [a, m, b] = [samples[0], samples[Math.floor(samples.length / 2)], samples[samples.length - 1]].map(at);
  return { first: (m.images - a.images) / (m.seconds - a.seconds), second: (b.images - m.images) / (b.seconds - m.seconds) };
}

async function main(): Promise<void> {
  ensureBuild(buildDir, argv.includes('--rebuild'));
  const server = await serve(buildDir);
  const found = await findChromium();
  log(`chromium: ${found.source}`);
  const browser = await chromium.launch({ executablePath: found.executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const loadStart = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__app!.store.getState().ready, undefined, { timeout: 120_000 });
    const readySeconds = (Date.now() - loadStart) / 1000;
    const isolated = await page.evaluate(() => crossOriginIsolated);
    const fill = async (field: string, value: number) => page.getByTestId(`train.${field}`).fill(String(value));
    if (recipe) await page.getByTestId(`train.recipe.${recipe}`).click();
    if (fills('--train-size')) await fill('trainSize', trainSize);
    if (fills('--epochs')) await fill('epochs', epochs);
    if (fills('--batch')) await fill('batchSize', batch);
    await fill('seed', seed);
    if (optimizer) await page.getByTestId('train.optimizer').selectOption(optimizer);
    await page.getByTestId('train.more').locator('summary').click();
    await fill('threads', threads);
    if (fills('--label-smoothing')) await fill('labelSmoothing', labelSmoothing);
    const load = loadavg()[0];
    // in the page: when the store first saw a batch and each epoch's result (the polling below is every 500 ms)
    await page.evaluate(() => {
      const w = window as unknown as { __seen: { firstBatch: number | null; epochs: number[] } };
      w.__seen = { firstBatch: null, epochs: [] };
      window.__app!.store.subscribe((st) => {
        const run = st.runs[(st.current && st.models[st.current]?.run) || ''];
        if (!run) return;
        if (w.__seen.firstBatch === null && run.lastBatch) w.__seen.firstBatch = performance.now();
        while (w.__seen.epochs.length < run.epochs.length) w.__seen.epochs.push(performance.now());
      });
    });
    // the clock starts with the click (fresh weights of the current architecture: the cnn preset at first launch)
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('train.start').click();
    if (argv.includes('--hide-page')) await page.evaluate(() => void (document.body.style.display = 'none'));
    const samples: Sample[] = [];
    // --cpu: /proc snapshots from the third sample to the last one before the first epoch's end (its training only)
    type Snap = { at: number; t: NonNullable<ReturnType<typeof chromiumThreadTimes>> };
    let cpuFrom: Snap | null = null;
    let cpuTo: Snap | null = null;
    const epochsSeen: { epoch: number; testAccuracy: number; atSeconds: number }[] = [];
    let reached: number | null = null;
    let firstBatch: number | null = null;
    for (;;) {
      const s = await page.evaluate(() => {
        const st = window.__app!.store.getState();
        const run = st.runs[(st.current && st.models[st.current]?.run) || ''];
        const seen = (window as unknown as { __seen: { firstBatch: number | null; epochs: number[] } }).__seen;
        return run ? { status: run.status, note: run.note, threads: run.config.threads, last: run.lastBatch, epochs: run.epochs.map((e) => e.testAccuracy), seen, now: performance.now() } : null;
      });
      if (s?.last) samples.push({ atSeconds: (s.now - t0) / 1000, epoch: s.last.epoch, batch: s.last.batch, imagesPerSec: s.last.imagesPerSec, imagesPerSecNow: s.last.imagesPerSecNow });
      if (argv.includes('--cpu') && s?.status === 'running' && s.epochs.length === 0 && samples.length >= 3) {
        const t = chromiumThreadTimes();
        if (t) (cpuFrom === null ? (cpuFrom = { at: Date.now(), t }) : (cpuTo = { at: Date.now(), t }));
      }
      if (s) {
        for (let i = epochsSeen.length; i < s.epochs.length; i++) {
          const at = ((s.seen.epochs[i] ?? s.now) - t0) / 1000;
          epochsSeen.push({ epoch: i + 1, testAccuracy: s.epochs[i], atSeconds: at });
          log(`epoch ${i + 1}: test accuracy ${(s.epochs[i] * 100).toFixed(2)} % at ${at.toFixed(2)} s`);
          if (s.epochs[i] >= target && reached === null) reached = at;
        }
        if (s.note) log(`note: ${s.note}`);
        if (s.seen.firstBatch !== null) firstBatch = (s.seen.firstBatch - t0) / 1000;
        if (s.status !== 'running' && s.status !== 'paused') break;
      }
      await page.waitForTimeout(500);
    }
    const status = await page.getByTestId('train.status').getAttribute('data-status');
    const runConfig = await page.evaluate(() => {
      const st = window.__app!.store.getState();
      return st.runs[(st.current && st.models[st.current]?.run) || '']?.config ?? null;
    });
    const usedThreads = runConfig?.threads ?? null;
    // throughput: the progress line's images/s (the speed now) over the run's samples after its first 10 % (warm-up,
    // workers starting); and the run's average as it stood at the same samples
    const late = samples.filter((s) => s.atSeconds > (samples[samples.length - 1]?.atSeconds ?? 0) * 0.1);
    const steady = late.map((s) => s.imagesPerSecNow);
    const rates = windowRates(samples, runConfig ? Math.floor(runConfig.trainSize / runConfig.batchSize) : 0, runConfig?.batchSize ?? 0);
    const result = {
      chromium: found.source,
      crossOriginIsolated: isolated,
      threadsAsked: threads,
      threadsUsed: usedThreads,
      recipe: recipe ?? null,
      pageHidden: argv.includes('--hide-page'),
      // the run's config as the app sent it
      config: runConfig,
      loadAverageAtStart: Number(load.toFixed(2)),
      pageReadySeconds: Number(readySeconds.toFixed(1)),
      imagesPerSecMedian: Math.round(median(steady)),
      imagesPerSecRange: steady.length ? [Math.round(Math.min(...steady)), Math.round(Math.max(...steady))] : null,
      samples: steady.length,
      // the run's average (warm-up included) at the same samples, and at the last one
      averageMedian: Math.round(median(late.map((s) => s.imagesPerSec))),
      average: samples.length ? Math.round(samples[samples.length - 1].imagesPerSec) : null,
      // the same run's rate over each half of its training (from the samples: images done / training seconds, the
      // trainer's own clock): the first half holds the warm-up, the second is what the app settles at
      imagesPerSecFirstHalf: rates && Math.round(rates.first),
      imagesPerSecSecondHalf: rates && Math.round(rates.second),
      // from pressing Start to the store's first batch: the run's start (replica threads, the first step)
      firstBatchSeconds: firstBatch,
      // epochs' times: when the page's store got each result
      epochs: epochsSeen,
      secondsToTarget: reached,
      target,
      finalStatus: status,
      // --cpu: CPU seconds of each kind of Chromium thread over `wallSeconds` of the first epoch's training
      cpu: cpuFrom && cpuTo ? cpuSplit(cpuFrom, cpuTo) : null,
    };
    if (json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`app training, cnn preset, ${usedThreads} thread(s) (asked ${threads}; cross-origin isolated: ${isolated}), load ${result.loadAverageAtStart}`);
      console.log(`  images/s now (the progress line): median ${result.imagesPerSecMedian} (${result.imagesPerSecRange?.join('–')}) over ${steady.length} samples`);
      console.log(`  the run's average: median ${result.averageMedian} over the same samples, ${result.average} at the last`);
      if (rates) console.log(`  images/s over the first half of the training: ${result.imagesPerSecFirstHalf}; over the second half: ${result.imagesPerSecSecondHalf}`);
      if (result.cpu) {
        const { wallSeconds, cpuSeconds } = result.cpu;
        console.log(`  CPU over ${wallSeconds} s of the first epoch's training (${cpus().length} cores: ${(cpus().length * wallSeconds).toFixed(1)} s at most):`);
        for (const [kind, sec] of Object.entries(cpuSeconds).sort((a, b) => b[1] - a[1])) console.log(`    ${kind}: ${sec.toFixed(2)} s`);
      } else if (argv.includes('--cpu')) console.log('  CPU: not measured (no /proc, or the first epoch was too short)');
      console.log(reached !== null ? `  ${(target * 100).toFixed(1)} % test accuracy ${reached.toFixed(1)} s after pressing Start` : `  did not reach ${(target * 100).toFixed(1)} % in ${runConfig?.epochs} epochs`);
    }
  } finally {
    await browser.close();
    if (server.proc.pid) process.kill(-server.proc.pid);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
