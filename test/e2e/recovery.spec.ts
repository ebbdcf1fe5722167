// Worker-crash recovery in the web build: the training worker is killed (terminate) or throws an uncaught error
// through the window.__app test hook; the user is told, a new worker takes back the models (weights byte for byte,
// same ids), the drawing, designer filter and run curves stay, and predicting and training still work.
import { expect, test, type Page } from '@playwright/test';
import { appState, Studio } from './pages/studio';

/** SHA-256 (hex) of every model's weights as the session holds them, keyed by model id. */
function sessionWeights(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const c = window.__app!.controller;
    const out: Record<string, string> = {};
    for (const id of Object.keys(window.__app!.store.getState().models)) {
      const r = await c.requests.ask({ type: 'weights:get', model: id });
      const parts = r.weights.map((w) => new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength));
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
      out[id] = [...new Uint8Array(await crypto.subtle.digest('SHA-256', all))].map((b) => b.toString(16).padStart(2, '0')).join('');
    }
    return out;
  });
}

function crash(page: Page, how: 'terminate' | 'throw'): Promise<void> {
  return page.evaluate((h) => window.__app!.controller.host.crashWorker!(h), how);
}

test('a killed worker: the user is told, the models come back byte for byte, the UI keeps its state, predicting and training work', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.usePreset('mlp');
  await app.train.startShortRun({ trainSize: 1000, epochs: 1, batchSize: 50 });
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await app.draw.drawSeven();
  await appState(page, 's.setWeight(0, 0.75)');
  await expect.poll(() => appState<string | null>(page, 's.weights && "ok"')).toBe('ok');
  const before = {
    weights: await sessionWeights(page),
    current: await appState<string>(page, 's.current'),
    strokes: await appState<number>(page, 's.strokes.length'),
    designer: await appState<number[]>(page, '[...s.designer.weights]'),
    series: await appState<number>(page, 's.series.length'),
    epochs: await appState<number>(page, 's.epochs.length'),
    digit: await app.draw.predictedDigit(),
  };
  expect(Object.keys(before.weights).length).toBeGreaterThanOrEqual(2); // the bundled cnn is kept beside the mlp
  expect(before.series).toBe(20);

  await crash(page, 'terminate');
  await expect(app.errors().filter({ hasText: 'the training worker stopped (it was terminated); starting a new one with your models' })).toBeVisible();
  await expect(page.getByTestId('message.info').filter({ hasText: /A new training worker took back your \d+ models with the weights last shown here/ })).toBeVisible({ timeout: 60_000 });
  expect(await sessionWeights(page)).toEqual(before.weights);
  expect(await appState<string>(page, 's.current')).toBe(before.current);
  expect(await appState<number>(page, 's.strokes.length')).toBe(before.strokes);
  expect(await appState<number[]>(page, '[...s.designer.weights]')).toEqual(before.designer);
  expect([await appState<number>(page, 's.series.length'), await appState<number>(page, 's.epochs.length')]).toEqual([before.series, before.epochs]);
  await expect(page.getByTestId('header.model-name')).toHaveText('mlp');
  await expect.poll(() => app.draw.predictedDigit()).toBe(before.digit);

  // predicting: a new drawing gets a prediction from the restored weights
  await app.draw.clear();
  await app.draw.drawOne();
  await expect.poll(() => app.draw.predictedDigit()).not.toBeNull();
  // training: a new run in the new worker
  await app.train.setField('trainSize', '500');
  await page.getByTestId('train.start').click();
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect(await appState<number>(page, 's.series.length')).toBe(10);
});

test('an uncaught throw in the worker: reported with its message, the model comes back, training starts', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const before = await sessionWeights(page);
  await crash(page, 'throw');
  await expect(app.errors().filter({ hasText: /the training worker stopped \(.*an uncaught error in the training worker \(test\)\); starting a new one with your models/ })).toBeVisible();
  await expect(page.getByTestId('message.info').filter({ hasText: 'A new training worker took back your model with the weights last shown here' })).toBeVisible({ timeout: 60_000 });
  expect(await sessionWeights(page)).toEqual(before);
  await app.train.usePreset('mlp');
  await app.train.startShortRun({ trainSize: 500, epochs: 1, batchSize: 50 });
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
});
