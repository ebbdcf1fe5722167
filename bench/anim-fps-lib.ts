// Pure parts of the sliding-filter frame-rate benchmark (bench/anim-fps.ts): frames kept per second from the page's
// rAF timestamps, frame-interval statistics, main-thread time per frame, and the table it prints.
import { FRAME_MS, stats, type Stats } from './ui-latency-lib.js';

/** Where the animation plays: the filter designer, or the enlarged map of the first conv layer. */
export type Place = 'designer' | 'map' | 'map2';

/** Cumulative main-thread seconds from the DevTools protocol's Performance.getMetrics. */
export interface MainThreadMetrics {
  TaskDuration: number;
  ScriptDuration: number;
  LayoutDuration: number;
  RecalcStyleDuration: number;
}

export interface FpsResult {
  place: Place;
  k: number;
  /** Cells per second asked for. */
  speed: number;
  scenario: 'idle' | 'training';
  /** Frames (rAF callbacks) in each whole second of the measurement; median and minimum over those seconds. */
  perSecond: number[];
  medianFps: number;
  minFps: number;
  /** Frames per second over the whole measurement. */
  meanFps: number;
  /** rAF intervals, ms. */
  interval: Stats;
  /** Intervals longer than 1.5 frames (at least one vsync missed), and long animation frames (> 50 ms). */
  missed: number;
  longFrames: number;
  /** Main-thread time per frame, ms: all tasks, script, layout, style recalculation (Performance.getMetrics). */
  mainPerFrame: { task: number; script: number; layout: number; style: number };
  /** Animation steps shown per second (should be the speed: it advances by elapsed time). */
  stepsPerSecond: number;
  seconds: number;
  loadBefore: number[];
  loadAfter: number[];
  /** Training batches per second during the measurement (training scenario). */
  batchesPerSecond: number | null;
}

/** Frames in each whole 1000 ms window from the first timestamp (the last, partial window left out). */
export function framesPerSecond(ts: readonly number[]): number[] {
  if (ts.length < 2) return [];
  const out: number[] = [];
  const t0 = ts[0];
  const whole = Math.floor((ts[ts.length - 1] - t0) / 1000);
  for (let i = 0; i < whole; i++) out.push(ts.filter((t) => t >= t0 + i * 1000 && t < t0 + (i + 1) * 1000).length);
  return out;
}

const median = (xs: readonly number[]) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The figures of one measurement from its rAF timestamps, the main-thread metrics before and after, and the rest. */
export function summarizeFps(
  at: Pick<FpsResult, 'place' | 'k' | 'speed' | 'scenario'>,
  ts: readonly number[],
  before: MainThreadMetrics,
  after: MainThreadMetrics,
  extra: { longFrames: number; steps: number; loadBefore: number[]; loadAfter: number[]; batches: number | null },
): FpsResult {
  const gaps = ts.slice(1).map((t, i) => t - ts[i]);
  const seconds = ts.length > 1 ? (ts[ts.length - 1] - ts[0]) / 1000 : 0;
  const frames = Math.max(1, gaps.length);
  const per = (k: keyof MainThreadMetrics) => ((after[k] - before[k]) * 1000) / frames;
  const perSecond = framesPerSecond(ts);
  return {
    ...at,
    perSecond,
    medianFps: median(perSecond),
    minFps: perSecond.length ? Math.min(...perSecond) : 0,
    meanFps: seconds > 0 ? gaps.length / seconds : 0,
    interval: stats(gaps),
    missed: gaps.filter((g) => g > 1.5 * FRAME_MS).length,
    longFrames: extra.longFrames,
    mainPerFrame: { task: per('TaskDuration'), script: per('ScriptDuration'), layout: per('LayoutDuration'), style: per('RecalcStyleDuration') },
    stepsPerSecond: seconds > 0 ? extra.steps / seconds : 0,
    seconds,
    loadBefore: extra.loadBefore,
    loadAfter: extra.loadAfter,
    batchesPerSecond: extra.batches === null || seconds === 0 ? null : extra.batches / seconds,
  };
}

const f1 = (v: number | null) => (v === null ? '–' : v.toFixed(1));

/** The Markdown table of a run: one row per place, K, speed and scenario. */
export function formatFpsTable(machine: { cpus: number; chromium: string }, still: { rafMs: number; stillMs: number }, results: readonly FpsResult[]): string {
  const lines = [
    `Chromium ${machine.chromium} (headless, --disable-gpu), ${machine.cpus} cores; nothing playing: rAF every ${still.rafMs.toFixed(2)} ms, main thread ${still.stillMs.toFixed(2)} ms a frame`,
    '',
    'Frames kept of 60 per second (median / lowest whole second), rAF interval p50 / p95 / max (ms), intervals missing a vsync,',
    'long animation frames (> 50 ms), main-thread time per frame (ms: all tasks / script / layout / style), steps shown per second,',
    'training batches per second, 1-minute load before → after',
    '',
    '| place | K | cells/s | scenario | fps median / min | interval p50 / p95 / max | missed | long | main ms/frame task / script / layout / style | steps/s | batches/s | load |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of results) {
    const m = r.mainPerFrame;
    const iv = `${f1(r.interval.p50)} / ${f1(r.interval.p95)} / ${f1(r.interval.max)}`;
    lines.push(
      `| ${r.place} | ${r.k} | ${r.speed} | ${r.scenario} | ${r.medianFps} / ${r.minFps} | ${iv} | ${r.missed} | ${r.longFrames} | ${m.task.toFixed(2)} / ${m.script.toFixed(2)} / ${m.layout.toFixed(2)} / ${m.style.toFixed(2)} | ${r.stepsPerSecond.toFixed(1)} | ${f1(r.batchesPerSecond)} | ${r.loadBefore[0]} → ${r.loadAfter[0]} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
