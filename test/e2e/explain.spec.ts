// "Why this prediction?" in the web build: each overlay paints over the drawing and its 28×28 input (read from the
// overlay canvases: a checksum of the painted pixels, and the pixels themselves) and changes when another class is
// explained; occlusion reports progress before it paints; the mlp says Grad-CAM needs a conv layer; a conv filter's
// top test patches arrive with labels and values. Screenshots explain-*.png (docs/screenshots/ with DOCS_SHOTS=1).
import { expect, test, type Page } from '@playwright/test';
import { appState, docShot, Studio } from './pages/studio';

/** No focus ring or hover outline in a docs screenshot. */
async function blur(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function openWithSeven(page: Page): Promise<Studio> {
  const app = new Studio(page);
  await app.open();
  await app.draw.drawSeven();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /\d/);
  return app;
}

/** The class ranked second by the model (another class to explain). */
async function runnerUp(page: Page): Promise<number> {
  return appState<number>(page, '(() => { const p = Array.from(s.models[s.current].activations.probs); const best = p.indexOf(Math.max(...p)); p[best] = -1; return p.indexOf(Math.max(...p)); })()');
}

test('saliency paints over the drawing and the input, follows the kind and the class explained', async ({ page }) => {
  const app = await openWithSeven(page);
  const ex = app.explain;
  await expect(ex.padOverlay).toHaveAttribute('data-checksum', '');
  await ex.mode('saliency');
  const signed = await ex.paintedOtherThan();
  expect(await ex.inputOverlayPixels()).toBeGreaterThan(20);
  const predicted = Number(await app.draw.predictedDigit());
  await expect(ex.padOverlay).toHaveAttribute('data-cls', String(predicted));
  await expect(page.getByTestId('explain.class')).toContainText(`Explaining ${predicted} (the prediction)`);
  await expect(ex.legend).toHaveAttribute('data-signed', 'true');
  const hi = Number(await ex.legend.getAttribute('data-hi'));
  expect(hi).toBeGreaterThan(0);
  expect(Number(await ex.legend.getAttribute('data-lo'))).toBeCloseTo(-hi, 6);

  // another class: another map, and the bars say which class is explained
  const other = await runnerUp(page);
  await ex.pickClass(other);
  const forOther = await ex.paintedOtherThan(signed);
  await expect(ex.padOverlay).toHaveAttribute('data-cls', String(other));
  await expect(page.getByTestId(`explain.class.${other}`)).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('explain.class')).toContainText(`Explaining ${other} (chosen)`);
  // Escape (from the bars) goes back to the prediction
  await page.getByTestId(`explain.class.${other}`).focus();
  await page.keyboard.press('Escape');
  await expect(ex.padOverlay).toHaveAttribute('data-cls', String(predicted));
  await expect(ex.padOverlay).toHaveAttribute('data-checksum', signed);

  await page.getByTestId('explain.saliency-kind').selectOption('abs');
  await ex.paintedOtherThan(`${signed}|${forOther}`);
  await expect(ex.legend).toHaveAttribute('data-lo', '0');
  await page.getByTestId('explain.saliency-kind').selectOption('grad-x-input');
  await ex.paintedOtherThan(signed);
  await page.getByTestId('explain.saliency-kind').selectOption('signed');
  await expect(ex.padOverlay).toHaveAttribute('data-checksum', signed);
  await blur(page);
  await docShot(page, 'explain-saliency', page.getByTestId('panel.draw'));

  // a new stroke point: the map follows the drawing at once
  await app.draw.stroke([
    [200, 60],
    [230, 40],
  ]);
  await ex.paintedOtherThan(signed);
  await ex.mode('off');
  await expect(ex.padOverlay).toHaveAttribute('data-checksum', '');
});

test('Grad-CAM paints the last conv layer by default, another layer on request, and follows the class', async ({ page }) => {
  const app = await openWithSeven(page);
  const ex = app.explain;
  await ex.mode('gradcam');
  const last = await ex.paintedOtherThan();
  const layers = await appState<number[]>(page, 's.models[s.current].summary.spec.layers.flatMap((l, i) => l.type === "conv2d" ? [i] : [])');
  await expect(page.getByTestId('explain.cam-layer')).toHaveValue(String(layers[layers.length - 1]));
  await expect(ex.legend).toHaveAttribute('data-lo', '0');
  await ex.pickClass(await runnerUp(page));
  const other = await ex.paintedOtherThan(last);
  await page.getByTestId('explain.cam-layer').selectOption(String(layers[0]));
  await ex.paintedOtherThan(`${last}|${other}`);
  await page.getByTestId('explain.predicted').click();
  await page.getByTestId('explain.cam-layer').selectOption(String(layers[layers.length - 1]));
  await expect(ex.padOverlay).toHaveAttribute('data-checksum', last);
  expect(await ex.inputOverlayPixels()).toBeGreaterThan(20);
  await blur(page);
  await docShot(page, 'explain-gradcam', page.getByTestId('panel.draw'));
});

