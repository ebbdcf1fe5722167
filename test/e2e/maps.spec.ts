// The feature-map panel in the web build: one map per channel for every conv layer, click to enlarge with
// values on hover (and pooling windows), learned filters refreshing while training runs, and a screenshot.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { appState, Studio } from './pages/studio';

async function openWithDigit(page: Page): Promise<Studio> {
  const app = new Studio(page);
  await app.open();
  await app.draw.stroke([
    [90, 70],
    [190, 70],
    [150, 150],
    [120, 230],
  ]);
  await expect.poll(() => appState<number>(page, 's.input.reduce((a, v) => a + v, 0)')).toBeGreaterThan(5);
  return app;
}

/** Clicks (or hovers) tile i of a layer's map grid. */
async function tile(page: Page, layer: number, i: number, click = true): Promise<void> {
  const grid = page.getByTestId(`maps.grid.${layer}`);
  await grid.scrollIntoViewIfNeeded();
  const size = Number(await grid.getAttribute('data-tile'));
  const gap = Number(await grid.getAttribute('data-gap'));
  const cols = Number(await grid.getAttribute('data-cols'));
  const box = (await grid.locator('canvas').first().boundingBox())!;
  const x = box.x + (i % cols) * (size + gap) + size / 2;
  const y = box.y + Math.floor(i / cols) * (size + gap) + size / 2;
  if (click) await page.mouse.click(x, y);
  else await page.mouse.move(x, y);
}

test('every conv layer shows one map per channel, each drawn as one image', async ({ page }) => {
  await openWithDigit(page);
  const layers = await appState<{ index: number; type: string; outShape: number[] }[]>(page, 's.model.infos');
  const conv = layers.filter((l) => l.type === 'conv2d');
  expect(conv.length).toBeGreaterThan(0);
  for (const l of layers) {
    const section = page.getByTestId(`maps.layer.${l.index}`);
    await expect(section).toHaveAttribute('data-shape', l.outShape.join('x'));
    if (l.outShape.length !== 3) continue;
    const grid = page.getByTestId(`maps.grid.${l.index}`);
    await expect(grid).toHaveAttribute('data-maps', String(l.outShape[0]));
    await expect(grid).toHaveAttribute('data-images', String(l.outShape[0]));
  }
  for (const l of conv) await expect(page.getByTestId(`maps.filters.${l.index}`)).toHaveAttribute('data-filters', String(l.outShape[0]));
  const probs = (await page.getByTestId('maps.softmax').getAttribute('data-probs'))!.split(',').map(Number);
  expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
});

test('clicking a map enlarges it and shows values on hover; a pooling map shows its window', async ({ page }) => {
  await openWithDigit(page);
  await tile(page, 0, 3);
  const zoom = page.getByTestId('maps.zoom');
  await expect(zoom).toHaveAttribute('data-channel', '3');
  await expect(zoom).toHaveAttribute('data-layer', '0');
  const box = (await zoom.locator('canvas').first().boundingBox())!;
  // 280 px for 28 values: pixel (y=10, x=14) is at 10 px per value.
  await page.mouse.move(box.x + 14 * 10 + 5, box.y + 10 * 10 + 5);
  const expected = await appState<number>(page, 's.activations.outputs[0].data[3 * 784 + 10 * 28 + 14]');
  await expect(page.getByTestId('maps.zoom-value')).toHaveText(new RegExp(`^\\(10, 14\\) = `));
  const shown = Number((await page.getByTestId('maps.zoom-value').textContent())!.split('= ')[1]);
  expect(shown).toBeCloseTo(expected, 2);
  await page.getByTestId('maps.zoom-close').click();
  await expect(zoom).toHaveCount(0);

  const pool = await appState<number>(page, 's.model.infos.findIndex((l) => l.type === "maxpool2d")');
  expect(pool).toBeGreaterThan(0);
  await tile(page, pool, 0);
  await expect(zoom).toHaveAttribute('data-layer', String(pool));
  const pbox = (await zoom.locator('canvas').first().boundingBox())!;
  // The pooled map is the right-hand image (after the 280 px input and a 24 px gap).
  await page.mouse.move(pbox.x + 304 + 140, pbox.y + 140);
  await expect(page.getByTestId('maps.zoom-value')).toContainText('= max(');
});

