// Architecture comparison: `npm run compare -- --archs mlp,cnn --epochs 1` trains each architecture on the same MNIST
// images with the same seed (or `--models a.json,b.json` loads trained ones), then reports parameters, multiply-adds,
// test accuracy, training time and the shift curves. WebAssembly kernels on data-parallel threads (--threads, 2).
// Bad arguments: one line on stderr and exit code 2. Other failures: exit 1.
import path from 'node:path';
import cliProgress from 'cli-progress';
import { specCost } from '../core/analysis.js';
import { subset, type Dataset } from '../core/data/mnist.js';
import { useFastestBackendSync } from '../core/kernels/index.js';
import { DataParallel } from '../core/kernels/parallel.js';
import { Model } from '../core/model.js';
import { SpecError } from '../core/spec.js';
import { axisOffsets, randomShiftAccuracy, shiftSweep } from '../core/train/shift-sweep.js';
import { Trainer, type GradEngine, type TrainEvent } from '../core/train/trainer.js';
import { type TrainConfig } from '../core/train/config.js';
import { UsageError } from './lib/args.js';
import { COMPARE_USAGE, parseCompareArgs, type CompareArgs } from './lib/compare-args.js';
import { compareJson, formatRunTable, formatShiftCurves, type CompareRun } from './lib/compare-report.js';
import { nodeWorkerFactory } from './lib/node-threads.js';
import { loadMnistFromDisk } from './lib/node-mnist.js';
import { loadArch, loadModelFile } from './lib/spec-file.js';

/**
 * Test images per forward pass of the sweep, split across the threads (the accuracies do not depend on it). Model.infer
 * keeps each image's maps in cache whatever the batch, so a big one only saves the threads' waits for each other.
 */
const SWEEP_BATCH = 1000;

/** What to compare, built before any work starts: a fresh model to train, or one loaded from a file. */
interface Entry {
  name: string;
  model: Model;
  /** Loaded from a model file: evaluated as it is. */
  trained: boolean;
}

/** Every architecture and model file checked and built up front, so a bad one fails before minutes of training. */
function resolveEntries(args: CompareArgs): Entry[] {
  if (args.models.length > 0) {
    return args.models.map((file) => {
      const { model, meta } = loadModelFile(file);
      return { name: meta.name || path.basename(file, '.json'), model, trained: true };
    });
  }
  return args.archs.map((arch) => {
    const spec = loadArch(arch, '--archs');
    try {
      return { name: spec.name, model: new Model(spec, args.config.seed), trained: false };
    } catch (e) {
      // over the studio's budget (parameters, activations, multiply-adds): a problem of the argument, too
      if (e instanceof SpecError) throw new UsageError(`--archs: ${arch}: ${e.message}`);
      throw e;
    }
  });
}

/** One progress bar on stderr, restarted for each phase (training epochs, the sweep). */
function progressBar() {
  const bar = new cliProgress.SingleBar({ format: '{name} {phase} [{bar}] {value}/{total}', hideCursor: true, barsize: 24, stream: process.stderr }, cliProgress.Presets.shades_classic);
  return {
    start: (total: number, name: string, phase: string) => bar.start(total, 0, { name, phase }),
    update: (value: number) => bar.update(value),
    stop: () => bar.stop(),
  };
}

type Bar = ReturnType<typeof progressBar>;

/** Trains `model` (through `engine`) with the shared config; resolves with the seconds it took. */
async function train(name: string, model: Model, engine: GradEngine, data: { train: Dataset; test: Dataset }, config: TrainConfig, bar: Bar): Promise<number> {
  const started = performance.now();
  let failure: string | undefined;
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'batch') {
      if (e.batch === 0) bar.start(e.batches, name, `epoch ${e.epoch + 1}/${config.epochs}`);
      bar.update(e.batch + 1);
    } else if (e.type === 'state' && e.state === 'failed') failure = e.message;
  };
  const trainer = new Trainer(model, data.train, data.test, config, onEvent, engine);
  trainer.divergence = 'fail'; // headless: a diverged run ends as failed instead of waiting for a resume
  const state = await trainer.run();
  bar.stop();
  if (state !== 'done') throw new Error(`${name}: training ${state}${failure ? `: ${failure}` : ''}`);
  return (performance.now() - started) / 1000;
}