test('occlusion shows its progress, then paints; another class asks again', async ({ page }) => {
  const app = await openWithSeven(page);
  const ex = app.explain;
  // every progress report the store saw (the request may finish between two polls)
  await page.evaluate(() => {
    const w = window as unknown as { __occ: { done: number; total: number }[] };
    w.__occ = [];
    window.__app!.store.subscribe((s: { occlusionJob: { done: number; total: number } | null }) => {
      if (s.occlusionJob && s.occlusionJob.total > 0) w.__occ.push({ done: s.occlusionJob.done, total: s.occlusionJob.total });
    });
  });
  await page.getByTestId('explain.mode.occlusion').check();
  await page.getByTestId('explain.occ-stride').selectOption('1');
  // the mode's own first request (stride 2, 144 positions) may paint or be cancelled before the stride-1 one reports:
  // wait for that one's progress, then for its end
  const totals = () => page.evaluate(() => (window as unknown as { __occ: { done: number; total: number }[] }).__occ.map((p) => p.total));
  await expect.poll(totals, { timeout: 30_000 }).toContain((28 - 6 + 1) ** 2);
  await expect(page.getByTestId('explain.progress')).toHaveCount(0, { timeout: 30_000 });
  const first = await ex.paintedOtherThan();
  const seen = await totals();
  expect(seen[seen.length - 1]).toBe((28 - 6 + 1) ** 2);
  await expect(ex.legend).toHaveAttribute('data-signed', 'true');
  await expect(ex.legend).toContainText('drop in p(');
  await ex.pickClass(await runnerUp(page));
  await ex.paintedOtherThan(first);
  await page.getByTestId('explain.predicted').click();
  await expect(ex.padOverlay).toHaveAttribute('data-checksum', first);
  await blur(page);
  await docShot(page, 'explain-occlusion', page.getByTestId('panel.draw'));
});

test('the mlp: Grad-CAM says it needs a conv layer; saliency and occlusion still paint', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.usePreset('mlp');
  await app.draw.drawSeven();
  await app.explain.mode('gradcam');
  await expect(page.getByTestId('explain.cam-none')).toHaveText(/^Grad-CAM needs a conv layer; this model \(mlp\) has none\./);
  await expect(app.explain.padOverlay).toHaveAttribute('data-checksum', '');
  await app.explain.mode('saliency');
  await app.explain.paintedOtherThan();
  await app.explain.mode('occlusion');
  await app.explain.paintedOtherThan();
  await expect(page.getByTestId('explain.cam-none')).toHaveCount(0);
});

test("a conv filter's top test patches: nine, each with its label and value; a patch shows its whole image", async ({ page }) => {
  const app = await openWithSeven(page);
  await app.maps.openMap(0, 2);
  const looks = app.maps.looksFor;
  await expect(looks.getByTestId('maps.looks-for.weights')).toHaveAttribute('data-kernel', '5');
  await app.maps.findTopPatches();
  const patches = page.getByTestId('maps.looks-for.patches');
  await expect(patches).toHaveAttribute('data-count', '9');
  const values: number[] = [];
  for (let i = 0; i < 9; i++) {
    const p = page.getByTestId(`maps.looks-for.patch.${i}`);
    await expect(p).toHaveAttribute('data-label', /^\d$/);
    values.push(Number(await p.getAttribute('data-value')));
    await expect(p).toContainText(/label \d · -?\d/);
  }
  // highest first
  expect([...values].sort((a, b) => b - a)).toEqual(values);
  await expect(page.getByTestId('maps.looks-for.average')).toBeVisible();
  await expect(page.getByTestId('maps.looks-for.stale')).toHaveCount(0);
  await page.getByTestId('maps.looks-for.patch.0').click();
  const source = page.getByTestId('maps.looks-for.source');
  await expect(source).toBeVisible();
  await expect(source.getByRole('img')).toHaveAccessibleName(/^Test image #\d+, label \d$/);
  await page.getByTestId('maps.looks-for.source-close').click();
  await expect(patches).toBeVisible();
  await page.getByTestId('maps.zoom-close').click();

  // a learned filter of the second conv layer opens the same view for its channel: a larger field
  const layers = await appState<number[]>(page, 's.models[s.current].summary.spec.layers.flatMap((l, i) => l.type === "conv2d" ? [i] : [])');
  await app.maps.openFilter(layers[1], 5);
  await app.maps.findTopPatches();
  await expect(patches).toHaveAttribute('data-count', '9');
  await expect(page.getByTestId('maps.looks-for.weights')).toHaveAttribute('data-channels', '16');
  await docShot(page, 'explain-top-patches', app.maps.zoom);
});

test('top patches of older weights say so and offer to recompute', async ({ page }) => {
  const app = await openWithSeven(page);
  await app.maps.openMap(0, 1);
  await app.maps.findTopPatches();
  const steps = Number(await app.maps.looksFor.getAttribute('data-steps'));
  await page.getByTestId('maps.zoom-close').click();
  // the same model trained further (Start would train a fresh one)
  await app.train.setField('trainSize', '320');
  await app.train.setField('epochs', '1');
  await app.train.setField('batchSize', '32');
  await page.getByTestId('train.continue').click();
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await app.maps.openMap(0, 1);
  await expect(page.getByTestId('maps.looks-for.stale')).toHaveText(/^Computed for older weights \(\d+ training steps ago\)/);
  await page.getByTestId('maps.looks-for.recompute').click();
  await expect(app.maps.looksFor).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(app.maps.looksFor).not.toHaveAttribute('data-steps', String(steps));
  await expect(page.getByTestId('maps.looks-for.stale')).toHaveCount(0);
});
