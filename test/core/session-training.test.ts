// Training through TrainingSession: frozen filters stay bit-identical, busy models refuse changes, the run answers
// before its events, pause / resume / stop / set-lr / hold / ease, and ease on 2 replica threads.
import { describe, expect, test, vi } from 'vitest';
import { DataParallel, ReplicaPool } from '../../core/kernels/parallel.js';
import { preset } from '../../core/presets.js';
import { BATCH_POST_MS } from '../../core/session/outbox.js';
import { nodeWorkerFactory } from '../../scripts/lib/node-threads.js';
import { ask, events, restartSession, send, session, setupSession, startRun, until, weights } from './helpers/session.js';

setupSession();

/** Makes m1 a fresh mlp (seed 1) and starts training it; returns the run id. */
function mlpRun(config: Record<string, unknown>): string {
  ask({ type: 'model:set-spec', model: 'm1', spec: preset('mlp'), seed: 1 });
  return startRun('m1', config);
}

/** Stops a run and waits until the session is idle. */
async function stopRun(run: string): Promise<void> {
  ask({ type: 'train:stop', run });
  await until(() => !session.busy);
}

/** Batch reports so far (they come in `batches` events). */
const batches = () => events.reduce((n, e) => n + (e.type === 'batches' ? e.batches.length : 0), 0);

