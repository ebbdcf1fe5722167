// Accessibility: axe-core over every view the e2e suite opens (Explore with its four panels, a drawing, the sliding
// filter's controls and the enlarged map with its own sliding filter; the explanation overlays, the class picker and what a filter looks for; the
// training tabs and the results after a short run; the Lab as it opens, after an invalid edit, with a finished
// MLP-vs-CNN comparison and with the shift test's curves and heat maps; the lesson rail at every section and at the
// checkpoint) must find no serious or critical violation (the Lab and the lesson rail: no violation at all). A failure
// prints each violation's id, impact and targets.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appState, LabCompare, LabEditor, Studio } from './pages/studio';

/** Runs axe on the page as it is and returns the serious/critical violations (`all`: of any impact), one line each. */
async function violations(page: Page, view: string, all: boolean, include?: string): Promise<string[]> {
  const axe = new AxeBuilder({ page });
  const { violations } = await (include ? axe.include(include) : axe).analyze();
  return violations
    .filter((v) => all || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${view}: ${v.id} (${v.impact}) ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Checks one view softly, so one run reports every view's violations; the Lab allows none of any impact (`all`). */
async function expectClean(page: Page, view: string, all = false, include?: string): Promise<void> {
  const found = await violations(page, view, all, include);
  if (found.length) console.log(found.join('\n'));
  expect.soft(found, found.join('\n')).toEqual([]);
}

test('Explore: the four panels, with a drawing and with the enlarged map open', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await expectClean(page, 'explore');
  await app.draw.drawOne();
  await expect.poll(() => appState<number>(page, 's.input.reduce((a, v) => a + v, 0)')).toBeGreaterThan(5);
  await expectClean(page, 'explore+drawing');
  // the prediction is announced once it has settled
  const digit = await app.draw.predictedDigit();
  await expect(page.getByTestId('draw.announce')).toHaveText(new RegExp(`^Prediction: ${digit}, \\d+\\.\\d%$`));
  // the weight grid from the keyboard: the focused cell is raised by +, its position read out
  await page.getByTestId('filters.grid-focus').focus();
  await page.keyboard.press('Control+Home');
  const before = await appState<number>(page, 's.designer.weights[0]');
  await page.keyboard.press('+');
  await expect.poll(() => appState<number>(page, 's.designer.weights[0]')).toBeCloseTo(before + 0.05, 6);
  await expect(page.getByTestId('filters.grid-cell')).toHaveText(/^row 1, column 1: /);
  // the sliding filter from the keyboard: stepped on the maps, its step announced politely; its controls named
  await page.getByTestId('filters.pipeline-focus').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('filters.anim')).toHaveAttribute('data-on', 'true');
  await expect(page.getByTestId('filters.anim.said')).toHaveText(/^Convolution, step 1 of \d+: window at rows 0 to 2, columns 0 to 2; output \(0, 0\) = /);
  for (const [id, name] of [
    ['first', 'First step (Home)'],
    ['back', 'Step back (Left arrow)'],
    ['play', 'Play the sliding filter (Space)'],
    ['forward', 'Step forward (Right arrow)'],
    ['last', 'Last step (End)'],
    ['close', 'Show the whole maps (Escape)'],
  ]) {
    await expect(page.getByTestId(`filters.anim.${id}`)).toHaveAccessibleName(name);
  }
  await expect(page.getByTestId('filters.anim.speed')).toHaveAccessibleName('Speed');
  await expectClean(page, 'explore+filter-animation');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('filters.anim')).toHaveAttribute('data-on', 'false');
  for (const tab of ['architecture', 'curves']) {
    await page.getByTestId(`train.tab.${tab}`).click();
    await expectClean(page, `explore+train.${tab}`);
  }
  // the enlarged map, opened from the keyboard: the first layer's maps focused, an arrow, Enter; Escape closes it
  const maps = page.getByTestId('maps.grid-focus.0');
  await maps.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('maps.zoom')).toHaveAttribute('data-channel', '1');
  await expect(page.getByTestId('maps.zoom-close')).toBeFocused();
  await expectClean(page, 'explore+zoom');
  // the conv map's sliding filter, stepped once: announced, named, clean; Escape stops it and keeps the dialog
  await page.getByTestId('maps.anim.forward').click();
  await expect(page.getByTestId('maps.anim.said')).toHaveText(/^Convolution, step 1 of 784: window at rows -2 to 2, columns -2 to 2; output \(0, 0\) = /);
  await expect(page.getByTestId('maps.anim-stage')).toHaveAccessibleName(/^The layer's input and this channel's map/);
  await expectClean(page, 'explore+zoom-animation');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('maps.anim')).toHaveAttribute('data-on', 'false');
  await expect(page.getByTestId('maps.zoom')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('maps.zoom')).toHaveCount(0);
  await expect(maps).toBeFocused();
});

