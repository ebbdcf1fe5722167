// Crash recovery through Electron's WorkerManager with the real training worker (worker_threads): the worker is killed
// (terminate) or throws an uncaught error, the manager starts a new one, and the page's recovery
// (renderer/app/recovery.ts restoreModels, given the model as the page's mirror held it) puts the model back under
// its id — weights byte for byte — and the new worker trains it.
import { afterEach, expect, test } from 'vitest';
import { Model } from '../../core/model.js';
import { serializeModel } from '../../core/model-file.js';
import type { SessionEvent } from '../../core/protocol.js';
import type { ModelSpec } from '../../core/spec.js';
import { restoreModels } from '../../renderer/app/recovery.js';
import type { WorkerManager } from '../../electron/main/worker-manager.js';
import { EventLog, isType, managerWithLog, THROW_ON_MESSAGE } from './helpers.js';

const SMALL: ModelSpec = { name: 'small-mlp', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 16 }, { type: 'relu' }, { type: 'dense', units: 10 }] };

let managers: WorkerManager[] = [];
afterEach(async () => {
  await Promise.all(managers.map((m) => m.dispose()));
  managers = [];
});

let nextId = 1;
/** Sends a request through the manager; resolves with its reply, rejects with its error (as the page's Requests). */
async function ask(ctx: { manager: WorkerManager; log: EventLog }, cmd: Record<string, unknown>): Promise<SessionEvent> {
  const id = nextId++;
  const answer = ctx.log.next((e) => 'id' in e && e.id === id, String(cmd.type));
  ctx.manager.send({ ...cmd, id });
  const e = await answer;
  if (e.type === 'error') throw new Error(`${String(cmd.type)}: ${e.message}`);
  return e;
}

const hex = (e: SessionEvent) => (e.type === 'weights' ? e.weights.map((w) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength).toString('hex')) : []);

test.each(['terminate', 'throw'] as const)('a worker that dies (%s) is replaced, and the model comes back at its id with the same bytes and trains', async (how) => {
  const ctx = managerWithLog({ after: THROW_ON_MESSAGE });
  managers.push(ctx.manager);
  const ready = ctx.log.next(isType('ready'), 'ready');
  ctx.manager.start();
  await ready;
  // a second model, trained for one epoch: what the page would hold
  const made = await ask(ctx, { type: 'model:create', spec: SMALL, seed: 3 });
  const id = made.type === 'model' ? made.model.id : '';
  expect(id).toBe('m2');
  await ask(ctx, { type: 'train:start', model: id, config: { trainSize: 500, batchSize: 50, epochs: 1, lr: 0.01, seed: 1, threads: 1 } });
  await ctx.log.next((e) => e.type === 'state' && e.state === 'done', 'the run done');
  const weights = await ask(ctx, { type: 'weights:get', model: id });
  const summary = (await ask(ctx, { type: 'session:describe' })) as Extract<SessionEvent, { type: 'session' }>;
  const meta = summary.models.find((m) => m.id === id)!.meta;
  expect(meta.epochs).toBe(1);
  // the page's mirror: the spec and the weights it received
  const mirror = new Model(SMALL);
  mirror.setWeights(weights.type === 'weights' ? weights.weights : []);
  const saved = [{ id, name: meta.name, text: serializeModel(mirror, meta) }];

  const crashed = ctx.log.next((e) => e.type === 'error' && e.code === 'worker', 'the crash report');
  const readyAgain = ctx.log.next(isType('ready'), 'ready from the new worker');
  if (how === 'terminate') await ctx.workers[0].terminate();
  else ctx.workers[0].postMessage({ type: 'test:throw' });
  const why = how === 'throw' ? ': boom in the session' : ' (exit code 1)';
  expect(await crashed).toMatchObject({ message: `the training worker stopped${why}; starting a new one with your models` });
  await readyAgain;
  expect(ctx.manager.restarts).toBe(1);

  const result = await restoreModels((cmd) => ask(ctx, cmd as Record<string, unknown>) as never, saved, 2);
  expect(result).toEqual({ restored: [id], failed: [] });
  const after = (await ask(ctx, { type: 'session:describe' })) as Extract<SessionEvent, { type: 'session' }>;
  expect(after.models.map((m) => [m.id, m.meta])).toEqual([[id, meta]]);
  expect(hex(await ask(ctx, { type: 'weights:get', model: id }))).toEqual(hex(weights));
  const run = await ask(ctx, { type: 'train:start', model: id, config: { trainSize: 200, batchSize: 50, epochs: 1, lr: 0.01, seed: 1, threads: 1 } });
  expect(run).toMatchObject({ type: 'run', run: { id: 'r2', model: id } });
  await ctx.log.next((e) => e.type === 'state' && e.state === 'done', 'the run in the new worker done');
});
