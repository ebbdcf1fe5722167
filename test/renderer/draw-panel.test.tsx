// Draw & predict panel: pointer strokes on the Konva pad reach the store, the input and the prediction.
import Konva from 'konva';
import { act } from 'react';
import { afterEach, expect, test, vi } from 'vitest';
import { useController } from '../../renderer/app/context';
import { useBrowserShortcuts } from '../../renderer/app/shortcuts';
import { DrawPanel } from '../../renderer/components/draw/DrawPanel';
import { useStore } from '../../renderer/store';
import { renderWithSession, until, type Rendered } from './helpers/render';

let r: Rendered | null = null;
afterEach(async () => {
  await r?.unmount();
  r = null;
});

/** A pointer event on the pad's canvas (jsdom's MouseEvent carries the pointer type's name). */
function pointer(stage: Konva.Stage, type: string, x: number, y: number): void {
  const ev = new MouseEvent(type, { clientX: x, clientY: y, bubbles: true });
  Object.defineProperty(ev, 'pointerId', { value: 1 });
  stage.content.dispatchEvent(ev);
}

test('a drag on the pad draws a stroke, updates the 28×28 input and shows a prediction; undo and clear work', async () => {
  r = await renderWithSession((m) => <DrawPanel model={m} />);
  const stage = Konva.stages[0];
  expect(stage.width()).toBe(280);
  await act(async () => {
    pointer(stage, 'pointerdown', 140, 40);
    for (let y = 50; y <= 240; y += 10) pointer(stage, 'pointermove', 140, y);
    pointer(stage, 'pointerup', 140, 240);
  });
  const strokes = useStore.getState().strokes;
  expect(strokes).toHaveLength(1);
  expect(strokes[0].points.length).toBeGreaterThan(10);
  await until(() => expect(r!.byTestId('draw.prediction').dataset.digit).toMatch(/^[0-9]$/));
  expect(useStore.getState().input.some((v) => v > 0.5)).toBe(true);
  // the bars show the probabilities, the winner highlighted; the pad shows the stroke as one line
  const ps = Array.from({ length: 10 }, (_, d) => Number(r!.byTestId(`draw.prob.${d}`).dataset.p));
  expect(ps.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  const best = r.byTestId('draw.prediction').dataset.digit!;
  expect(r.byTestId(`draw.prob.${best}`).className).toBe('bar best');
  await until(() => expect(stage.find('Line')).toHaveLength(1));
  expect(stage.findOne<Konva.Line>('Line')!.points()).toEqual(strokes[0].points);
  await act(async () => r!.byTestId('draw.undo').click());
  expect(useStore.getState().strokes).toHaveLength(0);
  await until(() => expect(stage.find('Line')).toHaveLength(0));
  await act(async () => {
    pointer(stage, 'pointerdown', 100, 100);
    pointer(stage, 'pointermove', 180, 180);
    pointer(stage, 'pointerup', 180, 180);
  });
  await act(async () => r!.byTestId('draw.clear').click());
  expect(useStore.getState().strokes).toHaveLength(0);
  await until(() => expect(r!.byTestId('draw.prediction').dataset.digit).toBe(''));
});

test('"Test digit" loads a real test image and shows its label', async () => {
  r = await renderWithSession((m) => <DrawPanel model={m} />);
  await act(async () => r!.byTestId('draw.test-image').click());
  await until(() => expect(r!.byTestId('draw.test-label').textContent).toMatch(/label \d/));
  expect(useStore.getState().source.kind).toBe('test');
});

function PanelWithKeys({ model }: { model: string }) {
  useBrowserShortcuts(useController());
  return <DrawPanel model={model} />;
}

test('keys: Ctrl+Z undoes a stroke and Delete clears, in the desktop app too, where Ctrl+O is left to the menu', async () => {
  r = await renderWithSession((m) => <PanelWithKeys model={m} />);
  (r.host as { kind: string }).kind = 'desktop';
  const open = vi.spyOn(r.host, 'openModel');
  const key = (init: KeyboardEventInit) => act(async () => void window.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })));
  const s = () => useStore.getState();
  for (const x of [60, 140]) {
    s().beginStroke(x, 50);
    s().extendStroke(x, 230);
  }
  await key({ key: 'z', ctrlKey: true });
  expect(s().strokes).toHaveLength(1);
  await key({ key: 'o', ctrlKey: true });
  expect(open).not.toHaveBeenCalled();
  await key({ key: 'Delete' });
  expect(s().strokes).toHaveLength(0);
  // in the browser the page handles open too
  (r.host as { kind: string }).kind = 'browser';
  await key({ key: 'o', ctrlKey: true });
  expect(open).toHaveBeenCalledTimes(1);
});