test('Explore: why this prediction (each overlay, the class picker) and what a filter looks for', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.draw.drawSeven();
  await app.explain.mode('saliency');
  await app.explain.paintedOtherThan();
  await expectClean(page, 'explain.saliency');
  // the overlay switch from the keyboard: a radio group, the arrows move the choice
  await page.getByTestId('explain.mode.saliency').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('explain.mode.gradcam')).toBeChecked();
  await expect(page.getByTestId('explain.mode')).toHaveAccessibleName('Why this prediction?');
  await app.explain.paintedOtherThan();
  await expectClean(page, 'explain.gradcam');
  // the class picker from the keyboard: one tab stop on the explained class, arrows choose, Escape goes back
  const predicted = Number(await app.draw.predictedDigit());
  const picked = page.getByTestId(`explain.class.${predicted}`);
  await picked.focus();
  await expect(picked).toHaveAttribute('tabindex', '0');
  const next = predicted === 9 ? 8 : predicted + 1;
  await page.keyboard.press(predicted === 9 ? 'ArrowUp' : 'ArrowDown');
  await expect(page.getByTestId(`explain.class.${next}`)).toBeFocused();
  await expect(page.getByTestId('explain.classes')).toHaveAttribute('data-explained', String(next));
  await expect(app.explain.padOverlay).toHaveAttribute('data-cls', String(next));
  await page.keyboard.press('Escape');
  await expect(app.explain.padOverlay).toHaveAttribute('data-cls', String(predicted));
  await app.explain.mode('occlusion');
  await app.explain.paintedOtherThan();
  await expectClean(page, 'explain.occlusion');
  // what a filter looks for: the first conv layer's map opened from the keyboard, its top patches, one patch's image
  await page.getByTestId('maps.grid-focus.0').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('maps.zoom-close')).toBeFocused();
  await app.maps.findTopPatches();
  await expectClean(page, 'explain.top-patches');
  await page.getByTestId('maps.looks-for.patch.0').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('maps.looks-for.source')).toBeVisible();
  await expectClean(page, 'explain.patch-source');
});

test('Explore: the results tab after a short training run', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.startShortRun({ trainSize: 1000, epochs: 1, batchSize: 32 });
  await expect(page.getByTestId('train.curves')).toHaveAttribute('data-epochs', '1', { timeout: 90_000 });
  await page.getByTestId('train.tab.results').click();
  await expectClean(page, 'explore+results');
});

test('Lab: editor, compare and shift test as the Lab opens', async ({ page }) => {
  const lab = new LabEditor(page);
  await lab.open();
  await expectClean(page, 'lab', true);
});

test('Lab: the editor after an invalid edit (the row marked with its error, a refused value beside its field)', async ({ page }) => {
  const lab = new LabEditor(page);
  await lab.open();
  await lab.setField(0, 'padding', 'valid');
  await lab.setField(0, 'kernel', '30');
  await expect(page.getByTestId('lab.row.0.problem')).toContainText('kernel 30 is larger than the padded input');
  await expect(lab.train()).toBeDisabled();
  await expectClean(page, 'lab+invalid-row', true);
  await lab.setField(0, 'kernel', 'x');
  await expect(page.getByTestId('lab.row.0.kernel.error')).toBeVisible();
  await expectClean(page, 'lab+refused-value', true);
});