describe('training through the session', () => {
  test('a frozen hand-made filter is bit-identical after training; busy commands are refused meanwhile', async () => {
    ask({ type: 'model:set-spec', model: 'm1', spec: { name: 'small', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 3, kernel: 3, stride: 2 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 10 }] }, seed: 2 });
    const sobel = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
    ask({ type: 'model:set-filter', model: 'm1', layer: 0, channel: 1, weights: sobel, bias: 0, frozen: true });
    const before = weights();
    startRun('m1', { epochs: 2, batchSize: 16, trainSize: 64, lr: 0.01 });
    expect(session.busy).toBe(true);
    expect(ask({ type: 'train:start', model: 'm1', config: {} })).toMatchObject({ type: 'error', message: expect.stringMatching(/already running/) });
    expect(ask({ type: 'model:set-spec', model: 'm1', spec: preset('mlp'), seed: 1 })).toMatchObject({ type: 'error', message: expect.stringMatching(/^cannot change the architecture while training runs/) });
    await until((e) => e.type === 'state' && e.state === 'done');
    await until(() => !session.busy);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    const after = weights();
    expect(after[0].slice(9, 18)).toEqual(sobel);
    expect(after[0].slice(9, 18)).toEqual(before[0].slice(9, 18));
    expect(after[1][1]).toBe(before[1][1]);
    expect([...after[0].slice(0, 9), ...after[0].slice(18)]).not.toEqual([...before[0].slice(0, 9), ...before[0].slice(18)]);
    expect(after[2]).not.toEqual(before[2]);
    const saved = ask({ type: 'model:save', model: 'm1' });
    expect(saved.type === 'model:file' && JSON.parse(saved.text).meta).toMatchObject({ epochs: 2, seed: 1 });
  });

  test('the run answer comes before the run\'s first event; pause, resume and stop each answer done', async () => {
    ask({ type: 'model:set-spec', model: 'm1', spec: preset('mlp'), seed: 1 });
    const out = send({ type: 'train:start', id: 7, model: 'm1', config: { epochs: 5, batchSize: 4, trainSize: 64 } });
    expect(out).toEqual([{ type: 'run', id: 7, run: { id: 'r1', model: 'm1', state: 'running', config: expect.objectContaining({ epochs: 5, batchSize: 4 }) } }]);
    await until((e) => e.type === 'state' && e.state === 'running');
    expect(send({ type: 'train:pause', id: 8, run: 'r1' })).toEqual([{ type: 'state', state: 'paused', run: 'r1', model: 'm1' }, { type: 'done', id: 8 }]);
    expect(send({ type: 'train:resume', id: 9, run: 'r1' })).toEqual([{ type: 'state', state: 'running', run: 'r1', model: 'm1' }, { type: 'done', id: 9 }]);
    expect(ask({ type: 'train:stop', run: 'r1' }).type).toBe('done');
    await until((e) => e.type === 'state' && e.state === 'stopped');
    await until(() => !session.busy);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(0);
  });

  test('train:set-lr changes the run\'s config; a bad rate is refused', async () => {
    const run = mlpRun({ epochs: 50, batchSize: 4, trainSize: 64 });
    expect(ask({ type: 'train:set-lr', run, lr: 0.02 }).type).toBe('done');
    expect(ask({ type: 'train:set-lr', run, lr: 50 })).toMatchObject({ type: 'error', code: 'invalid', message: expect.stringMatching(/^config\.lr: must be between/) });
    const d = ask({ type: 'session:describe' });
    expect(d.type === 'session' && d.runs[0].config.lr).toBe(0.02);
    await stopRun(run);
  });

  test('train:hold: no batch while held, the state stays running, hold 0 lets it go on; refused beyond the longest hold', async () => {
    const run = mlpRun({ epochs: 100, batchSize: 1, trainSize: 64 });
    expect(ask({ type: 'train:hold', run, ms: 60_000 })).toMatchObject({ type: 'error', code: 'invalid', message: 'train:hold.ms: expected 0 to 10000 ms, got 60000' });
    expect(ask({ type: 'train:hold', run, ms: -1 })).toMatchObject({ type: 'error', message: 'train:hold.ms: expected 0 to 10000 ms, got -1' });
    await until((e) => e.type === 'batches');
    expect(ask({ type: 'train:hold', run, ms: 10_000 }).type).toBe('done');
    // the hold takes effect at the next batch boundary; from then on no batch for as long as it lasts (the reports of
    // the batches before it arrive within BATCH_POST_MS)
    await new Promise((r) => setTimeout(r, 50 + BATCH_POST_MS));
    const held = batches();
    await new Promise((r) => setTimeout(r, 200));
    expect(batches()).toBe(held);
    expect(events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state)).toEqual(['running']);
    ask({ type: 'train:hold', run, ms: 0 });
    await until((e) => e.type === 'batches' && batches() > held);
    await stopRun(run);
  });

  test('train:ease: the run goes on (on one thread fewer, here it has one); refused beyond the longest ease or once the run ended', async () => {
    const run = mlpRun({ epochs: 100, batchSize: 1, trainSize: 64 });
    expect(ask({ type: 'train:ease', run, ms: 60_000 })).toMatchObject({ type: 'error', code: 'invalid', message: 'train:ease.ms: expected 0 to 10000 ms, got 60000' });
    expect(ask({ type: 'train:ease', run, ms: 10_000 }).type).toBe('done');
    await until((e) => e.type === 'batches');
    const eased = batches();
    await until(() => batches() > eased + 2);
    expect(ask({ type: 'train:ease', run, ms: 0 }).type).toBe('done');
    await stopRun(run);
    expect(ask({ type: 'train:ease', run, ms: 100 })).toMatchObject({ type: 'error', message: expect.stringMatching(/has ended/) });
  });

  test('runs take their replica threads from the host pool and give them back: the next run starts no worker', async () => {
    let started = 0;
    const pool = new ReplicaPool(() => (started++, nodeWorkerFactory()));
    // a host starts them before the first run (see electron/worker/threads.ts, renderer/host/session.worker.ts)
    pool.prestart(1);
    expect(started).toBe(1);
    await restartSession({ replicas: { pool, threads: 2 } });
    for (let i = 0; i < 2; i++) {
      const run = mlpRun({ epochs: 100, batchSize: 8, trainSize: 64 });
      await until((e) => e.type === 'batches' && e.batches.some((b) => b.run === run), 60_000);
      expect(pool.idleCount).toBe(0);
      await stopRun(run);
      await vi.waitFor(() => expect(pool.idleCount).toBe(1));
    }
    expect(started).toBe(1);
    pool.dispose();
  });

  test('train:ease on 2 threads: the batches run on 1 while it lasts, on 2 again once it is ended', async () => {
    await restartSession({ replicas: { pool: new ReplicaPool(nodeWorkerFactory), threads: 2 } });
    const use = vi.spyOn(DataParallel.prototype, 'use');
    try {
      const run = mlpRun({ epochs: 100, batchSize: 8, trainSize: 64 });
      await until((e) => e.type === 'batches', 60_000);
      expect(use.mock.lastCall?.[0]).toBe(2);
      ask({ type: 'train:ease', run, ms: 5000 });
      const n = use.mock.calls.length;
      await vi.waitFor(() => expect(use.mock.calls.length).toBeGreaterThan(n + 2), { timeout: 20_000 });
      expect(use.mock.calls.slice(n).every(([k]) => k === 1)).toBe(true);
      ask({ type: 'train:ease', run, ms: 0 });
      const m = use.mock.calls.length;
      await vi.waitFor(() => expect(use.mock.calls.length).toBeGreaterThan(m + 2), { timeout: 20_000 });
      expect(use.mock.lastCall?.[0]).toBe(2);
      await stopRun(run);
    } finally {
      use.mockRestore();
    }
  });
});
