// Live behaviour in the web build: the prediction follows the pen before it lifts, and the feature maps switch
// between per-map and per-layer colour scales (legend and repaint).
import { expect, test } from '@playwright/test';
import { appState, Studio } from './pages/studio';

test('the probability bars update while a stroke is being drawn, before the pen lifts', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const box = (await app.draw.pad.boundingBox())!;
  await page.mouse.move(box.x + 140, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + 140, { steps: 10 });
  // the pen is still down: the stroke is in the store and the network already read it
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
  const mid = await appState<number[]>(page, 'Array.from(s.activations.probs)');
  await page.mouse.move(box.x + 140, box.y + 240, { steps: 10 });
  await expect.poll(() => appState<number[]>(page, 'Array.from(s.activations.probs)')).not.toEqual(mid);
  expect(await appState<number>(page, 's.strokes.length')).toBe(1);
  await page.mouse.up();
});

test('feature maps switch between per-map and per-layer colour scales, with the legend saying which', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await page.getByTestId('draw.test-image').click();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
  const layer = page.getByTestId('maps.layer.0');
  await expect(layer).toContainText('each map scaled to its own');
  const grid = page.getByTestId('maps.grid.0');
  const paints = Number(await grid.getAttribute('data-paints'));
  await page.getByTestId('maps.scale-shared').check();
  expect(await appState<string>(page, 's.mapScale')).toBe('shared');
  await expect(layer).toContainText('all maps');
  await expect(layer).not.toContainText('each map scaled to its own');
  await expect.poll(() => grid.getAttribute('data-paints').then(Number)).toBeGreaterThan(paints);
  await page.getByTestId('maps.scale-per-map').check();
  await expect(layer).toContainText('each map scaled to its own');
});