test('Lab: a finished MLP-vs-CNN comparison (curves and table)', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.train.setField('trainSize', '300');
  await app.train.setField('epochs', '1');
  await app.train.setField('batchSize', '32');
  const lab = new LabCompare(page);
  await lab.open();
  const [mlp, cnn] = await lab.mlpVsCnn();
  await expect(page.getByTestId('compare.curves')).toHaveAttribute('data-points', new RegExp(`${mlp}:\\d+ ${cnn}:\\d+`));
  await expect(page.getByTestId(`compare.row.${cnn}`)).toHaveAttribute('data-test-accuracy', /^0\.\d+$/);
  // the curves' canvas is named by what it plots
  await expect(page.getByRole('img', { name: /^Training curves, / })).toHaveAttribute('aria-label', /: mlp \(9 batches, test accuracy \d+\.\d %\), cnn \(9 batches, test accuracy \d+\.\d %\)$/);
  await expectClean(page, 'lab+compare-done', true);
});

test('Lab: the shift test on the shipped models (curves and heat maps drawn)', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const lab = new LabCompare(page);
  await lab.open();
  const models = await lab.loadShipped();
  await lab.runShift(500);
  for (const m of models) await expect(page.getByTestId(`shift.heat.${m}`)).toHaveAttribute('data-cells', '169');
  await expect(page.getByTestId('shift.progress')).toHaveCount(0);
  await expectClean(page, 'lab+shift-done', true);
});

test('Lesson: the rail at every section and the checkpoint, reached and left by keyboard', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await page.evaluate(() => localStorage.clear());
  const toggle = page.getByTestId('nav.lesson');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(toggle).toHaveAttribute('aria-controls', 'lesson-rail');
  // the focus goes to the rail's heading, and on into the rail; the rail is named by its heading, its sections are a
  // named navigation
  await expect(page.locator('#lesson-title')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('lesson.close')).toBeFocused();
  await expect(page.getByRole('complementary', { name: 'Lesson · CNNs, convolution for images' })).toBeVisible();
  const sections = page.getByRole('navigation', { name: 'Lesson sections' });
  await expect(sections.getByRole('button')).toHaveCount(7);
  for (const id of ['flatten', 'convolution', 'stride', 'pooling', 'stack', 'mlp-cnn', 'checkpoint']) {
    await page.getByTestId(`lesson.nav.${id}`).click();
    await expect(page.getByTestId(`lesson.nav.${id}`)).toHaveAttribute('aria-current', 'step');
    await expectClean(page, `lesson.${id}`, true, '[data-testid="lesson.rail"]');
  }
  // an answer checked: the feedback is a status message, the worked solution follows
  await page.getByTestId('lesson.answer.conv-size').fill('-1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson.feedback.conv-size')).toHaveRole('status');
  await expect(page.getByTestId('lesson.feedback.conv-size')).toHaveText(/^Not -1\./);
  await expect(page.getByTestId('lesson.solution.conv-size')).toBeVisible();
  await page.getByTestId('lesson.choice.sharing.a').check();
  await expect(page.getByTestId('lesson.exercise.sharing').getByRole('radio', { checked: true })).toHaveCount(1);
  await expectClean(page, 'lesson.checkpoint-answered', true, '[data-testid="lesson.rail"]');
  // the filters of the vertical-edge question are read out row by row
  await expect(page.getByTestId('lesson.grid.a').getByRole('img')).toHaveAccessibleName(/^Filter A, \d×\d: row 1: /);
  // Escape closes the rail and gives the focus back to the header's switch
  await page.getByTestId('lesson.new.conv-size').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson.rail')).toHaveCount(0);
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expectClean(page, 'explore+lesson-closed');
});
