// The guided lesson on the web build: open the rail from the header, walk every section with its one-click action
// (each leaves the studio in the state that shows its point, and ticks "What you will learn" from that state), then
// the checkpoint: one exercise answered wrongly (the worked solution appears), then rightly. The progress survives a
// reload and can be reset. Writes lesson-<step>.png: test-output/screenshots/, and docs/screenshots/ with DOCS_SHOTS=1.
import { expect, test, type Page } from '@playwright/test';
import { outSize, resolvePads, type Padding } from '../../core/spec';
import { appState, docShot, Studio } from './pages/studio';

const step = (page: Page, id: string) => page.getByTestId(`lesson.nav.${id}`);

/** Opens a section and runs its action. */
async function runStep(page: Page, id: string): Promise<void> {
  await step(page, id).click();
  await expect(page.getByTestId('lesson.step')).toHaveAttribute('data-step', id);
  await page.getByTestId('lesson.action').click();
}

async function expectTicked(page: Page, id: string): Promise<void> {
  await expect(page.getByTestId(`lesson.learn.${id}`)).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(step(page, id)).toHaveAttribute('data-done', 'true');
}

test('walk the lesson from the first section to the checkpoint', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new Studio(page);
  await app.open();
  await page.evaluate(() => localStorage.clear());
  await page.getByTestId('nav.lesson').click();
  const rail = page.getByTestId('lesson.rail');
  await expect(rail).toBeVisible();
  await expect(page.getByTestId('nav.lesson')).toHaveAttribute('aria-expanded', 'true');
  // nothing is ticked before the student does anything
  await expect(page.locator('[data-testid^="lesson.learn."][data-done="true"]')).toHaveCount(0);

  // 1. why not flatten: the mlp in the Lab's editor
  await runStep(page, 'flatten');
  await expect(page.getByTestId('workspace.lab')).toBeVisible();
  await expect.poll(() => appState<string>(page, "s.stack.spec.layers.map((l) => l.type).join(',')")).toBe('flatten,dense,relu,dense');
  await expectTicked(page, 'flatten');
  await expect(page.getByTestId('lesson.live')).toContainText('100,480');
  await docShot(page, 'lesson-1-flatten');

  // 2. convolution: a Sobel filter sliding over a digit in the designer
  await runStep(page, 'convolution');
  await expect(page.getByTestId('workspace.explore')).toBeVisible();
  await expect.poll(() => appState<string | null>(page, 's.designer.preset')).toBe('sobel-x');
  await expect(page.getByTestId('filters.anim')).toHaveAttribute('data-on', 'true');
  await expect.poll(() => appState<number>(page, 's.input.reduce((a, v) => a + v, 0)')).toBeGreaterThan(5);
  await expectTicked(page, 'convolution');
  // every feature the section names is built: no "not built yet" note
  await expect(page.getByTestId('lesson.not-built')).toHaveCount(0);
  // the window moves: the counter goes on
  const status = page.getByTestId('filters.anim.status');
  const first = await status.textContent();
  await expect(status).not.toHaveText(first!);
  await page.getByTestId('panel.filters').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await docShot(page, 'lesson-2-convolution');

  // 3. stride: 2, and the formula line for both strides
  await runStep(page, 'stride');
  await expect.poll(() => appState<number>(page, 's.designer.stride')).toBe(2);
  await expect(page.getByTestId('filters.formula-conv')).toHaveText('floor((28 − 3 + 2·0)/2) + 1 = 13');
  await expect(page.getByTestId('lesson.formula.s1')).toContainText('= 26');
  await expect(page.getByTestId('lesson.formula.s2')).toContainText('= 13');
  await expectTicked(page, 'stride');
  await page.getByTestId('panel.filters').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await docShot(page, 'lesson-3-stride');

  // 4. pooling: the animation jumps to the pooling windows
  await runStep(page, 'pooling');
  await expect(page.getByTestId('filters.anim.status')).toHaveText(/^pool \d+\/169$/);
  await expect(page.getByTestId('filters.formula-pool')).toHaveText('floor((26 − 2)/2) + 1 = 13');
  await expectTicked(page, 'pooling');
  // (for the picture: the windows reach the digit's ink, about a third of the way down)
  await expect.poll(async () => Number((await page.getByTestId('filters.anim.status').textContent())!.match(/pool (\d+)/)![1]), { timeout: 60_000 }).toBeGreaterThan(45);
  await page.getByTestId('filters.anim.play').click();
  await page.getByTestId('panel.filters').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await docShot(page, 'lesson-4-pooling');

  // 5. a typical stack in the architecture editor
  await runStep(page, 'stack');
  await expect(page.getByTestId('workspace.lab')).toBeVisible();
  await expect.poll(() => appState<string>(page, "s.stack.spec.layers.map((l) => l.type).join(',')")).toBe('conv2d,relu,conv2d,relu,maxpool2d,flatten,dense');
  await expectTicked(page, 'stack');
  await docShot(page, 'lesson-5-stack');

  // 6. MLP against CNN: the shipped models and their shift test
  await runStep(page, 'mlp-cnn');
  await expect(page.locator('[data-testid^="compare.row."]')).toHaveCount(2);
  await expect(page.getByTestId('lesson.live')).toHaveAttribute('data-shift', 'done', { timeout: 150_000 });
  await expectTicked(page, 'mlp-cnn');
  await expect(page.getByTestId('lesson.live')).toContainText(/random ±3 px: cnn \d+\.\d %, mlp \d+\.\d %/);
  await docShot(page, 'lesson-6-mlp-cnn');

  // 7. the checkpoint: the output size answered wrongly, then rightly
  await step(page, 'checkpoint').click();
  const card = page.getByTestId('lesson.exercise.conv-size');
  await expect(card).toBeVisible();
  const given = JSON.parse((await card.getAttribute('data-given'))!) as { W: number; K: number; S: number; P: Padding };
  const pads = resolvePads(given.W, given.W, given.K, given.S, given.P);
  const right = outSize(given.W, given.K, given.S, pads.left + pads.right);
  await expect(page.getByTestId('lesson.solution.conv-size')).toHaveCount(0);
  await page.getByTestId('lesson.answer.conv-size').fill(String(right + 1));
  await page.getByTestId('lesson.check.conv-size').click();
  await expect(card).toHaveAttribute('data-outcome', 'wrong');
  await expect(page.getByTestId('lesson.feedback.conv-size')).toHaveText(`Not ${right + 1}. Look at the worked solution, then try a new one.`);
  await expect(page.getByTestId('lesson.solution.conv-size')).toContainText(`= ${right}`);
  await card.scrollIntoViewIfNeeded();
  await docShot(page, 'lesson-7-checkpoint-wrong');
  await page.getByTestId('lesson.answer.conv-size').fill(String(right));
  await page.getByTestId('lesson.check.conv-size').click();
  await expect(card).toHaveAttribute('data-outcome', 'right');
  await expect(card).toHaveAttribute('data-solved', 'true');
  // the vertical-edge question: the filter whose response on the vertical line is the larger
  const filters = page.getByTestId('lesson.exercise.vertical-filter');
  const g = JSON.parse((await filters.getAttribute('data-given'))!) as { sumA: number; sumB: number };
  await page.getByTestId(`lesson.choice.vertical-filter.${g.sumA > g.sumB ? 'a' : 'b'}`).check();
  await page.getByTestId('lesson.check.vertical-filter').click();
  await expect(filters).toHaveAttribute('data-outcome', 'right');
  await filters.scrollIntoViewIfNeeded();
  await docShot(page, 'lesson-7-checkpoint');

  // the progress is saved: after a reload the rail is open on the checkpoint with the same ticks and answers
  const attempts = await appState<number>(page, 's.lesson.attempts.length');
  expect(attempts).toBe(3);
  await page.reload();
  await expect(page.getByTestId('lesson.rail')).toHaveAttribute('data-step', 'checkpoint');
  for (const id of ['flatten', 'convolution', 'stride', 'pooling', 'stack', 'mlp-cnn']) await expect(page.getByTestId(`lesson.learn.${id}`)).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('lesson.exercise.conv-size')).toHaveAttribute('data-solved', 'true');
  expect(await appState<number>(page, 's.lesson.attempts.length')).toBe(3);

  // the teacher's export: a CSV download with a row per step and per answer
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lesson.export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^lesson-progress-\d{4}-\d\d-\d\d\.csv$/);
  const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe('student,record,id,title,seed,answer,correct,at');
  expect(lines.filter((l) => l.split(',')[1] === 'answer')).toHaveLength(3);

  // reset: asked twice, then nothing done
  await page.getByTestId('lesson.reset').click();
  await page.getByTestId('lesson.reset-confirm').click();
  // (after the reload the studio shows none of the steps' points: nothing is ticked again)
  await expect(page.locator('[data-testid^="lesson.learn."][data-done="true"]')).toHaveCount(0);
  expect(await appState<number>(page, 's.lesson.attempts.length')).toBe(0);
  // closing the rail: the header's switch says so
  await page.getByTestId('lesson.close').click();
  await expect(page.getByTestId('lesson.rail')).toHaveCount(0);
  await expect(page.getByTestId('nav.lesson')).toHaveAttribute('aria-expanded', 'false');
});
