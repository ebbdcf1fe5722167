// The sliding filter in the web build: playing moves the window row by row (stride 2, padding 1: from the padding
// corner two cells at a time) and fills the output cell under it; Space pauses, the arrows step, End fills every cell
// and the animated maps equal the designer's (checksums); pooling marks each window's winner. Also on a drawing and at
// K = 5 and 7 with other strides and paddings. Writes filter-animation.png and filter-animation-pool.png (docShot).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AnimControls, readAnimData, type AnimData } from './pages/animation';
import { docShot, Studio } from './pages/studio';

class Animation {
  readonly pipe: Locator;
  readonly maps: Locator;
  readonly controls: Locator;
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.pipe = page.getByTestId('filters.pipeline');
    this.maps = page.getByTestId('filters.pipeline-focus');
    this.controls = page.getByTestId('filters.anim');
    this.panel = page.getByTestId('filters.panel');
    this.anim = new AnimControls(page, 'filters');
  }

  private readonly anim: AnimControls;

  button(name: string): Locator {
    return this.anim.button(name);
  }

  data(): Promise<AnimData> {
    return readAnimData(this.pipe);
  }

  /** Sets the designer: a test image (or the drawing), K, stride and padding ('valid', 'same' or a number). */
  async configure(input: string, k: number, stride: number, padding: string): Promise<void> {
    await this.page.getByTestId('filters.input').selectOption(input);
    await this.page.getByTestId('filters.k').selectOption(String(k));
    await this.page.getByTestId('filters.stride').selectOption(String(stride));
    if (padding === 'valid' || padding === 'same') await this.page.getByTestId('filters.padding').selectOption(padding);
    else {
      await this.page.getByTestId('filters.padding').selectOption('number');
      await this.page.getByTestId('filters.padding-number').fill(padding);
    }
    await expect(this.page.getByTestId('filters.grid')).toHaveAttribute('data-k', String(k));
  }

  speed(cells: number): Promise<void> {
    return this.anim.speed(cells);
  }

  /** Jumps to the last step and expects the animated maps to be the designer's, bit for bit. */
  async expectEndEqualsDesigner(): Promise<void> {
    await this.maps.focus();
    await this.page.keyboard.press('End');
    const d = await this.data();
    const conv = await this.panel.getAttribute('data-conv-checksum');
    const pool = await this.panel.getAttribute('data-pool-checksum');
    expect(d.checksum, 'the animated conv map equals the designer map').toBe(conv);
    expect(d.poolChecksum, 'the animated pooled map equals the designer map').toBe(pool);
    expect(d.filled).toBe(Number(await this.panel.getAttribute('data-conv-h')) * Number(await this.panel.getAttribute('data-conv-w')));
  }
}

async function open(page: Page): Promise<{ app: Studio; a: Animation }> {
  const app = new Studio(page);
  await app.open();
  const a = new Animation(page);
  await a.panel.scrollIntoViewIfNeeded();
  return { app, a };
}

test('play: the window slides row by row (stride 2, padding 1), the cell under it fills; Space pauses, arrows step, End equals the designer', async ({ page }) => {
  const { a } = await open(page);
  await a.configure('vertical', 3, 2, '1');
  await expect(a.panel).toHaveAttribute('data-conv-w', '14');
  // 12 cells/s: the 196 conv steps take 16 s, time for the samples below however slowly a busy machine answers them
  // (at 60 cells/s, 3.3 s, a run at load 13 on 2 cores saw 3 before pooling began)
  await a.speed(12);
  await a.button('play').click();
  await expect(a.controls).toHaveAttribute('data-playing', 'true');
  // samples while it plays: each one's window is where its output cell says (top = 2·oy − 1, left = 2·ox − 1)
  const seen: AnimData[] = [];
  await expect
    .poll(async () => {
      const d = await a.data();
      if (d.phase === 'conv') seen.push(d);
      return new Set(seen.map((s) => `${s.oy},${s.ox}`)).size;
    })
    .toBeGreaterThan(3);
  for (const s of seen) {
    expect(s.top, `step ${s.step}`).toBe(2 * s.oy - 1);
    expect(s.left, `step ${s.step}`).toBe(2 * s.ox - 1);
    expect(s.step).toBe(s.oy * 14 + s.ox);
    expect(s.filled).toBeGreaterThanOrEqual(s.step + 1);
  }
  // the step only goes forward while playing
  for (let i = 1; i < seen.length; i++) expect(seen[i].step).toBeGreaterThanOrEqual(seen[i - 1].step);

  // Space on the maps pauses: the step stays put
  await a.maps.focus();
  await page.keyboard.press('Space');
  await expect(a.controls).toHaveAttribute('data-playing', 'false');
  const paused = await a.data();
  await expect.poll(async () => (await a.data()).step, { timeout: 1000 }).toBe(paused.step);
  // (on a slow machine it may already be pooling when Space lands, so the read-out is checked at known steps below)

  // arrows step one cell (the window two input columns) and back; Home goes to the padding corner
  await page.keyboard.press('Home');
  let d = await a.data();
  expect(d).toMatchObject({ step: 0, oy: 0, ox: 0, top: -1, left: -1, filled: 1 });
  // the read-out is the cell under the window, with the map's value
  const patch = page.getByTestId('filters.patch');
  const readoutIs = async (at: AnimData) => {
    await expect(patch).toHaveAttribute('data-oy', String(at.oy));
    await expect(patch).toHaveAttribute('data-ox', String(at.ox));
    expect(Number(await patch.getAttribute('data-output'))).toBe(at.value);
  };
  await readoutIs(d);
  await page.keyboard.press('ArrowRight');
  d = await a.data();
  expect(d).toMatchObject({ step: 1, ox: 1, left: 1, filled: 2 });
  await readoutIs(d);
  const second = d.value;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  d = await a.data();
  expect(d).toMatchObject({ step: 1, ox: 1, filled: 2, value: second });
  await page.keyboard.press('ArrowDown');
  expect(await a.data()).toMatchObject({ step: 15, oy: 1, ox: 1, top: 1, left: 1 });
  // the vertical line (columns 13–15) lies under the window at ox = 7 (columns 13–15): the value there is not the
  // value beside the line
  await page.keyboard.press('Home');
  const values: number[] = [];
  for (let i = 0; i < 14; i++) {
    values.push((await a.data()).value);
    await page.keyboard.press('ArrowRight');
  }
  expect(new Set(values).size, `values along the first row: ${values.join(' ')}`).toBeGreaterThan(1);
  await expect(page.getByTestId('filters.anim.said')).toHaveText(/^Convolution, step 15 of 196: window at rows 1 to 3, columns -1 to 1/);

  await a.expectEndEqualsDesigner();
  // Escape: the whole maps and the hover read-out again
  await page.keyboard.press('Escape');
  await expect(a.controls).toHaveAttribute('data-on', 'false');

  // on a control, Space plays and pauses (it does not click the focused button: no step forward); Escape on × keeps
  // the focus in the controls
  await a.button('forward').focus();
  await page.keyboard.press('Space');
  await expect(a.controls).toHaveAttribute('data-playing', 'true');
  await page.keyboard.press('Space');
  await expect(a.controls).toHaveAttribute('data-playing', 'false');
  await a.button('close').focus();
  await page.keyboard.press('Escape');
  await expect(a.controls).toHaveAttribute('data-on', 'false');
  await expect(a.button('play')).toBeFocused();
});

