// The filter designer in the web build: editing the grid changes the output, Sobel x is orientation
// selective, hovering shows the patch product, and "use in network" writes the filter into layer 0.
import { expect, test, type Page } from '@playwright/test';
import { appState, Studio } from './pages/studio';

const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];

/** Page object for the designer panel (positions come from the panel's data attributes). */
class Designer {
  constructor(readonly page: Page) {}

  readonly panel = () => this.page.getByTestId('filters.panel');

  async absSum(): Promise<number> {
    return Number(await this.panel().getAttribute('data-conv-abs-sum'));
  }

  /**
   * The conv output's |sum| once the designer has caught up with the drawing: it follows a stroke at most every
   * 200 ms, so a read right after the stroke may still show an early part of it (a short dash, scaled up to 20×20).
   * Waits until two reads 400 ms apart agree and are not zero.
   */
  async settledAbsSum(): Promise<number> {
    let last = Number.NaN;
    await expect
      .poll(async () => {
        const prev = last;
        await this.panel().page().waitForTimeout(400);
        last = await this.absSum();
        return last > 0 && last === prev;
      })
      .toBe(true);
    return last;
  }

  async select(testId: string, value: string): Promise<void> {
    await this.page.getByTestId(testId).selectOption(value);
  }

  /** Centre of grid cell i in page coordinates. */
  async cellCentre(i: number): Promise<[number, number]> {
    const grid = this.page.getByTestId('filters.grid');
    await grid.scrollIntoViewIfNeeded();
    const k = Number(await grid.getAttribute('data-k'));
    const cell = Number(await grid.getAttribute('data-cell-size'));
    const box = (await grid.locator('canvas').first().boundingBox())!;
    return [box.x + ((i % k) + 0.5) * cell, box.y + (Math.floor(i / k) + 0.5) * cell];
  }

  /** Moves the mouse over output cell (oy, ox) of a pipeline map ('conv', 'relu' or 'pool'). */
  async hoverOutput(map: string, oy: number, ox: number): Promise<void> {
    const pipe = this.page.getByTestId('filters.pipeline');
    await pipe.scrollIntoViewIfNeeded();
    const regions = JSON.parse((await pipe.getAttribute('data-regions'))!) as Record<string, { x: number; y: number; cell: number }>;
    const box = (await pipe.locator('canvas').first().boundingBox())!;
    const r = regions[map];
    await this.page.mouse.move(box.x + r.x + (ox + 0.5) * r.cell, box.y + r.y + (oy + 0.5) * r.cell);
  }
}

async function open(page: Page): Promise<{ app: Studio; d: Designer }> {
  const app = new Studio(page);
  await app.open();
  return { app, d: new Designer(page) };
}

test('editing a grid cell (typed and dragged) changes the filter and its output', async ({ page }) => {
  const { d } = await open(page);
  await d.select('filters.input', 'circle');
  const before = await d.absSum();
  expect(before).toBeGreaterThan(0);
  const [x, y] = await d.cellCentre(4);
  await page.mouse.click(x, y);
  expect(await appState<number>(page, 's.designer.selected')).toBe(4);
  const input = page.getByTestId('filters.cell-input');
  await input.fill('oops');
  await input.press('Enter');
  await expect(page.getByTestId('filters.cell-input-error')).toHaveText('"oops" is not a number');
  expect(await appState<number>(page, 's.designer.weights[4]')).toBe(0);
  await input.fill('3');
  await input.press('Enter');
  await expect.poll(() => appState<number>(page, 's.designer.weights[4]')).toBe(3);
  await expect.poll(() => d.absSum()).not.toBe(before);
  // Drag cell 0 up by 40 px: +40 × 0.05 = +2.
  const [x0, y0] = await d.cellCentre(0);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0, y0 - 40, { steps: 8 });
  await page.mouse.up();
  expect(await appState<number>(page, 's.designer.weights[0]')).toBe(1);
  await expect(page.getByTestId('filters.grid')).toHaveAttribute('data-weights', /^1,0,1,-2,3,2,-1,0,1$/);
});

test('Sobel x responds to a vertical stroke and not to a horizontal one', async ({ page }) => {
  const { app, d } = await open(page);
  await d.select('filters.preset', 'sobel-x');
  await d.select('filters.padding', 'valid');
  // Full-length test lines: exactly zero for the horizontal one.
  await d.select('filters.input', 'vertical');
  const vLine = await d.absSum();
  await d.select('filters.input', 'horizontal');
  const hLine = await d.absSum();
  expect(vLine).toBeGreaterThan(100);
  expect(hLine).toBeLessThan(1e-6);
  // Drawn strokes, after MNIST preprocessing: only the ends of a horizontal stroke are vertical edges.
  await d.select('filters.input', 'drawing');
  await app.draw.stroke([
    [140, 40],
    [140, 240],
  ]);
  await expect.poll(() => appState<number>(page, 's.input.reduce((a, v) => a + v, 0)')).toBeGreaterThan(5);
  const vertical = await d.settledAbsSum();
  await app.draw.clear();
  await app.draw.stroke([
    [40, 140],
    [240, 140],
  ]);
  await expect.poll(() => appState<number>(page, 's.input.reduce((a, v) => a + v, 0)')).toBeGreaterThan(5);
  const horizontal = await d.settledAbsSum();
  console.log(`Sobel x |output| sum: vertical stroke ${vertical.toFixed(1)}, horizontal stroke ${horizontal.toFixed(1)} (ratio ${(horizontal / vertical).toFixed(3)})`);
  expect(vertical).toBeGreaterThan(30);
  expect(horizontal).toBeLessThan(0.25 * vertical);
});

