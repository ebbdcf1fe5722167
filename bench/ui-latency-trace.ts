// The UI latency benchmark's Chrome-trace part (bench/ui-latency.ts --trace, and the light trace of every scenario):
// the main thread's rendering per frame, and the live-canvas dispatches put on the page's clock.
import { stats, type Stats } from './ui-latency-lib.js';

/** A Chrome trace event (the fields used here). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { startTime?: number } };
}

/** The user-timing mark the bench sets in the page to put trace times and performance.now() on one clock. */
export const CLOCK_MARK = 'bench:clock';

/**
 * When live canvases reached the compositor, in the page's performance.now() time: the end of each batch of
 * CanvasResourceDispatcher::DispatchFrame events (the live canvases a task drew, dispatched one after another when
 * it ends), sorted. Trace timestamps are put on the page's clock by the CLOCK_MARK instant (its trace ts and its
 * startTime). Empty when the trace has no mark.
 */
export function dispatchBatchEnds(events: readonly TraceEvent[]): number[] {
  const mark = events.find((e) => e.name === CLOCK_MARK && e.args?.data?.startTime !== undefined);
  if (!mark) return [];
  const offset = mark.ts / 1000 - mark.args!.data!.startTime!;
  const ds = events.filter((e) => e.name === 'CanvasResourceDispatcher::DispatchFrame' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const ends: number[] = [];
  let end = -Infinity;
  for (const d of ds) {
    const s = d.ts / 1000;
    // a gap between two dispatches: the previous batch (one task's live canvases) is complete
    if (end !== -Infinity && s - end > BATCH_GAP_MS) ends.push(end - offset);
    end = Math.max(end, s + (d.dur ?? 0) / 1000);
  }
  if (end !== -Infinity) ends.push(end - offset);
  return ends;
}

/** Dispatches less than this apart (ms) belong to one task's batch. */
const BATCH_GAP_MS = 0.3;

/** The rendering steps of a frame on the main thread, in order (siblings in the trace, so they add up). */
export const RENDER_STEPS = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit'] as const;
/** Other main-thread events reported (these nest: input handlers and rAF callbacks run JavaScript). */
const OTHER = ['ThreadControllerImpl::RunTask', 'EventDispatch', 'FireAnimationFrame', 'FunctionCall', 'RunMicrotasks'];

export interface TraceSummary {
  /** Frames committed by the main thread (Commit events). */
  frames: number;
  /** Main-thread rendering (the steps above) per committed frame, ms: mean of the sum, and each step's mean. */
  renderPerFrameMs: number;
  steps: Record<string, { count: number; totalMs: number; perFrameMs: number }>;
  /**
   * Live (desynchronized) canvases: frames the main thread dispatched to the compositor
   * (CanvasResourceDispatcher::DispatchFrame), how long after the end of the task's JavaScript each was (the task
   * that drew it), and from each dispatch to the next activation of a compositor surface (Surface::ActivateFrame in
   * the display compositor): the frame is then what the display draws at its next refresh.
   */
  liveDispatch: { count: number; afterTask: Stats; toActivated: Stats };
}

/** Sums the page's main thread (CrRendererMain with the most events) in a Chrome trace, per frame. */
export function summarizeTrace(events: readonly TraceEvent[]): TraceSummary {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const count = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`)) count.set(`${e.pid}:${e.tid}`, (count.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const mine = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main);
  const frames = mine.filter((e) => e.name === 'Commit').length;
  const steps: TraceSummary['steps'] = {};
  for (const name of [...RENDER_STEPS, ...OTHER]) {
    const es = mine.filter((e) => e.name === name);
    const totalMs = es.reduce((a, e) => a + (e.dur ?? 0), 0) / 1000;
    steps[name] = { count: es.length, totalMs, perFrameMs: frames ? totalMs / frames : 0 };
  }
  const renderPerFrameMs = RENDER_STEPS.reduce((a, n) => a + steps[n].perFrameMs, 0);
  return { frames, renderPerFrameMs, steps, liveDispatch: liveDispatch(events, mine) };
}

function liveDispatch(events: readonly TraceEvent[], main: readonly TraceEvent[]): TraceSummary['liveDispatch'] {
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  const dispatches = main.filter((e) => e.name === 'CanvasResourceDispatcher::DispatchFrame');
  const activations = events.filter((e) => e.name === 'Surface::ActivateFrame' && e.ph === 'X').map((e) => e.ts).sort((a, b) => a - b);
  // the JavaScript that drew: the last FunctionCall / EventDispatch / FireAnimationFrame that ended before the dispatch
  const js = main.filter((e) => e.name === 'FunctionCall' || e.name === 'EventDispatch' || e.name === 'FireAnimationFrame').map(end).sort((a, b) => a - b);
  const afterTask: number[] = [];
  const toActivated: number[] = [];
  for (const d of dispatches) {
    const j = lastBefore(js, d.ts);
    if (j !== undefined) afterTask.push((d.ts - j) / 1000);
    const a = activations.find((t) => t >= end(d));
    if (a !== undefined) toActivated.push((a - end(d)) / 1000);
  }
  return { count: dispatches.length, afterTask: stats(afterTask), toActivated: stats(toActivated) };
}

/** The largest value in sorted `xs` that is ≤ t. */
function lastBefore(xs: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? xs[lo - 1] : undefined;
}
