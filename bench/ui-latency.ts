// `npm run bench:ui` (issue #4): stroke-to-paint latency of the studio's web build in Chromium (scripts/lib/chromium.ts), idle and
// while training runs. Real mouse strokes on the pad; the probe (bench/ui-probe.ts), injected into the page and fed by
// the app's measurement marks (renderer/app/measure-hook.ts), says when each was painted.
// Run: npm run bench:ui [-- --json] [--events 360] [--interval 8] [--scenarios idle,training,training-no-wait[,animating]]
//      [--build-dir DIR] [--rebuild]
//      [--threads N]      (training scenarios: the run's Threads field; default: the form's own, the page's cores)
//      [--await-each]      (send each mouse move only after the previous one was handled)
//      [--viewport 1440x900] (a taller one, e.g. 1440x2700, puts every feature map on screen)
//      [--profile PREFIX]  (writes PREFIX-<scenario>.cpuprofile of the drawing phase and logs the top self times)
//      [--raw PREFIX]      (writes the probe's raw report to PREFIX-<scenario>.json)
//      [--trace PREFIX]    (writes a Chrome trace of the drawing phase to PREFIX-<scenario>.json and logs the main
//                           thread's rendering time per frame)
//      [--no-dispatch-trace] (no light trace of the live-canvas dispatches while drawing: no (b) from the trace)
//      [--explain MODE]    (an explanation overlay on while drawing: off (default), saliency or gradcam — computed
//                           and painted with every stroke point; its compute time is the 'explain' measure)
//      [--lean]            (the probe without its rAF callback every frame and without performance.measure: the page
//                           then renders frames only when it needs to, as without the probe; no (c), frame or
//                           measure figures)
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { ProbeReport } from './ui-probe.js';
import { animIds, setAnimSpeed } from './anim-controls.js';
import { ensureBuild, probeScript, runMain, withChromium } from './ui-latency-serve.js';
import { digitStrokes, formatTables, summarize, type Loaf, type ScenarioResult } from './ui-latency-lib.js';
import { CLOCK_MARK, dispatchBatchEnds, summarizeTrace, type TraceEvent, type TraceSummary } from './ui-latency-trace.js';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * idle: nothing else runs. training: a run trains while the bench draws, and waits between batches while the pen is
 * down (the app's default, "wait while I draw"). training-no-wait: the same with that box unchecked. animating: the
 * filter designer's sliding filter plays at 60 cells a second (a step every frame, following the drawing) while the
 * bench draws (not in the default set: `--scenarios animating`).
 */
const SCENARIOS = ['idle', 'training', 'training-no-wait', 'animating'] as const;
const DEFAULT_SCENARIOS: readonly Scenario[] = ['idle', 'training', 'training-no-wait'];
type Scenario = (typeof SCENARIOS)[number];

interface Args {
  json: boolean;
  events: number;
  interval: number;
  scenarios: Scenario[];
  buildDir: string;
  rebuild: boolean;
  profile: string | null;
  raw: string | null;
  trace: string | null;
  dispatchTrace: boolean;
  lean: boolean;
  awaitEach: boolean;
  viewport: { width: number; height: number };
  explain: 'off' | 'saliency' | 'gradcam';
  /** The training run's threads, or null to leave the form's default (the cores). */
  threads: number | null;
}

function parseArgs(argv: string[]): Args {
  const known = ['--threads', '--explain', '--json', '--events', '--interval', '--scenarios', '--build-dir', '--rebuild', '--profile', '--raw', '--await-each', '--viewport', '--trace', '--no-dispatch-trace', '--lean'];
  for (const a of argv) if (a.startsWith('--') && !known.includes(a)) throw new Error(`bench:ui: unknown flag ${a}; known: ${known.join(' ')}`);
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, dflt: number, min: number) => {
    const v = get(name);
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`bench:ui: ${name} needs a number ≥ ${min}, got ${v}`);
    return n;
  };
  const scenarios = (get('--scenarios') ?? DEFAULT_SCENARIOS.join(',')).split(',') as Scenario[];
  for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new Error(`bench:ui: --scenarios takes some of ${SCENARIOS.join(', ')}, got ${s}`);
  return {
    json: argv.includes('--json'),
    events: Math.round(num('--events', 360, 300)),
    interval: num('--interval', 8, 1),
    scenarios,
    buildDir: resolve(ROOT, get('--build-dir') ?? 'test-output/ui-latency-web'),
    rebuild: argv.includes('--rebuild'),
    profile: get('--profile') ?? null,
    raw: get('--raw') ?? null,
    trace: get('--trace') ?? null,
    dispatchTrace: !argv.includes('--no-dispatch-trace'),
    lean: argv.includes('--lean'),
    awaitEach: argv.includes('--await-each'),
    viewport: parseViewport(get('--viewport') ?? '1440x900'),
    explain: parseExplain(get('--explain') ?? 'off'),
    threads: get('--threads') === undefined ? null : Math.round(num('--threads', 1, 1)),
  };
}

