// Every screen size: at 1280×720, 1440×900 and 1920×1080 each workspace's primary interaction is on screen without
// scrolling the page (Explore: the header's model line unclipped, the pad, the prediction and the first conv layer's maps; the designer's input, output
// and readout together while an output cell is hovered, and the sliding filter's controls and read-out. Lab: the
// editor's rows and the compare/shift controls).
// The designer's weight grid, input and conv maps and readout are whole and apart at K = 3, 5 and 7, once the designer
// is scrolled to the top of the window (1024×768 included). At 1024×768 it degrades gracefully: nothing wider than
// the viewport, no panel over another. Writes screens-<w>x<h>-<workspace>.png at each size (and
// -explore-designer[-5x5|-7x7].png while hovering): test-output/screenshots/, and docs/screenshots/ with DOCS_SHOTS=1.
// With the lesson rail open (screens-<w>x<h>-lesson-<workspace>.png): the rail beside the workspace, on screen and over
// no panel, the page no wider than the window; Explore's pad, prediction and the designer's maps still on screen.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { appState, docShot, LabEditor, Studio } from './pages/studio';

const lab = (page: Page) => new LabEditor(page);

type Box = { x: number; y: number; width: number; height: number };
const SIZES = [
  { width: 1280, height: 720, primary: true },
  { width: 1440, height: 900, primary: true },
  { width: 1920, height: 1080, primary: true },
  { width: 1024, height: 768, primary: false },
];

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  expect(b, 'element has a box').not.toBeNull();
  return b!;
}

/** The part of an element that is not clipped by a scrolling ancestor (the panel body), in page coordinates. */
async function visibleBox(l: Locator): Promise<Box> {
  return l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    let [x0, y0, x1, y1] = [r.left, r.top, r.right, r.bottom];
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = p.getBoundingClientRect();
      [x0, y0, x1, y1] = [Math.max(x0, c.left), Math.max(y0, c.top), Math.min(x1, c.right), Math.min(y1, c.bottom)];
    }
    return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
  });
}

const inViewport = (b: Box, w: number, h: number) => b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= w + 0.5 && b.y + b.height <= h + 0.5;
const overlap = (a: Box, b: Box) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;

const inside = (b: Box, c: Box) => b.x >= c.x - 0.5 && b.y >= c.y - 0.5 && b.x + b.width <= c.x + c.width + 0.5 && b.y + b.height <= c.y + c.height + 0.5;
const fmtBox = (b: Box) => `${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`;

/**
 * Chooses kernel size k, scrolls the designer panel's top to the top of the window and hovers the middle of the
 * conv map; returns the boxes of the weight grid, the input and conv maps and the hover readout.
 */
async function hoverDesigner(page: Page, k: number): Promise<Record<'grid' | 'input' | 'conv' | 'readout', Box>> {
  await page.mouse.move(0, 0);
  await page.getByTestId('filters.k').selectOption(String(k));
  await expect(page.getByTestId('filters.grid')).toHaveAttribute('data-k', String(k));
  await page.getByTestId('panel.filters').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const pipe = page.getByTestId('filters.pipeline');
  const regions = JSON.parse((await pipe.getAttribute('data-regions'))!) as Record<string, { x: number; y: number; cell: number; w: number; h: number }>;
  const stage = await box(pipe.locator('canvas').first());
  const r = regions.conv;
  await page.mouse.move(stage.x + r.x + (r.w / 2) * r.cell, stage.y + r.y + (r.h / 2) * r.cell);
  const patch = page.getByTestId('filters.patch');
  await expect(patch).toBeVisible();
  const map = (id: string): Box => ({ x: stage.x + regions[id].x, y: stage.y + regions[id].y, width: regions[id].w * regions[id].cell, height: regions[id].h * regions[id].cell });
  return { grid: await box(page.getByTestId('filters.grid')), input: map('input'), conv: map('conv'), readout: await box(patch) };
}

/** Expects the element wholly visible: inside the viewport and not clipped by its panel's scrolling body. */
async function expectOnScreen(page: Page, l: Locator, what: string): Promise<Box> {
  const vp = page.viewportSize()!;
  const b = await box(l);
  const v = await visibleBox(l);
  expect(inViewport(b, vp.width, vp.height), `${what} ${JSON.stringify(b)} inside ${vp.width}×${vp.height}`).toBe(true);
  expect(Math.abs(v.width - b.width) < 1 && Math.abs(v.height - b.height) < 1, `${what} not clipped by a scrolling panel (${JSON.stringify(v)})`).toBe(true);
  return b;
}

