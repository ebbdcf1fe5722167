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
  await expect(app.errors()).toContainText('Could not load broken.json: model file: meta: missing or has no name');
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
