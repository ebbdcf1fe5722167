// Training threads in the web build: the page is cross-origin isolated (COOP/COEP from the preview server), the form's
// Threads field defaults to the machine's cores (at most 8), and a run trains on them (nested Web Workers sharing
// memory): the progress line names the thread count and no one-thread note appears. A run asked for one thread says 1.
import { expect, test } from '@playwright/test';
import { Studio } from './pages/studio';

test('a run trains on every core by default; one thread when asked', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const cores = await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency)));
  // the thread count sits under "More settings", folded away, its summary naming it
  await expect(page.getByTestId('train.more').locator('summary')).toContainText(`${cores} thread`);
  await page.getByTestId('train.more').locator('summary').click();
  await expect(page.getByTestId('train.threads')).toHaveValue(String(cores));
  await app.train.startShortRun({ trainSize: 1000, epochs: 1, batchSize: 32 });
  await expect(page.getByTestId('train.progress')).toContainText(`img/s on ${cores} thread${cores === 1 ? '' : 's'}`, { timeout: 60_000 });
  await expect(page.getByTestId('train.curves')).toHaveAttribute('data-epochs', '1', { timeout: 90_000 });
  await expect(page.getByTestId('train.note')).toHaveCount(0);
  await expect(app.train.status()).toHaveAttribute('data-status', 'done');

  await page.getByTestId('train.threads').fill('1');
  await app.train.startShortRun({ trainSize: 500, epochs: 1, batchSize: 32 });
  await expect(page.getByTestId('train.progress')).toContainText('img/s on 1 thread ·', { timeout: 60_000 });
});
