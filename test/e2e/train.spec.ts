// Training in the web build: a short run plots curve points; pause/resume/stop; results after an epoch.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { appState, Studio } from './pages/studio';

test('a started run plots batch points; pause holds it, resume continues, stop ends it', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.startShortRun({ trainSize: 6000, epochs: 2, batchSize: 16 });
  await expect(app.train.status()).toHaveAttribute('data-status', 'running');
  await expect.poll(() => app.train.curvePoints()).toBeGreaterThan(5);
  await expect(page.getByTestId('train.curves')).not.toHaveAttribute('data-points', '0');
  // the chart zooms with the wheel and resets
  const chart = page.getByTestId('train.curves').locator('.konvajs-content');
  await chart.hover();
  await page.mouse.wheel(0, -300);
  await expect(page.getByTestId('train.curves.reset-zoom')).toBeEnabled();
  await page.getByTestId('train.curves.reset-zoom').click();
  await expect(page.getByTestId('train.curves.reset-zoom')).toBeDisabled();
  await expect(page.getByTestId('train.progress')).toContainText(/Epoch [12]\/2 · batch \d+\/375 · \d+ img\/s on \d+ threads? · ETA/);

  await page.getByTestId('train.pause').click();
  await expect(app.train.status()).toHaveAttribute('data-status', 'paused');
  const held = await app.train.curvePoints();
  // while paused only the learning rate can change; Apply sends it to the running trainer
  await expect(app.train.field('batchSize')).toBeDisabled();
  await app.train.setField('lr', '0.0005');
  await page.getByTestId('train.lr.apply').click();
  await expect(page.getByTestId('message.info').filter({ hasText: 'Learning rate set to 0.0005.' })).toBeVisible();
  expect(await appState<number>(page, 's.config.lr')).toBe(0.0005);
  await expect(page.getByTestId('train.progress')).toContainText(/ · lr \d/);
  await page.getByTestId('train.resume').click();
  await expect(app.train.status()).toHaveAttribute('data-status', 'running');
  // while paused nothing was added; after resuming the series grows again
  await expect.poll(() => app.train.curvePoints()).toBeGreaterThan(held);

  await page.getByTestId('train.stop').click();
  await expect(app.train.status()).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('train.start')).toBeEnabled();
});

test('after an epoch: confusion matrix, per-class accuracy, drill-down and misclassified gallery', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.usePreset('mlp');
  await app.train.startShortRun({ trainSize: 2000, epochs: 1, batchSize: 32 });
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('train.curves')).toHaveAttribute('data-epochs', '1');
  // exports: CSV with a row per batch, PNG of the chart
  const csv = page.waitForEvent('download');
  await page.getByTestId('train.curves.csv').click();
  const csvText = await readFile((await (await csv).path())!, 'utf8');
  const rows = csvText.trim().split('\n');
  expect(rows[0]).toBe('step,epoch,batch,train_loss,train_accuracy,test_loss,test_accuracy');
  expect(rows).toHaveLength(1 + 62);
  expect(rows[62]).toMatch(/^62,1,62,[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
  // hovering the chart reads out the smoothed values at that batch
  const box = (await page.getByTestId('train.curves').locator('.konvajs-content').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 100);
  await expect(page.getByTestId('train.curves')).toHaveAttribute('data-hover', /^batch \d+ \(epoch 1\) · loss \d+\.\d{3} · acc \d+\.\d%$/);
  const png = page.waitForEvent('download');
  await page.getByTestId('train.curves.png').click();
  const pngBytes = await readFile((await (await png).path())!);
  expect([...pngBytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');

  await page.getByTestId('train.tab.results').click();
  const total = await appState<number>(page, 's.epochs[0].confusion.reduce((a, b) => a + b, 0)');
  expect(total).toBe(10000);
  await expect(page.getByTestId('train.per-class').locator('li')).toHaveCount(10);
  await expect(page.getByTestId('train.gallery.item').first()).toBeVisible();
  const wrong = await appState<number>(page, 's.epochs[0].confusion.reduce((a, n, i) => (i % 11 === 0 ? a : a + n), 0)');
  await expect(page.getByTestId('train.gallery.count')).toHaveText(`${wrong.toLocaleString('en-US')} in all, first 48 shown`);
  // the biggest off-diagonal cell lists exactly that many test images (up to the 60 shown)
  const [t, p, n] = await appState<number[]>(page, 's.epochs[0].confusion.reduce((best, v, i) => (i % 11 !== 0 && v > best[2] ? [Math.floor(i / 10), i % 10, v] : best), [0, 0, -1])');
  await page.getByTestId(`train.confusion.${t}.${p}`).click();
  await expect(page.getByTestId('train.gallery')).toHaveAttribute('data-count', String(Math.min(60, n)));
  await expect(page.getByTestId('train.gallery.item').first()).toContainText(`${t}→${p}`);
  await page.getByTestId('train.gallery.item').first().click();
  await expect(page.getByTestId('draw.test-label')).toContainText(`label ${t}`);
});
