// The real training worker (electron/worker/worker.ts in a worker_threads Worker) under the real WorkerManager,
// driven through the real protocol on real MNIST: training, pause/resume, stop, validation, crash and restart.
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ModelSpec } from '../../core/spec.js';
import type { SessionEvent } from '../../core/protocol.js';
import { WorkerManager } from '../../electron/main/worker-manager.js';
import { EventLog, isType, managerWithLog, MNIST_DIR, startWorker } from './helpers.js';

/** A small CNN, so the test trains in seconds on a shared CPU. */
const SMALL_CNN: ModelSpec = {
  name: 'small-cnn',
  input: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 8, kernel: 3, padding: 'same' },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};
const TRAIN = { trainSize: 2000, batchSize: 32, epochs: 1, lr: 0.005, optimizer: 'adam', seed: 1 } as const;

let managers: WorkerManager[] = [];
afterEach(async () => {
  await Promise.all(managers.map((m) => m.dispose()));
  managers = [];
});

async function readyManager(): Promise<ReturnType<typeof managerWithLog>> {
  const ctx = managerWithLog();
  managers.push(ctx.manager);
  const ready = ctx.log.next(isType('ready'), 'ready');
  ctx.manager.start();
  const r = await ready;
  expect(r.trainCount).toBe(60000);
  expect(r.testCount).toBe(10000);
  const model = ctx.log.next(isType('model'), 'model after set-spec');
  ctx.manager.send({ type: 'model:set-spec', spec: SMALL_CNN, seed: 1 });
  expect((await model).model.spec.name).toBe('small-cnn');
  return ctx;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('training worker', () => {
  test('trains on 2000 real MNIST images: loss falls, an epoch event reports test accuracy, run ends done', async () => {
    const { manager, log } = await readyManager();
    const start = log.events.length;
    const done = log.next((e) => e.type === 'state' && e.state === 'done', 'state done');
    manager.send({ type: 'train:start', config: TRAIN });
    await done;
    const events = log.since(start);
    const losses = events.filter(isType('batch')).map((b) => b.loss);
    expect(losses).toHaveLength(Math.floor(2000 / 32));
    expect(losses.every(Number.isFinite)).toBe(true);
    const early = mean(losses.slice(0, 10));
    const late = mean(losses.slice(-10));
    expect(losses[0]).toBeGreaterThan(1.8); // an untrained 10-class model starts near ln(10) = 2.3
    expect(late).toBeLessThan(early * 0.6);
    const epochs = events.filter(isType('epoch'));
    expect(epochs).toHaveLength(1);
    expect(epochs[0].testAccuracy).toBeGreaterThan(0.7);
    expect(epochs[0].confusion.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(events.filter(isType('error'))).toEqual([]);
  });

  test('pause stops batch events until resume; stop ends with state stopped', async () => {
    const { manager, log } = await readyManager();
    manager.send({ type: 'train:start', config: { ...TRAIN, epochs: 5 } });
    await log.next((e) => e.type === 'batch' && e.batch >= 3, 'batch 3');
    const paused = log.next((e) => e.type === 'state' && e.state === 'paused', 'state paused');
    manager.send({ type: 'train:pause' });
    await paused;
    const atPause = log.events.length;
    // Keep the worker busy answering requests for a while (each reply proves it handles messages while paused).
    const t0 = Date.now();
    let id = 0;
    while (Date.now() - t0 < 400) {
      const reply = log.next((e) => e.type === 'weights' && e.id === id, `weights ${id}`);
      manager.send({ type: 'weights:get', id });
      await reply;
      id++;
    }
    expect(id).toBeGreaterThan(1);
    expect(log.since(atPause).filter(isType('batch'))).toEqual([]);
    const resumed = log.next((e) => e.type === 'batch', 'a batch after resume');
    manager.send({ type: 'train:resume' });
    await resumed;
    const stopped = log.next((e) => e.type === 'state' && e.state !== 'running', 'a final state');
    manager.send({ type: 'train:stop' });
    expect(await stopped).toMatchObject({ type: 'state', state: 'stopped' });
  });

  test('invalid messages are rejected with an error event in main and again in the worker, never executed', async () => {
    const { manager, log, workers } = await readyManager();
    const bad1 = log.next(isType('error'), 'error for missing config');
    manager.send({ type: 'train:start' });
    expect((await bad1).message).toMatch(/train:start\.config: expected an object/);
    const bad2 = log.next(isType('error'), 'error for unknown type');
    manager.send({ type: 'rm -rf', path: '/' });
    expect((await bad2).message).toMatch(/unknown type/);
    // Bypass the manager: the worker validates on its own.
    const bad3 = log.next(isType('error'), 'error from the worker');
    workers[0].postMessage({ type: 'infer', id: 7, image: [1, 2, 3] });
    expect((await bad3).message).toMatch(/infer\.image: expected a Float32Array of 784/);
    expect(log.events.filter((e) => e.type === 'inference' || e.type === 'batch')).toEqual([]);
    // The session still works afterwards.
    const inf = log.next(isType('inference'), 'inference');
    manager.send({ type: 'infer', id: 8, image: new Float32Array(784) });
    expect((await inf).probs).toHaveLength(10);
  });

  test('a worker killed mid-training is reported (state failed + error) and replaced by a new one that posts ready', async () => {
    const { manager, log, workers } = await readyManager();
    manager.send({ type: 'train:start', config: { ...TRAIN, epochs: 5 } });
    await log.next(isType('batch'), 'a batch');
    const failed = log.next((e) => e.type === 'state' && e.state === 'failed', 'state failed');
    const error = log.next(isType('error'), 'crash error');
    const ready = log.next(isType('ready'), 'ready from the new worker');
    await workers[0].terminate();
    expect((await failed) as SessionEvent).toMatchObject({ message: expect.stringMatching(/training worker stopped/) });
    expect((await error).message).toMatch(/training worker stopped .*starting a new one/);
    await ready;
    expect(manager.restarts).toBe(1);
    expect(workers).toHaveLength(2);
    expect(manager.current).toBe(workers[1]);
    // The new worker answers commands.
    const inf = log.next(isType('inference'), 'inference from the new worker');
    manager.send({ type: 'infer', id: 1, image: new Float32Array(784).fill(0.5) });
    expect((await inf).outputs.length).toBeGreaterThan(0);
  });
});

describe('worker start-up', () => {
  test('a default model file that does not parse is reported, and the session starts from the fallback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-model-'));
    const bad = join(dir, 'default-cnn.json');
    writeFileSync(bad, '{"format":"cnn-studio-model","version":1');
    const log = new EventLog();
    const manager = new WorkerManager({ create: () => startWorker({ mnistDir: MNIST_DIR, defaultModelPath: bad }), onEvent: log.push });
    managers.push(manager);
    const ready = log.next(isType('ready'), 'ready');
    manager.start();
    const r = await ready;
    expect(r.model.spec.name).toBe('cnn');
    expect(log.events.filter(isType('error')).map((e) => e.message)).toEqual([expect.stringMatching(/^default model .*default-cnn\.json: .*using an untrained cnn instead$/)]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('missing MNIST files are reported with the path, and commands still get answers', async () => {
    const log = new EventLog();
    const manager = new WorkerManager({ create: () => startWorker({ mnistDir: '/nonexistent/mnist', defaultModelPath: '/nonexistent/model.json' }), onEvent: log.push });
    managers.push(manager);
    const err = log.next(isType('error'), 'MNIST error');
    manager.start();
    expect((await err).message).toMatch(/MNIST: cannot read \/nonexistent\/mnist\/\S+-ubyte: ENOENT/);
    const refused = log.next(isType('error'), 'train:start refused');
    manager.send({ type: 'train:start', config: {} });
    expect((await refused).message).toMatch(/MNIST data is still loading/);
    const inf = log.next(isType('inference'), 'inference without data');
    manager.send({ type: 'infer', id: 1, image: new Float32Array(784) });
    expect((await inf).id).toBe(1);
  });
});

describe('WorkerManager crash policy', () => {
  test('an uncaught exception is reported with its message; after maxCrashes it stops restarting', async () => {
    const log = new EventLog(() => false);
    let created = 0;
    const manager = new WorkerManager({
      create: () => {
        created++;
        return new Worker('throw new Error("boom in worker")', { eval: true });
      },
      onEvent: log.push,
      maxCrashes: 2,
    });
    managers.push(manager);
    const gaveUp = log.next((e) => e.type === 'error' && /not restarted/.test(e.message), 'give-up error');
    manager.start();
    await gaveUp;
    const errors = log.events.filter(isType('error'));
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/stopped: boom in worker; starting a new one/),
      expect.stringMatching(/stopped: boom in worker; starting a new one/),
      expect.stringMatching(/stopped: boom in worker; it crashed 3 times in 60 s, so it is not restarted/),
    ]);
    expect(created).toBe(3);
    expect(manager.current).toBeNull();
    const refused = log.next(isType('error'), 'error for a command with no worker');
    manager.send({ type: 'weights:get', id: 3 });
    expect(await refused).toMatchObject({ message: 'the training worker is not running', id: 3, command: 'weights:get' });
  });
});
