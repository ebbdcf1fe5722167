// Data sets in the web build: a class folder made by the test (three classes of PNGs) opened through the chooser's
// folder picker, a fresh model with three outputs offered and taken, a short run, and the class names in the bars and
// the confusion matrix; a folder that is no data set is refused with the current set kept.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { writeClassFolder } from '../core/helpers/idx-files';
import { appState, docShot, Studio } from './pages/studio';

const NAMES = ['ant', 'bee', 'cat'];
let root: string;
test.beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cnn-e2e-data-'));
  writeClassFolder(path.join(root, 'bugs'), NAMES, 12);
  // not a data set: one class folder
  mkdirSync(path.join(root, 'lonely', 'only'), { recursive: true });
  writeFileSync(path.join(root, 'lonely', 'only', 'a.png'), 'not really a png');
});
test.afterAll(() => rmSync(root, { recursive: true, force: true }));

async function openFolder(page: import('@playwright/test').Page, dir: string): Promise<void> {
  await page.getByTestId('data.choose').selectOption('open');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('data.open-folder').click();
  await (await chooser).setFiles(dir);
}

test('open a class folder, train on it briefly, see its class names in the bars and the confusion matrix', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await openFolder(page, path.join(root, 'bugs'));
  await expect(page.getByTestId('data.summary')).toHaveText('3 classes', { timeout: 30_000 });
  expect(await appState<string[]>(page, 's.data.classNames')).toEqual(NAMES);
  expect(await appState<number>(page, 's.data.trainCount + s.data.testCount')).toBe(36);
  // the bundled cnn scores 10 classes: said, with a fresh cnn of 3 outputs offered; the old model is kept
  const offer = page.getByTestId('message.error').filter({ hasText: 'scores 10 classes' });
  await expect(offer).toContainText('bugs: ');
  await offer.getByTestId('message.action').click();
  await expect.poll(() => appState<number>(page, 's.models[s.current].summary.infos.at(-1).outShape[0]')).toBe(3);
  await expect.poll(() => appState<number>(page, 'Object.keys(s.models).length')).toBe(2);

  await app.train.startShortRun({ trainSize: 24, epochs: 3, batchSize: 4 });
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await page.getByTestId('train.tab.results').click();
  for (let i = 0; i < 3; i++) await expect(page.getByTestId(`train.confusion.row.${i}`)).toHaveText(NAMES[i]);
  await expect(page.getByTestId('train.confusion.col.2')).toHaveAttribute('title', 'cat');
  await expect(page.getByTestId('train.per-class').locator('li')).toHaveCount(3);

  // a test image in the pad: three bars named by class, the prediction named too
  await page.getByTestId('draw.test-image').click();
  const bars = page.getByTestId('draw.probs').locator('.bar-label');
  await expect(bars).toHaveText(NAMES);
  await expect(page.getByTestId('draw.prediction')).toHaveAttribute('data-class', /^(ant|bee|cat)$/);
  await docShot(page, 'datasets-folder', page.getByTestId('train.results'));
  // the model file keeps the class names
  const file = await page.evaluate(() => window.__app!.controller.requests.ask({ type: 'model:save', model: window.__app!.store.getState().current! }));
  expect(JSON.parse(file.text).meta.classes).toEqual(NAMES);
});

test('a folder that is no data set is refused with a message naming it; MNIST stays', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await openFolder(page, path.join(root, 'lonely'));
  await expect(app.errors().filter({ hasText: 'lonely: has one class folder (only)' })).toBeVisible();
  await expect(app.errors().filter({ hasText: 'The current data set is kept.' })).toBeVisible();
  expect(await appState<string>(page, 's.data.name')).toBe('MNIST');
  await expect(page.getByTestId('data.summary')).toHaveText('10 classes');
});

const FASHION = '/usr/share/datasets/fashion-mnist';
const FASHION_FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((f) => path.join(FASHION, f));

test('Fashion-MNIST from its four .gz files on disk: named classes in the bars, the last place remembered', async ({ page }) => {
  const { existsSync } = await import('node:fs');
  test.skip(!FASHION_FILES.every((f) => existsSync(f)), `skipped: no Fashion-MNIST files in ${FASHION} (apt-get install dataset-fashion-mnist)`);
  const app = new Studio(page);
  await app.open();
  await page.getByTestId('data.choose').selectOption('fashion-mnist');
  await expect(page.getByTestId('data.pop')).toContainText('/usr/share/datasets/fashion-mnist');
  await docShot(page, 'datasets-chooser');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('data.open-files').click();
  await (await chooser).setFiles(FASHION_FILES);
  await expect.poll(() => appState<string>(page, 's.data.name'), { timeout: 60_000 }).toBe('Fashion-MNIST');
  expect(await appState<number>(page, 's.data.trainCount')).toBe(60000);
  // the bundled MNIST cnn has 10 outputs: it fits, and is told they now stand for clothes
  await expect(page.getByTestId('message.info').filter({ hasText: 'was trained on MNIST' })).toBeVisible();
  await page.getByTestId('draw.test-image').click();
  await expect(page.getByTestId('draw.probs').locator('.bar-label')).toHaveText(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  await docShot(page, 'datasets-fashion', page.getByTestId('panel.draw'));
  await page.getByTestId('data.choose').selectOption('fashion-mnist');
  await expect(page.getByTestId('data.last')).toHaveText(/^Last opened: train-images-idx3-ubyte\.gz, /);
});
