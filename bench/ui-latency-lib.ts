// Pure parts of the UI latency benchmark (bench/ui-latency.ts): the digit strokes it draws and the statistics it
// derives from the probe's report (bench/ui-probe.ts: percentiles, frame steadiness, weight-refresh intervals).
import type { ProbeActivation, ProbeReport } from './ui-probe.js';
import type { TraceSummary } from './ui-latency-trace.js';

type Pt = [number, number];

/** Points every `step` pad pixels along a polyline (measured along the path, so joins add no tiny steps). */
function resample(poly: Pt[], step: number): Pt[] {
  const out: Pt[] = [poly[0]];
  let carry = 0;
  for (let i = 1; i < poly.length; i++) {
    const [ax, ay] = poly[i - 1];
    const [bx, by] = poly[i];
    const len = Math.hypot(bx - ax, by - ay);
    let d = step - carry;
    for (; d <= len; d += step) out.push([ax + ((bx - ax) * d) / len, ay + ((by - ay) * d) / len]);
    carry = len - (d - step);
  }
  const end = poly[poly.length - 1];
  const last = out[out.length - 1];
  if (Math.hypot(end[0] - last[0], end[1] - last[1]) >= step / 2) out.push(end);
  return out;
}

function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, n = 24): Pt[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = ((from + ((to - from) * i) / n) * Math.PI) / 180;
    return [cx + rx * Math.cos(t), cy + ry * Math.sin(t)] as Pt;
  });
}

/** Hand-shaped strokes of digit `d` (0–9) on the 280×280 pad, as points about 6 px apart. */
export function digitStrokes(d: number): Pt[][] {
  const shapes: Pt[][][] = [
    [arc(140, 140, 60, 90, -90, 270)],
    [[[120, 70], [145, 45], [145, 235]]],
    [[...arc(140, 100, 55, 50, 200, 360), [195, 110], [85, 235], [200, 235]]],
    [[...arc(140, 95, 50, 45, 200, 450)], arc(140, 185, 55, 50, -90, 160)],
    [[[170, 45], [80, 170], [205, 170]], [[165, 110], [165, 240]]],
    [[[195, 50], [100, 50], [92, 130], ...arc(140, 170, 60, 55, -150, 150)]],
    [[[175, 50], ...arc(140, 175, 55, 55, 210, 570)]],
    [[[80, 55], [200, 55], [115, 235]], [[110, 140], [180, 140]]],
    [[...arc(140, 95, 45, 45, 90, 450), ...arc(140, 185, 55, 50, -90, 270)]],
    [[...arc(140, 100, 50, 50, 0, 360), [190, 100], [180, 240]]],
  ];
  return shapes[((d % 10) + 10) % 10].map((s) => resample(s, 6));
}

export interface Stats {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  mean: number | null;
}

/** Percentiles by the nearest-rank method. */
export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { n: 0, p50: null, p95: null, max: null, mean: null };
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, p50: rank(0.5), p95: rank(0.95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

function longFrames(loafs: readonly Loaf[]): ScenarioResult['longFrames'] {
  const by = new Map<string, { totalMs: number; count: number }>();
  for (const l of loafs)
    for (const sc of l.scripts) {
      const e = by.get(sc.name) ?? { totalMs: 0, count: 0 };
      e.totalMs += sc.duration;
      e.count++;
      by.set(sc.name, e);
    }
  const topScripts = [...by.entries()].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.totalMs - a.totalMs).slice(0, 8);
  return { count: loafs.length, totalMs: loafs.reduce((a, l) => a + l.duration, 0), renderMs: loafs.reduce((a, l) => a + l.render, 0), topScripts };
}

const diffs = (ts: readonly number[]) => ts.slice(1).map((t, i) => t - ts[i]);
const share = <T>(xs: readonly T[], ok: (x: T) => boolean) => (xs.length ? xs.filter(ok).length / xs.length : 0);

