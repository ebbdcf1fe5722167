// Time to 99 % test accuracy for the default `cnn` preset from a cold start (this process's start, so it includes
// Node/tsx start-up and loading MNIST), with the wasm backend on 2 threads and the default Adam config.
// Run: npm run bench -- --time-to-accuracy   (or: npx tsx bench/time-to-accuracy.ts [--threads 2] [--epochs 2]
//      [--lr 0.006] [--schedule warmup-linear|exponential] [--lr-decay 0.5] [--batch 32] [--target 0.99] [--json]
//      [--plain-simd]); the relaxed-SIMD build where this Node validates it (npm run bench passes the flag), as the app;
//      defaults are the app's DEFAULT_CONFIG (Adam, warm-up + linear over the run's epochs).
import { cpus } from 'node:os';
import { setBackend } from '../core/kernels/index.js';
import { DataParallel } from '../core/kernels/parallel.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { Model } from '../core/model.js';
import { preset } from '../core/presets.js';
import { Trainer, type TrainEvent } from '../core/train/trainer.js';
import { DEFAULT_CONFIG, validateConfig } from '../core/train/config.js';
import { loadMnistFromDisk } from '../scripts/lib/node-mnist.js';
import { nodeWorkerFactory } from '../scripts/lib/node-threads.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const threads = opt('--threads', Math.min(2, cpus().length));
const epochs = opt('--epochs', DEFAULT_CONFIG.epochs);
const target = opt('--target', 0.99);
const lr = opt('--lr', DEFAULT_CONFIG.lr);
const lrDecay = opt('--lr-decay', DEFAULT_CONFIG.lrDecay);
const batchSize = opt('--batch', DEFAULT_CONFIG.batchSize);
const si = argv.indexOf('--schedule');
const schedule = si >= 0 ? argv[si + 1] : DEFAULT_CONFIG.schedule;
const json = argv.includes('--json');
const wasm = { relaxed: !argv.includes('--plain-simd') };
const seconds = () => performance.now() / 1000; // Node measures performance.now() from process start

async function main(): Promise<void> {
  const { train, test } = await loadMnistFromDisk();
  const loaded = seconds();
  const backend = createWasmBackend(wasm);
  if (backend) setBackend(backend);
  const model = new Model(preset('cnn'), 1);
  const engine = threads > 1 ? await DataParallel.create(model, nodeWorkerFactory, { threads, maxBatch: 500, backend: backend ? 'wasm' : 'js', wasm }) : model;
  const config = validateConfig({ ...DEFAULT_CONFIG, epochs, lr, lrDecay, batchSize, schedule });
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
    config: { optimizer: config.optimizer, lr: config.lr, batchSize: config.batchSize, schedule: config.schedule, lrDecay: config.lrDecay, epochsMax: epochs },
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

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
