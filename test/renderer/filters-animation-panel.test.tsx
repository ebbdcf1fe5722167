// The sliding filter in the designer panel (jsdom, real in-process session): the controls and the maps' keys step the
// window, the read-out follows it, the maps fill in cell by cell to the designer's map, and Escape gives the hover back.
import { act } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FilterDesigner } from '../../renderer/components/filters/FilterDesigner';
import { useStore } from '../../renderer/store';
import { renderWithSession, type Rendered } from './helpers/render';

let r: Rendered;
afterEach(async () => {
  await r.unmount();
});

async function press(el: HTMLElement, key: string): Promise<void> {
  await act(async () => void el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })));
}

async function setup(): Promise<{ pipe: HTMLElement; focus: HTMLElement; panel: HTMLElement }> {
  r = await renderWithSession((m) => <FilterDesigner model={m} />);
  await act(async () => useStore.getState().setDesigner({ input: 'vertical', stride: 2, padding: 1, relu: true, pool: true }));
  return { pipe: r.byTestId('filters.pipeline'), focus: r.byTestId('filters.pipeline-focus'), panel: r.byTestId('filters.panel') };
}

describe('filters.animation.panel', () => {
  test('the controls are buttons with names, in a named group described by a polite live region', async () => {
    await setup();
    const group = r.byTestId('filters.anim');
    expect(group.getAttribute('role')).toBe('group');
    expect(group.getAttribute('aria-label')).toMatch(/^Sliding filter animation/);
    expect(document.getElementById(group.getAttribute('aria-describedby')!)!.getAttribute('aria-live')).toBe('polite');
    for (const id of ['first', 'back', 'play', 'forward', 'last']) expect(r.byTestId(`filters.anim.${id}`).getAttribute('aria-label')).toBeTruthy();
    expect(r.byTestId('filters.anim.status').textContent).toBe(`${14 * 14 + 7 * 7} steps`);
  });

  test('arrow keys on the maps step the window (stride 2, padding 1: from (−1, −1) two at a time); the read-out follows', async () => {
    const { pipe, focus } = await setup();
    expect(r.byTestId('filters.anim').dataset.on).toBe('false');
    await press(focus, 'ArrowRight');
    expect(r.byTestId('filters.anim').dataset.on).toBe('true');
    expect(pipe.dataset).toMatchObject({ animStep: '0', animPhase: 'conv', animOy: '0', animOx: '0', animTop: '-1', animLeft: '-1', animFilled: '1' });
    await press(focus, 'ArrowRight');
    expect(pipe.dataset).toMatchObject({ animStep: '1', animOx: '1', animLeft: '1', animFilled: '2' });
    await press(focus, 'ArrowDown');
    expect(pipe.dataset).toMatchObject({ animStep: '15', animOy: '1', animOx: '1', animTop: '1' });
    const patch = r.byTestId('filters.patch');
    expect(patch.dataset).toMatchObject({ oy: '1', ox: '1' });
    expect(Number(patch.dataset.output)).toBe(Number(pipe.dataset.animValue));
    // the first step's patch reaches into the padding: its top-left cells are padding zeros
    await press(focus, 'Home');
    expect(r.byTestId('filters.patch').querySelectorAll('td.pad-cell').length).toBe(5);
    expect(r.byTestId('filters.anim.status').textContent).toBe('conv 1/196');
  });

  test('End fills every cell: the animated maps equal the designer maps (checksums); then the pooling steps and winners', async () => {
    const { pipe, focus, panel } = await setup();
    await press(focus, 'End');
    expect(pipe.dataset.animChecksum).toBe(panel.dataset.convChecksum);
    expect(pipe.dataset.animPoolChecksum).toBe(panel.dataset.poolChecksum);
    expect(pipe.dataset).toMatchObject({ animPhase: 'pool', animFilled: '196', animPoolFilled: '49' });
    expect(r.byTestId('filters.pool-window').dataset.value).toBe(pipe.dataset.animValue);
    // the first pooling step: the conv map whole, one pooled cell
    await act(async () => r.byTestId('filters.anim.pool').click());
    expect(pipe.dataset).toMatchObject({ animPhase: 'pool', animStep: '196', animTop: '0', animLeft: '0', animPoolFilled: '1' });
    expect(pipe.dataset.animChecksum).toBe(panel.dataset.convChecksum);
    expect(pipe.dataset.animPoolChecksum).not.toBe(panel.dataset.poolChecksum);
    // said once the window rests (300 ms)
    await act(() => new Promise((done) => setTimeout(done, 400)));
    expect(r.byTestId('filters.anim.said').textContent).toMatch(/^Pooling, step 1 of 49: largest of the 2×2 window at \(0, 0\)/);
  });

  test('Escape shows the whole maps again and the hover read-out comes back; a new stride keeps the step inside', async () => {
    const { pipe, focus } = await setup();
    await press(focus, 'End');
    await act(async () => useStore.getState().setDesigner({ stride: 3, pool: false }));
    // 'padding 1, stride 3': floor((28 − 3 + 2)/3) + 1 = 10, so 100 steps; the step was 244, now the last
    expect(pipe.dataset).toMatchObject({ animStep: '99', animOy: '9', animOx: '9' });
    await press(focus, 'Escape');
    expect(r.byTestId('filters.anim').dataset.on).toBe('false');
    expect(pipe.dataset.animStep).toBeUndefined();
    expect(r.container.querySelector('.patch-hint')).not.toBeNull();
  });

  test('while playing, the read-out is drawn on its live canvas (the DOM read-out hidden, its data current); a pause writes the DOM', async () => {
    const { pipe } = await setup();
    const live = () => r.byTestId('filters.readout-live');
    await press(r.byTestId('filters.anim.play'), ' ');
    await vi.waitFor(() => expect(Number(pipe.dataset.animStep)).toBeGreaterThan(3), { timeout: 5000 });
    const readout = r.container.querySelector<HTMLElement>('.readout')!;
    expect(readout.dataset.live).toBe('true');
    expect(live().hidden).toBe(false);
    expect(r.byTestId('filters.anim-marks').dataset.marks).toBe('shown');
    // the hidden DOM read-out follows the step in its data attributes
    const patch = r.byTestId('filters.patch');
    await vi.waitFor(() => expect([patch.dataset.oy, patch.dataset.ox]).toEqual([pipe.dataset.animOy, pipe.dataset.animOx]));
    await press(r.byTestId('filters.anim.play'), ' ');
    expect(r.byTestId('filters.anim').dataset.playing).toBe('false');
    expect(readout.dataset.live).toBeUndefined();
    expect(live().hidden).toBe(true);
    // at rest: the DOM texts are the resting step's, and the counter says it
    const step = Number(pipe.dataset.animStep);
    expect(Number(r.byTestId('filters.patch').dataset.output)).toBe(Number(pipe.dataset.animValue));
    expect(r.byTestId('filters.patch').querySelector('.patch-title')!.textContent).toBe(`Output (${pipe.dataset.animOy}, ${pipe.dataset.animOx}) of the convolution map = patch × weights, summed, plus bias`);
    expect(r.byTestId('filters.anim.status').textContent).toBe(`conv ${step + 1}/196`);
  });

  test('Space on a control plays and pauses; the slider keeps its arrows', async () => {
    await setup();
    const play = r.byTestId('filters.anim.play');
    await press(play, ' ');
    expect(r.byTestId('filters.anim').dataset.playing).toBe('true');
    expect(play.getAttribute('aria-label')).toMatch(/^Pause/);
    await press(play, ' ');
    expect(r.byTestId('filters.anim').dataset.playing).toBe('false');
    const before = r.byTestId('filters.pipeline').dataset.animStep;
    await press(r.byTestId('filters.anim.speed'), 'ArrowRight');
    expect(r.byTestId('filters.pipeline').dataset.animStep).toBe(before);
  });
});