/** A long animation frame (> 50 ms) as the page reported it: its time in rendering and the scripts run in it. */
export interface Loaf {
  start: number;
  duration: number;
  render: number;
  scripts: { name: string; duration: number }[];
}

/** One refresh of a 60 Hz display, ms. */
export const FRAME_MS = 1000 / 60;

export interface ScenarioResult {
  scenario: string;
  /**
   * (c) Pointer event timeStamp → end of the main-thread rendering (rAF, style, layout, paint, commit) of the frame
   * that showed its prediction and maps.
   */
  toPainted: Stats;
  /**
   * (a) Pointer event timeStamp → the app's paint: the prediction bars and every on-screen map and bar chart drawn
   * into their canvases / DOM (before the frame's style, layout and paint).
   */
  toDrawn: Stats;
  /**
   * (b) Pointer event timeStamp → every live canvas showing its prediction and maps handed to the compositor (the
   * first task after the one that drew them; events whose consumers were all live canvases, see `handedShare`).
   */
  toHanded: Stats;
  /** Share of events whose consumers were all live (desynchronized) canvases, so that (b) applies. */
  handedShare: number;
  /**
   * (b) measured in a Chrome trace: pointer event timeStamp → the end of the batch of live-canvas dispatches that
   * followed the drawing of its prediction and maps (the compositor has them). Null when no trace was taken.
   */
  toDispatched: Stats | null;
  /** Share of events with (a), with (b) and with (c) at most one 60 Hz frame (16.7 ms) after the event. */
  withinOneFrame: { drawn: number; handed: number; dispatched: number | null; painted: number };
  /** How many pad events of each type (pointerrawupdate: not frame-aligned; pointermove: frame-aligned). */
  eventTypes: Record<string, number>;
  /** Pointer event timeStamp → the following frame's rAF timestamp. */
  toNextFrame: Stats;
  /** Like toPainted, but from the oldest coalesced sample of each event. */
  fromOldest: Stats;
  /** Event timeStamp → its handler ran. */
  toHandler: Stats;
  /** Event timeStamp → the rAF timestamp (vsync) of the frame that painted it: the wait for that frame. */
  toFrameStart: Stats;
  /** That frame's rAF timestamp → painted: how long the frame took to show it (≤ 16.7 ms: within one frame). */
  frameToPainted: Stats;
  /**
   * The pieces: handler → activations computed → committed (all drawn) → painted; frameToHandler is negative when
   * the handler ran before the frame that painted it began (raw input).
   */
  steps: { frameToHandler: Stats; handlerToComputed: Stats; computedToCommitted: Stats; committedToPainted: Stats; vsyncToBegin: Stats; beginToPainted: Stats };
  /** Inferences made for pad input, and per frame that showed stroke input (more than one: some were never shown). */
  inputComputes: { count: number; perShownFrame: number };
  /** Share of events shown by the first frame that began after their handler ran. */
  firstFrameShare: number;
  /** How each painted time was observed: the task after the frame ('message') or the next frame's start (a bound). */
  paintedBy: Record<string, number>;
  /** How many frames began between the handler and the frame that painted it (0: the next frame to begin). */
  framesLate: Record<string, number>;
  /** Events whose prediction was never drawn (should be 0). */
  unpainted: number;
  skippedMoves: number;
  coalescedEvents: number;
  consumers: string[];
  frames: { n: number; mean: number | null; max: number | null; over25: number };
  longTasks: { count: number; max: number | null; total: number };
  weightRefresh: Stats;
  mapRepaint: Stats;
  /** The probe's performance.measure entries of the app's spans (preprocess, infer, explain, maps-paint) by name. */
  measures: Record<string, Stats>;
  /** Long animation frames: how many, their time in rendering, and the scripts that took the most time in them. */
  longFrames: { count: number; totalMs: number; renderMs: number; topScripts: { name: string; totalMs: number; count: number }[] };
  durationMs: number;
  loadBefore: number[];
  loadAfter: number[];
  trainingStatus: string | null;
  /** Training scenarios: batches trained per second while the bench drew, and in the seconds after (no pen down). */
  trainingRate?: { whileDrawing: number; afterwards: number };
  /** Training scenarios: the threads the run trained on (its config as the session reported it); null when idle. */
  trainingThreads?: number | null;
  /** With --trace: the main thread's rendering per frame while drawing. */
  trace?: TraceSummary;
}

