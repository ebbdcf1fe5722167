// The controller against a real in-process session: model mirror and live inference, training events into
// the store, model files (a bad one keeps the current model), test images.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Model } from '../../core/model';
import { Tensor } from '../../core/tensor';
import { BATCH_FLUSH_MS, Controller, HOLD_AFTER_UP_MS, HOLD_MS, HOLD_RENEW_MS, PEN_DOWN_MAX_MS } from '../../renderer/app/controller';
import { resetStore, useStore } from '../../renderer/store';
import { currentRun, currentStatus, currentView } from '../../renderer/store/select';
import { START_CONFIG } from '../../renderer/store/training';
import { createTestHost, mlpModelText, startController, type TestHost } from './helpers/session-host';

let host: TestHost;
let controller: Controller;
const state = () => useStore.getState();
const view = () => currentView(state());
const run = () => currentRun(state());
const status = () => currentStatus(state());

beforeEach(async () => {
  resetStore();
  ({ host, controller } = await startController());
});

afterEach(() => {
  controller.dispose();
  resetStore();
});

describe('controller', () => {
  test('announces the model and mirrors its weights', () => {
    expect(state().ready).toBe(true);
    expect(state().data?.trainCount).toBe(120);
    expect(view()?.summary.meta.name).toBe('mlp-default');
    expect(view()?.summary.paramCount).toBe(784 * 128 + 128 + 128 * 10 + 10);
    expect(controller.mirror.ready).toBe(true);
  });

  test('a stroke updates the 28×28 input and the prediction locally, matching the session', async () => {
    state().beginStroke(140, 40);
    state().extendStroke(140, 240);
    await vi.waitFor(() => expect(state().input.some((v) => v > 0)).toBe(true));
    const probs = view()!.activations!.probs;
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // the session has no inference command: a Model built from its weights gives the same prediction
    const reply = await controller.requests.ask({ type: 'weights:get', model: state().current! });
    const remote = new Model(view()!.summary.spec, 1);
    remote.setWeights(reply.weights);
    const expected = remote.predict(new Tensor([1, ...view()!.summary.spec.input], state().input.slice())).data;
    for (let i = 0; i < 10; i++) expect(probs[i]).toBeCloseTo(expected[i], 5);
  });

  test('training fills the batch series and epoch results, then finishes', async () => {
    void controller.training.startTraining({ ...START_CONFIG, epochs: 2, batchSize: 20, trainSize: 120, lr: 0.01 });
    expect(status()).toBe('starting');
    await vi.waitFor(() => expect(status()).toBe('done'), { timeout: 20_000 });
    expect(run()!.series.length).toBe(12);
    expect(run()!.series.epochEnds).toEqual([6, 12]);
    expect(run()!.epochs).toHaveLength(2);
    expect(run()!.epochs[1].confusion.reduce((a, b) => a + b, 0)).toBe(40);
    expect(run()!.lastBatch?.batches).toBe(6);
    expect(view()?.summary.meta).toMatchObject({ epochs: 2, testAccuracy: run()!.epochs[1].testAccuracy });
  });

  test('batch reports reach the store together, at most every BATCH_FLUSH_MS, and before the event that follows them', async () => {
    const model = state().current!;
    state().putRun({ id: 'r9', model, config: START_CONFIG, state: 'running' });
    const batch = (b: number) => ({ type: 'batch' as const, run: 'r9', model, epoch: 0, batch: b, batches: 4, loss: 1 / (b + 1), accuracy: 0.5, imagesPerSec: 100, imagesPerSecNow: 100, eta: 1 });
    const tick = run()!.batchTick;
    host.emit({ type: 'batches', batches: [batch(0)] });
    host.emit({ type: 'batches', batches: [batch(1)] });
    expect(run()!.batchTick).toBe(tick); // not yet: one store update for both
    await vi.waitFor(() => expect(run()!.batchTick).toBe(tick + 2));
    expect(run()!.lastBatch?.batch).toBe(1);
    host.emit({ type: 'batches', batches: [batch(2), batch(3)] });
    host.emit({ type: 'state', state: 'paused', run: 'r9', model });
    // the state change came after the batches: they are in the store first, in order
    expect(run()!.batchTick).toBe(tick + 4);
    expect(run()!.lastBatch?.batch).toBe(3);
    expect(status()).toBe('paused');
  });

  test('drawing while the run trains on: batch reports wait until the pen lifts, or PEN_DOWN_MAX_MS at most', async () => {
    const model = state().current!;
    state().setGiveWay(false);
    // (paused in the store, so the pen asks the session for no hold: the test emits the session's events itself)
    const summary = { id: 'r9', model, config: START_CONFIG, state: 'paused' as const };
    state().putRun(summary);
    const batch = (b: number) => ({ type: 'batches' as const, batches: [{ type: 'batch' as const, run: 'r9', model, epoch: 0, batch: b, batches: 8, loss: 1, accuracy: 0.5, imagesPerSec: 100, imagesPerSecNow: 100, eta: 1 }] });
    const tick = run()!.batchTick;
    useStore.setState({ penDown: true });
    host.emit(batch(0));
    // the answer to an ease (a run's summary) comes while drawing and does not end the wait
    host.emit({ type: 'run', id: 0, run: summary });
    await new Promise((r) => setTimeout(r, BATCH_FLUSH_MS * 2));
    expect(run()!.batchTick).toBe(tick); // held while drawing
    useStore.setState({ penDown: false });
    await vi.waitFor(() => expect(run()!.batchTick).toBe(tick + 1), { timeout: 500 });
    // a long stroke: the reports wait PEN_DOWN_MAX_MS at most
    useStore.setState({ penDown: true });
    const t0 = performance.now();
    host.emit(batch(1));
    await vi.waitFor(() => expect(run()!.batchTick).toBe(tick + 2), { timeout: PEN_DOWN_MAX_MS * 3 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(PEN_DOWN_MAX_MS - 5);
    expect(run()!.lastBatch?.batch).toBe(1);
    // waiting while the user draws, nothing trains: the reports that came before the pen went down are not held
    state().setGiveWay(true);
    host.emit(batch(2));
    await vi.waitFor(() => expect(run()!.batchTick).toBe(tick + 3), { timeout: BATCH_FLUSH_MS * 3 });
    useStore.setState({ penDown: false });
  });

  test('a bad model file shows a clear message and keeps the current model', async () => {
    const before = view()?.summary;
    const ok = await controller.loadModelText('{"format":"something-else"}', 'bad.json');
    expect(ok).toBe(false);
    expect(view()?.summary).toBe(before);
    const err = state().messages.find((m) => m.kind === 'error');
    expect(err?.text).toMatch(/Could not load bad\.json: model file: format is "something-else"/);
    expect(err?.text).toMatch(/current model was kept/);
    expect(host.sent.some((c) => c.type === 'model:load')).toBe(false);
  });

  test('a good model file replaces the model; save writes model-file text', async () => {
    host.openQueue.push({ ok: true, path: '/models/other.json', text: mlpModelText().replace('mlp-default', 'other') });
    await controller.openModel();
    expect(view()?.summary.meta.name).toBe('other');
    await controller.saveModel();
    expect(host.saved[0].kind).toBe('model');
    expect(JSON.parse(host.saved[0].data).format).toBe('cnn-studio-model');
  });

  test('session errors become dismissible messages and the app keeps working', async () => {
    // a command without a request id: the session's error answers no request
    host.send({ type: 'train:set-lr', lr: -1 } as never);
    await vi.waitFor(() => expect(state().messages.length).toBe(1));
    expect(state().messages[0].text).toMatch(/lr/);
    state().dismiss(state().messages[0].id);
    expect(state().messages).toHaveLength(0);
  });

  test('loads a real test image with its label as the input', async () => {
    await controller.loadTestImage(13);
    expect(state().source).toEqual({ kind: 'test', index: 13, label: 3 });
    expect(state().input[(2 + 6) * 28 + 10]).toBeCloseTo(220 / 255, 5);
    expect(view()?.activations ?? null).not.toBeNull();
  });

  test('desktop menu actions: start from the form, pause toggles, stop; clear and undo the drawing', async () => {
    useStore.setState({ form: { ...state().form, trainSize: '120', batchSize: '10', epochs: '50' } });
    host.menu('train:start');
    await vi.waitFor(() => expect(status()).toBe('running'));
    host.menu('train:pause');
    await vi.waitFor(() => expect(status()).toBe('paused'));
    host.menu('train:pause');
    await vi.waitFor(() => expect(status()).toBe('running'));
    host.menu('train:stop');
    await vi.waitFor(() => expect(status()).toBe('stopped'));
    state().beginStroke(10, 10);
    state().beginStroke(20, 20);
    host.menu('draw:undo');
    expect(state().strokes).toHaveLength(1);
    host.menu('draw:clear');
    expect(state().strokes).toHaveLength(0);
  });

  test('giving way while drawing: a running training is held from the press, renewed, released after the pen lifts', async () => {
    const holds = () => host.sent.filter((c) => c.type === 'train:hold').map((c) => (c as { ms: number }).ms);
    state().beginStroke(10, 10);
    state().endStroke();
    expect(holds()).toEqual([]); // no run: nothing to hold
    useStore.setState({ form: { ...state().form, trainSize: '120', batchSize: '10', epochs: '50' } });
    host.menu('train:start');
    await vi.waitFor(() => expect(status()).toBe('running'));
    expect(state().giveWay).toBe(true);
    state().beginStroke(10, 10);
    state().extendStroke(20, 20);
    state().extendStroke(30, 30);
    expect(holds()).toEqual([HOLD_MS]); // renewed only every HOLD_RENEW_MS
    await new Promise((r) => setTimeout(r, HOLD_RENEW_MS + 20));
    state().extendStroke(40, 40);
    expect(holds()).toEqual([HOLD_MS, HOLD_MS]);
    state().endStroke();
    expect(holds()).toEqual([HOLD_MS, HOLD_MS, HOLD_AFTER_UP_MS]);
    state().beginStroke(50, 50);
    expect(holds()).toHaveLength(4);
    state().setGiveWay(false); // unchecked mid-stroke: the hold ends now
    expect(holds().at(-1)).toBe(0);
    state().extendStroke(60, 60);
    state().endStroke();
    state().beginStroke(70, 70);
    expect(holds()).toHaveLength(5);
    host.menu('train:stop');
    await vi.waitFor(() => expect(status()).toBe('stopped'));
  });

  test('not giving way: a run on several threads is eased (one thread fewer) on the same schedule; switching ends the other', async () => {
    const sent = () => host.sent.filter((c) => c.type === 'train:hold' || c.type === 'train:ease').map((c) => `${c.type} ${(c as { ms: number }).ms}`);
    useStore.setState({ form: { ...state().form, trainSize: '120', batchSize: '10', epochs: '50' } });
    host.menu('train:start');
    await vi.waitFor(() => expect(status()).toBe('running'));
    const run = state().runs[state().models[state().current!].run!];
    state().setGiveWay(false);
    state().beginStroke(10, 10);
    state().endStroke();
    expect(sent()).toEqual([]); // this run trains on one thread: nothing to ease
    state().putRun({ id: run.id, model: run.model, config: { ...run.config, threads: 2 }, state: 'running' });
    state().beginStroke(10, 10);
    state().extendStroke(20, 20);
    state().endStroke();
    expect(sent()).toEqual([`train:ease ${HOLD_MS}`, `train:ease ${HOLD_AFTER_UP_MS}`]);
    state().beginStroke(30, 30);
    state().setGiveWay(true); // checked mid-stroke: the ease ends, the hold begins
    expect(sent().slice(2)).toEqual([`train:ease ${HOLD_MS}`, 'train:ease 0', `train:hold ${HOLD_MS}`]);
    state().endStroke();
    host.menu('train:stop');
    await vi.waitFor(() => expect(status()).toBe('stopped'));
  });

  test('menu start with a bad form value sends nothing and says why', () => {
    useStore.setState({ form: { ...state().form, batchSize: '0' } });
    host.menu('train:start');
    expect(host.sent.some((c) => c.type === 'train:start')).toBe(false);
    expect(state().messages[0].text).toMatch(/Fix the highlighted/);
  });

});

describe('controller when the worker restarts', () => {
  test("requests the dead worker never answered do not block the new one: weights and test images are fetched again", async () => {
    const send = host.send;
    host.send = (cmd) => void host.sent.push(cmd); // the worker died: commands go nowhere
    void controller.refreshWeights();
    controller.testSet.load().catch(() => undefined);
    host.send = send;
    const before = view()?.weights;
    const gets = () => host.sent.filter((c) => c.type === 'weights:get').length;
    const asked = gets();
    // what the worker manager reports, then the new worker's ready
    // (a run the dead worker was training)
    const model = state().current!;
    state().putRun({ id: 'r9', model, config: START_CONFIG, state: 'running' });
    host.emit({ type: 'state', state: 'failed', message: 'the training worker stopped (exit code 1)', run: 'r9', model });
    host.emit({ type: 'error', code: 'worker', message: 'the training worker stopped (exit code 1); starting a new one' });
    host.emit({ type: 'ready', data: { name: 'MNIST', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], notes: [], trainCount: 120, testCount: 40, input: [1, 28, 28], classes: 10 } });
    // (the model put back into the new worker, recovery.ts, is fetched once it is announced)
    await vi.waitFor(() => expect(gets()).toBeGreaterThan(asked));
    await vi.waitFor(() => expect(view()?.weights).not.toBe(before));
    expect(state().runs.r9.status).toBe('failed');
    expect(state().messages.some((m) => m.kind === 'error' && /starting a new one/.test(m.text))).toBe(true);
    await expect(controller.testSet.load()).resolves.toMatchObject({ count: 40 });
    // and a new run can start
    useStore.setState({ form: { ...state().form, trainSize: '40', batchSize: '20', epochs: '1' } });
    expect(controller.training.startFromForm()).toBe(true);
    await vi.waitFor(() => expect(status()).toBe('done'));
  });
});

describe('controller before the data loaded', () => {
  test('an MNIST load failure is shown and recorded; the session stays usable for the model', async () => {
    controller.dispose();
    resetStore();
    host = createTestHost();
    controller = new Controller(host);
    controller.start();
    // the browser worker reports a failed load like this (host/session.worker.ts)
    host.emit({ type: 'error', code: 'data', message: 'MNIST: could not load MNIST file train-images-idx3-ubyte (404 Not Found)' });
    expect(state().dataError).toMatch(/404 Not Found/);
    expect(state().messages[0]).toMatchObject({ kind: 'error', text: expect.stringMatching(/^MNIST: could not load/) });
    expect(controller.training.startFromForm()).toBe(false);
    expect(host.sent.some((c) => c.type === 'train:start')).toBe(false);
  });
});
