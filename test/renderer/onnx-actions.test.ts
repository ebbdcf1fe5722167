// ONNX in the app, against a real in-process session: Open model… and drops import .onnx files (through model:load, a
// bad or misfitting file keeps the current model and says why), Export ONNX… hands the host the current weights.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Model } from '../../core/model';
import { exportOnnx } from '../../core/onnx/export';
import { importOnnx } from '../../core/onnx/import';
import { preset } from '../../core/presets';
import type { Controller } from '../../renderer/app/controller';
import { onnxFileName, openDroppedFile } from '../../renderer/app/onnx-actions';
import { resetStore, useStore } from '../../renderer/store';
import { currentView } from '../../renderer/store/select';
import { startController, type TestHost } from './helpers/session-host';

let host: TestHost;
let controller: Controller;
const state = () => useStore.getState();
const view = () => currentView(state());
const errors = () => state().messages.filter((m) => m.kind === 'error').map((m) => m.text);
const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/onnx/${name}.onnx`));

beforeEach(async () => {
  resetStore();
  ({ host, controller } = await startController());
});

afterEach(() => {
  controller.dispose();
  resetStore();
});

describe('importing ONNX', () => {
  test('Open model… with an .onnx file: the imported model becomes current with its weights and notes', async () => {
    const source = new Model(preset('lenet'), 4);
    host.openQueue.push({ ok: true, path: '/models/my-lenet.onnx', bytes: exportOnnx(source) });
    await controller.openModel();
    expect(view()?.summary.meta).toMatchObject({ name: 'my-lenet', epochs: 0, notes: 'imported from my-lenet.onnx' });
    expect(view()?.summary.spec.layers).toEqual(source.spec.layers);
    const { weights } = await controller.requests.ask({ type: 'weights:get', model: state().current! });
    expect(weights).toEqual(source.getWeights());
    expect(state().messages.at(-1)?.text).toBe('Imported my-lenet.onnx.');
    expect(host.sent.filter((c) => c.type === 'model:load')).toHaveLength(1);
  });

  test('a PyTorch file with a trailing Softmax: the message says it was dropped', async () => {
    host.openQueue.push({ ok: true, path: 'matmul-softmax.onnx', bytes: fixture('matmul-softmax') });
    await controller.openModel();
    expect(view()?.summary.meta.name).toBe('matmul-softmax');
    expect(state().messages.at(-1)?.text).toMatch(/^Imported matmul-softmax\.onnx \(dropped the trailing Softmax \(node \/Softmax\)/);
  });

  test.each([
    ['unsupported-sigmoid', /^Could not import unsupported-sigmoid\.onnx: unsupported ops: Sigmoid \(node \/Sigmoid\), Tanh \(node \/Tanh\); .*\. The current model was kept\.$/],
    ['lenet-32', /^Could not import lenet-32\.onnx: the model takes \[1,32,32\] images; the loaded data set's are \[1,28,28\] \(the importer does not resize; docs\/onnx\.md\)\. The current model was kept\.$/],
  ])('%s.onnx is refused with the reason; the current model is kept and nothing is sent', async (name, message) => {
    const before = view()?.summary;
    host.openQueue.push({ ok: true, path: `/x/${name}.onnx`, bytes: fixture(name) });
    await controller.openModel();
    expect(errors()).toEqual([expect.stringMatching(message)]);
    expect(view()?.summary).toBe(before);
    expect(host.sent.some((c) => c.type === 'model:load' || c.type === 'model:create')).toBe(false);
  });

  test('a truncated file is named and explained', async () => {
    host.openQueue.push({ ok: true, path: 'cut.onnx', bytes: exportOnnx(new Model(preset('mlp'), 1)).subarray(0, 5000) });
    await controller.openModel();
    expect(errors()[0]).toMatch(/^Could not import cut\.onnx: not an ONNX model: the protobuf data is broken or truncated/);
  });

  test('dropping files: .onnx is imported, .json loaded, anything else is not ours', async () => {
    const onnx = new File([exportOnnx(new Model(preset('mlp'), 9))], 'dropped.onnx');
    expect(await openDroppedFile(controller, onnx)).toBe(true);
    expect(view()?.summary.meta.name).toBe('dropped');
    expect(await openDroppedFile(controller, new File(['{"format":"x"}'], 'bad.json'))).toBe(true);
    expect(errors()[0]).toMatch(/^Could not load bad\.json: model file: format is "x"/);
    expect(await openDroppedFile(controller, new File(['x'], 'digit.png'))).toBe(false);
  });
});

describe('exporting ONNX', () => {
  test('Export ONNX… (and the menu item) hands the host the current model as ONNX, with its weights', async () => {
    await controller.exportOnnx();
    expect(host.onnx.map((f) => f.name)).toEqual(['mlp-default.onnx']);
    const back = importOnnx(host.onnx[0].bytes, 'mlp-default.onnx');
    expect(back.spec.layers).toEqual(view()!.summary.spec.layers);
    const { weights } = await controller.requests.ask({ type: 'weights:get', model: state().current! });
    expect(back.weights).toEqual(weights);
    expect(state().messages.at(-1)?.text).toBe('ONNX model downloaded as /tmp/mlp-default.onnx (opset 13, input [batch,1,28,28]).');
    host.menu('model:export-onnx');
    await vi.waitFor(() => expect(host.onnx).toHaveLength(2));
  });

  test('onnxFileName makes a safe name', () => {
    expect(onnxFileName('cnn+filters')).toBe('cnn+filters.onnx');
    expect(onnxFileName('my model/v2')).toBe('my-model-v2.onnx');
    expect(onnxFileName('')).toBe('model.onnx');
  });
});
