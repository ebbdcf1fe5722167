// The bench-only latency probe (renderer/app/latency-probe.ts) with a hand-driven requestAnimationFrame: pointer
// events bound to the activations computed from them, commit when every consumer has drawn, paint at the frame's end.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Activations } from '../../core/model';
import { LatencyProbe } from '../../renderer/app/latency-probe';
import { requestFrameTask, requestTaskNow } from '../../renderer/lib/frame';

let callbacks: FrameRequestCallback[] = [];
let frameTs = 1000;

/** Runs one frame's rAF callbacks (the probe's tick first, as it registers earliest). */
function runFrame(): void {
  frameTs += 16.7;
  const cbs = callbacks;
  callbacks = [];
  for (const cb of cbs) cb(frameTs);
}

/** Lets the probe's post-frame message arrive. */
const messages = () => new Promise((r) => setTimeout(r, 10));

const acts = (n: number) => Array.from({ length: n }, () => ({ outputs: [], argmax: [], probs: new Float32Array(10) }) as unknown as Activations);
const pointer = (type: string, ts: number) => ({ type, timeStamp: ts }) as unknown as PointerEvent;

let probe: LatencyProbe;

beforeEach(() => {
  callbacks = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => callbacks.push(cb));
  probe = new LatencyProbe(true);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('latency probe', () => {
  test('is a no-op when off', () => {
    const off = new LatencyProbe(false);
    off.input(pointer('pointermove', 1));
    off.computed(acts(1)[0], 'input');
    expect(off.report().events).toHaveLength(0);
    expect(off.start()).toBe(0);
  });

  test('events are bound to the activations computed from them; commit waits for every consumer; paint at frame end', async () => {
    const [a1] = acts(1);
    probe.register('prob-bars');
    probe.register('maps-0');
    runFrame();
    probe.input(pointer('pointerdown', 5));
    probe.input(pointer('pointermove', 6));
    requestFrameTask(() => {
      probe.inputTaken();
      probe.computed(a1, 'input');
      probe.shown('maps-0', a1);
      expect(probe.report().activations[0].committedAt).toBeUndefined();
      probe.shown('prob-bars', a1);
    });
    probe.input(pointer('pointermove', 7)); // still before the frame runs: taken with the others
    runFrame();
    const r1 = probe.report();
    expect(r1.events.map((e) => e.seq)).toEqual([1, 1, 1]);
    expect(r1.activations[0].committedAt).toBeDefined();
    expect(r1.activations[0].lastConsumer).toBe('prob-bars');
    expect(r1.activations[0].paintedAt).toBeUndefined();
    await messages();
    const a = probe.report().activations[0];
    expect(a.paintedBy).toBe('message');
    expect(a.frame).toBe(2);
    expect(a.frameTs).toBeCloseTo(frameTs);
    expect(a.paintedAt!).toBeGreaterThanOrEqual(a.committedAt!);
    runFrame();
    expect(probe.report().activations[0].nextFrameTs).toBeCloseTo(frameTs);
  });

  test('raw input drawn in a run asked for now, between frames: painted by the next frame, whose start is recorded', async () => {
    const [a1] = acts(1);
    probe.register('prob-bars');
    runFrame();
    probe.input(pointer('pointerrawupdate', 5));
    let ran = false;
    requestTaskNow(() => {
      probe.inputTaken();
      probe.computed(a1, 'input');
      probe.shown('prob-bars', a1);
      ran = true;
    });
    await vi.waitFor(() => expect(ran).toBe(true));
    const c = probe.report().activations[0];
    expect(c).toMatchObject({ computedInFrame: false, committedInFrame: false, committedFrame: 1 });
    expect(c.paintedAt).toBeUndefined();
    runFrame();
    await messages();
    const a = probe.report().activations[0];
    expect(a).toMatchObject({ frame: 2, paintedBy: 'message' });
    expect(a.frameTs).toBeCloseTo(frameTs);
    expect(a.frameBeganAt!).toBeGreaterThanOrEqual(a.committedAt!);
    expect(a.paintedAt!).toBeGreaterThanOrEqual(a.frameBeganAt!);
    expect(probe.report().events[0]).toMatchObject({ type: 'pointerrawupdate', handledFrame: 1, seq: 1 });
  });

  test('events after the input was taken wait for the next activations', () => {
    const [a1, a2] = acts(2);
    probe.register('prob-bars');
    probe.input(pointer('pointermove', 1));
    probe.inputTaken();
    probe.input(pointer('pointermove', 2));
    probe.computed(a1, 'input');
    expect(probe.report().events.map((e) => e.seq)).toEqual([1, -1]);
    probe.inputTaken();
    probe.computed(a2, 'input');
    expect(probe.report().events.map((e) => e.seq)).toEqual([1, 2]);
  });

  test('drawn outside a frame: painted by the next frame; if that frame ends unseen, bounded by the one after', () => {
    const [a1] = acts(1);
    probe.register('maps-0');
    runFrame();
    probe.computed(a1, 'weights');
    probe.shown('maps-0', a1);
    runFrame(); // frame 2 shows it; its message has not arrived when frame 3 starts
    expect(probe.report().activations[0].paintedAt).toBeUndefined();
    runFrame();
    const a = probe.report().activations[0];
    expect(a.frame).toBe(2);
    expect(a.paintedBy).toBe('next-frame');
    expect(a.nextFrameTs).toBeCloseTo(frameTs);
  });

  test('a newer drawing completes older activations a consumer skipped; unregistering stops the wait', () => {
    const [a1, a2] = acts(2);
    const off = probe.register('maps-1');
    probe.register('prob-bars');
    probe.computed(a1, 'input');
    probe.computed(a2, 'input');
    probe.shown('prob-bars', a2);
    expect(probe.report().activations.every((a) => a.committedAt === undefined)).toBe(true);
    off();
    expect(probe.report().activations.every((a) => a.committedAt !== undefined)).toBe(true);
  });

  test('weight refreshes are counted and tag the activations computed after them', () => {
    const [a1] = acts(1);
    probe.weights();
    probe.computed(a1, 'weights');
    const r = probe.report();
    expect(r.weightRefreshes).toHaveLength(1);
    expect(r.activations[0]).toMatchObject({ cause: 'weights', weightsVersion: 1 });
  });

  test('live canvases: handed over at the first moment the page runs after the drawing task, never within it', async () => {
    const [a1, a2] = acts(2);
    probe.register('prob-bars', true);
    probe.register('maps-0', true);
    probe.computed(a1, 'input');
    probe.shown('prob-bars', a1);
    probe.shown('maps-0', a1);
    probe.input(pointer('pointermove', 9)); // same task: the canvases are not handed over yet
    expect(probe.report().activations[0].handedAt).toBeUndefined();
    await Promise.resolve(); // the drawing task's microtasks
    const before = performance.now();
    probe.input(pointer('pointermove', 10)); // a later task: a pointer handler
    const a = probe.report().activations[0];
    expect(a.handedAt).toBeGreaterThanOrEqual(before);
    expect(a.handedAt!).toBeGreaterThanOrEqual(a.committedAt!);
    // with no other entry the task posted after the drawing stamps them
    probe.computed(a2, 'input');
    probe.shown('prob-bars', a2);
    probe.shown('maps-0', a2);
    await messages();
    expect(probe.report().activations[1].handedAt).toBeDefined();
  });

  test('not handed over when any consumer draws into an ordinary canvas', async () => {
    const [a1] = acts(1);
    probe.register('prob-bars', true);
    probe.register('dense-7');
    probe.computed(a1, 'input');
    probe.shown('prob-bars', a1);
    probe.shown('dense-7', a1);
    await messages();
    expect(probe.report().activations[0].committedAt).toBeDefined();
    expect(probe.report().activations[0].handedAt).toBeUndefined();
  });

  test('lean: no rAF callback every frame and no measures; events, activations and the hand-over still recorded', async () => {
    callbacks = [];
    const lean = new LatencyProbe(true, { frames: false, measures: false });
    expect(callbacks).toHaveLength(0); // no frame loop: the page renders frames only when it needs to
    expect(lean.start()).toBe(0);
    const [a1] = acts(1);
    lean.register('prob-bars', true);
    lean.input(pointer('pointermove', 5));
    lean.inputTaken();
    lean.computed(a1, 'input');
    lean.shown('prob-bars', a1);
    await messages();
    const r = lean.report();
    expect(r.frames).toEqual([]);
    expect(r.events[0].seq).toBe(1);
    expect(r.activations[0].committedAt).toBeDefined();
    expect(r.activations[0].handedAt).toBeDefined();
    expect(r.activations[0].paintedAt).toBeUndefined();
  });
});
