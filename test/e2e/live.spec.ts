// Live behaviour in the web build: the prediction follows the pen before it lifts, the feature maps switch
// between per-map and per-layer colour scales (legend and repaint), and a running training waits while the pen is down.
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

test('while training runs, it waits while the pen is down and goes on when it lifts; unchecked, it trains on while drawing', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.startShortRun({ trainSize: 60000, epochs: 3, batchSize: 32 });
  await expect(app.train.status()).toHaveAttribute('data-status', 'running');
  const batches = () => appState<number>(page, 's.lastBatch ? s.lastBatch.epoch * s.lastBatch.batches + s.lastBatch.batch + 1 : 0');
  await expect.poll(batches).toBeGreaterThan(0);
  const box = (await app.draw.pad.boundingBox())!;
  /** Keeps the pen down on the pad for `ms`, moving every 25 ms; returns the batches trained in its last `ms` − 300 ms. */
  const drawFor = async (ms: number): Promise<number> => {
    await page.mouse.move(box.x + 60, box.y + 140);
    await page.mouse.down();
    let from = -1;
    const t0 = Date.now();
    for (let i = 0; Date.now() - t0 < ms; i++) {
      await page.mouse.move(box.x + 60 + (i % 160), box.y + 140 + 40 * Math.sin(i / 8));
      // a hold takes effect at the trainer's next batch boundary: count from 300 ms on
      if (from < 0 && Date.now() - t0 >= 300) from = await batches();
      await page.waitForTimeout(25);
    }
    const n = (await batches()) - from;
    await page.mouse.up();
    return n;
  };
  await expect(page.getByTestId('train.giveWay')).toBeChecked();
  const whileHeld = await drawFor(1500);
  expect(whileHeld).toBeLessThanOrEqual(1);
  await expect(app.train.status()).toHaveAttribute('data-status', 'running');
  const lifted = await batches();
  await expect.poll(batches, { timeout: 5000 }).toBeGreaterThan(lifted + 10);

  await page.getByTestId('train.giveWay').uncheck();
  const whileTraining = await drawFor(1500);
  expect(whileTraining).toBeGreaterThan(10);
  console.log(`batches in 1.2 s of drawing: ${whileHeld} waiting while drawing, ${whileTraining} not waiting`);
  await page.getByTestId('train.stop').click();
  await expect(app.train.status()).toHaveAttribute('data-status', 'stopped');
});
