// The sliding filter in the enlarged map of a conv layer (web build): playing moves the K×K window over the layer's
// input in order (padding and stride included) while the output cell under it fills with the map's own value; the
// keys step it; End fills every cell and the animated map equals the map the panel shows (checksums). On the first
// conv (the drawing) and on a later stride-2 conv (the sum of its 16 input channels, each channel's share listed).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AnimControls, readAnimData, type AnimData } from './pages/animation';
import { appState, docShot, Studio } from './pages/studio';

class ZoomAnimation {
  readonly stage: Locator;
  readonly controls: Locator;
  readonly zoom: Locator;

  constructor(readonly page: Page) {
    this.stage = page.getByTestId('maps.anim-stage');
    this.controls = page.getByTestId('maps.anim');
    this.zoom = page.getByTestId('maps.zoom');
    this.anim = new AnimControls(page, 'maps');
  }

  private readonly anim: AnimControls;

  button(name: string): Locator {
    return this.anim.button(name);
  }

  data(): Promise<AnimData> {
    return readAnimData(this.stage);
  }

  /** The value the panel's activations hold for (layer, channel) at (oy, ox). */
  mapValue(layer: number, channel: number, oy: number, ox: number): Promise<number> {
    return appState<number>(this.page, `(() => { const o = s.activations.outputs[${layer}]; const [, , h, w] = o.shape; return o.data[${channel} * h * w + ${oy} * w + ${ox}]; })()`);
  }

  speed(cells: number): Promise<void> {
    return this.anim.speed(cells);
  }

  /** End on the stage: every cell filled, the animated map equal bit for bit to the map the dialog shows. */
  async expectEndEqualsMap(cells: number): Promise<void> {
    await this.stage.focus();
    await this.page.keyboard.press('End');
    await expect.poll(async () => (await this.data()).filled).toBe(cells);
    const shown = await this.zoom.getAttribute('data-map-checksum');
    expect(shown).toMatch(/^[0-9a-f]{8}$/);
    expect((await this.data()).checksum, 'the animated map equals the map shown').toBe(shown);
  }
}

async function drawDigit(app: Studio): Promise<void> {
  await app.draw.drawSeven();
  await expect.poll(() => appState<number>(app.page, 's.input.reduce((a, v) => a + v, 0)')).toBeGreaterThan(5);
}

test('first conv (5×5, same): play slides the window over the padded drawing and fills the cell under it; End equals the map', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await drawDigit(app);
  await app.maps.openMap(0, 3);
  const z = new ZoomAnimation(page);
  await expect(z.controls).toHaveAttribute('data-total', '784');
  const pads = await appState<{ top: number; left: number }>(page, 's.model.infos[0].pads');
  expect(pads).toMatchObject({ top: 2, left: 2 });
  // 30 cells/s: the 784 steps take 26 s, time for the samples below on a busy machine
  await z.speed(30);
  await z.button('play').click();
  await expect(z.controls).toHaveAttribute('data-playing', 'true');
  const seen: AnimData[] = [];
  await expect
    .poll(async () => {
      seen.push(await z.data());
      return new Set(seen.map((s) => `${s.oy},${s.ox}`)).size;
    })
    .toBeGreaterThan(3);
  for (const s of seen) {
    expect(s.top, `step ${s.step}`).toBe(s.oy - 2);
    expect(s.left, `step ${s.step}`).toBe(s.ox - 2);
    expect(s.step).toBe(s.oy * 28 + s.ox);
    expect(s.filled).toBe(s.step + 1);
  }
  // Space pauses; each step's output cell holds the map's own value, and it changes as the window moves
  await z.stage.focus();
  await page.keyboard.press(' ');
  await expect(z.controls).toHaveAttribute('data-playing', 'false');
  await page.keyboard.press('Home');
  // across row 12 from column 6 to 21: through the middle of the drawn 7
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  const values: number[] = [];
  for (let i = 0; i < 16; i++) {
    const d = await z.data();
    expect(d.step).toBe(12 * 28 + 6 + i);
    expect(d.value).toBe(await z.mapValue(0, 3, d.oy, d.ox));
    values.push(d.value);
    await page.keyboard.press('ArrowRight');
  }
  expect(new Set(values).size, 'the output cell under the window changes as it moves').toBeGreaterThan(1);
  await expect(page.getByTestId('maps.anim-readout').getByTestId('filters.patch')).toHaveAttribute('data-oy', '12');
  await z.expectEndEqualsMap(784);
  await docShot(page, 'maps-animation', z.zoom);
  // Escape shows the whole map again (the dialog stays); a second one closes it
  await page.keyboard.press('Escape');
  await expect(z.stage).toHaveCount(0);
  await expect(z.zoom).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(z.zoom).toHaveCount(0);
});

test('a later conv with stride 2 (strided preset): the window skips a cell per step over the sum of 16 channels; End equals the map', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.usePreset('strided');
  await drawDigit(app);
  await app.maps.openMap(2, 5);
  const z = new ZoomAnimation(page);
  await expect(z.controls).toHaveAttribute('data-total', '49');
  const pads = await appState<{ top: number; left: number }>(page, 's.model.infos[2].pads');
  await z.button('forward').click();
  await expect(z.stage).toBeVisible();
  await z.stage.focus();
  const cells: string[] = [];
  for (let i = 0; i < 9; i++) {
    const d = await z.data();
    expect(d.step).toBe(i);
    expect([d.oy, d.ox]).toEqual([Math.floor(i / 7), i % 7]);
    expect(d.top).toBe(2 * d.oy - pads.top);
    expect(d.left).toBe(2 * d.ox - pads.left);
    expect(d.value).toBe(await z.mapValue(2, 5, d.oy, d.ox));
    cells.push(`${d.oy},${d.ox}`);
    await page.keyboard.press('ArrowRight');
  }
  expect(new Set(cells).size).toBe(9);
  // the read-out: what each of the 16 input channels adds, summed, plus bias, is the map's value
  const readout = page.getByTestId('maps.anim-channels');
  await expect(readout.locator('.zoom-chip')).toHaveCount(16);
  await expect(readout).toContainText('Σ over the 16 input channels');
  const total = Number(await readout.getAttribute('data-total'));
  const output = Number(await readout.getAttribute('data-output'));
  expect(Math.abs(total - output)).toBeLessThan(1e-4);
  await docShot(page, 'maps-animation-channels', z.zoom);
  await z.expectEndEqualsMap(49);
});
