// `npm run bench:anim` (issue #16): the frames a second the page keeps while the sliding filter plays, in the web
// build in Chromium (scripts/lib/chromium.ts, launched as bench:ui does): in the filter designer and in the enlarged
// map of the first conv layer and of the second (16 input channels), at K = 3, 5, 7, at 8 and 60 cells per second, idle and while training runs.
// Run: npm run bench:anim [-- --json] [--seconds 5] [--speeds 8,60] [--ks 3,5,7] [--places designer,map,map2]
//      [--scenarios idle,training] [--build-dir DIR] [--rebuild]
//      [--busy N]     (N threads of the bench's own process spin while it measures: a machine loaded by other work)
//      [--keep-build] (use the build in --build-dir as it is, however old: e.g. an earlier commit's, for an A/B)
//      [--trace DIR] (a Chrome trace of each measurement, DIR/<place>-k<K>-<speed>-<scenario>.json, and the main
//                     thread's rendering steps per frame in the log; slows the page: take no frame rates from it)
//      [--shots DIR]  (a screenshot of the page at the end of each measurement, DIR/<place>-k<K>-<speed>-<scenario>.png)
import { cpus, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';
import { animIds, setAnimSpeed } from './anim-controls.js';
import { formatFpsTable, summarizeFps, type FpsResult, type MainThreadMetrics, type Place } from './anim-fps-lib.js';
import { ensureBuild, runMain, withChromium } from './ui-latency-serve.js';
import { summarizeTrace, type TraceEvent } from './ui-latency-trace.js';

const ROOT = resolve(import.meta.dirname, '..');
type Scenario = FpsResult['scenario'];

interface Args {
  json: boolean;
  seconds: number;
  speeds: number[];
  ks: number[];
  places: Place[];
  scenarios: Scenario[];
  buildDir: string;
  rebuild: boolean;
  keepBuild: boolean;
  busy: number;
  shots: string | null;
  trace: string | null;
}

function parseArgs(argv: string[]): Args {
  const known = ['--json', '--seconds', '--speeds', '--ks', '--places', '--scenarios', '--build-dir', '--rebuild', '--keep-build', '--busy', '--shots', '--trace'];
  for (const a of argv) if (a.startsWith('--') && !known.includes(a)) throw new Error(`bench:anim: unknown flag ${a}; known: ${known.join(' ')}`);
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = <T extends string | number>(name: string, dflt: string, ok: (v: string) => T | null): T[] =>
    (get(name) ?? dflt).split(',').map((v) => {
      const x = ok(v);
      if (x === null) throw new Error(`bench:anim: bad ${name} value ${v}`);
      return x;
    });
  const int = (lo: number, hi: number) => (v: string) => (Number.isInteger(Number(v)) && Number(v) >= lo && Number(v) <= hi ? Number(v) : null);
  const seconds = Number(get('--seconds') ?? 5);
  if (!Number.isFinite(seconds) || seconds < 2 || seconds > 30) throw new Error('bench:anim: --seconds takes 2–30');
  return {
    json: argv.includes('--json'),
    seconds,
    speeds: list('--speeds', '8,60', int(1, 60)),
    ks: list('--ks', '3,5,7', (v) => (['3', '5', '7'].includes(v) ? Number(v) : null)),
    places: list('--places', 'designer,map,map2', (v) => (v === 'designer' || v === 'map' || v === 'map2' ? v : null)),
    scenarios: list('--scenarios', 'idle,training', (v) => (v === 'idle' || v === 'training' ? v : null)),
    buildDir: resolve(ROOT, get('--build-dir') ?? 'test-output/ui-latency-web'),
    rebuild: argv.includes('--rebuild'),
    keepBuild: argv.includes('--keep-build'),
    busy: list('--busy', '0', int(0, 8))[0],
    shots: get('--shots') ?? null,
    trace: get('--trace') ?? null,
  };
}

const log = (msg: string): void => void process.stderr.write(`[bench:anim] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((v) => Number(v.toFixed(2)));

// In-page code is passed as text: tsx's transform would wrap named inner functions in a __name helper the page lacks.
/** Long animation frames (> 50 ms), counted from before the app loads. */
const initScript = `
  window.__loafCount = 0;
  try {
    new PerformanceObserver((list) => { window.__loafCount += list.getEntries().length; }).observe({ type: 'long-animation-frame' });
  } catch {}
`;

/** rAF timestamps for `ms` milliseconds (a callback every frame: the page renders at every vsync, as while playing). */
const rafTimes = (page: Page, ms: number): Promise<number[]> =>
  page.evaluate(`new Promise((res) => {
    const ts = [];
    let end = 0;
    const tick = (t) => {
      if (!end) end = t + ${ms};
      ts.push(t);
      if (t < end) requestAnimationFrame(tick);
      else res(ts);
    };
    requestAnimationFrame(tick);
  })`);

async function metrics(cdp: CDPSession): Promise<MainThreadMetrics> {
  const { metrics: m } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const v = (name: string) => m.find((x) => x.name === name)?.value ?? 0;
  return { TaskDuration: v('TaskDuration'), ScriptDuration: v('ScriptDuration'), LayoutDuration: v('LayoutDuration'), RecalcStyleDuration: v('RecalcStyleDuration') };
}

/**
 * The output row the measurement starts on: the rows after it cross the test digit (the read-out's numbers change),
 * and 5.5 s at 60 cells/s stay in the convolution (22 × 22 steps at K = 7 in the designer).
 */
const START_ROW = 6;

const animStep = async (page: Page, place: Place) => Number(await page.getByTestId(animIds(place).stage).getAttribute('data-anim-step'));

/** The designer at K (the rest as it is), its panel on screen. */
async function showDesigner(page: Page, k: number): Promise<void> {
  await page.getByTestId('filters.panel').scrollIntoViewIfNeeded();
  await page.getByTestId('filters.k').selectOption(String(k));
  await page.getByTestId('filters.grid').and(page.locator(`[data-k="${k}"]`)).waitFor();
}

/** The spec layer and its weight tensor per map place: 'map' the cnn's first conv layer, 'map2' its second (16 inputs). */
const MAP_LAYER = { map: { layer: 0, weight: 0, inputs: 1 }, map2: { layer: 3, weight: 2, inputs: 16 } } as const;

/**
 * A model whose first (or second) conv layer is K×K ('same'), its channel 0 enlarged: where the map's animation plays.
 * The second layer's read-out also lists what each of its 16 input channels adds.
 */
async function showMap(page: Page, k: number, place: 'map' | 'map2'): Promise<void> {
  const { layer, weight } = MAP_LAYER[place];
  if (await page.getByTestId('maps.zoom').count()) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByTestId('maps.zoom').waitFor({ state: 'detached' });
  }
  await page.evaluate(
    ([k, layer]) => {
      const app = window.__app!;
      const spec = JSON.parse(JSON.stringify(app.store.getState().model!.spec));
      spec.name = `cnn-${k}x${k}-at-${layer}`;
      spec.layers[layer] = { ...spec.layers[layer], type: 'conv2d', kernel: k, padding: 'same' };
      void app.controller.setSpec(spec, 1);
    },
    [k, layer] as const,
  );
  await page.waitForFunction(
    ([k, layer, weight]) => {
      const s = window.__app!.store.getState();
      return s.weights?.[weight]?.shape?.[3] === k && s.activations !== null && s.model?.spec.name === `cnn-${k}x${k}-at-${layer}`;
    },
    [k, layer, weight] as const,
  );
  // the layer's grid is mounted again for the new model: click its first map once it stays
  const zoom = page.getByTestId('maps.zoom').and(page.locator('[data-channel="0"]'));
  for (let tries = 0; !(await zoom.count()); tries++) {
    if (tries === 10) throw new Error(`bench:anim: layer ${layer}'s map 0 did not open`);
    await sleep(500);
    const grid = page.getByTestId(`maps.grid.${layer}`);
    try {
      await grid.scrollIntoViewIfNeeded({ timeout: 2000 });
      const size = Number(await grid.getAttribute('data-tile', { timeout: 2000 }));
      const box = await grid.locator('canvas').first().boundingBox({ timeout: 2000 });
      if (box) await page.mouse.click(box.x + size / 2, box.y + size / 2);
    } catch {
      // (detached while React replaced it: try again)
    }
  }
  await page.getByTestId('maps.anim').waitFor();
}

