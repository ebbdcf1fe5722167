// Time to 99 % test accuracy for the default `cnn` preset from a cold start (this process's start, so it includes
// Node/tsx start-up and loading MNIST), with the wasm backend on 2 threads and the default Adam config.
// Run: npm run bench -- --time-to-accuracy   (or: npx tsx bench/time-to-accuracy.ts [--threads 2] [--recipe default|one-epoch]
//      [--epochs 2] [--lr 0.006] [--schedule warmup-linear|exponential] [--lr-decay 0.5] [--batch 32] [--beta1 0.9]
//      [--beta2 0.999] [--label-smoothing 0.1] [--seed 1] [--target 0.99] [--json] [--plain-simd]); the relaxed-SIMD build
//      where this Node validates it (npm run bench passes the flag), as the app; defaults are the recipe's (core's
//      RECIPES; 'default': the app's DEFAULT_CONFIG, Adam, warm-up + linear over the run's epochs), each flag overriding. With --seeds 1,2,3 it runs one cold start per seed, one after the other, and sums them up (how many
//      reached the target, and the median time of those that did).
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { setBackend } from '../core/kernels/index.js';
import { DataParallel } from '../core/kernels/parallel.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { Model } from '../core/model.js';
import { preset } from '../core/presets.js';
import { Trainer, type TrainEvent } from '../core/train/trainer.js';
import { DEFAULT_CONFIG, RECIPE_NAMES, RECIPES, validateConfig, type RecipeName } from '../core/train/config.js';
import { loadMnistFromDisk } from '../scripts/lib/node-mnist.js';
import { nodeWorkerFactory } from '../scripts/lib/node-threads.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const ri = argv.indexOf('--recipe');
const recipe = ri >= 0 ? argv[ri + 1] : 'default';
if (!RECIPE_NAMES.includes(recipe as RecipeName)) throw new Error(`time-to-accuracy: --recipe must be one of ${RECIPE_NAMES.join(', ')}, got ${recipe}`);
const base = { ...DEFAULT_CONFIG, ...RECIPES[recipe as RecipeName] };
const threads = opt('--threads', Math.min(2, cpus().length));
const epochs = opt('--epochs', base.epochs);
const target = opt('--target', 0.99);
const lr = opt('--lr', base.lr);
const lrDecay = opt('--lr-decay', base.lrDecay);
const batchSize = opt('--batch', base.batchSize);
const beta1 = opt('--beta1', base.beta1);
const beta2 = opt('--beta2', base.beta2);
const labelSmoothing = opt('--label-smoothing', base.labelSmoothing);
const seed = opt('--seed', base.seed);
const si = argv.indexOf('--schedule');
const schedule = si >= 0 ? argv[si + 1] : base.schedule;
const json = argv.includes('--json');
const wasm = { relaxed: !argv.includes('--plain-simd') };
const seconds = () => performance.now() / 1000; // Node measures performance.now() from process start

