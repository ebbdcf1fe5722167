// Draw & predict in the web build: mouse strokes on the Konva pad give a prediction; the default model reads a "1".
import { expect, test } from '@playwright/test';
import { appState, Studio } from './pages/studio';

test('drawing on the pad shows a prediction and the 28×28 input', async ({ page }) => {
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
  await app.screenshotPanel('draw', 'draw-panel.png');
  await app.draw.clear();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', '');
});
