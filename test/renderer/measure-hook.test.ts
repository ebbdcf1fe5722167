// The app's measurement hook (renderer/app/measure-hook.ts): marks go nowhere without window.__measure; with one they
// reach it with their arguments and whether they were made inside an animation frame's run of the frame queue.
import { afterEach, expect, test, vi } from 'vitest';
import { marks, type MeasureListener } from '../../renderer/app/measure-hook';
import { requestFrameTask } from '../../renderer/lib/frame';

afterEach(() => {
  delete window.__measure;
  vi.unstubAllGlobals();
});

test('without a listener a mark does nothing', () => {
  expect(window.__measure).toBeUndefined();
  expect(() => marks.emit('span:start', 'infer')).not.toThrow();
  expect(() => marks.view('prob-bars', true)()).not.toThrow();
});

test('with a listener every mark reaches it with its arguments and the frame it was made in', async () => {
  const seen: unknown[][] = [];
  const listener: MeasureListener = (...args) => void seen.push(args);
  window.__measure = listener;
  const frames: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
  marks.emit('weights:applied');
  const unmount = marks.view('maps-0', true);
  requestFrameTask(() => marks.emit('view:drawn', 'maps-0', null));
  for (const cb of frames.splice(0)) cb(16);
  await Promise.resolve(); // the frame's run ends with its microtasks
  unmount();
  expect(seen).toEqual([
    ['weights:applied', undefined, undefined, false],
    ['view:mount', 'maps-0', true, false],
    ['view:drawn', 'maps-0', null, true],
    ['view:unmount', 'maps-0', undefined, false],
  ]);
});
