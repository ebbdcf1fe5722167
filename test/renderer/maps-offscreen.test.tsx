// Feature-map grids scrolled out of view (IntersectionObserver stubbed): no repaint while off screen, one as soon as
// the grid comes back, and an up-to-date grid in the exported panel PNG.
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { preset } from '../../core/presets';
import { FeatureMaps } from '../../renderer/components/maps/FeatureMaps';
import { testImage } from '../../renderer/lib/filters/test-images';
import { useStore } from '../../renderer/store';
import { currentView } from '../../renderer/store/select';
import { renderWithSession, until, type Rendered } from './helpers/render';

type IoCallback = (entries: { isIntersecting: boolean; target: Element }[]) => void;
const observers: { cb: IoCallback; targets: Element[] }[] = [];

class FakeIntersectionObserver {
  private readonly entry: { cb: IoCallback; targets: Element[] };
  constructor(cb: IoCallback) {
    this.entry = { cb, targets: [] };
    observers.push(this.entry);
  }
  observe(el: Element): void {
    this.entry.targets.push(el);
  }
  disconnect(): void {
    this.entry.targets = [];
  }
}

/** Reports `el` as on or off screen to its observers. */
function setOnScreen(el: Element, on: boolean): void {
  for (const o of observers) if (o.targets.includes(el)) o.cb([{ isIntersecting: on, target: el }]);
}

let r: Rendered;
const state = () => useStore.getState();

beforeEach(() => {
  observers.length = 0;
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
});

afterEach(async () => {
  await r.unmount();
  vi.unstubAllGlobals();
});

describe('feature maps off screen', () => {
  test('a grid out of view skips repaints, repaints when back, and is brought up to date for the export', async () => {
    r = await renderWithSession((m) => <FeatureMaps model={m} />);
    await act(async () => r.controller.setSpec(preset('cnn'), 2));
    await until(() => expect(currentView(state())?.weights).not.toBeNull());
    await act(async () => state().setInput(testImage('seven', 28), { kind: 'drawing' }));
    const grid = r.byTestId('maps.grid.3');
    await until(() => expect(grid.dataset.images).toBe('32'));
    await until(() => expect(Number(grid.dataset.paints)).toBeGreaterThan(0));

    await act(async () => setOnScreen(grid, false));
    const before = Number(grid.dataset.paints);
    const other = r.byTestId('maps.grid.0');
    const otherBefore = Number(other.dataset.paints);
    await act(async () => state().setInput(testImage('circle', 28), { kind: 'drawing' }));
    await until(() => expect(Number(other.dataset.paints)).toBeGreaterThan(otherBefore));
    expect(Number(grid.dataset.paints)).toBe(before);
    expect(grid.dataset.images).toBe('32');

    await act(async () => setOnScreen(grid, true));
    await until(() => expect(Number(grid.dataset.paints)).toBe(before + 1));

    // off screen again, new activations, then export: the grid is painted before the panel is composed
    await act(async () => setOnScreen(grid, false));
    await act(async () => state().setInput(testImage('square', 28), { kind: 'drawing' }));
    await until(() => expect(Number(other.dataset.paints)).toBeGreaterThan(otherBefore + 1));
    const stale = Number(grid.dataset.paints);
    await act(async () => r.byTestId('maps.export').click());
    await until(() => expect(r.host.saved.some((s) => s.kind === 'png')).toBe(true));
    expect(Number(grid.dataset.paints)).toBe(stale + 1);
  }, 30_000);
});