test('pooling: each 2×2 window (stride 2) marks its winner, the pooled map fills in to the designer one', async ({ page }) => {
  const { a } = await open(page);
  await a.configure('seven', 3, 1, 'same');
  await a.button('pool').click();
  let d = await a.data();
  expect(d).toMatchObject({ phase: 'pool', step: 28 * 28, top: 0, left: 0, poolFilled: 1, filled: 28 * 28 });
  expect(d.checksum).toBe(await a.panel.getAttribute('data-conv-checksum'));
  const win = page.getByTestId('filters.pool-window');
  await a.maps.focus();
  for (let i = 0; i < 20; i++) {
    d = await a.data();
    // the winner is inside the window, and the read-out marks the same cell with the same value
    const [iy, ix] = d.winner.split(',').map(Number);
    expect(iy - d.top, `step ${d.step}`).toBeGreaterThanOrEqual(0);
    expect(iy - d.top).toBeLessThan(2);
    expect(ix - d.left).toBeGreaterThanOrEqual(0);
    expect(ix - d.left).toBeLessThan(2);
    expect(d).toMatchObject({ top: 2 * d.oy, left: 2 * d.ox });
    await expect(win).toHaveAttribute('data-value', String(d.value));
    await expect(win.locator('td.winner')).toHaveAttribute('title', `(${iy}, ${ix})`);
    await page.keyboard.press('ArrowDown'); // one pooled row (14 cells) on
  }
  await a.expectEndEqualsDesigner();
});

test('on a drawing and at K = 5 and 7 (stride 3, same; stride 2, padding 3): the last step equals the designer', async ({ page }) => {
  const { app, a } = await open(page);
  await app.draw.drawSeven();
  // the first window's corner is minus the top/left pad ('same', K = 5, S = 3 on 28: 4 in all, 2 before)
  for (const [input, k, stride, padding, corner] of [
    ['drawing', 5, 3, 'same', -2],
    ['drawing', 7, 2, '3', -3],
    ['checker', 7, 1, 'valid', 0],
    ['circle', 5, 2, '0', 0],
  ] as const) {
    await a.configure(input, k, stride, padding);
    await a.expectEndEqualsDesigner();
    await page.keyboard.press('Home');
    expect(await a.data(), `${input} K=${k} S=${stride} P=${padding}`).toMatchObject({ step: 0, top: corner, left: corner });
    await page.keyboard.press('Escape');
  }
});

test.describe('docs', () => {
  // wide, so that the designer's maps are drawn at their largest
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('mid-animation (stride 2, padding 1) and pooling with its winner', async ({ page }) => {
    const { a } = await open(page);
    await a.configure('seven', 3, 2, '1');
    await a.maps.focus();
    // row 6 of the output, the window where it responds most: over the 7's stroke, the map half filled
    const toRow = async () => {
      await page.keyboard.press('Home');
      for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    };
    await toRow();
    const values: number[] = [];
    for (let ox = 0; ox < 14; ox++) {
      values.push(Math.abs((await a.data()).value));
      await page.keyboard.press('ArrowRight');
    }
    const best = values.indexOf(Math.max(...values));
    await toRow();
    for (let i = 0; i < best; i++) await page.keyboard.press('ArrowRight');
    expect(await a.data()).toMatchObject({ step: 6 * 14 + best, oy: 6, ox: best });
    // (without the keyboard focus ring around the maps, nor the pointer over a button)
    await a.maps.blur();
    await page.mouse.move(0, 0);
    await docShot(page, 'filter-animation', page.getByTestId('panel.filters'));
    await a.button('pool').click();
    await a.maps.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await a.data()).toMatchObject({ phase: 'pool', oy: 3, ox: 3 });
    await a.maps.blur();
    await page.mouse.move(0, 0);
    await docShot(page, 'filter-animation-pool', page.getByTestId('panel.filters'));
  });
});
