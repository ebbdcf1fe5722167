// Renders a component tree into jsdom with a controller over the in-process test host; fails a test that
// leaves a Konva stage behind (react-konva's test helper does the same).
import Konva from 'konva';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { expect, vi } from 'vitest';
import type { ModelId } from '../../../core/protocol';
import { ControllerContext } from '../../../renderer/app/context';
import { Controller } from '../../../renderer/app/controller';
import { resetStore, useStore } from '../../../renderer/store';
import { currentView } from '../../../renderer/store/select';
import { createTestHost, type TestHost } from './session-host';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  controller: Controller;
  host: TestHost;
  byTestId(id: string): HTMLElement;
  unmount(): Promise<void>;
}

/** Starts a controller over a ready session and renders `ui` (or `ui(current model id)`) inside its context. */
export async function renderWithSession(ui: ReactNode | ((model: ModelId) => ReactNode)): Promise<Rendered> {
  resetStore();
  const host = createTestHost();
  const controller = new Controller(host);
  controller.start();
  await host.session.init();
  await vi.waitFor(() => expect(currentView(useStore.getState())?.weights ?? null).not.toBeNull());
  const tree = typeof ui === 'function' ? ui(useStore.getState().current!) : ui;
  const mounted = await mount(<ControllerContext.Provider value={controller}>{tree}</ControllerContext.Provider>, () => controller.dispose());
  return {
    ...mounted,
    controller,
    host,
    byTestId: (id) => {
      const el = mounted.container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      if (!el) throw new Error(`no element with data-testid="${id}"`);
      return el;
    },
  };
}

/**
 * Renders `ui` with no controller (components that only read and write the store). Unmounting also resets the store and
 * fails on a leaked Konva stage, as for renderWithSession.
 */
export function renderBare(ui: ReactNode): Promise<{ container: HTMLElement; unmount(): Promise<void> }> {
  return mount(ui, () => {});
}

async function mount(tree: ReactNode, dispose: () => void): Promise<{ container: HTMLElement; unmount(): Promise<void> }> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  let root: Root;
  await act(async () => {
    root = createRoot(container);
    root.render(tree);
  });
  return {
    container,
    unmount: async () => {
      await act(async () => root.unmount());
      container.remove();
      dispose();
      resetStore();
      expect(Konva.stages.length, 'a Konva stage leaked').toBe(0);
    },
  };
}

/** Waits for `assertion` to pass inside act(), so the session's async updates are flushed as React expects. */
export async function until(assertion: () => void, timeout = 5000): Promise<void> {
  await act(async () => {
    await vi.waitFor(assertion, { timeout });
  });
}

/** Sets an input's value the way React notices (native setter + input event). */
export function typeInto(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setter.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Picks an option of a <select> the way React notices (value + change event). */
export function choose(select: HTMLElement, value: string): void {
  const el = select as HTMLSelectElement;
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
}