test('hovering an output cell shows patch × weights and the sum plus bias; a pooled cell shows its window', async ({ page }) => {
  const { d } = await open(page);
  // The vertical test line: ink 1 at columns 13–14, 0.5 at 12 and 15. Sobel x at output (10, 10) reads input
  // columns 10–12: (1 + 2 + 1) × 0.5 − (1 + 2 + 1) × 0 = 2, plus the bias 0.5.
  await d.select('filters.input', 'vertical');
  await page.getByTestId('filters.bias-input').fill('0.5');
  await page.getByTestId('filters.bias-input').press('Enter');
  await d.hoverOutput('conv', 10, 10);
  const patch = page.getByTestId('filters.patch');
  await expect(patch).toHaveAttribute('data-oy', '10');
  await expect(patch).toHaveAttribute('data-ox', '10');
  expect(Number(await patch.getAttribute('data-sum'))).toBeCloseTo(2, 5);
  expect(Number(await patch.getAttribute('data-total'))).toBeCloseTo(2.5, 5);
  expect(Number(await patch.getAttribute('data-output'))).toBeCloseTo(2.5, 5);
  await expect(patch.locator('td')).toHaveCount(9);
  await expect(page.getByTestId('filters.patch-sum')).toContainText('+ bias 0.5');
  await d.hoverOutput('pool', 3, 5);
  const win = page.getByTestId('filters.pool-window');
  await expect(win).toBeVisible();
  await expect(win.locator('td.winner')).toHaveCount(1);
  const value = Number(await win.getAttribute('data-value'));
  const cells = await win.locator('td').allTextContents();
  expect(Math.max(...cells.map(Number))).toBeCloseTo(value, 2);
});

test('"use in network" puts a 3×3 filter in the centre of the first layer\'s 5×5 kernel; the network computes the designer\'s map', async ({ page }) => {
  const { d } = await open(page);
  const kernel = await appState<number>(page, 's.model.spec.layers[0].kernel');
  expect(kernel).toBe(5); // the cnn preset's first layer
  await d.select('filters.preset', 'sobel-x');
  await page.getByTestId('filters.network-channel').selectOption('2');
  await page.getByTestId('filters.network-frozen').check();
  await expect(page.getByTestId('filters.network-placement')).toHaveText(
    "3×3 filter placed in the centre of the layer's 5×5 kernel; the border stays 0 (frozen with the filter). With the layer's 'same' padding its map is exactly the 3×3 filter's.",
  );
  // unscaled, so the network's map can be compared with the designer's value for value (scaling: test/renderer/filters-panel.test.tsx)
  await expect(page.getByTestId('filters.network-scaled')).toBeChecked();
  await page.getByTestId('filters.network-scaled').uncheck();
  await page.getByTestId('filters.use').click();
  await expect(page.getByTestId('filters.network-note')).toContainText("Sobel x 3×3 in channel 2, frozen, centred in the layer's 5×5 kernel");
  // channel 2 of layer 0 is Sobel x with a border of zeros: 5×5 row-major, weights 50..74
  const sobel5 = [0, 0, 0, 0, 0, ...[0, 1, 2].flatMap((r) => [0, ...SOBEL_X.slice(r * 3, r * 3 + 3), 0]), 0, 0, 0, 0, 0];
  await expect.poll(() => appState<number[]>(page, 'Array.from(s.weights?.[0]?.data.slice(50, 75) ?? [])')).toEqual(sobel5);
  expect(await appState<number[]>(page, 's.model.spec.layers[0].frozenChannels')).toEqual([2]);
  // The network now computes what the designer shows: channel 2 of layer 0 on a drawing equals the designer's
  // 3×3 convolution with the layer's padding ('same').
  await new Studio(page).draw.drawOne();
  await d.select('filters.input', 'drawing');
  await d.select('filters.padding', 'same');
  const network = () => appState<number>(page, 's.activations.outputs[0].data.slice(2 * 784, 3 * 784).reduce((a, v) => a + Math.abs(v), 0)');
  await expect.poll(network).toBeGreaterThan(1);
  // both follow the stroke on their own schedules (the designer every 200 ms): compare them once both have caught up
  await expect.poll(async () => Math.abs((await d.absSum()) - (await network()))).toBeLessThan(0.005);
  // a 5×5 filter fits the 5×5 layer as it is; a 7×7 one is bigger than the kernel and refused
  await d.select('filters.k', '5');
  await expect(page.getByTestId('filters.use')).toBeVisible();
  await expect(page.getByTestId('filters.network-placement')).toHaveCount(0);
  await d.select('filters.k', '7');
  await expect(page.getByTestId('filters.network-mismatch')).toContainText("uses 5×5 kernels; your filter is 7×7, bigger than the layer's kernel");
  await expect(page.getByTestId('filters.use')).toHaveCount(0);
});

