// The Lab's comparison and shift test in the web build: MLP vs CNN trained side by side on a small subset, the
// shipped mlp and cnn under the shift test (the cnn keeps its accuracy further out), and the drawing shifted by the
// arrow keys changing the predictions. Screenshots of both panels go to test-output/screenshots (docs/screenshots with DOCS_SHOTS=1).
import { expect, test } from '@playwright/test';
import { appState, docShot, LabCompare, Studio } from './pages/studio';

test('MLP vs CNN: both train at once on the same subset; curves and table rows for each', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.setField('trainSize', '300');
  await app.train.setField('epochs', '1');
  await app.train.setField('batchSize', '32');
  const lab = new LabCompare(page);
  await lab.open();
  await expect(page.getByTestId('compare.config')).toContainText('300 images · 1 epoch · batch 32');
  await page.getByTestId('compare.mlp-vs-cnn').click();
  await expect.poll(() => lab.compared()).toHaveLength(2);
  const [mlp, cnn] = await lab.compared();
  // concurrent: both runs are under way before either has finished
  await expect.poll(() => appState<string[]>(page, `[s.models['${mlp}'].run, s.models['${cnn}'].run].filter(Boolean)`)).toHaveLength(2);
  for (const m of [mlp, cnn]) await expect(page.getByTestId(`compare.row.${m}`)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  // every batch of each run is on its curve (300 images in batches of 32: 9 full batches)
  const batches = await appState<number[]>(page, `[s.runs[s.models['${mlp}'].run].series.length, s.runs[s.models['${cnn}'].run].series.length]`);
  expect(batches).toEqual([9, 9]);
  for (const m of [mlp, cnn]) await expect(page.getByTestId(`compare.legend.${m}`)).toHaveAttribute('data-points', '9');
  await expect(page.getByTestId('compare.curves')).toHaveAttribute('data-points', `${mlp}:9 ${cnn}:9`);
  const row = (m: string) => page.getByTestId(`compare.row.${m}`);
  await expect(row(mlp)).toContainText('101,770'); // 784·128 + 128 + 128·10 + 10
  await expect(row(cnn)).toContainText('55,594');
  for (const m of [mlp, cnn]) await expect(row(m)).toHaveAttribute('data-test-accuracy', /^0\.\d+$/);
  // the same seed and settings for both runs
  const configs = await appState<string[]>(page, `[s.runs[s.models['${mlp}'].run].config, s.runs[s.models['${cnn}'].run].config].map((c) => JSON.stringify(c))`);
  expect(configs[0]).toBe(configs[1]);
  await page.getByTestId('compare.table').scrollIntoViewIfNeeded();
  await docShot(page, `lab-compare`);

  await page.getByTestId(`compare.open.${cnn}`).click();
  await expect(page.getByTestId('workspace.explore')).toBeVisible();
  expect(await appState<string>(page, 's.current')).toBe(cnn);
});

test('shift test on the shipped models: 13 points per axis, and the cnn beats the mlp at |d| = 4', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const lab = new LabCompare(page);
  await lab.open();
  const [mlp, cnn] = await lab.loadShipped();
  await page.getByTestId('shift.test-size').selectOption('500');
  await page.getByTestId('shift.run').click();
  await expect(page.getByTestId('shift.progress')).toBeVisible();
  const values = async (m: string, axis: string) => {
    const curve = page.getByTestId(`shift.curve.${m}.${axis}`);
    await expect(curve).toHaveAttribute('data-points', '13', { timeout: 100_000 });
    const text = (await curve.getAttribute('data-values'))!;
    return new Map(text.split(' ').map((p) => p.split(':').map(Number) as [number, number]));
  };
  for (const axis of ['dx', 'dy']) {
    const [a, b] = [await values(mlp, axis), await values(cnn, axis)];
    console.log(`${axis} mlp ${[...a].map(([d, v]) => `${d}:${v}`).join(' ')}\n${axis} cnn ${[...b].map(([d, v]) => `${d}:${v}`).join(' ')}`);
    for (const d of [-4, 4]) expect(b.get(d)!).toBeGreaterThan(a.get(d)!);
  }
  for (const m of [mlp, cnn]) await expect(page.getByTestId(`shift.heat.${m}`)).toHaveAttribute('data-cells', '169');
  for (const m of [mlp, cnn]) await expect(page.getByTestId(`shift.random.${m}`)).toHaveAttribute('data-accuracy', /^0\.\d+|1$/);
  await expect(page.getByTestId('shift.progress')).toHaveCount(0);
  await page.getByTestId('shift.run').scrollIntoViewIfNeeded();
  await docShot(page, `lab-shift`);
});

test('the arrow keys shift the drawing and the compared models’ predictions change', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const lab = new LabCompare(page);
  await lab.open();
  const models = await lab.loadShipped();
  await app.draw.drawOne();
  const probs = (m: string) => page.getByTestId(`shift.probs.${m}`).locator('.bar').evaluateAll((els) => els.map((el) => el.getAttribute('data-p')).join(' '));
  for (const m of models) await expect(page.getByTestId(`shift.probs.${m}`).getByTestId('draw.prediction')).toHaveAttribute('data-digit', /^[0-9]$/);
  const before = await Promise.all(models.map(probs));
  const input = await appState<number[]>(page, 'Array.from(s.input)');
  await page.getByTestId('shift.right').focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('shift.offset')).toHaveAttribute('data-dx', '6');
  // the input is the unshifted one moved 6 px right (the input follows the offset in the next task: poll for it)
  const movedRight = (a: number[]) => a.every((v, i) => i % 28 < 6 || Math.abs(v - input[i - 6]) < 1e-6);
  await expect.poll(async () => movedRight(await appState<number[]>(page, 'Array.from(s.input)'))).toBe(true);
  for (const [i, m] of models.entries()) await expect.poll(() => probs(m)).not.toBe(before[i]);
  // arrow keys typed into a form field are left alone
  await page.getByTestId('shift.test-size').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('shift.offset')).toHaveAttribute('data-dx', '6');
  await page.getByTestId('shift.reset').click();
  await expect(page.getByTestId('shift.offset')).toHaveAttribute('data-dx', '0');
  await expect.poll(() => appState<number[]>(page, 'Array.from(s.input)')).toEqual(input);
});