test('learned filters and maps refresh while training runs', async ({ page }) => {
  const app = await openWithDigit(page);
  const filters = page.getByTestId('maps.filters.0');
  await expect(filters).toHaveAttribute('data-paints', /\d+/);
  const before = await appState<number[]>(page, 'Array.from(s.weights[0].data.slice(0, 9))');
  const paints = Number(await filters.getAttribute('data-paints'));
  const mapPaints = Number(await page.getByTestId('maps.grid.0').getAttribute('data-paints'));
  // long enough to see two weight refreshes on 2 threads on a busy machine (it is stopped once they are seen)
  await app.train.startShortRun({ trainSize: 20000, epochs: 1, batchSize: 32 });
  await expect(app.train.status()).toHaveAttribute('data-status', /running|done/);
  await expect.poll(() => filters.getAttribute('data-paints').then(Number), { timeout: 60_000 }).toBeGreaterThan(paints + 1);
  // null while a new model loads: keep polling rather than throw
  const firstNine = () => appState<number[] | null>(page, 's.weights?.[0] ? Array.from(s.weights[0].data.slice(0, 9)) : null');
  await expect.poll(async () => { const now = await firstNine(); return now !== null && now.join() !== before.join(); }).toBe(true);
  // The maps follow too: the mirror re-ran the drawing with the new weights.
  await expect.poll(() => page.getByTestId('maps.grid.0').getAttribute('data-paints').then(Number)).toBeGreaterThan(mapPaints + 1);
  if ((await app.train.status().getAttribute('data-status')) === 'running') await page.getByTestId('train.stop').click();
  await expect(app.train.status()).toHaveAttribute('data-status', /stopped|done/, { timeout: 90_000 });
});

test('screenshot of the feature maps panel', async ({ page }) => {
  await page.setViewportSize({ width: 1800, height: 2400 });
  await openWithDigit(page);
  await expect(page.getByTestId('maps.grid.0')).toHaveAttribute('data-images', '16');
  await page.getByTestId('panel.maps').screenshot({ path: 'test-output/screenshots/maps-panel.png' });
  await tile(page, 2, 1);
  await expect(page.getByTestId('maps.zoom')).toBeVisible();
  await page.getByTestId('maps.zoom').screenshot({ path: 'test-output/screenshots/maps-zoom-pool.png' });
  // Exports go through the host: the browser host offers them as downloads.
  const [mapPng] = await Promise.all([page.waitForEvent('download'), page.getByTestId('maps.zoom-export').click()]);
  expect(mapPng.suggestedFilename()).toBe('layer2-maxpool2d-channel1.png');
  expect((await readFile((await mapPng.path())!)).subarray(1, 4).toString()).toBe('PNG');
  await page.getByTestId('maps.zoom-close').click();
  const [panelPng] = await Promise.all([page.waitForEvent('download'), page.getByTestId('maps.export').click()]);
  expect(panelPng.suggestedFilename()).toMatch(/^feature-maps-.*\.png$/);
  const bytes = await readFile((await panelPng.path())!);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.readUInt32BE(16)).toBeGreaterThan(300);
  expect(bytes.readUInt32BE(20)).toBeGreaterThan(1000);
});

test('with no ink the maps are neutral empty tiles with a message, never coloured squares; ink brings them back', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await expect(page.getByTestId('maps.no-ink')).toContainText('No ink yet');
  const grid = page.getByTestId('maps.grid.0');
  await expect(grid).toHaveAttribute('data-empty', 'true');
  // every tile pixel is the one neutral grey (gaps transparent): no red or blue bias squares
  const colours = () =>
    grid.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<string>();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      return [...seen];
    });
  await expect.poll(colours).toEqual(['28,38,52']);
  await app.draw.drawOne();
  await expect(grid).toHaveAttribute('data-empty', 'false');
  await expect(page.getByTestId('maps.no-ink')).toHaveCount(0);
  await expect.poll(async () => (await colours()).length).toBeGreaterThan(10);
  await app.draw.clear();
  await expect(grid).toHaveAttribute('data-empty', 'true');
  await expect.poll(colours).toEqual(['28,38,52']);
});

test('the panel export is a picture about 1200 px wide with every layer, not a strip of the panel', async ({ page }) => {
  await openWithDigit(page);
  await expect(page.getByTestId('maps.grid.0')).toHaveAttribute('data-images', '16');
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('maps.export').click()]);
  const bytes = await readFile((await png.path())!);
  const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  expect(w).toBeGreaterThan(900);
  expect(w).toBeLessThanOrEqual(1224);
  expect(h).toBeLessThan(w * 1.6);
});
