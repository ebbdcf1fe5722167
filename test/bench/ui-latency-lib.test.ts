// The UI latency benchmark's pure parts (bench/ui-latency-lib.ts, bench/ui-latency-trace.ts): nearest-rank
// percentiles, the figures derived from a probe report (by hand on a three-event report), the tables, a trace's
// per-frame rendering and live-canvas dispatches, the digit strokes.
import { describe, expect, test } from 'vitest';
import { digitStrokes, formatTables, stats, summarize } from '../../bench/ui-latency-lib';
import { CLOCK_MARK, dispatchBatchEnds, summarizeTrace, type TraceEvent } from '../../bench/ui-latency-trace';
import type { ProbeActivation, ProbeEvent, ProbeReport } from '../../bench/ui-probe';

const ev = (ts: number, handledAt: number, handledFrame: number, seq: number): ProbeEvent => ({ type: 'pointermove', ts, oldestTs: ts - 1, coalesced: 2, handledAt, handledFrame, seq });
const act = (seq: number, weightsVersion: number, o: Partial<ProbeActivation>): ProbeActivation => ({ seq, cause: 'input', weightsVersion, computedAt: 0, computedFrame: 0, computedInFrame: true, ...o });

describe('stats', () => {
  test('nearest rank: p50 and p95 of 1..20 are 10 and 19; empty gives nulls', () => {
    const s = stats(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect([s.n, s.p50, s.p95, s.max, s.mean]).toEqual([20, 10, 19, 20, 10.5]);
    expect(stats([])).toEqual({ n: 0, p50: null, p95: null, max: null, mean: null });
  });
});

function handReport(): ProbeReport {
  return {
      events: [ev(100, 103, 9, 1), ev(110, 120, 10, 2), ev(130, 131, 11, -1)],
      activations: [
        act(1, 0, { computedAt: 105, committedAt: 108, handedAt: 109, paintedAt: 112, frame: 10, frameTs: 101, frameBeganAt: 102, nextFrameTs: 118 }),
        act(2, 1, { computedAt: 121, committedAt: 125, handedAt: 127, paintedAt: 140, frame: 12, frameTs: 134, frameBeganAt: 138, nextFrameTs: 151 }),
        act(3, 2, { cause: 'weights', computedAt: 600, committedAt: 601, paintedAt: 640, frame: 40, frameTs: 630 }),
      ],
      frames: [0, 16, 33, 60],
      frameStarts: [1, 17, 34, 61],
      weightRefreshes: [100, 600, 1200],
      skippedMoves: 4,
      consumers: ['prob-bars', 'maps-0'],
    };
}

// live-canvas dispatch batches (page time) from a trace: after activation 1 was drawn (108) and after 2 (125)
const DISPATCHED = [50, 108.5, 126];
const summarizeHand = () =>
  summarize('idle', handReport(), [{ start: 5, duration: 70 }], [{ name: 'infer', duration: 2 }], [], { start: 0, end: 1000, loadBefore: [1, 1, 1], loadAfter: [2, 1, 1], trainingStatus: null }, DISPATCHED);

describe('summarize', () => {
  test('three events: latencies, frame steps, first-frame share, unpainted count, repaint intervals', () => {
    const report = handReport();
    const r = summarize('idle', report, [{ start: 5, duration: 70 }], [{ name: 'infer', duration: 2 }], [], { start: 0, end: 1000, loadBefore: [1, 1, 1], loadAfter: [2, 1, 1], trainingStatus: null });
    expect(r.toPainted).toMatchObject({ n: 2, p50: 12, max: 30 });
    expect(r.toDrawn).toMatchObject({ p50: 8, max: 15 });
    // handed over 9 and 17 ms after the events (live canvases, both events)
    expect(r.toHanded).toMatchObject({ n: 2, p50: 9, max: 17 });
    expect(r.handedShare).toBe(1);
    // (a) 8 and 15 ms are within a 16.7 ms frame; (b) 9 is, 17 is not; (c) 12 is, 30 is not
    expect(r.withinOneFrame).toEqual({ drawn: 1, handed: 0.5, dispatched: null, painted: 0.5 });
    expect(r.toDispatched).toBeNull(); // no trace given
    expect(r.eventTypes).toEqual({ pointermove: 3 });
    expect(r.fromOldest.max).toBe(31);
    expect(r.toFrameStart.max).toBe(24);
    expect(r.frameToPainted).toMatchObject({ p50: 6, max: 11 });
    expect(r.steps.handlerToComputed).toMatchObject({ p50: 1, max: 2 });
    expect(r.steps.vsyncToBegin).toMatchObject({ p50: 1, max: 4 });
    expect(r.steps.beginToPainted).toMatchObject({ p50: 2, max: 10 });
    // two input inferences, shown by two frames
    expect(r.inputComputes).toEqual({ count: 2, perShownFrame: 1 });
    expect(r.firstFrameShare).toBe(0.5); // event 2 was handled in frame 10 and shown by frame 12
    expect(r.unpainted).toBe(1);
    expect(r.coalescedEvents).toBe(3);
    expect(r.frames).toMatchObject({ n: 4, max: 27, over25: 1 });
    expect(r.longTasks).toEqual({ count: 1, max: 70, total: 70 });
    expect(r.weightRefresh).toMatchObject({ mean: 550, max: 600 });
    // first paints per weight version: v0 at 112, v1 at 140, v2 at 640; the v0 one is the starting state
    expect(r.mapRepaint).toMatchObject({ n: 1, max: 500 });
    expect(r.measures.infer.p50).toBe(2);
  });
});

describe('formatTables', () => {
  test('with a trace: (b) from the first dispatch batch that ended after the drawing', () => {
    const r = summarizeHand();
    // events at 100 and 110: dispatched at 108.5 and 126
    expect(r.toDispatched).toMatchObject({ n: 2, p50: 8.5, max: 16 });
    expect(r.withinOneFrame.dispatched).toBe(1);
  });

  test('the latency table gives (a) drawn, (b) handed over and (c) the page frame with their within-one-frame shares', () => {
    const out = formatTables({ cpus: 2, chromium: '1.0' }, { meanMs: 16.7 }, [summarizeHand()], { width: 1440, height: 900 });
    expect(out).toContain('idle: pad events 3 pointermove; drawn and timed on screen: prob-bars, maps-0');
    expect(out).toContain('| (a) event → drawn p50 / p95 / max | (b) event → handed over (trace) p50 / p95 / max | (b) upper bound (page) p50 / p95 | (c) event → page frame p50 / p95 | (a) / (b) trace / (b) page / (c) ≤ 16.7 |');
    // drawn 8 and 15 ms; dispatched 8.5 and 16 ms (trace); handed over by 9 and 17 ms (page); page frame 12 and 30 ms
    expect(out).toContain('| idle | 2 (3) | 8.0 / 15.0 / 15.0 | 8.5 / 16.0 / 16.0 | 9.0 / 17.0 (100 %) | 12.0 / 30.0 | 100 % / 100 % / 50 % / 50 % |');
  });

  test("a training scenario says its run's threads and pace", () => {
    const r = { ...summarizeHand(), scenario: 'training-no-wait', trainingThreads: 2, trainingRate: { whileDrawing: 61.4, afterwards: 180.2 } };
    const out = formatTables({ cpus: 2, chromium: '1.0' }, { meanMs: 16.7 }, [r], { width: 1440, height: 900 });
    expect(out).toContain('training-no-wait: pad events 3 pointermove; drawn and timed on screen: prob-bars, maps-0; training on 2 threads');
    expect(out).toMatch(/\| training-no-wait \|[^\n]* \| 2 \| 61 \/ 180 \|\n/);
  });
});

describe('summarizeTrace', () => {
  test('sums the busiest renderer main thread per committed frame; other threads do not count', () => {
    const x = (name: string, dur: number, tid = 1): TraceEvent => ({ name, ph: 'X', pid: 7, tid, ts: 0, dur });
    const events: TraceEvent[] = [
      { name: 'thread_name', ph: 'M', pid: 7, tid: 1, ts: 0, args: { name: 'CrRendererMain' } },
      { name: 'thread_name', ph: 'M', pid: 7, tid: 2, ts: 0, args: { name: 'Compositor' } },
      x('Layout', 1000),
      x('Paint', 2000),
      x('Commit', 500),
      x('Paint', 1000),
      x('Commit', 1500),
      x('Paint', 9000, 2),
    ];
    const t = summarizeTrace(events);
    expect(t.frames).toBe(2);
    expect(t.steps.Paint).toEqual({ count: 2, totalMs: 3, perFrameMs: 1.5 });
    // (1 + 3 + 2) ms over two frames
    expect(t.renderPerFrameMs).toBeCloseTo(3);
  });
});

describe('digitStrokes', () => {
  test('every digit stays on the 280×280 pad, points 6 px apart along the path (no repeated points at joins)', () => {
    const steps: number[] = [];
    for (let d = 0; d < 10; d++) {
      const strokes = digitStrokes(d);
      expect(strokes.length).toBeGreaterThan(0);
      for (const s of strokes) {
        for (const [x, y] of s) expect(x >= 0 && x <= 280 && y >= 0 && y <= 280).toBe(true);
        for (let i = 1; i < s.length; i++) steps.push(Math.hypot(s[i][0] - s[i - 1][0], s[i][1] - s[i - 1][1]));
      }
    }
    expect(Math.min(...steps)).toBeGreaterThan(1); // a chord across a sharp corner is shorter than the path
    expect(stats(steps).p50).toBeCloseTo(6, 1);
  });

  test('live canvases: each dispatch timed from the end of the JavaScript before it and to the next surface activation', () => {
    const e = (name: string, ts: number, dur: number, tid = 1, pid = 7): TraceEvent => ({ name, ph: 'X', pid, tid, ts, dur });
    const events: TraceEvent[] = [
      { name: 'thread_name', ph: 'M', pid: 7, tid: 1, ts: 0, args: { name: 'CrRendererMain' } },
      e('FunctionCall', 1000, 3000), // JS ends at 4000 µs
      e('CanvasResourceDispatcher::DispatchFrame', 4200, 100),
      e('Surface::ActivateFrame', 4600, 50, 5, 9), // the display compositor, 0.3 ms after the dispatch ended
      e('FunctionCall', 10000, 1000),
      e('CanvasResourceDispatcher::DispatchFrame', 11500, 500),
      e('Surface::ActivateFrame', 13000, 50, 5, 9),
    ];
    const d = summarizeTrace(events).liveDispatch;
    expect(d.count).toBe(2);
    expect(d.afterTask).toMatchObject({ p50: 0.2, max: 0.5 });
    expect(d.toActivated).toMatchObject({ p50: 0.3, max: 1 });
  });

  test('dispatch batches: one per task (dispatches back to back), on the page clock through the mark', () => {
    const d = (ts: number, dur: number): TraceEvent => ({ name: 'CanvasResourceDispatcher::DispatchFrame', ph: 'X', pid: 7, tid: 1, ts, dur });
    const events: TraceEvent[] = [
      // the mark: trace time 1 000 000 µs is performance.now() 200 ms
      { name: CLOCK_MARK, ph: 'I', pid: 7, tid: 1, ts: 1_000_000, args: { data: { startTime: 200 } } },
      d(1_010_000, 100),
      d(1_010_150, 200), // 0.05 ms after the previous one ended: same batch, ends at 1 010 350 µs
      d(1_020_000, 500),
    ];
    const ends = dispatchBatchEnds(events);
    expect(ends).toHaveLength(2);
    expect(ends[0]).toBeCloseTo(210.35, 9);
    expect(ends[1]).toBeCloseTo(220.5, 9);
    expect(dispatchBatchEnds(events.slice(1))).toEqual([]); // no mark: no clock
  });
});
