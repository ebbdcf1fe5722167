// The weight grid from the keyboard: a focusable wrapper named for what it does, arrows choose a cell, + − and
// PageUp/PageDown change it, Enter moves to the exact-value input; the focused cell is described in a live region.
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { CellEditor } from '../../renderer/components/filters/CellEditor';
import { WeightGrid } from '../../renderer/components/filters/WeightGrid';
import { useStore } from '../../renderer/store';
import { renderBare } from './helpers/render';

let view: Awaited<ReturnType<typeof renderBare>> | null = null;
let container: HTMLElement | null = null;

afterEach(async () => {
  await view?.unmount();
  view = null;
});

async function render(): Promise<HTMLElement> {
  view = await renderBare(
    <>
      <WeightGrid />
      <CellEditor />
    </>,
  );
  container = view.container;
  return container.querySelector<HTMLElement>('[data-testid="filters.grid-focus"]')!;
}

async function press(el: HTMLElement, key: string, init: KeyboardEventInit = {}): Promise<void> {
  await act(async () => void el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })));
}

const designer = () => useStore.getState().designer;
const liveText = () => container!.querySelector('[data-testid="filters.grid-cell"]')!.textContent;

describe('filters.weight-grid.keyboard', () => {
  test('the canvas wrapper is focusable, has a role and a name, and is described by the focused cell', async () => {
    const grid = await render();
    expect(grid.tabIndex).toBe(0);
    expect(grid.getAttribute('role')).toBe('application');
    expect(grid.getAttribute('aria-label')).toMatch(/^Filter weights, 3×3/);
    const live = document.getElementById(grid.getAttribute('aria-describedby')!)!;
    expect(live.getAttribute('aria-live')).toBe('polite');
  });

  test('arrows choose a cell (the first key selects the top-left one), + − PageUp PageDown change it', async () => {
    const grid = await render();
    await act(async () => useStore.getState().setDesigner({ selected: null }));
    await press(grid, 'ArrowRight');
    expect(designer().selected).toBe(0);
    await press(grid, 'ArrowRight');
    await press(grid, 'ArrowDown');
    expect(designer().selected).toBe(4);
    const before = designer().weights[4];
    await press(grid, '+');
    expect(designer().weights[4]).toBeCloseTo(before + 0.05, 6);
    await press(grid, 'PageDown');
    expect(designer().weights[4]).toBeCloseTo(before + 0.05 - 0.5, 6);
    expect(liveText()).toBe(`row 2, column 2: ${designer().weights[4]}`);
    await press(grid, 'End', { ctrlKey: true });
    expect(designer().selected).toBe(8);
    expect(liveText()).toMatch(/^row 3, column 3: /);
  });

  test('Enter moves the focus to the exact-value input of the selected cell; other keys are left alone', async () => {
    const grid = await render();
    await press(grid, 'ArrowLeft');
    const input = container!.querySelector<HTMLInputElement>('[data-testid="filters.cell-input"]')!;
    await press(grid, 'Enter');
    expect(document.activeElement).toBe(input);
    const e = new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true });
    await act(async () => void grid.dispatchEvent(e));
    expect(e.defaultPrevented).toBe(false);
  });
});
