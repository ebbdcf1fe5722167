// Worker-crash recovery in the controller (renderer/app/recovery.ts) against real in-process sessions: the "worker"
// dies (its session is dropped, a new one started, the host says so), and the models come back at their ids with
// their weights byte for byte, the store keeps drawing, designer, compared models and run curves, and training works.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { Command, OpenDataResult, SessionEvent } from '../../core/protocol';
import { idxPair } from '../core/helpers/idx-files';
import { preset } from '../../core/presets';
import { TrainingSession } from '../../core/session/session';
import { Controller } from '../../renderer/app/controller';
import { Emitter, type Host } from '../../renderer/host/host';
import { resetStore, useStore } from '../../renderer/store';
import { currentView } from '../../renderer/store/select';
import { START_CONFIG } from '../../renderer/store/training';
import { mlpModelText, syntheticMnist } from './helpers/session-host';

/** A host whose session can "crash": the old one goes silent, a new one (bundled model only) takes its place. */
function crashingHost() {
  const events = new Emitter<SessionEvent>();
  const data = syntheticMnist();
  let generation = 0;
  const newSession = () => {
    const gen = ++generation;
    const s = new TrainingSession({ loadData: async () => data, post: (e) => void Promise.resolve().then(() => gen === generation && events.emit(e)), defaultModel: mlpModelText() });
    void s.init();
    return s;
  };
  let session = newSession();
  const sent: Command[] = [];
  const refuse = async () => ({ ok: false as const, canceled: true as const });
  const host: Host & { crash(): void; sent: Command[]; picks: OpenDataResult[] } = {
    picks: [],
    kind: 'browser',
    sent,
    send: (cmd) => {
      sent.push(cmd);
      session.handle(cmd);
    },
    onEvent: (cb) => events.on(cb),
    onMenu: () => () => undefined,
    openModel: refuse,
    openText: refuse,
    saveModel: refuse,
    exportPng: refuse,
    exportText: refuse,
    exportOnnx: refuse,
    openData: async () => host.picks.shift() ?? { ok: false, canceled: true },
    crash: () => {
      session = newSession();
      events.emit({ type: 'error', code: 'worker', message: 'the training worker stopped (it was terminated); starting a new one with your models' });
    },
    dispose: () => undefined,
  };
  return host;
}

let host: ReturnType<typeof crashingHost>;
let controller: Controller;
const state = () => useStore.getState();
const hex = (ws: readonly { data: Float32Array }[]) => ws.map((w) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength).toString('hex'));

beforeEach(async () => {
  resetStore();
  host = crashingHost();
  controller = new Controller(host);
  controller.start();
  await vi.waitFor(() => expect(currentView(state())?.weights ?? null).not.toBeNull());
  await vi.waitFor(() => expect(state().ready).toBe(true));
});

afterEach(() => {
  controller.dispose();
  resetStore();
});

