// bench:ui's in-page probe (bench/ui-probe.ts) fed through the app's measurement hook (renderer/app/measure-hook.ts),
// with a hand-driven requestAnimationFrame: pointer events bound to the activations computed from them, commit when
// every view has drawn, paint at the frame's end.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { installProbe, type LatencyProbe } from '../../bench/ui-probe';
import type { Activations } from '../../core/model';
import { marks } from '../../renderer/app/measure-hook';
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

// the app's marks, as the pad, the live input and the views make them
const input = (e: PointerEvent) => marks.emit('pad:input', e);
const inputTaken = () => marks.emit('input:taken');
const computed = (a: Activations, cause: 'input' | 'weights' = 'input') => marks.emit('activations', a, cause);
const shown = (key: string, a: Activations) => marks.emit('view:drawn', key, a);

beforeEach(() => {
  callbacks = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => callbacks.push(cb));
  probe = installProbe();
});

afterEach(() => {
  vi.unstubAllGlobals();
  delete window.__measure;
  delete window.__uiProbe;
});

describe('latency probe', () => {
  test('installs itself as the listener of the app\'s marks and as window.__uiProbe', () => {
    expect(window.__uiProbe).toBe(probe);
    expect(window.__measure).toBe(probe.listen);
    marks.emit('pad:skip');
    expect(probe.report().skippedMoves).toBe(1);
  });

  test('spans become performance.measure entries; lean records none', () => {
    performance.clearMeasures();
    marks.emit('span:start', 'infer');
    marks.emit('span:end', 'infer');
    marks.emit('span:end', 'preprocess'); // never started: nothing
    expect(performance.getEntriesByType('measure').map((m) => m.name)).toEqual(['infer']);
    installProbe({ frames: false, measures: false });
    marks.emit('span:start', 'infer');
    marks.emit('span:end', 'infer');
    expect(performance.getEntriesByType('measure')).toHaveLength(1);
    performance.clearMeasures();
  });

  test('events are bound to the activations computed from them; commit waits for every consumer; paint at frame end', async () => {
    const [a1] = acts(1);
    marks.view('prob-bars', false);
    marks.view('maps-0', false);
    runFrame();
    input(pointer('pointerdown', 5));
    input(pointer('pointermove', 6));
    requestFrameTask(() => {
      inputTaken();
      computed(a1);
      shown('maps-0', a1);
      expect(probe.report().activations[0].committedAt).toBeUndefined();
      shown('prob-bars', a1);
    });
    input(pointer('pointermove', 7)); // still before the frame runs: taken with the others
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
    marks.view('prob-bars', false);
    runFrame();
    input(pointer('pointerrawupdate', 5));
    let ran = false;
    requestTaskNow(() => {
      inputTaken();
      computed(a1);
      shown('prob-bars', a1);
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
    marks.view('prob-bars', false);
    input(pointer('pointermove', 1));
    inputTaken();
    input(pointer('pointermove', 2));
    computed(a1);
    expect(probe.report().events.map((e) => e.seq)).toEqual([1, -1]);
    inputTaken();
    computed(a2);
    expect(probe.report().events.map((e) => e.seq)).toEqual([1, 2]);
  });

  test('drawn outside a frame: painted by the next frame; if that frame ends unseen, bounded by the one after', () => {
    const [a1] = acts(1);
    marks.view('maps-0', false);
    runFrame();
    computed(a1, 'weights');
    shown('maps-0', a1);
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
    const off = marks.view('maps-1', false);
    marks.view('prob-bars', false);
    computed(a1);
    computed(a2);
    shown('prob-bars', a2);
    expect(probe.report().activations.every((a) => a.committedAt === undefined)).toBe(true);
    off();
    expect(probe.report().activations.every((a) => a.committedAt !== undefined)).toBe(true);
  });

  test('weight refreshes are counted and tag the activations computed after them', () => {
    const [a1] = acts(1);
    marks.emit('weights:applied');
    computed(a1, 'weights');
    const r = probe.report();
    expect(r.weightRefreshes).toHaveLength(1);
    expect(r.activations[0]).toMatchObject({ cause: 'weights', weightsVersion: 1 });
  });

  test('live canvases: handed over at the first moment the page runs after the drawing task, never within it', async () => {
    const [a1, a2] = acts(2);
    marks.view('prob-bars', true);
    marks.view('maps-0', true);
    computed(a1);
    shown('prob-bars', a1);
    shown('maps-0', a1);
    input(pointer('pointermove', 9)); // same task: the canvases are not handed over yet
    expect(probe.report().activations[0].handedAt).toBeUndefined();
    await Promise.resolve(); // the drawing task's microtasks
    const before = performance.now();
    input(pointer('pointermove', 10)); // a later task: a pointer handler
    const a = probe.report().activations[0];
    expect(a.handedAt).toBeGreaterThanOrEqual(before);
    expect(a.handedAt!).toBeGreaterThanOrEqual(a.committedAt!);
    // with no other entry the task posted after the drawing stamps them
    computed(a2);
    shown('prob-bars', a2);
    shown('maps-0', a2);
    await messages();
    expect(probe.report().activations[1].handedAt).toBeDefined();
  });

  test('not handed over when any consumer draws into an ordinary canvas', async () => {
    const [a1] = acts(1);
    marks.view('prob-bars', true);
    marks.view('dense-7', false);
    computed(a1);
    shown('prob-bars', a1);
    shown('dense-7', a1);
    await messages();
    expect(probe.report().activations[0].committedAt).toBeDefined();
    expect(probe.report().activations[0].handedAt).toBeUndefined();
  });

  test('lean: no rAF callback every frame and no measures; events, activations and the hand-over still recorded', async () => {
    callbacks = [];
    const lean = installProbe({ frames: false, measures: false });
    expect(callbacks).toHaveLength(0); // no frame loop: the page renders frames only when it needs to
    const [a1] = acts(1);
    marks.view('prob-bars', true);
    input(pointer('pointermove', 5));
    inputTaken();
    computed(a1);
    shown('prob-bars', a1);
    await messages();
    const r = lean.report();
    expect(r.frames).toEqual([]);
    expect(r.events[0].seq).toBe(1);
    expect(r.activations[0].committedAt).toBeDefined();
    expect(r.activations[0].handedAt).toBeDefined();
    expect(r.activations[0].paintedAt).toBeUndefined();
  });
});
