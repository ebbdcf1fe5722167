// Model files in the web build: an invalid file shows a clear error and keeps the model; save → load round-trips.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { appState, Studio } from './pages/studio';

test('loading an invalid model file shows an error and keeps the current model', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const before = await appState<string>(page, 's.model.meta.name');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('header.open').click();
  await (await chooser).setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"cnn-studio-model","version":1,"spec":{"name":"x"}}') });
  await expect(app.errors()).toContainText('Could not load broken.json: model file: meta: expected an object, got undefined');
  await expect(app.errors()).toContainText('The current model was kept');
  expect(await appState<string>(page, 's.model.meta.name')).toBe(before);
  await page.getByTestId('message.dismiss').click();
  await expect(app.errors()).toHaveCount(0);
  // the app still works: drawing still predicts
  await app.draw.drawOne();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
});

test('a saved model downloads as a valid file and loads back', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.usePreset('lenet');
  const download = page.waitForEvent('download');
  await page.getByTestId('header.save').click();
  const file = await (await download).path();
  const text = await readFile(file, 'utf8');
  expect(JSON.parse(text)).toMatchObject({ format: 'cnn-studio-model', version: 1, spec: { name: 'lenet' } });
  await app.train.usePreset('mlp');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('header.open').click();
  await (await chooser).setFiles({ name: 'lenet.cnnmodel.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('header.model-name')).toHaveText('lenet');
  await expect(page.getByTestId('message.info').filter({ hasText: 'Loaded model from lenet.cnnmodel.json' })).toBeVisible();
});

test('after training, a bad file and bad typed values lose nothing: the trained weights and results stay', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.usePreset('mlp');
  await app.train.startShortRun({ trainSize: 2000, epochs: 1, batchSize: 32 });
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect.poll(() => appState<number>(page, 's.model.meta.epochs')).toBe(1);
  const weightSum = 's.weights.reduce((a, w) => a + w.data.reduce((b, v) => b + v, 0), 0)';
  await expect.poll(() => appState<number>(page, weightSum)).not.toBe(0);
  const before = { weights: await appState<number>(page, weightSum), acc: await appState<number>(page, 's.model.meta.testAccuracy') };
  await app.draw.drawOne();
  const digit = await app.draw.predictedDigit();
  // bad typed values: refused with messages beside the fields
  await app.train.setField('lr', '-0.01');
  await app.train.setField('epochs', '1e9');
  await app.train.start();
  await expect(app.errors()).toContainText('Fix the highlighted hyper-parameters');
  // a model file that fails validation
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('header.open').click();
  await (await chooser).setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"cnn-studio-model","version":2}') });
  const fileError = app.errors().filter({ hasText: 'Could not load bad.json' });
  await expect(fileError).toContainText('model file: ');
  await expect(fileError).toContainText('The current model was kept');
  // nothing was lost: same weights, metadata, results, prediction
  expect(await appState<number>(page, weightSum)).toBe(before.weights);
  expect(await appState<number>(page, 's.model.meta.epochs')).toBe(1);
  expect(await appState<number>(page, 's.model.meta.testAccuracy')).toBe(before.acc);
  expect(await appState<number>(page, 's.epochs.length')).toBe(1);
  await expect(page.getByTestId('header.model-acc')).toHaveText(`test ${(before.acc * 100).toFixed(2)}%`);
  expect(await app.draw.predictedDigit()).toBe(digit);
  await expect(app.train.status()).toHaveAttribute('data-status', 'done');
});
