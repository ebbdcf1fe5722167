// The lesson rail and the designer's cue (jsdom, real in-process session): the rail opens on its section with the
// sections as a named list, an answer is checked at once with the worked solution after it, Escape closes the rail;
// the designer plays when the lesson cues it (from the first pooling window for 'pool') and reports what it shows.
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { FilterDesigner } from '../../renderer/components/filters/FilterDesigner';
import { LessonRail } from '../../renderer/components/lesson/LessonRail';
import { outSize, resolvePads, type Padding } from '../../core/spec';
import { useStore } from '../../renderer/store';
import { renderWithSession, type Rendered } from './helpers/render';

let r: Rendered;
afterEach(async () => {
  await r.unmount();
  localStorage.clear();
});

const s = () => useStore.getState();
const click = (el: HTMLElement) => act(async () => el.click());

/** Sets an input's value the way React hears it. */
async function type(el: HTMLInputElement, value: string): Promise<void> {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('lesson rail', () => {
  test('closed until opened; then the sections in order, the current one marked, and Escape closes it', async () => {
    r = await renderWithSession(<LessonRail />);
    expect(r.container.querySelector('[data-testid="lesson.rail"]')).toBeNull();
    await act(async () => s().setLesson({ open: true, step: 'stride' }));
    const nav = r.container.querySelector('nav[aria-label="Lesson sections"]')!;
    expect([...nav.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['1Why not just flatten the pixels?', '2The convolution layer', '3Stride and padding', '4Pooling', '5A typical CNN stack', '6MLP against CNN', '7Checkpoint']);
    expect(r.byTestId('lesson.nav.stride').getAttribute('aria-current')).toBe('step');
    expect(r.byTestId('lesson.step').dataset.step).toBe('stride');
    await click(r.byTestId('lesson.next'));
    expect(s().lesson.step).toBe('pooling');
    await act(async () => void r.byTestId('lesson.next').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(s().lesson.open).toBe(false);
    expect(r.container.querySelector('[data-testid="lesson.rail"]')).toBeNull();
  });

  test('the checkpoint checks an answer at once; the worked solution comes after a try; a new exercise starts empty', async () => {
    r = await renderWithSession(<LessonRail />);
    await act(async () => s().setLesson({ open: true, step: 'checkpoint' }));
    const card = r.byTestId('lesson.exercise.conv-size');
    const { W, K, S, P } = JSON.parse(card.dataset.given!) as { W: number; K: number; S: number; P: Padding };
    const pads = resolvePads(W, W, K, S, P);
    const right = outSize(W, K, S, pads.left + pads.right);
    const input = r.byTestId('lesson.answer.conv-size') as HTMLInputElement;
    // not a number: said, and not a try
    await type(input, 'ten');
    await click(r.byTestId('lesson.check.conv-size'));
    expect(card.dataset.outcome).toBe('invalid');
    expect(r.container.querySelector('[data-testid="lesson.solution.conv-size"]')).toBeNull();
    expect(s().lesson.attempts).toHaveLength(0);
    await type(input, String(right + 2));
    await click(r.byTestId('lesson.check.conv-size'));
    expect(card.dataset.outcome).toBe('wrong');
    expect(r.byTestId('lesson.feedback.conv-size').getAttribute('role')).toBe('status');
    expect(r.byTestId('lesson.solution.conv-size').textContent).toContain(`= ${right}.`);
    await type(input, String(right));
    await click(r.byTestId('lesson.check.conv-size'));
    expect(card.dataset.outcome).toBe('right');
    expect(s().lesson.attempts.map((a) => a.correct)).toEqual([false, true]);
    expect(s().lesson.exercises['conv-size']).toMatchObject({ tries: 2, solved: true });
    const seed = Number(card.dataset.seed);
    await click(r.byTestId('lesson.new.conv-size'));
    const next = r.byTestId('lesson.exercise.conv-size');
    expect(Number(next.dataset.seed)).toBe(seed + 1);
    expect(next.dataset.outcome).toBe('none');
    expect((r.byTestId('lesson.answer.conv-size') as HTMLInputElement).value).toBe('');
    expect(r.container.querySelector('[data-testid="lesson.solution.conv-size"]')).toBeNull();
  });
});

describe("the designer's cue", () => {
  test("'play' starts the animation at the first window, 'pool' at the first pooling window; the store hears which", async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    expect(s().designerAnim).toEqual({ on: false, playing: false, phase: null });
    await act(async () => s().cueDesigner('play'));
    expect(s().designerCue).toBeNull();
    expect(r.byTestId('filters.anim').dataset).toMatchObject({ on: 'true', playing: 'true' });
    expect(s().designerAnim).toEqual({ on: true, playing: true, phase: 'conv' });
    await act(async () => s().cueDesigner('pool'));
    expect(r.byTestId('filters.anim.status').textContent).toMatch(/^pool \d+\/169$/);
    expect(s().designerAnim).toEqual({ on: true, playing: true, phase: 'pool' });
    await click(r.byTestId('filters.anim.close'));
    expect(s().designerAnim).toEqual({ on: false, playing: false, phase: null });
  });
});
