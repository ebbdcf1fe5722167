// "A student's first hour": Start trains fresh weights (a trained model is kept), Continue trains it further, and
// reset / a preset / loading a file / the model limit never lose a trained model (Undo brings it back).
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { MAX_MODELS } from '../../core/session/session';
import { preset } from '../../core/presets';
import type { Controller } from '../../renderer/app/controller';
import { resetStore, useStore } from '../../renderer/store';
import { currentRun, currentStatus, currentView } from '../../renderer/store/select';
import { START_CONFIG } from '../../renderer/store/training';
import { mlpModelText, startController, type TestHost } from './helpers/session-host';

let host: TestHost;
let controller: Controller;
const state = () => useStore.getState();
const view = () => currentView(state())!;
const config = { ...START_CONFIG, epochs: 1, batchSize: 20, trainSize: 120, lr: 0.01 };

beforeEach(async () => {
  resetStore();
  ({ host, controller } = await startController());
});

afterEach(() => {
  controller.dispose();
  resetStore();
});

/** Trains the current model in place for one epoch and waits for the end. */
async function trainCurrent(): Promise<string> {
  const id = state().current!;
  await controller.training.startTraining(config);
  await vi.waitFor(() => expect(currentStatus(state())).toBe('done'), { timeout: 20_000 });
  await vi.waitFor(() => expect(view().summary.meta.epochs).toBeGreaterThan(0));
  return id;
}

function undo(): void {
  const m = state().messages.find((x) => x.action?.label === 'Undo');
  expect(m).toBeDefined();
  m!.action!.run();
}

test('Start on a trained model trains a new model from fresh weights; the trained one is kept, Continue adds epochs', async () => {
  const trained = await trainCurrent();
  const weights = view().weights!.map((w) => Array.from(w.data));
  state().setFormField('epochs', '1');
  state().setFormField('trainSize', '120');
  state().setFormField('batchSize', '20');
  state().setFormField('seed', '4');
  expect(controller.training.startFromForm('fresh')).toBe(true);
  await vi.waitFor(() => expect(state().current).not.toBe(trained));
  await vi.waitFor(() => expect(currentStatus(state())).toBe('done'), { timeout: 20_000 });
  expect(view().summary.meta).toMatchObject({ epochs: 1, seed: 4 });
  expect(host.sent.find((c) => c.type === 'model:create')).toMatchObject({ seed: 4 });
  // the trained model is untouched and still listed, with its run
  expect(state().models[trained].summary.meta.epochs).toBe(1);
  expect(state().models[trained].weights!.map((w) => Array.from(w.data))).toEqual(weights);
  expect(state().messages.some((m) => /is kept in the Models list/.test(m.text) && m.action?.label === 'Undo')).toBe(true);
  // Continue trains the current model's weights further: the same model, 2 epochs
  const fresh = state().current!;
  expect(controller.training.startFromForm('continue')).toBe(true);
  await vi.waitFor(() => expect(view().summary.meta.epochs).toBe(2), { timeout: 20_000 });
  expect(state().current).toBe(fresh);
});

test('a fresh start keeps a frozen designed channel of the first conv layer, weights and bias', async () => {
  await controller.setSpec(preset('cnn'), 2);
  const designed = Array.from({ length: 25 }, (_, i) => (i % 5) - 2);
  await controller.changeModel((model) => ({ type: 'model:set-filter', model, layer: 0, channel: 1, weights: designed, bias: 0.25, frozen: true }));
  await controller.training.startTraining({ ...config, trainSize: 40 });
  await vi.waitFor(() => expect(currentStatus(state())).toBe('done'), { timeout: 30_000 });
  const trained = state().current!;
  await controller.training.startFresh({ ...config, trainSize: 40, seed: 9 });
  await vi.waitFor(() => expect(state().current).not.toBe(trained));
  await vi.waitFor(() => expect(currentStatus(state())).toBe('done'), { timeout: 30_000 });
  const reply = await controller.requests.ask({ type: 'weights:get', model: state().current! });
  expect(view().summary.spec.layers[0]).toMatchObject({ frozenChannels: [1] });
  expect(Array.from(reply.weights[0].data.slice(25, 50))).toEqual(designed);
  expect(reply.weights[1].data[1]).toBe(0.25);
  // the other channels are fresh: not the trained model's
  const old = await controller.requests.ask({ type: 'weights:get', model: trained });
  expect(Array.from(reply.weights[0].data.slice(0, 25))).not.toEqual(Array.from(old.weights[0].data.slice(0, 25)));
}, 60_000);

test.each([
  ['Reset', () => controller.resetModel()],
  ['a preset', () => controller.setSpec(preset('cnn'), 3)],
  ['loading a file', () => controller.loadModelText(mlpModelText(), 'other.json')],
])('%s on a trained model makes a new current model; Undo brings the trained one back with its run', async (_name, act) => {
  const trained = await trainCurrent();
  const run = currentRun(state())!;
  await act();
  await vi.waitFor(() => expect(state().current).not.toBe(trained));
  const made = state().current!;
  expect(state().models[trained].summary.meta.epochs).toBe(1);
  undo();
  expect(state().current).toBe(trained);
  expect(currentRun(state())).toBe(run);
  expect(currentRun(state())!.epochs).toHaveLength(1);
  // the model the action made (untrained, or a file's copy) goes again
  await vi.waitFor(() => expect(made in state().models).toBe(false));
});

test('an untrained current model is replaced in place: nothing to lose, no new model', async () => {
  const id = state().current!;
  await controller.setSpec(preset('cnn'), 3);
  expect(state().current).toBe(id);
  expect(Object.keys(state().models)).toEqual([id]);
});

test('a full session says so and offers to remove the oldest untrained model, never a trained one', async () => {
  const trained = await trainCurrent();
  for (let i = 1; i < MAX_MODELS; i++) await controller.models.create(preset('mlp'), i);
  expect(Object.keys(state().models)).toHaveLength(MAX_MODELS);
  expect(await controller.setSpec(preset('cnn'), 3)).toBeNull();
  const full = state().messages.find((m) => m.kind === 'error' && /holds 8 models/.test(m.text))!;
  expect(full.action?.label).toMatch(/^Remove mlp/);
  full.action!.run();
  await vi.waitFor(() => expect(Object.keys(state().models)).toHaveLength(MAX_MODELS - 1));
  expect(trained in state().models).toBe(true);
  expect(await controller.setSpec(preset('cnn'), 3)).not.toBeNull();
});

test('removing a trained, unsaved model asks first; saying no keeps it', async () => {
  const trained = await trainCurrent();
  await controller.setSpec(preset('cnn'), 3);
  const asked: string[] = [];
  controller.models.confirm = (q) => (asked.push(q), false);
  expect(await controller.models.remove(trained)).toBe(false);
  expect(asked[0]).toMatch(/never saved/);
  expect(trained in state().models).toBe(true);
  controller.models.confirm = () => true;
  expect(await controller.models.remove(trained)).toBe(true);
  expect(trained in state().models).toBe(false);
});
