// The "compare designed vs learned" flow in the web build: two short runs from the same seed and the training
// panel's settings, one with the designed filter frozen in layer 0, one all learned; both recorded and charted.
import { expect, test } from '@playwright/test';
import { appState, Studio } from './pages/studio';

test('compare: a run with the designed (frozen) filter and an all-learned run are both recorded', async ({ page }) => {
  await page.setViewportSize({ width: 1800, height: 2400 }); // tall enough to screenshot the whole section
  const app = new Studio(page);
  await app.open();
  const k = await appState<number>(page, 's.model.spec.layers[0].kernel');
  await page.getByTestId('filters.k').selectOption(String(k));
  await page.getByTestId('filters.preset').selectOption('sobel-x');
  const designed = await appState<number[]>(page, 'Array.from(s.designer.weights)');
  await app.train.setField('trainSize', '1000');
  await app.train.setField('epochs', '1');
  await app.train.setField('batchSize', '32');
  await app.train.setField('seed', '3');
  const network = page.getByTestId('filters.network');
  await network.locator('summary').click();

  await page.getByTestId('filters.compare-designed').click();
  const designedRow = page.getByTestId('filters.compare.designed');
  await expect(designedRow).toHaveAttribute('data-final', /^0\.\d+$/, { timeout: 90_000 });
  await expect(designedRow).toContainText('1 epoch, 1000 images, seed 3; Sobel x');
  await expect(designedRow).toContainText(/scaled ×0\.\d+/); // "Use in network" scales to a fresh filter's norm √2 by default
  // frozen: after training, channel 0 of layer 0 is still exactly the designed filter, scaled
  const scaled = designed.map((v) => (v * Math.SQRT2) / Math.hypot(...designed));
  const kept = await appState<number[]>(page, `Array.from(s.weights[0].data.slice(0, ${k * k}))`);
  kept.forEach((v, i) => expect(v).toBeCloseTo(scaled[i], 6));
  expect(await appState<number[]>(page, 's.model.spec.layers[0].frozenChannels')).toEqual([0]);

  await page.getByTestId('filters.compare-learned').click();
  const learnedRow = page.getByTestId('filters.compare.learned');
  await expect(learnedRow).toHaveAttribute('data-final', /^0\.\d+$/, { timeout: 90_000 });
  await expect(learnedRow).toContainText('1 epoch, 1000 images, seed 3');
  // the baseline learned its own channel 0 and froze nothing
  expect(await appState<number[]>(page, `Array.from(s.weights[0].data.slice(0, ${k * k}))`)).not.toEqual(kept);
  expect(await appState<unknown>(page, 's.model.spec.layers[0].frozenChannels ?? null')).toBeNull();
  await expect(network.locator('.compare-curve polyline')).toHaveCount(4);
  await expect(page.getByTestId('filters.network-note')).toHaveCount(0); // "Started a run…" went with the record
  await network.scrollIntoViewIfNeeded();
  await network.screenshot({ path: 'test-output/screenshots/filters-compare.png' });
});