async function main(): Promise<void> {
  const { train, test } = await loadMnistFromDisk();
  const loaded = seconds();
  const backend = createWasmBackend(wasm);
  if (backend) setBackend(backend);
  const model = new Model(preset('cnn'), seed);
  const engine = threads > 1 ? await DataParallel.create(model, nodeWorkerFactory, { threads, maxBatch: 500, backend: backend ? 'wasm' : 'js', wasm }) : model;
  const config = validateConfig({ ...base, epochs, lr, lrDecay, batchSize, schedule, beta1, beta2, labelSmoothing, seed });
  const epochsSeen: { epoch: number; testAccuracy: number; atSeconds: number }[] = [];
  let reached: number | null = null;
  let trainer: Trainer | null = null;
  const emit = (e: TrainEvent) => {
    if (e.type !== 'epoch') return;
    const at = seconds();
    epochsSeen.push({ epoch: e.epoch + 1, testAccuracy: e.testAccuracy, atSeconds: at });
    if (!json) console.log(`epoch ${e.epoch + 1}: test accuracy ${(e.testAccuracy * 100).toFixed(2)} % at ${at.toFixed(1)} s since process start`);
    if (e.testAccuracy >= target && reached === null) {
      reached = at;
      trainer?.stop();
    }
  };
  trainer = new Trainer(model, train, test, config, emit, engine);
  trainer.divergence = 'fail';
  await trainer.run();
  if (engine instanceof DataParallel) engine.dispose();
  const last = epochsSeen[epochsSeen.length - 1];
  const result = {
    preset: 'cnn',
    config: { recipe, optimizer: config.optimizer, lr: config.lr, batchSize: config.batchSize, schedule: config.schedule, lrDecay: config.lrDecay, beta1: config.beta1, beta2: config.beta2, labelSmoothing: config.labelSmoothing, seed: config.seed, epochsMax: epochs },
    backend: backend?.name ?? 'js',
    threads,
    dataLoadedAtSeconds: loaded,
    epochs: epochsSeen,
    reachedTarget: reached !== null,
    secondsToTarget: reached,
    finalTestAccuracy: last?.testAccuracy ?? 0,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  if (json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(
      reached !== null
        ? `reached ${(target * 100).toFixed(1)} % test accuracy after ${(reached as number).toFixed(1)} s wall time from process start (data loaded at ${loaded.toFixed(1)} s)`
        : `did NOT reach ${(target * 100).toFixed(1)} % in ${epochs} epochs; final ${(result.finalTestAccuracy * 100).toFixed(2)} % at ${last?.atSeconds.toFixed(1)} s`,
    );
    console.log(`backend ${result.backend}, ${threads} threads`);
    console.log(`peak RSS ${result.peakRssMB.toFixed(0)} MB (whole process, ${threads} threads)`);
  }
  process.exit(0);
}

type Result = { secondsToTarget: number | null; finalTestAccuracy: number; peakRssMB: number };

/** --seeds a,b,c: one cold start (a fresh process) per seed, then how many reached the target and how fast. */
function manySeeds(list: string): void {
  const seeds = list.split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`time-to-accuracy: --seeds takes whole numbers like 1,2,3, got ${list}`);
  const rest = argv.filter((a, i) => a !== '--seeds' && argv[i - 1] !== '--seeds' && a !== '--seed' && argv[i - 1] !== '--seed' && a !== '--json');
  const results = seeds.map((s) => {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...rest, '--seed', String(s), '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`time-to-accuracy: the run with seed ${s} failed (exit ${r.status})`);
    const one = JSON.parse(r.stdout) as Result;
    if (!json) console.log(`seed ${s}: ${(one.finalTestAccuracy * 100).toFixed(2)} %, ${one.secondsToTarget === null ? 'did NOT reach the target' : `target reached after ${one.secondsToTarget.toFixed(1)} s`}`);
    return one;
  });
  const times = results.flatMap((r) => (r.secondsToTarget === null ? [] : [r.secondsToTarget])).sort((a, b) => a - b);
  const summary = { seeds, reached: times.length, runs: results.length, medianSecondsOfThoseReached: times.length ? times[Math.floor(times.length / 2)] : null, maxPeakRssMB: Math.max(...results.map((r) => r.peakRssMB)), results };
  if (json) console.log(JSON.stringify(summary, null, 2));
  else console.log(`${times.length} of ${results.length} seeds reached ${(target * 100).toFixed(1)} %${times.length ? `; median ${summary.medianSecondsOfThoseReached!.toFixed(1)} s, range ${times[0].toFixed(1)}–${times[times.length - 1].toFixed(1)} s` : ''}`);
}

const seedsAt = argv.indexOf('--seeds');
const run = seedsAt >= 0 ? async () => manySeeds(argv[seedsAt + 1] ?? '') : main;
run().then(() => process.exit(0), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
