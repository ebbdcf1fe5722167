// The shared animation-frame queue (renderer/lib/frame.ts) with a hand-driven requestAnimationFrame: one run per
// frame, work asked for by a task runs in the same frame, cancel, a failing task does not stop the others, inFrame().
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { cancelFrameTask, inFrame, requestFrameTask } from '../../renderer/lib/frame';

let callbacks: FrameRequestCallback[] = [];
let microtasks: (() => void)[] = [];

/** Runs the callbacks of one frame, then the microtasks they queued (as the browser does after each callback). */
function runFrame(): void {
  const cbs = callbacks;
  callbacks = [];
  for (const cb of cbs) {
    cb(performance.now());
    drainMicrotasks();
  }
}

function drainMicrotasks(): void {
  while (microtasks.length > 0) microtasks.shift()!();
}

beforeEach(() => {
  callbacks = [];
  microtasks = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => callbacks.push(cb));
  vi.stubGlobal('queueMicrotask', (fn: () => void) => microtasks.push(fn));
});

afterEach(() => {
  for (let i = 0; i < 5 && callbacks.length > 0; i++) runFrame();
  vi.unstubAllGlobals();
});

describe('frame queue', () => {
  test('a task asked for many times before a frame runs once in it, with one rAF request', () => {
    const task = vi.fn();
    for (let i = 0; i < 10; i++) requestFrameTask(task);
    expect(callbacks).toHaveLength(1);
    expect(task).not.toHaveBeenCalled();
    runFrame();
    expect(task).toHaveBeenCalledTimes(1);
    expect(callbacks).toHaveLength(0);
  });

  test('work asked for by a task of the frame runs in that same frame', () => {
    const order: string[] = [];
    const paint = () => order.push('paint');
    const infer = () => {
      order.push('infer');
      requestFrameTask(paint);
    };
    requestFrameTask(infer);
    runFrame();
    expect(order).toEqual(['infer', 'paint']);
    expect(callbacks).toHaveLength(0);
  });

  test('a task that already ran this frame and is asked again runs in the next frame, once', () => {
    let runs = 0;
    const task = () => {
      runs++;
      if (runs === 1) {
        requestFrameTask(task);
        requestFrameTask(task);
      }
    };
    requestFrameTask(task);
    runFrame();
    expect(runs).toBe(1);
    expect(callbacks).toHaveLength(1);
    runFrame();
    expect(runs).toBe(2);
  });

  test('cancel drops a waiting task; others still run', () => {
    const a = vi.fn();
    const b = vi.fn();
    requestFrameTask(a);
    requestFrameTask(b);
    cancelFrameTask(a);
    runFrame();
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
  });

  test('a failing task does not stop the others, and its error is rethrown', () => {
    const after = vi.fn();
    requestFrameTask(() => {
      throw new Error('paint failed');
    });
    requestFrameTask(after);
    const cbs = callbacks;
    callbacks = [];
    cbs[0](0);
    expect(after).toHaveBeenCalledTimes(1);
    // the rethrow is the first microtask queued by the flush
    expect(() => microtasks.shift()!()).toThrow('paint failed');
    drainMicrotasks();
  });

  test('inFrame() holds during the tasks and the microtasks they queue, not before or after', () => {
    const seen: boolean[] = [];
    expect(inFrame()).toBe(false);
    requestFrameTask(() => {
      seen.push(inFrame());
      queueMicrotask(() => seen.push(inFrame()));
    });
    runFrame();
    expect(seen).toEqual([true, true]);
    expect(inFrame()).toBe(false);
  });
});