/** Trains (or takes) one model, then runs its shift sweep through `engine` (the model itself or its threads). */
async function compareOne(entry: Entry, model: Model, engine: GradEngine, args: CompareArgs, data: { train: Dataset; test: Dataset }, bar: Bar): Promise<CompareRun> {
  const trainSeconds = entry.trained ? null : await train(entry.name, model, engine, data, args.config, bar);
  const cost = specCost(model.spec, model.infos);
  const batchSize = SWEEP_BATCH;
  const started = performance.now();
  const offsets = axisOffsets(args.maxShift);
  bar.start(offsets.length, entry.name, 'shift sweep');
  const shift = shiftSweep(model, data.test, offsets, { engine, batchSize, onProgress: (done) => bar.update(done) });
  bar.stop();
  const randomShift = args.randomK === null ? undefined : { k: args.randomK, accuracy: randomShiftAccuracy(model, data.test, args.randomK, args.config.seed, engine, batchSize) };
  const sweepSeconds = (performance.now() - started) / 1000;
  const testAccuracy = shift.find((p) => p.dx === 0 && p.dy === 0)!.accuracy;
  const params = model.paramCount;
  return { name: entry.name, params, macs: cost.macs, testAccuracy, trainSeconds, sweepSeconds, shift, ...(randomShift ? { randomShift } : {}) };
}

async function compare(args: CompareArgs): Promise<void> {
  const entries = resolveEntries(args);
  const backend = useFastestBackendSync();
  const log = (s: string) => (args.json ? process.stderr : process.stdout).write(`${s}\n`);
  const models = entries.map((e) => e.model);
  // every model's threads start while MNIST loads (each worker takes a few hundred ms to boot)
  const maxBatch = Math.max(500, SWEEP_BATCH, args.config.batchSize); // the trainer evaluates 500 at a time
  const threads = models.map((m) => (args.threads > 1 ? DataParallel.create(m, nodeWorkerFactory, { threads: args.threads, maxBatch, backend: 'wasm' }) : Promise.resolve(null)));
  const loading = loadMnistFromDisk();
  loading.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled meanwhile
  const started = await Promise.allSettled(threads);
  const dps = started.map((r) => (r.status === 'fulfilled' ? r.value : null));
  try {
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const mnist = await loading;
    const data = { train: subset(mnist.train, args.config.trainSize), test: args.testSize === null ? mnist.test : subset(mnist.test, args.testSize) };
    const { epochs, seed } = args.config;
    const what = args.models.length > 0 ? 'model files, not trained here' : `${data.train.count} training images, ${epochs} epoch(s), seed ${seed}`;
    log(`comparing ${entries.map((e) => e.name).join(', ')}: ${what}; ${data.test.count} test images, shifts up to ±${args.maxShift}; backend ${backend.name}, ${args.threads} thread(s)`);
    const bar = progressBar();
    const runs: CompareRun[] = [];
    for (const [i, entry] of entries.entries()) {
      const run = await compareOne(entry, models[i], dps[i] ?? models[i], args, data, bar);
      runs.push(run);
      log(`${run.name}: test accuracy ${(run.testAccuracy * 100).toFixed(2)} %${run.trainSeconds === null ? '' : `, trained in ${run.trainSeconds.toFixed(1)} s`}, shift test ${run.sweepSeconds.toFixed(1)} s`);
    }
    if (args.json) process.stdout.write(`${compareJson(runs)}\n`);
    else log(`\n${formatRunTable(runs)}\n\n${formatShiftCurves(runs)}`);
  } finally {
    for (const dp of dps) dp?.dispose();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCompareArgs(argv);
    if (args.help) {
      process.stdout.write(`${COMPARE_USAGE}\n`);
      return 0;
    }
    await compare(args);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`compare: ${e.message} (see --help)\n`);
      return 2;
    }
    process.stderr.write(`compare: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