/** Batches the run has trained so far (the store's last batch report); 0 before any. */
const batchesDone = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const b = window.__app!.store.getState().lastBatch;
    return b ? b.epoch * b.batches + b.batch + 1 : 0;
  });

async function startTraining(page: Page): Promise<void> {
  await page.getByTestId('train.trainSize').fill('60000');
  await page.getByTestId('train.epochs').fill('3');
  // (a DOM click: the enlarged map's dialog covers the training panel)
  await page.getByTestId('train.start').evaluate((el) => (el as HTMLButtonElement).click());
  await page.getByTestId('train.status').and(page.locator('[data-status="running"]')).waitFor({ timeout: 60_000 });
  await sleep(2000);
}

async function stopTraining(page: Page): Promise<void> {
  await page.getByTestId('train.stop').evaluate((el) => (el as HTMLButtonElement).click());
  await page.getByTestId('train.status').and(page.locator(':not([data-status="running"])')).waitFor({ timeout: 30_000 });
}

/** Writes a trace and logs the main thread's rendering steps per committed frame. */
function logTrace(buf: Buffer, file: string): void {
  writeFileSync(file, buf);
  const t = summarizeTrace((JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents);
  log(`  trace ${file}: ${t.frames} frames, rendering ${t.renderPerFrameMs.toFixed(2)} ms a frame: ${Object.entries(t.steps).map(([n, st]) => `${n} ${st.perFrameMs.toFixed(2)}`).join(', ')}`);
}

/** Plays the animation from its first step at `speed` and measures `seconds` of frames after a short settling. */
async function measure(page: Page, cdp: CDPSession, at: Pick<FpsResult, 'place' | 'k' | 'speed' | 'scenario'>, args: Args): Promise<FpsResult> {
  const name = `${at.place}-k${at.k}-${at.speed}-${at.scenario}`;
  const c = animIds(at.place).controls;
  await setAnimSpeed(page, at.place, at.speed);
  await page.getByTestId(`${c}.first`).click();
  await page.getByTestId(animIds(at.place).keys).focus();
  // the second layer's 14×14 map has too few steps left after row 6 for a 60 cells/s measurement: it starts at row 0
  for (let i = 0; i < (at.place === 'map2' ? 0 : START_ROW); i++) await page.keyboard.press('ArrowDown');
  await page.getByTestId(`${c}.play`).click();
  await page.getByTestId(c).and(page.locator('[data-playing="true"]')).waitFor();
  await sleep(500);
  const loadBefore = load();
  const loafs0 = (await page.evaluate('window.__loafCount')) as number;
  const batches0 = at.scenario === 'training' ? await batchesDone(page) : null;
  const step0 = await animStep(page, at.place);
  const before = await metrics(cdp);
  const browser = page.context().browser()!;
  if (args.trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink', 'viz'] });
  // never past the last step (the frames after it would measure a stopped animation): 0.3 s short of it at this speed
  const left = Number(await page.getByTestId(c).getAttribute('data-total')) - 1 - step0;
  const ms = Math.min(args.seconds * 1000, (left / at.speed - 0.3) * 1000);
  if (ms < args.seconds * 1000) log(`  ${name}: ${left} steps left, measuring ${(ms / 1000).toFixed(1)} s`);
  const ts = await rafTimes(page, ms);
  if (args.trace) logTrace(await browser.stopTracing(), `${args.trace}/${name}.json`);
  const after = await metrics(cdp);
  const step1 = await animStep(page, at.place);
  const batches1 = batches0 === null ? null : await batchesDone(page);
  const loafs1 = (await page.evaluate('window.__loafCount')) as number;
  const playing = await page.getByTestId(c).getAttribute('data-playing');
  if (args.shots) await page.screenshot({ path: `${args.shots}/${name}.png` });
  if (playing !== 'true') log(`  warning: the animation ended during the measurement (step ${step1})`);
  else if ((await page.getByTestId(animIds(at.place).stage).getAttribute('data-anim-phase')) !== 'conv') log(`  warning: the measurement reached the pooling steps (step ${step1})`);
  await page.getByTestId(`${c}.play`).click(); // pause
  const r = summarizeFps(at, ts, before, after, { longFrames: loafs1 - loafs0, steps: step1 - step0, loadBefore, loadAfter: load(), batches: batches0 === null ? null : batches1! - batches0 });
  log(`  ${at.place} K=${at.k} ${at.speed}/s ${at.scenario}: ${r.medianFps} fps median (${r.perSecond.join(' ')}), main ${r.mainPerFrame.task.toFixed(2)} ms/frame, load ${loadBefore[0]}`);
  return r;
}

/** Every measurement asked for, place by place and K by K (training started once per K and scenario). */
async function run(page: Page, cdp: CDPSession, args: Args, results: FpsResult[]): Promise<void> {
  for (const place of args.places)
    for (const k of args.ks) {
      if (place === 'designer') await showDesigner(page, k);
      else await showMap(page, k, place);
      for (const scenario of args.scenarios) {
        if (scenario === 'training') await startTraining(page);
        for (const speed of args.speeds) results.push(await measure(page, cdp, { place, k, speed, scenario }, args));
        if (scenario === 'training') await stopTraining(page);
      }
      if (place === 'designer') await page.getByTestId('filters.anim.close').click();
    }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  if (args.keepBuild) log(`using the build in ${args.buildDir} as it is`);
  else ensureBuild(args.buildDir, args.rebuild);
  await withChromium(args.buildDir, log, async (browser, url) => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({ content: initScript });
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(url);
    await page.getByTestId('train.start').waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForFunction(() => window.__app!.store.getState().ready && window.__app!.store.getState().activations !== null, undefined, { timeout: 60_000 });
    // a real test digit (MNIST test #0, a 7) on the pad: the designer's input ('Current drawing / digit') and the network's
    await page.evaluate(() => window.__app!.controller.loadTestImage(0));
    await page.waitForFunction(() => window.__app!.store.getState().input.reduce((a, v) => a + v, 0) > 5);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const m0 = await metrics(cdp);
    const idle = await rafTimes(page, 2000);
    const m1 = await metrics(cdp);
    const rafMs = (idle[idle.length - 1] - idle[0]) / (idle.length - 1);
    // the reference: the page rendering a frame at every vsync (the bench's rAF callback) with nothing playing
    const stillMs = ((m1.TaskDuration - m0.TaskDuration) * 1000) / (idle.length - 1);
    log(`rAF interval ${rafMs.toFixed(2)} ms mean, main thread ${stillMs.toFixed(2)} ms a frame with nothing playing; load ${load().join(' ')}`);
    const results: FpsResult[] = [];
    const spinners = Array.from({ length: args.busy }, () => new Worker('for (;;);', { eval: true }));
    if (args.busy) log(`${args.busy} busy thread${args.busy > 1 ? 's' : ''} spinning`);
    try {
      await run(page, cdp, args, results);
    } catch (err) {
      await page.screenshot({ path: resolve(ROOT, 'test-output/bench-anim-failed.png') });
      log(`failed; the page is in test-output/bench-anim-failed.png`);
      throw err;
    } finally {
      await Promise.all(spinners.map((w) => w.terminate()));
    }
    const out = { machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', chromium: browser.version(), node: process.version }, rafMs, stillMs, options: args, results };
    if (args.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    else process.stdout.write(formatFpsTable(out.machine, { rafMs, stillMs }, results));
  });
}

runMain(main);
