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
import { EventLog, isType, managerWithLog, MNIST_DIR, REPLICA_BOOT, ROOT, startWorker } from './helpers.js';

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

let nextId = 1;
/** Sends a request through the manager; resolves with the event that answers it (reply or error). */
function ask(ctx: { manager: WorkerManager; log: EventLog }, cmd: Record<string, unknown>, what = String(cmd.type)): Promise<SessionEvent> {
  const id = nextId++;
  const answer = ctx.log.next((e) => 'id' in e && e.id === id, `the answer to ${what}`);
  ctx.manager.send({ ...cmd, id });
  return answer;
}

let managers: WorkerManager[] = [];
afterEach(async () => {
  await Promise.all(managers.map((m) => m.dispose()));
  managers = [];
});

async function readyManager(workerData?: object): Promise<ReturnType<typeof managerWithLog>> {
  const ctx = managerWithLog({ workerData });
  managers.push(ctx.manager);
  const ready = ctx.log.next(isType('ready'), 'ready');
  ctx.manager.start();
  const r = await ready;
  expect(r.data).toEqual({ name: 'MNIST', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], notes: [], trainCount: 60000, testCount: 10000, input: [1, 28, 28], classes: 10 });
  const model = await ask(ctx, { type: 'model:set-spec', model: 'm1', spec: SMALL_CNN, seed: 1 });
  expect(model.type === 'model' && model.model.spec.name).toBe('small-cnn');
  return ctx;
}

