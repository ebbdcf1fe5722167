// The shared frame queue (renderer/lib/frame.ts) with a hand-driven requestAnimationFrame and scheduler: one run per
// frame, work asked for by a task runs in the same run, cancel, a failing task does not stop the others, inRun();
// runs asked for "now" in a user-blocking task: one pending at a time, batching what comes before it.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { cancelFrameTask, inAnimationFrame, inRun, MAX_TASK_RUNS_PER_FRAME, postUrgentTask, requestFrameTask, requestTaskNow, runNowIfAsked } from '../../renderer/lib/frame';

let callbacks: FrameRequestCallback[] = [];
let microtasks: (() => void)[] = [];
let posted: { cb: () => void; priority: string }[] = [];
/** performance.now() as the queue sees it. */
let nowMs = 0;

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

/** Runs the tasks posted so far (as the browser's scheduler would), then their microtasks. */
function runPosted(): void {
  const ps = posted;
  posted = [];
  for (const p of ps) {
    p.cb();
    drainMicrotasks();
  }
}

beforeEach(() => {
  callbacks = [];
  microtasks = [];
  posted = [];
  // each test starts long after the runs of the one before
  nowMs += 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
  vi.stubGlobal('scheduler', {
    postTask: (cb: () => void, o: { priority: string }) => {
      posted.push({ cb, priority: o.priority });
      return Promise.resolve();
    },
  });
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => callbacks.push(cb));
  vi.stubGlobal('queueMicrotask', (fn: () => void) => microtasks.push(fn));
});

afterEach(() => {
  for (let i = 0; i < 5 && (callbacks.length > 0 || posted.length > 0); i++) {
    runPosted();
    runFrame();
  }
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
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

  test('inRun() and inAnimationFrame() hold during the tasks and the microtasks they queue, not before or after', () => {
    const seen: boolean[] = [];
    expect(inRun()).toBe(false);
    requestFrameTask(() => {
      seen.push(inRun(), inAnimationFrame());
      queueMicrotask(() => seen.push(inRun(), inAnimationFrame()));
    });
    runFrame();
    expect(seen).toEqual([true, true, true, true]);
    expect(inRun()).toBe(false);
    expect(inAnimationFrame()).toBe(false);
  });
});

describe('runs asked for now', () => {
  test('requestTaskNow runs the task in one user-blocking task, not waiting for a frame, with the frame work queued by then', () => {
    const order: string[] = [];
    const pad = () => order.push('pad');
    const input = () => order.push('input');
    requestFrameTask(pad);
    requestTaskNow(input);
    expect(posted.map((p) => p.priority)).toEqual(['user-blocking']);
    runPosted();
    expect(order).toEqual(['pad', 'input']);
    // the frame finds nothing left to do
    runFrame();
    expect(order).toEqual(['pad', 'input']);
  });

  test('work asked for during the run joins it; it counts as a run but not as an animation frame', () => {
    const seen: string[] = [];
    const paint = () => seen.push(`paint ${inRun()} ${inAnimationFrame()}`);
    requestTaskNow(() => {
      seen.push('infer');
      requestFrameTask(paint);
    });
    runPosted();
    expect(seen).toEqual(['infer', 'paint true false']);
    expect(callbacks).toHaveLength(0);
    expect(inRun()).toBe(false);
  });

  test('at most one run is pending: input arriving before it is batched into it, input during it goes to the next', () => {
    let runs = 0;
    let points = 0;
    let taken = 0;
    const compute = () => {
      runs++;
      taken = points;
      // a pen's event handled while the first run goes on asks again: the task is not run twice in this run
      if (runs > 1) return;
      points++;
      requestTaskNow(compute);
    };
    for (let i = 0; i < 8; i++) {
      points++;
      requestTaskNow(compute);
    }
    expect(posted).toHaveLength(1);
    runPosted();
    expect(runs).toBe(1);
    expect(taken).toBe(8);
    expect(posted).toHaveLength(1);
    runPosted();
    expect(runs).toBe(2);
    expect(taken).toBe(9);
    expect(posted).toHaveLength(0);
  });

  test('a pen: beyond MAX_TASK_RUNS_PER_FRAME runs within one frame interval, input waits for the next frame', () => {
    expect(MAX_TASK_RUNS_PER_FRAME).toBe(3);
    const compute = vi.fn();
    for (let i = 0; i < MAX_TASK_RUNS_PER_FRAME; i++) {
      requestTaskNow(compute);
      runPosted();
      nowMs += 2;
    }
    expect(compute).toHaveBeenCalledTimes(3);
    requestTaskNow(compute);
    expect(posted).toHaveLength(0);
    expect(callbacks).toHaveLength(1);
    runFrame();
    expect(compute).toHaveBeenCalledTimes(4);
    // a frame interval after the first of those runs, input runs at once again
    nowMs += 17;
    requestTaskNow(compute);
    expect(posted).toHaveLength(1);
    runPosted();
    expect(compute).toHaveBeenCalledTimes(5);
  });

  test('runNowIfAsked: the pending run happens at once (the posted task then finds nothing), within the same budget', () => {
    const compute = vi.fn();
    const draw = vi.fn();
    expect(runNowIfAsked()).toBe(false); // nothing asked for
    requestTaskNow(compute);
    requestFrameTask(draw); // frame work queued by then joins the run, as in a posted run
    expect(runNowIfAsked()).toBe(true);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(draw).toHaveBeenCalledTimes(1);
    drainMicrotasks();
    runPosted();
    runFrame();
    expect(compute).toHaveBeenCalledTimes(1);
    expect(draw).toHaveBeenCalledTimes(1);
    // it counts against MAX_TASK_RUNS_PER_FRAME: after three runs within a frame interval it leaves the work queued
    for (let i = 1; i < MAX_TASK_RUNS_PER_FRAME; i++) {
      nowMs += 2;
      requestTaskNow(compute);
      expect(runNowIfAsked()).toBe(true);
      drainMicrotasks();
    }
    runPosted();
    nowMs += 2;
    requestTaskNow(compute);
    expect(runNowIfAsked()).toBe(false);
    expect(compute).toHaveBeenCalledTimes(MAX_TASK_RUNS_PER_FRAME);
    runFrame();
    expect(compute).toHaveBeenCalledTimes(MAX_TASK_RUNS_PER_FRAME + 1);
  });

  test('without scheduler.postTask the run comes from a MessageChannel message', async () => {
    vi.stubGlobal('scheduler', undefined);
    const task = vi.fn();
    requestTaskNow(task);
    expect(posted).toHaveLength(0);
    await vi.waitFor(() => expect(task).toHaveBeenCalledTimes(1));
  });

  test('postUrgentTask through MessageChannel messages: several pending callbacks each run once, in order', async () => {
    vi.stubGlobal('scheduler', undefined);
    const order: number[] = [];
    for (const i of [1, 2, 3]) postUrgentTask(() => order.push(i));
    expect(order).toEqual([]);
    await vi.waitFor(() => expect(order).toEqual([1, 2, 3]));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([1, 2, 3]);
  });
});