test('a filter bigger than the first layer\'s kernel is refused: 5×5 into a custom 3×3 first layer', async ({ page }) => {
  const { d } = await open(page);
  // a custom architecture whose first layer really is 3×3 (the presets' are 5×5), set through the controller
  await page.evaluate(() => {
    const app = window.__app!;
    const spec = JSON.parse(JSON.stringify(app.store.getState().model!.spec));
    spec.name = 'cnn-3x3';
    spec.layers[0] = { type: 'conv2d', filters: 8, kernel: 3, padding: 'same' };
    delete spec.layers[0].frozenChannels;
    app.controller.setSpec(spec, 1);
  });
  await expect.poll(() => appState<number[]>(page, 's.weights?.[0]?.shape ?? null')).toEqual([8, 1, 3, 3]);
  await expect(page.getByTestId('filters.use')).toBeVisible(); // the default 3×3 Sobel fits exactly
  await d.select('filters.k', '5');
  await expect(page.getByTestId('filters.network-mismatch')).toContainText("uses 3×3 kernels; your filter is 5×5, bigger than the layer's kernel");
  await expect(page.getByTestId('filters.use')).toHaveCount(0);
  await expect(page.getByTestId('filters.compare-designed')).toBeDisabled();
});

test('screenshot of the filter designer', async ({ page }) => {
  await page.setViewportSize({ width: 1800, height: 2400 });
  const { d } = await open(page);
  await d.select('filters.input', 'seven');
  await d.hoverOutput('conv', 13, 13);
  await expect(page.getByTestId('filters.patch')).toBeVisible();
  await page.getByTestId('panel.filters').screenshot({ path: 'test-output/screenshots/filters-panel.png' });
});

test('a bad padding number shows a message that goes when it is valid again, without moving the other controls', async ({ page }) => {
  await new Studio(page).open();
  const d = new Designer(page);
  const box = () => page.getByTestId('filters.stride').boundingBox();
  const paddingWidth = async () => (await page.getByTestId('filters.padding').boundingBox())!.width;
  const before = (await box())!;
  await d.select('filters.padding', 'number');
  const widthBefore = await paddingWidth();
  await page.getByTestId('filters.padding-number').fill('9');
  await expect(page.getByTestId('filters.padding-error')).toBeVisible();
  // the message wraps under its control: neither column changes width
  expect((await box())!.width).toBe(before.width);
  expect(await paddingWidth()).toBe(widthBefore);
  await page.getByTestId('filters.padding-number').fill('2');
  await expect(page.getByTestId('filters.padding-error')).toHaveCount(0);
  await page.getByTestId('filters.padding-number').fill('9');
  await d.select('filters.padding', 'same');
  await expect(page.getByTestId('filters.padding-error')).toHaveCount(0);
  expect((await box())!.width).toBe(before.width);
});

test('the weight labels fit their cells on one line at K = 3, 5 and 7 (measured in the real font)', async ({ page }) => {
  await new Studio(page).open();
  const d = new Designer(page);
  for (const k of ['3', '5', '7']) {
    await d.select('filters.k', k);
    for (const p of ['gaussian-blur', 'box-blur', 'sharpen', 'sobel-x', 'emboss']) {
      await d.select('filters.preset', p);
      const grid = page.getByTestId('filters.grid');
      const overflow = await grid.evaluate((el) => {
        const cell = Number(el.dataset.cellSize);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${el.dataset.fontSize}px Arial`;
        return el.dataset.labels!.split(' ').filter((t) => ctx.measureText(t).width > cell - 4);
      });
      expect(overflow, `${p} at ${k}×${k}`).toEqual([]);
    }
  }
});

test("'same' at stride 2 says what it does and the formula shows the real pads", async ({ page }) => {
  await new Studio(page).open();
  const d = new Designer(page);
  await d.select('filters.k', '5');
  await d.select('filters.stride', '2');
  await d.select('filters.padding', 'same');
  await expect(page.getByTestId('filters.padding').locator('option[value="same"]')).toHaveText('same (out = ⌈W/S⌉)');
  await expect(page.getByTestId('filters.formula-conv')).toHaveText('floor((28 − 5 + 1 + 2)/2) + 1 = 14');
  await expect(page.getByTestId('filters.formula-pads')).toContainText('P_before = 1 (top/left), P_after = 2 (bottom/right)');
});