function parseExplain(v: string): Args['explain'] {
  if (v !== 'off' && v !== 'saliency' && v !== 'gradcam') throw new Error(`bench:ui: --explain takes off, saliency or gradcam, got ${v}`);
  return v;
}

function parseViewport(v: string): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/.exec(v);
  if (!m || Number(m[1]) < 800 || Number(m[2]) < 600) throw new Error(`bench:ui: --viewport needs WIDTHxHEIGHT of at least 800x600, got ${v}`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

const log = (msg: string): void => void process.stderr.write(`[bench:ui] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((v) => Number(v.toFixed(2))) as [number, number, number];

// In-page code is passed as text: tsx's transform would wrap named inner functions in a __name helper the page lacks.
/** Installed before the app loads, after the probe (probeScript): records long tasks and long animation frames. */
const initScript = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
  // long animation frames (> 50 ms) with the scripts that ran in them: where the time went
  window.__loafs = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__loafs.push({
          start: e.startTime,
          duration: e.duration,
          render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          scripts: (e.scripts || []).map((x) => ({ name: (x.invoker || '?') + ' ' + (x.sourceFunctionName || '') + ' ' + (x.sourceURL || '').split('/').pop() + ':' + x.sourceCharPosition, duration: x.duration })),
        });
    }).observe({ type: 'long-animation-frame' });
  } catch {}
`;

const report = (page: Page) => page.evaluate(() => window.__uiProbe!.report());
const clearProbe = (page: Page) => page.evaluate(() => window.__uiProbe!.clear());
const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** Mean rAF interval over 120 frames, to check that the headless compositor really ticks at ~60 Hz. */
async function frameRate(page: Page): Promise<{ meanMs: number; maxMs: number }> {
  return page.evaluate(`new Promise((res) => {
    const ts = [];
    const tick = (t) => {
      ts.push(t);
      if (ts.length <= 120) return requestAnimationFrame(tick);
      const d = ts.slice(1).map((t, i) => t - ts[i]);
      res({ meanMs: d.reduce((a, b) => a + b, 0) / d.length, maxMs: Math.max(...d) });
    };
    requestAnimationFrame(tick);
  })`);
}

/** Pad events drawn before the first scenario, not measured. */
const WARMUP_EVENTS = 200;

/**
 * Draws digits with real mouse events until `events` pad events were recorded: one move every `interval` ms sent
 * without waiting for the page to handle the previous one (as a mouse does; the browser coalesces moves that arrive
 * within one frame), or, with `awaitEach`, each move sent only once the previous one was handled.
 */
async function drawStrokes(page: Page, events: number, interval: number, awaitEach: boolean): Promise<void> {
  const box = (await page.getByTestId('draw.pad').boundingBox())!;
  let digit = 0;
  for (;;) {
    const count = await page.evaluate(() => window.__uiProbe!.report().events.length);
    if (count >= events) return;
    await page.evaluate(() => window.__app!.store.getState().clearDrawing());
    for (const stroke of digitStrokes(digit++ % 10)) {
      await page.mouse.move(box.x + stroke[0][0], box.y + stroke[0][1]);
      await page.mouse.down();
      let next = performance.now();
      const sent: Promise<void>[] = [];
      for (const [x, y] of stroke.slice(1)) {
        next += interval;
        await sleep(Math.max(0, next - performance.now()));
        const move = page.mouse.move(box.x + x, box.y + y);
        if (awaitEach) await move;
        else sent.push(move);
      }
      await Promise.all(sent);
      await page.mouse.up();
      await sleep(50);
    }
  }
}

/** Waits until every recorded event has been painted (or 3 s passed), then returns the probe's report. */
async function settledReport(page: Page): Promise<ProbeReport> {
  for (let i = 0; i < 30; i++) {
    const r = await report(page);
    if (r.events.every((e) => r.activations.some((a) => a.seq === e.seq && a.nextFrameTs !== undefined))) return r;
    await sleep(100);
  }
  return report(page);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** CPU profile of the page (Chrome DevTools protocol); stop() writes it and logs the top self times. */
async function startProfile(page: Page): Promise<{ stop(file: string): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      const nodes = new Map((profile.nodes as ProfileNode[]).map((n) => [n.id, n]));
      const self = new Map<string, number>();
      const dts = profile.timeDeltas ?? [];
      (profile.samples ?? []).forEach((id, i) => {
        const cf = nodes.get(id)!.callFrame;
        const key = `${cf.functionName || '(anonymous)'} ${cf.url.split('/').pop()}:${cf.lineNumber + 1}`;
        self.set(key, (self.get(key) ?? 0) + (dts[i] ?? 0) / 1000);
      });
      const total = [...self.values()].reduce((a, b) => a + b, 0);
      log(`profile written to ${file}; top self time of ${total.toFixed(0)} ms:`);
      for (const [k, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
    },
  };
}

/**
 * The light trace every scenario takes while drawing (live-canvas dispatches and the clock mark only): stop() gives
 * the dispatch batch ends in the page's time (dispatchBatchEnds).
 */
async function startDispatchTrace(browser: Browser, page: Page): Promise<{ stop(): Promise<number[]> }> {
  await browser.startTracing(page, { categories: ['blink', 'blink.user_timing'] });
  await page.evaluate((name) => performance.mark(name), CLOCK_MARK);
  return {
    async stop() {
      const buf = await browser.stopTracing();
      return dispatchBatchEnds((JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents);
    },
  };
}

/**
 * A Chrome trace of the page (devtools.timeline); stop() writes it, logs the main thread's rendering per frame, and
 * gives its dispatch batch ends as the light trace does.
 */
async function startTrace(browser: Browser, page: Page): Promise<{ stop(file: string): Promise<TraceSummary & { dispatched: number[] }> }> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink', 'blink.user_timing', 'viz'] });
  await page.evaluate((name) => performance.mark(name), CLOCK_MARK);
  return {
    async stop(file) {
      const buf = await browser.stopTracing();
      writeFileSync(file, buf);
      const events = (JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
      const t = { ...summarizeTrace(events), dispatched: dispatchBatchEnds(events) };
      log(`trace written to ${file}: ${t.frames} frames committed, main-thread rendering ${t.renderPerFrameMs.toFixed(2)} ms per frame`);
      const d = t.liveDispatch;
      log(`live canvases: ${d.count} frames dispatched by the main thread; dispatch → compositor surface activated p50 ${d.toActivated.p50?.toFixed(2)} / p95 ${d.toActivated.p95?.toFixed(2)} ms; task end → dispatch p50 ${d.afterTask.p50?.toFixed(2)} / p95 ${d.afterTask.p95?.toFixed(2)} ms`);
      for (const [name, st] of Object.entries(t.steps)) log(`  ${name.padEnd(32)} ${String(st.count).padStart(6)} × ${st.totalMs.toFixed(0).padStart(6)} ms total, ${st.perFrameMs.toFixed(2)} ms per frame`);
      return t;
    },
  };
}

/** Batches the run has trained so far (the store's last batch report); null before any. */
const batchesDone = (page: Page): Promise<number | null> =>
  page.evaluate(() => {
    const b = window.__app!.store.getState().lastBatch;
    return b ? b.epoch * b.batches + b.batch + 1 : null;
  });

/** The designer's sliding filter playing at 60 cells/s from its first step (784 steps at K = 3: 13 s). */
async function playDesignerAnimation(page: Page): Promise<void> {
  const c = animIds('designer').controls;
  await setAnimSpeed(page, 'designer', 60);
  await page.getByTestId(`${c}.first`).click();
  await page.getByTestId(`${c}.play`).click();
  await page.getByTestId(c).and(page.locator('[data-playing="true"]')).waitFor();
  log('  the sliding filter plays at 60 cells/s');
}

async function runScenario(browser: Browser, page: Page, name: Scenario, args: Args): Promise<ScenarioResult> {
  const training = name === 'training' || name === 'training-no-wait';
  const animating = name === 'animating';
  if (animating) await playDesignerAnimation(page);
  let threads: number | null = null;
  if (training) {
    await page.getByTestId('train.giveWay').setChecked(name === 'training');
    await page.getByTestId('train.trainSize').fill('60000');
    await page.getByTestId('train.epochs').fill('3');
    if (args.threads !== null) await page.getByTestId('train.threads').fill(String(args.threads));
    await page.getByTestId('train.start').click();
    await page.getByTestId('train.status').and(page.locator('[data-status="running"]')).waitFor({ timeout: 60_000 });
    const run = await page.evaluate(() => {
      const s = window.__app!.store.getState();
      return { threads: s.config.threads, note: s.runs[s.models[s.current!]?.run ?? '']?.note ?? null };
    });
    threads = run.threads;
    log(`  training on ${run.threads} thread${run.threads === 1 ? '' : 's'}${run.note ? ` (${run.note})` : ''}`);
    // let the first weight refreshes arrive so the scenario sees training at full speed
    await sleep(2000);
  }
  await clearProbe(page);
  const loadBefore = load();
  const start = await pageNow(page);
  const prof = args.profile ? await startProfile(page) : null;
  const trace = args.trace ? await startTrace(browser, page) : null;
  const light = trace || !args.dispatchTrace ? null : await startDispatchTrace(browser, page);
  const batches0 = training ? await batchesDone(page) : null;
  const t0 = Date.now();
  await drawStrokes(page, args.events, args.interval, args.awaitEach);
  const drawSeconds = (Date.now() - t0) / 1000;
  const batches1 = training ? await batchesDone(page) : null;
  // the last point's run and its dispatch
  await sleep(100);
  if (prof) await prof.stop(`${args.profile}-${name}.cpuprofile`);
  const traced = trace ? await trace.stop(`${args.trace}-${name}.json`) : null;
  const dispatched = traced?.dispatched ?? (light ? await light.stop() : undefined);
  // a tail without strokes: map refreshes from the weights alone
  const t1 = Date.now();
  await sleep(training ? 4000 : 500);
  const tailSeconds = (Date.now() - t1) / 1000;
  const batches2 = training ? await batchesDone(page) : null;
  const r = await settledReport(page);
  if (args.raw) writeFileSync(`${args.raw}-${name}.json`, JSON.stringify(r));
  const end = await pageNow(page);
  const longTasks = await page.evaluate(([s, e]) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((t) => t.start >= s && t.start <= e), [start, end]);
  const loafs = await page.evaluate(`window.__loafs.filter((l) => l.start >= ${start} && l.start <= ${end})`);
  const measures = await page.evaluate(`performance.getEntriesByType('measure').filter((m) => m.startTime >= ${start} && m.startTime <= ${end}).map((m) => ({ name: m.name, duration: m.duration }))`);
  await page.evaluate('performance.clearMeasures()');
  const status = await page.getByTestId('train.status').getAttribute('data-status');
  if (animating) {
    const playing = await page.getByTestId(animIds('designer').controls).getAttribute('data-playing');
    if (playing !== 'true') log('warning: the sliding filter had stopped before the end of the scenario');
    else await page.getByTestId(`${animIds('designer').controls}.play`).click(); // pause
  }
  if (training) {
    if (status !== 'running') log(`warning: training was ${status} at the end of the scenario`);
    await page.getByTestId('train.stop').click();
  }
  const result = summarize(name, r, longTasks, measures as { name: string; duration: number }[], loafs as Loaf[], { start, end, loadBefore, loadAfter: load(), trainingStatus: training ? status : null }, dispatched);
  result.trainingThreads = threads;
  if (training && batches0 !== null && batches1 !== null && batches2 !== null) {
    result.trainingRate = { whileDrawing: (batches1 - batches0) / drawSeconds, afterwards: (batches2 - batches1) / tailSeconds };
    log(`  training: ${result.trainingRate.whileDrawing.toFixed(1)} batches/s while drawing, ${result.trainingRate.afterwards.toFixed(1)} batches/s in the ${tailSeconds.toFixed(0)} s after`);
  }
  if (!traced) return result;
  const { dispatched: _, ...summary } = traced;
  return { ...result, trace: summary };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  ensureBuild(args.buildDir, args.rebuild);
  await withChromium(args.buildDir, log, async (browser, url) => {
    const page = await browser.newPage({ viewport: args.viewport });
    await page.addInitScript({ content: await probeScript(args.lean ? { frames: false, measures: false } : {}) });
    await page.addInitScript({ content: initScript });
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(url);
    await page.getByTestId('train.start').waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForFunction(() => window.__app!.store.getState().ready && window.__app!.store.getState().activations !== null, undefined, { timeout: 60_000 });
    if (args.explain !== 'off') {
      await page.evaluate((mode) => window.__app!.store.getState().setExplain({ mode }), args.explain);
      log(`explanation overlay: ${args.explain}`);
    }
    const fps = await frameRate(page);
    log(`rAF interval ${fps.meanMs.toFixed(2)} ms mean, ${fps.maxMs.toFixed(1)} ms max; load ${load().join(' ')}`);
    // not measured: the first strokes of a fresh page compile and size things (JIT, canvases, the first GCs)
    await drawStrokes(page, WARMUP_EVENTS, args.interval, false);
    await page.evaluate(() => window.__app!.store.getState().clearDrawing());
    log(`warmed up with ${WARMUP_EVENTS} pad events`);
    const results: ScenarioResult[] = [];
    for (const s of args.scenarios) {
      log(`scenario ${s}: drawing ${args.events} pad events, one mouse move every ${args.interval} ms${args.awaitEach ? ' (each awaited)' : ''}`);
      results.push(await runScenario(browser, page, s, args));
    }
    const out = {
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', chromium: browser.version(), node: process.version },
      frameRate: fps,
      options: { events: args.events, interval: args.interval, awaitEach: args.awaitEach, viewport: args.viewport, lean: args.lean, explain: args.explain, threads: args.threads },
      results,
    };
    if (args.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    else process.stdout.write(formatTables(out.machine, fps, results, args.viewport));
  });
}

runMain(main);