test('after a crash the models are back at their ids, byte for byte, and the UI keeps its state; training goes on', async () => {
  // a trained current model, a second one compared with it, a drawing and a designed filter
  const m1 = state().current!;
  await controller.training.startTraining({ ...START_CONFIG, epochs: 1, batchSize: 20, trainSize: 120, lr: 0.01 });
  await vi.waitFor(() => expect(state().runs.r1?.status).toBe('done'), { timeout: 20_000 });
  const m2 = (await controller.requests.ask({ type: 'model:create', spec: preset('mlp'), seed: 4 })).model;
  await vi.waitFor(() => expect(state().models[m2.id]?.weights ?? null).not.toBeNull());
  state().setCompare([
    { model: m1, color: '#123456', label: 'A', visible: true } as never,
    { model: m2.id, color: '#654321', label: 'B', visible: true } as never,
  ]);
  state().beginStroke(140, 40);
  state().extendStroke(140, 240);
  state().setWeight(0, 0.75);
  await controller.refreshWeights(m1);
  await vi.waitFor(() => expect(state().input.some((v) => v > 0)).toBe(true));
  const before = { w1: hex(state().models[m1].weights!), w2: hex(state().models[m2.id].weights!), strokes: state().strokes, input: [...state().input], designer: state().designer, compare: state().compare, series: state().runs.r1.series.length, epochs: state().runs.r1.epochs.length };
  expect(before.series).toBe(6);

  host.crash();
  // nothing trains until the new worker has its data
  expect(state().ready).toBe(false);
  await vi.waitFor(() => expect(state().messages.some((m) => m.kind === 'info' && /A new training worker took back your 2 models/.test(m.text))).toBe(true), { timeout: 10_000 });
  await vi.waitFor(() => expect(state().ready).toBe(true));
  expect(state().messages.some((m) => m.kind === 'error' && /training worker stopped \(it was terminated\); starting a new one with your models/.test(m.text))).toBe(true);

  // the new session holds the same ids with the same bytes
  const d = await controller.requests.ask({ type: 'session:describe' });
  expect(d.models.map((m) => m.id).sort()).toEqual([m1, m2.id].sort());
  expect(hex((await controller.requests.ask({ type: 'weights:get', model: m1 })).weights)).toEqual(before.w1);
  expect(hex((await controller.requests.ask({ type: 'weights:get', model: m2.id })).weights)).toEqual(before.w2);
  expect(d.models.find((m) => m.id === m1)!.meta.epochs).toBe(1);
  // the UI kept its state
  expect(state().current).toBe(m1);
  expect(state().compare).toEqual(before.compare);
  expect(state().strokes).toBe(before.strokes);
  expect([...state().input]).toEqual(before.input);
  expect(state().designer).toEqual(before.designer);
  expect(state().models[m1].run).toBe('r1');
  expect([state().runs.r1.series.length, state().runs.r1.epochs.length]).toEqual([6, 1]);
  await vi.waitFor(() => expect(hex(state().models[m1].weights ?? [])).toEqual(before.w1));

  // training goes on in the new worker, under a run id after the old ones
  await controller.training.startTraining({ ...START_CONFIG, epochs: 1, batchSize: 20, trainSize: 40, lr: 0.01 });
  expect(state().models[m1].run).toBe('r2');
  await vi.waitFor(() => expect(state().runs.r2?.status).toBe('done'), { timeout: 20_000 });
  expect(state().runs.r1.series.length).toBe(6);
});

test('a run training when the worker dies ends as failed with a message; a model whose weights never arrived is named', async () => {
  await controller.training.startTraining({ ...START_CONFIG, epochs: 50, batchSize: 1, trainSize: 120, lr: 0.001 });
  await vi.waitFor(() => expect(state().runs.r1?.series.length ?? 0).toBeGreaterThan(0), { timeout: 20_000 });
  // a model announced but whose weights the page never got
  const ghost = (await controller.requests.ask({ type: 'model:create', spec: preset('mlp'), seed: 9 })).model;
  controller.mirrors.get(ghost.id).setSpec({ ...preset('mlp'), name: 'other' });
  host.crash();
  await vi.waitFor(() => expect(state().messages.some((m) => /Not restored after the crash: .*its weights had not reached the page/.test(m.text))).toBe(true), { timeout: 10_000 });
  expect(state().runs.r1).toMatchObject({ status: 'failed', statusMessage: expect.stringMatching(/training worker stopped/) });
  const d = await controller.requests.ask({ type: 'session:describe' });
  expect(d.models.map((m) => m.id)).toEqual([state().current]);
  expect(state().models[ghost.id]).toBeUndefined();
});

test('a data set the user opened is loaded into the new worker again, and the models come back on it', async () => {
  const files = [...idxPair('train', 30, 3, 1, true), ...idxPair('t10k', 9, 3, 2, true)];
  host.picks.push({ ok: true, path: '/data/bands', name: 'bands', files: files.map((f) => ({ path: f.name, size: f.bytes.length, bytes: f.bytes })), dirs: [] });
  expect(await controller.data.choose('open', 'files')).toBe(true);
  expect(state().data).toMatchObject({ name: 'bands', classes: 3, trainCount: 30 });
  host.crash();
  await vi.waitFor(() => expect(state().messages.some((m) => m.kind === 'info' && /A new training worker took back your model/.test(m.text))).toBe(true), { timeout: 10_000 });
  // the new session starts on its own start-up set; the page's is sent again once it is ready
  await vi.waitFor(() => expect(state().data).toMatchObject({ name: 'bands', classes: 3, trainCount: 30, testCount: 9 }), { timeout: 10_000 });
  const d = await controller.requests.ask({ type: 'session:describe' });
  expect(d.data).toMatchObject({ name: 'bands', classes: 3 });
});