/** Starts training m1; resolves with the run id. */
async function startRun(ctx: { manager: WorkerManager; log: EventLog }, config: object): Promise<string> {
  const e = await ask(ctx, { type: 'train:start', model: 'm1', config });
  if (e.type !== 'run') throw new Error(`train:start answered ${JSON.stringify(e)}`);
  return e.run.id;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('training worker', () => {
  test('trains on 2000 real MNIST images: loss falls, an epoch event reports test accuracy, run ends done', async () => {
    const ctx = await readyManager();
    const log = ctx.log;
    const start = log.events.length;
    const done = log.next((e) => e.type === 'state' && e.state === 'done', 'state done');
    const run = await startRun(ctx, TRAIN);
    await done;
    const events = log.since(start);
    const losses = events.filter(isType('batches')).flatMap((e) => e.batches.map((b) => b.loss));
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
    const reports = events.filter(isType('batches')).flatMap((e) => e.batches);
    expect(new Set([...reports, ...events.filter((e) => e.type === 'epoch' || e.type === 'state')].map((e) => 'run' in e && `${e.run}/${e.model}`))).toEqual(new Set([`${run}/m1`]));
    expect(events.filter(isType('error'))).toEqual([]);
  });

  test('pause stops batch reports until resume; stop ends with state stopped', async () => {
    const ctx = await readyManager();
    const { log } = ctx;
    const run = await startRun(ctx, { ...TRAIN, epochs: 5 });
    await log.next((e) => e.type === 'batches' && e.batches.some((b) => b.batch >= 3), 'batch 3');
    const paused = log.next((e) => e.type === 'state' && e.state === 'paused', 'state paused');
    expect(await ask(ctx, { type: 'train:pause', run })).toMatchObject({ type: 'done' });
    await paused;
    const atPause = log.events.length;
    // Keep the worker busy answering requests for a while (each reply proves it handles messages while paused).
    const t0 = Date.now();
    let replies = 0;
    while (Date.now() - t0 < 400) {
      expect(await ask(ctx, { type: 'weights:get', model: 'm1' })).toMatchObject({ type: 'weights', model: 'm1' });
      replies++;
    }
    expect(replies).toBeGreaterThan(1);
    expect(log.since(atPause).filter(isType('batches'))).toEqual([]);
    const resumed = log.next((e) => e.type === 'batches', 'a batch after resume');
    await ask(ctx, { type: 'train:resume', run });
    await resumed;
    const stopped = log.next((e) => e.type === 'state' && e.state !== 'running', 'a final state');
    await ask(ctx, { type: 'train:stop', run });
    expect(await stopped).toMatchObject({ type: 'state', state: 'stopped', run, model: 'm1' });
  });

  test('threads: with the replica bundle a run trains on 2 threads (data-parallel) to a done run that learned; without it, on 1 with a note', async () => {
    const ctx = await readyManager({ mnistDir: MNIST_DIR, defaultModelPath: `${ROOT}core/models/default-cnn.json`, replicaScript: REPLICA_BOOT });
    const done = ctx.log.next((e) => e.type === 'state' && e.state === 'done', 'state done');
    const start = ctx.log.events.length;
    const reply = await ask(ctx, { type: 'train:start', model: 'm1', config: { ...TRAIN, threads: 2 } });
    expect(reply).toMatchObject({ type: 'run', run: { config: { threads: 2 } } });
    expect(reply.type === 'run' && reply.run.note).toBeUndefined();
    await done;
    const events = ctx.log.since(start);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    const epochs = events.filter(isType('epoch'));
    expect(epochs[0].testAccuracy).toBeGreaterThan(0.7);

    const single = await readyManager(); // no replicaScript: this host starts no threads
    const one = await ask(single, { type: 'train:start', model: 'm1', config: { ...TRAIN, trainSize: 64, threads: 2 } });
    expect(one).toMatchObject({ type: 'run', run: { config: { threads: 1 }, note: expect.stringMatching(/^one thread: this host starts no worker threads/) } });
  });

  test('invalid messages are rejected with an error event in main and again in the worker, never executed', async () => {
    const ctx = await readyManager();
    const { manager, log, workers } = ctx;
    expect(await ask(ctx, { type: 'train:start', model: 'm1' })).toMatchObject({ type: 'error', code: 'bad-command', message: expect.stringMatching(/train:start\.config: expected an object/) });
    const bad2 = log.next(isType('error'), 'error for unknown type');
    manager.send({ type: 'rm -rf', path: '/' });
    expect(await bad2).toMatchObject({ code: 'bad-command', message: expect.stringMatching(/unknown type/) });
    // Bypass the manager: the worker validates on its own.
    const bad3 = log.next((e) => e.type === 'error' && e.id === 7, 'error from the worker');
    workers[0].postMessage({ type: 'train:start', id: 7, model: 'm1', config: [1, 2, 3] });
    expect(await bad3).toMatchObject({ code: 'bad-command', message: expect.stringMatching(/train:start\.config: expected an object, got \[1,2,3\]/) });
    expect(log.events.filter((e) => e.type === 'run' || e.type === 'batches')).toEqual([]);
    // The session still works afterwards.
    expect(await ask(ctx, { type: 'weights:get', model: 'm1' })).toMatchObject({ type: 'weights', model: 'm1' });
  });

  test('a worker killed mid-training is reported (state failed + error) and replaced by a new one that posts ready', async () => {
    const ctx = await readyManager();
    const { manager, log, workers } = ctx;
    const run = await startRun(ctx, { ...TRAIN, epochs: 5 });
    await log.next(isType('batches'), 'a batch');
    const failed = log.next((e) => e.type === 'state' && e.state === 'failed', 'state failed');
    const error = log.next(isType('error'), 'crash error');
    const ready = log.next(isType('ready'), 'ready from the new worker');
    await workers[0].terminate();
    expect((await failed) as SessionEvent).toMatchObject({ run, model: 'm1', message: expect.stringMatching(/training worker stopped/) });
    expect(await error).toMatchObject({ code: 'worker', message: expect.stringMatching(/training worker stopped .*starting a new one/) });
    await ready;
    expect(manager.restarts).toBe(1);
    expect(workers).toHaveLength(2);
    expect(manager.current).toBe(workers[1]);
    // The new worker answers commands: a new session, back at the default model.
    const d = await ask(ctx, { type: 'session:describe' });
    expect(d.type === 'session' && [d.models.map((m) => m.id), d.runs]).toEqual([['m1'], []]);
    expect(await ask(ctx, { type: 'weights:get', model: 'm1' })).toMatchObject({ type: 'weights' });
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
    await ready;
    const d = await ask({ manager, log }, { type: 'session:describe' });
    expect(d.type === 'session' && d.models[0].spec.name).toBe('cnn');
    expect(log.events.filter(isType('error')).map((e) => [e.code, e.message])).toEqual([['default-model', expect.stringMatching(/^the bundled default model .*default-cnn\.json cannot be read \(model file: .*\); starting from an untrained cnn$/)]]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('missing MNIST files are reported with the path, and commands still get answers', async () => {
    const log = new EventLog();
    const manager = new WorkerManager({ create: () => startWorker({ mnistDir: '/nonexistent/mnist', defaultModelPath: '/nonexistent/model.json' }), onEvent: log.push });
    managers.push(manager);
    const err = log.next(isType('error'), 'MNIST error');
    manager.start();
    expect(await err).toMatchObject({ code: 'data', message: expect.stringMatching(/MNIST: cannot read \/nonexistent\/mnist\/\S+-ubyte: ENOENT/) });
    expect(await ask({ manager, log }, { type: 'train:start', model: 'm1', config: {} })).toMatchObject({ type: 'error', code: 'data', message: 'the data set could not be loaded' });
    expect(await ask({ manager, log }, { type: 'weights:get', model: 'm1' })).toMatchObject({ type: 'weights' });
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
    manager.send({ type: 'weights:get', id: 3, model: 'm1' });
    expect(await refused).toMatchObject({ code: 'worker', message: 'the training worker is not running', id: 3, command: 'weights:get' });
  });
});
