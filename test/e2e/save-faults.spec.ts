// Save model in the web build when the browser cannot make the file (URL.createObjectURL failing, as it does past the
// browser's memory): a message says why, the model stays as it was, and a later save downloads it.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { appState, Studio } from './pages/studio';

test('a download the browser cannot make is explained and keeps the model; the next save works', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const before = await appState<string>(page, 'JSON.stringify([s.current, s.model.meta, s.weights.map((w) => Array.from(w.data.slice(0, 50)))])');
  await page.evaluate(() => {
    const real = URL.createObjectURL;
    (window as unknown as { realCreateObjectURL: typeof real }).realCreateObjectURL = real;
    URL.createObjectURL = () => {
      throw new RangeError('Array buffer allocation failed');
    };
  });
  await page.getByTestId('header.save').click();
  await expect(app.errors().filter({ hasText: /^Could not save the model: the browser could not make the file .+\.cnnmodel\.json \(Array buffer allocation failed\)/ })).toBeVisible();
  expect(await appState<string>(page, 'JSON.stringify([s.current, s.model.meta, s.weights.map((w) => Array.from(w.data.slice(0, 50)))])')).toBe(before);

  await page.evaluate(() => (URL.createObjectURL = (window as unknown as { realCreateObjectURL: typeof URL.createObjectURL }).realCreateObjectURL));
  const download = page.waitForEvent('download');
  await page.getByTestId('header.save').click();
  const file = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as { format: string };
  expect(file.format).toBe('cnn-studio-model');
  await expect(page.getByTestId('message.info').filter({ hasText: /^Model downloaded as / })).toBeVisible();
});