/** No panel of the workspace overlaps another, and nothing is wider than the viewport. */
async function expectTidy(page: Page, workspace: string): Promise<void> {
  const vp = page.viewportSize()!;
  const panels = page.getByTestId(`workspace.${workspace}`).locator(':scope > .panel');
  const boxes = await Promise.all((await panels.all()).map(box));
  expect(boxes.length).toBeGreaterThan(2);
  for (let i = 0; i < boxes.length; i++) {
    expect(boxes[i].x >= 0 && boxes[i].x + boxes[i].width <= vp.width + 0.5, `panel ${i} within the width`).toBe(true);
    for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j]), `panels ${i} and ${j} overlap`).toBe(false);
  }
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, 'the page is not wider than the viewport').toBeLessThanOrEqual(vp.width);
}

for (const size of SIZES) {
  const name = `${size.width}x${size.height}`;

  test.describe(`at ${name}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test(`explore: pad, prediction and first maps together; designer grid, maps and readout while hovering at K = 3, 5, 7`, async ({ page }) => {
      const app = new Studio(page);
      await app.open();
      await expectTidy(page, 'explore');
      await app.draw.drawOne();
      await expect(app.draw.prediction).toHaveAttribute('data-digit', /\d/);
      const layers = await appState<{ index: number; type: string }[]>(page, 's.model.infos');
      const conv = layers.find((l) => l.type === 'conv2d')!;
      const maps = page.getByTestId(`maps.grid.${conv.index}`);
      await expect(maps).toBeVisible();
      await expect(maps.locator('canvas').first()).toBeVisible();
      const scrollY = () => page.evaluate(() => window.scrollY);
      expect(await scrollY()).toBe(0);
      // at 1440×900 and 1920×1080 Explore is one screen: nothing (not even a screen-reader text) makes the page scroll
      if (size.width > 1340) expect(await page.evaluate(() => document.documentElement.scrollHeight), 'the page does not scroll').toBeLessThanOrEqual(size.height);
      if (size.primary) {
        // the header's model line whole: name, size, epochs and test accuracy, none clipped
        const info = page.getByTestId('header.model');
        await expect(info).toContainText(/params.*epochs?.*test \d+\.\d\d%/);
        expect(await info.evaluate((e) => e.scrollWidth - e.clientWidth), "the header's model line is not clipped").toBeLessThanOrEqual(0);
        const pad = await expectOnScreen(page, app.draw.pad, 'the pad');
        const bars = await expectOnScreen(page, page.getByTestId('draw.probs-canvas'), 'the prediction bars');
        const grid = await expectOnScreen(page, maps.locator('canvas').first(), 'the first conv layer maps');
        expect(overlap(pad, bars) || overlap(pad, grid) || overlap(bars, grid), 'pad, prediction and maps apart').toBe(false);
      }
      await docShot(page, `screens-${name}-explore`);

      // the designer, at every kernel size: scrolled to the top of the window (as a student on a short screen does),
      // an output cell hovered; the weight grid, the input and conv maps and the readout all whole and apart
      const pipe = page.getByTestId('filters.pipeline');
      if (size.primary && size.height >= 900) await expectOnScreen(page, pipe.locator('canvas').first(), 'the designer maps at first launch');
      for (const k of [3, 5, 7]) {
        const d = await hoverDesigner(page, k);
        const at = `K=${k}`;
        test.info().annotations.push({ type: `designer ${at}`, description: Object.entries(d).map(([id, b]) => `${id} ${fmtBox(b)}`).join(', ') });
        const panel = await visibleBox(page.getByTestId('panel.filters').locator('.panel-body'));
        // (at 1024×768 too: the page scrolls there, but the designer's row shows all four whole)
        await expectOnScreen(page, page.getByTestId('filters.grid'), `${at}: the weight grid`);
        await expectOnScreen(page, page.getByTestId('filters.patch'), `${at}: the readout while hovering`);
        // the controls keep their place: the cell editor beside the grid, the kernel select on screen under it
        const editor = await box(page.locator('.cell-editor'));
        expect(editor.y < d.grid.y + d.grid.height && editor.x >= d.grid.x + d.grid.width, `${at}: the cell editor ${fmtBox(editor)} beside the grid`).toBe(true);
        await expectOnScreen(page, page.getByTestId('filters.k'), `${at}: the kernel select`);
        for (const id of ['input', 'conv'] as const) {
          expect(inViewport(d[id], size.width, size.height), `${at}: designer ${id} map ${fmtBox(d[id])} on screen`).toBe(true);
          expect(inside(d[id], panel), `${at}: designer ${id} map ${fmtBox(d[id])} inside the panel's visible body ${fmtBox(panel)}`).toBe(true);
        }
        const ids = ['grid', 'input', 'conv', 'readout'] as const;
        for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) expect(overlap(d[ids[i]], d[ids[j]]), `${at}: the ${ids[i]} and the ${ids[j]} apart`).toBe(false);
        await expect(page.getByTestId('filters.patch')).toBeVisible(); // the hover did not end while measuring
        await docShot(page, k === 3 ? `screens-${name}-explore-designer` : `screens-${name}-explore-designer-${k}x${k}`);
        // the sliding filter's controls fit the designer's row too, above the maps, and its read-out is on screen
        // while it steps (the first step: the read-out of a K×K patch)
        const controls = await expectOnScreen(page, page.getByTestId('filters.anim'), `${at}: the animation controls`);
        for (const id of ['grid', 'input', 'conv'] as const) expect(overlap(controls, d[id]), `${at}: the animation controls and the ${id} apart`).toBe(false);
        await page.getByTestId('filters.pipeline-focus').evaluate((el) => el.focus({ preventScroll: true }));
        await page.keyboard.press('Home');
        await expect(page.getByTestId('filters.anim')).toHaveAttribute('data-on', 'true');
        await expectOnScreen(page, page.getByTestId('filters.patch'), `${at}: the readout while the filter slides`);
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('filters.anim')).toHaveAttribute('data-on', 'false');
        // (the next kernel size's screenshot without the focus ring)
        await page.getByTestId('filters.pipeline-focus').evaluate((el) => el.blur());
      }
      await expectTidy(page, 'explore');
    });

    test(`lab: the editor's rows and the compare and shift controls`, async ({ page }) => {
      const lab = new LabEditor(page);
      await lab.open();
      await expectTidy(page, 'lab');
      if (size.primary) {
        // the layer list scrolls inside the editor: the list is on screen and shows its first rows whole
        await expectOnScreen(page, page.getByRole('list', { name: /^Layers/ }), "the editor's layer list");
        for (let i = 0; i < 4; i++) await expectOnScreen(page, lab.row(i), `the editor's row ${i}`);
        await expectOnScreen(page, page.getByTestId('compare.start'), 'the compare start button');
        await expectOnScreen(page, page.getByTestId('shift.run'), 'the shift run button');
      }
      await docShot(page, `screens-${name}-lab`);
    });

    test(`the lesson rail open beside Explore and the Lab`, async ({ page }) => {
      const app = new Studio(page);
      await app.open();
      await page.getByTestId('nav.lesson').click();
      const rail = page.getByTestId('lesson.rail');
      await expect(rail).toBeVisible();
      const apart = async (workspace: string) => {
        await expectTidy(page, workspace);
        const r = await visibleBox(rail);
        expect(r.width, 'the rail is shown').toBeGreaterThan(200);
        const panels = await page.getByTestId(`workspace.${workspace}`).locator(':scope > .panel').all();
        for (const p of panels) expect(overlap(r, await box(p)), 'the rail and a panel apart').toBe(false);
      };
      await apart('explore');
      // the rail's section and its action are on screen without scrolling (beside the workspace, or above it at 1024)
      await expectOnScreen(page, page.getByTestId('lesson.action'), "the section's action");
      if (size.primary) {
        await expectOnScreen(page, app.draw.pad, 'the pad beside the rail');
        await expectOnScreen(page, page.getByTestId('draw.probs-canvas'), 'the prediction bars beside the rail');
      }
      await docShot(page, `screens-${name}-lesson-explore`);
      // the convolution step: the designer's controls and maps on screen once it is scrolled to, the rail still in view
      await page.getByTestId('lesson.nav.convolution').click();
      await page.getByTestId('lesson.action').click();
      await expect(page.getByTestId('filters.anim')).toHaveAttribute('data-on', 'true');
      // (the action brings the designer into view)
      await expect.poll(() => visibleBox(page.getByTestId('filters.anim')).then((b) => b.height > 0 && inViewport(b, size.width, size.height))).toBe(true);
      await expectOnScreen(page, page.getByTestId('filters.anim'), 'the animation controls beside the rail');
      if (size.primary) {
        await expectOnScreen(page, page.getByTestId('filters.grid'), 'the weight grid beside the rail');
        await expectOnScreen(page, page.getByTestId('lesson.step'), 'the section, still in view');
        const pipe = await box(page.getByTestId('filters.pipeline').locator('canvas').first());
        expect(overlap(pipe, await visibleBox(rail)), 'the designer maps and the rail apart').toBe(false);
      }
      await page.getByTestId('lesson.nav.stack').click();
      await page.getByTestId('lesson.action').click();
      await expect(page.getByTestId('workspace.lab')).toBeVisible();
      await apart('lab');
      await expect.poll(() => box(lab(page).row(0)).then((b) => inViewport(b, size.width, size.height))).toBe(true);
      await expectOnScreen(page, lab(page).row(0), "the editor's first row beside the rail");
      await docShot(page, `screens-${name}-lesson-lab`);
    });
  });
}
