// Draw & predict in the web build: mouse strokes on the Konva pad give a prediction; the default model reads a "1".
import { expect, test } from '@playwright/test';
import { appState, Studio } from './pages/studio';

test('drawing on the pad shows a prediction and the 28×28 input; clear resets it', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.draw.stroke([
    [90, 80],
    [150, 60],
    [190, 110],
    [120, 200],
    [200, 210],
  ]);
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
  const ink = await appState<number>(page, 's.input.reduce((a, v) => a + v, 0)');
  expect(ink).toBeGreaterThan(10);
  const probSum = await appState<number>(page, 's.activations.probs.reduce((a, v) => a + v, 0)');
  expect(probSum).toBeCloseTo(1, 3);
  await app.draw.clear();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', '');
  expect(await appState<number>(page, 's.strokes.length')).toBe(0);
});

test('a test digit is shown with its label and predicted', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await page.getByTestId('draw.test-image').click();
  await expect(page.getByTestId('draw.test-label')).toHaveText(/MNIST test #\d+ — label \d/);
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
});

test('the bundled default model reads a clearly drawn "1" as 1', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const epochs = await appState<number>(page, 's.model.meta.epochs');
  test.skip(epochs === 0, 'core/models/default-cnn.json is not built yet: the app started from an untrained cnn, so no digit can be expected');
  await app.draw.drawOne();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', '1');
});

test('after a short mlp run, a clearly drawn "1" is read as 1', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.usePreset('mlp');
  await app.train.setField('lr', '0.002');
  await app.train.startShortRun({ trainSize: 6000, epochs: 1, batchSize: 32 });
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect.poll(() => appState<number>(page, 's.weights === null ? -1 : s.epochs.length')).toBe(1);
  await app.draw.drawOne();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', '1');
});

test('a single dot is too little ink to read: "Draw a bigger digit" and no prediction; a real digit is read', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.draw.stroke([
    [140, 140],
    [141, 140],
  ]);
  await expect.poll(() => appState<number>(page, 's.input.reduce((a, v) => a + v, 0)')).toBeGreaterThan(1);
  await expect(app.draw.prediction).toHaveAttribute('data-too-small', 'true');
  await expect(app.draw.prediction).toHaveAttribute('data-digit', '');
  await expect(app.draw.prediction).toContainText('Draw a bigger digit');
  await expect(page.getByTestId('draw.prob.0')).toHaveAttribute('data-p', '0.0000');
  await app.draw.clear();
  await app.draw.drawOne();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
  await expect(app.draw.prediction).toHaveAttribute('data-too-small', 'false');
});