/** Turns a probe report (plus the page's long tasks in the scenario window) into the figures the bench prints. */
export function summarize(
  scenario: string,
  r: ProbeReport,
  longTasks: readonly { start: number; duration: number }[],
  measures: readonly { name: string; duration: number }[],
  loafs: readonly Loaf[],
  meta: { start: number; end: number; loadBefore: number[]; loadAfter: number[]; trainingStatus: string | null },
  /** dispatchBatchEnds of a trace of the drawing phase, if one was taken. */
  dispatched?: readonly number[],
): ScenarioResult {
  const bySeq = new Map(r.activations.map((a) => [a.seq, a]));
  // events whose prediction and maps were drawn; of those, the ones a page frame was timed for (the probe's frames)
  const drawn = r.events.flatMap((e) => {
    const a = bySeq.get(e.seq);
    return a?.committedAt !== undefined ? [{ e, a }] : [];
  });
  const painted = drawn.filter((p) => p.a.paintedAt !== undefined);
  const handed = drawn.filter((p) => p.a.handedAt !== undefined);
  const dispatchedAt = (p: { a: ProbeActivation }) => (dispatched ? firstAtOrAfter(dispatched, p.a.committedAt!) : undefined);
  const withDispatch = dispatched ? handed.flatMap((p) => (dispatchedAt(p) !== undefined ? [{ ...p, d: dispatchedAt(p)! }] : [])) : [];
  const withNext = painted.filter((p) => p.a.nextFrameTs !== undefined);
  // a map repaint from new weights: the first painted activations computed with each weight version
  const firstPerVersion = new Map<number, number>();
  for (const a of r.activations) if (a.committedAt !== undefined && !firstPerVersion.has(a.weightsVersion)) firstPerVersion.set(a.weightsVersion, a.paintedAt ?? a.committedAt);
  const repaints = [...firstPerVersion.entries()].sort((x, y) => x[0] - y[0]).map(([, t]) => t);
  const frameGaps = diffs(r.frames);
  const fs = stats(frameGaps);
  return {
    scenario,
    toPainted: stats(painted.map((p) => p.a.paintedAt! - p.e.ts)),
    toDrawn: stats(drawn.map((p) => p.a.committedAt! - p.e.ts)),
    toHanded: stats(handed.map((p) => p.a.handedAt! - p.e.ts)),
    handedShare: drawn.length ? handed.length / drawn.length : 0,
    toDispatched: dispatched ? stats(withDispatch.map((p) => p.d - p.e.ts)) : null,
    withinOneFrame: {
      drawn: share(drawn, (p) => p.a.committedAt! - p.e.ts <= FRAME_MS),
      handed: share(handed, (p) => p.a.handedAt! - p.e.ts <= FRAME_MS),
      dispatched: dispatched ? share(withDispatch, (p) => p.d - p.e.ts <= FRAME_MS) : null,
      painted: share(painted, (p) => p.a.paintedAt! - p.e.ts <= FRAME_MS),
    },
    eventTypes: r.events.reduce<Record<string, number>>((acc, e) => {
      acc[e.type] = (acc[e.type] ?? 0) + 1;
      return acc;
    }, {}),
    toNextFrame: stats(withNext.map((p) => p.a.nextFrameTs! - p.e.ts)),
    fromOldest: stats(painted.map((p) => p.a.paintedAt! - p.e.oldestTs)),
    toHandler: stats(r.events.map((e) => e.handledAt - e.ts)),
    toFrameStart: stats(painted.map((p) => p.a.frameTs! - p.e.ts)),
    frameToPainted: stats(painted.map((p) => p.a.paintedAt! - p.a.frameTs!)),
    steps: {
      frameToHandler: stats(painted.map((p) => p.e.handledAt - p.a.frameTs!)),
      handlerToComputed: stats(drawn.map((p) => p.a.computedAt - p.e.handledAt)),
      computedToCommitted: stats(drawn.map((p) => p.a.committedAt! - p.a.computedAt)),
      committedToPainted: stats(painted.map((p) => p.a.paintedAt! - p.a.committedAt!)),
      vsyncToBegin: stats(painted.filter((p) => p.a.frameBeganAt !== undefined).map((p) => p.a.frameBeganAt! - p.a.frameTs!)),
      beginToPainted: stats(painted.filter((p) => p.a.frameBeganAt !== undefined).map((p) => p.a.paintedAt! - p.a.frameBeganAt!)),
    },
    inputComputes: {
      count: r.activations.filter((a) => a.cause === 'input').length,
      perShownFrame: r.activations.filter((a) => a.cause === 'input').length / Math.max(1, new Set(painted.map((p) => p.a.frame)).size),
    },
    paintedBy: painted.reduce<Record<string, number>>((acc, p) => {
      const k = p.a.paintedBy ?? '?';
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {}),
    firstFrameShare: painted.length ? painted.filter((p) => p.a.frame === p.e.handledFrame + 1).length / painted.length : 0,
    framesLate: painted.reduce<Record<string, number>>((acc, p) => {
      const k = String(p.a.frame! - p.e.handledFrame - 1);
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {}),
    unpainted: r.events.length - drawn.length,
    skippedMoves: r.skippedMoves,
    coalescedEvents: r.events.filter((e) => e.coalesced > 1).length,
    consumers: r.consumers,
    frames: { n: r.frames.length, mean: fs.mean, max: fs.max, over25: frameGaps.filter((d) => d > 25).length },
    longTasks: { count: longTasks.length, max: longTasks.length ? Math.max(...longTasks.map((t) => t.duration)) : null, total: longTasks.reduce((a, t) => a + t.duration, 0) },
    weightRefresh: stats(diffs(r.weightRefreshes)),
    mapRepaint: stats(diffs(repaints.slice(1))),
    measures: Object.fromEntries([...new Set(measures.map((m) => m.name))].map((n) => [n, stats(measures.filter((m) => m.name === n).map((m) => m.duration))])),
    longFrames: longFrames(loafs),
    durationMs: meta.end - meta.start,
    loadBefore: meta.loadBefore,
    loadAfter: meta.loadAfter,
    trainingStatus: meta.trainingStatus,
  };
}

const f1 = (v: number | null) => (v === null ? '–' : v.toFixed(1));

/** The bench's three Markdown tables (latency, where the time goes, steadiness) for its results. */
export function formatTables(machine: { cpus: number; chromium: string }, fps: { meanMs: number }, results: ScenarioResult[], vp: { width: number; height: number }): string {
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  const ms = (st: Stats, keys: ('p50' | 'p95' | 'max')[] = ['p50', 'p95']) => keys.map((k) => f1(st[k])).join(' / ');
  say(`Chromium ${machine.chromium} (headless, --disable-gpu), ${machine.cpus} cores, rAF every ${fps.meanMs.toFixed(2)} ms, viewport ${vp.width}×${vp.height}`);
  for (const r of results) {
    const types = Object.entries(r.eventTypes).map(([k, n]) => `${n} ${k}`).join(', ');
    const on = r.trainingThreads ? `; training on ${r.trainingThreads} thread${r.trainingThreads === 1 ? '' : 's'}` : '';
    say(`${r.scenario}: pad events ${types}; drawn and timed on screen: ${r.consumers.join(', ')}${on}`);
  }
  say('');
  say('Latency, ms, from the pointer event timeStamp: (a) drawn = prediction and every on-screen map drawn into their canvases (the app\'s paint);');
  say('(b) handed over = those live canvases given to the compositor: measured in a Chrome trace (the end of the live-canvas dispatches after');
  say('the drawing), and as the page sees it (an upper bound: the first moment the page runs again after that task; in brackets the share of');
  say('events whose views were all live canvases); (c) page frame = the end of the main-thread rendering of the page\'s next frame.');
  say('≤ 16.7: share within one 60 Hz frame.');
  say('');
  const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(0)} %`);
  say('| scenario | events (coalesced) | (a) event → drawn p50 / p95 / max | (b) event → handed over (trace) p50 / p95 / max | (b) upper bound (page) p50 / p95 | (c) event → page frame p50 / p95 | (a) / (b) trace / (b) page / (c) ≤ 16.7 | load 1 min |');
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const none: Stats = { n: 0, p50: null, p95: null, max: null, mean: null };
  for (const r of results) {
    const w = r.withinOneFrame;
    const within = `${pct(w.drawn)} / ${pct(w.dispatched)} / ${pct(w.handed)} / ${pct(w.painted)}`;
    say(`| ${r.scenario} | ${r.toDrawn.n} (${r.coalescedEvents}) | ${ms(r.toDrawn, ['p50', 'p95', 'max'])} | ${ms(r.toDispatched ?? none, ['p50', 'p95', 'max'])} | ${ms(r.toHanded)} (${pct(r.handedShare)}) | ${ms(r.toPainted)} | ${within} | ${r.loadBefore[0]} → ${r.loadAfter[0]} |`);
  }
  say('');
  say('Where the time goes, ms p50 / p95: event → handler → activations computed → all drawn → painted, and the frame: event → its');
  say('vsync (rAF timestamp) → its rAF callbacks begin → painted; renderer measures; inferences per frame that showed input');
  say('');
  say('| scenario | event → handler | handler → computed | computed → drawn | drawn → painted | event → vsync | vsync → frame begins | frame begins → painted | preprocess | infer | explain | one map grid | inferences per frame |');
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const st = r.steps;
    const m = (k: string) => ms(r.measures[k] ?? none);
    say(`| ${r.scenario} | ${ms(r.toHandler)} | ${ms(st.handlerToComputed)} | ${ms(st.computedToCommitted)} | ${ms(st.committedToPainted)} | ${ms(r.toFrameStart)} | ${ms(st.vsyncToBegin)} | ${ms(st.beginToPainted)} | ${m('preprocess')} | ${m('infer')} | ${m('explain')} | ${m('maps-paint')} | ${r.inputComputes.perShownFrame.toFixed(2)} |`);
  }
  say('');
  say('Steadiness: frame intervals, long tasks (> 50 ms), weight-mirror refreshes and map repaints from new weights (mean / max ms);');
  say('training: its threads and batches per second while the bench drew / in the seconds after');
  say('');
  say('| scenario | frames mean / max | frames > 25 ms | long tasks (n, max, total ms) | weight refresh | map repaint from new weights | training threads | batches/s drawing / after |');
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const lt = `${r.longTasks.count}, ${f1(r.longTasks.max)}, ${r.longTasks.total.toFixed(0)}`;
    const rate = r.trainingRate ? `${r.trainingRate.whileDrawing.toFixed(0)} / ${r.trainingRate.afterwards.toFixed(0)}` : '–';
    say(`| ${r.scenario} | ${f1(r.frames.mean)} / ${f1(r.frames.max)} | ${r.frames.over25} of ${r.frames.n} | ${lt} | ${f1(r.weightRefresh.mean)} / ${f1(r.weightRefresh.max)} | ${f1(r.mapRepaint.mean)} / ${f1(r.mapRepaint.max)} | ${r.trainingThreads ?? '–'} | ${rate} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The first of the sorted times `ts` at or after `t` (undefined when none). */
function firstAtOrAfter(ts: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return ts[lo];
}
