// ONNX in the web build: Export ONNX… downloads a file ONNX Runtime runs; opening it again through Open model… (the
// file input) gives back the same model and the same prediction; so does dropping one on the window; a file it cannot
// import keeps the current model.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import { Model } from '../../core/model';
import { exportOnnx } from '../../core/onnx/export';
import { preset } from '../../core/presets';
import { appState, Studio } from './pages/studio';

test('export the model to ONNX and import it back: same weights, same prediction', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.draw.drawOne();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
  const before = { name: await appState<string>(page, 's.model.meta.name'), probs: await appState<number[]>(page, 'Array.from(s.activations.probs)'), weights: await appState<number[]>(page, 's.weights.flatMap((w) => Array.from(w.data))') };

  const download = page.waitForEvent('download');
  await page.getByTestId('header.export-onnx').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${before.name}.onnx`);
  const bytes = await readFile((await file.path())!);
  await expect(page.getByTestId('message.info').filter({ hasText: `ONNX model downloaded as ${before.name}.onnx` })).toBeVisible();
  // ONNX Runtime reads it: one input [batch,1,28,28], 10 logits per image
  const session = await ort.InferenceSession.create(new Uint8Array(bytes));
  expect([session.inputNames, session.outputNames]).toEqual([['input'], ['logits']]);
  const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(2 * 784), [2, 1, 28, 28]) });
  expect(out.logits.dims).toEqual([2, 10]);

  // another model becomes current, then the file is opened like a model file
  await app.train.usePreset('mlp');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('header.open').click();
  await (await chooser).setFiles({ name: `${before.name}.onnx`, mimeType: 'application/octet-stream', buffer: bytes });
  await expect(page.getByTestId('header.model-name')).toHaveText(before.name);
  await expect(page.getByTestId('message.info').filter({ hasText: `Imported ${before.name}.onnx` })).toBeVisible();
  await expect(page.getByTestId('header.model')).toContainText('imported');
  expect(await appState<string>(page, 's.model.meta.notes')).toBe(`imported from ${before.name}.onnx`);
  await expect.poll(() => appState<number[]>(page, 's.weights.flatMap((w) => Array.from(w.data))')).toEqual(before.weights);
  // the same drawing predicts the same: the mirror runs the imported weights
  const maxDelta = `Math.max(...Array.from(s.activations.probs).map((p, i) => Math.abs(p - ${JSON.stringify(before.probs)}[i])))`;
  await expect.poll(() => appState<number>(page, maxDelta)).toBeLessThan(1e-6);
});

test('an .onnx file dropped on the window is imported', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const source = new Model(preset('lenet'), 5);
  const bytes = Array.from(exportOnnx(source));
  const dataTransfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'dropped-lenet.onnx'));
    return dt;
  }, bytes);
  await page.dispatchEvent('[data-testid="header.model"]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-testid="header.model"]', 'drop', { dataTransfer });
  await expect(page.getByTestId('header.model-name')).toHaveText('dropped-lenet');
  await expect.poll(() => appState<number[]>(page, 's.weights.flatMap((w) => Array.from(w.data))')).toEqual(source.getWeights().flatMap((w) => Array.from(w.data)));
});

test('an ONNX file it cannot import is explained and the current model is kept', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const before = await appState<string>(page, 's.model.meta.name');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('header.open').click();
  await (await chooser).setFiles('test/fixtures/onnx/unsupported-sigmoid.onnx');
  await expect(app.errors()).toContainText('Could not import unsupported-sigmoid.onnx: unsupported ops: Sigmoid (node /Sigmoid), Tanh (node /Tanh)');
  await expect(app.errors()).toContainText('The current model was kept.');
  expect(await appState<string>(page, 's.model.meta.name')).toBe(before);
});
