// Benchmark (issues #5, #21): training and inference throughput of this core (plain TS, wasm SIMD, threads) against
// TensorFlow.js (wasm, cpu), ConvNetJS, and natively PyTorch CPU and ONNX Runtime, on models S and K with real MNIST,
// plus one-epoch accuracy on S; with --runtime chromium the core's wasm rows run again inside Chromium.
// Run: npm run bench [-- --quick] [--json] [--models S,K] (also: cnn, the studio's preset) [--libs wasm,tfjs] [--repeats 3] [--seconds 2]
//      [--epoch-size 60000] [--test-size 10000] [--accuracy-seconds 240] [--no-accuracy] [--threads 2] [--time-to-accuracy]
//      [--no-native] [--runtime node|chromium] [--plain-simd] [--gemm-peak] [--step-time (bench/step-time.ts)]
// `npm run bench` runs Node with --experimental-wasm-relaxed-simd, so the core's Node rows run the relaxed-SIMD build
// the app runs in Chromium and Electron; --plain-simd keeps them (and --time-to-accuracy) on the plain SIMD build.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { fillBatch, shuffledIndices, type Dataset } from '../core/data/mnist.js';
import { Rng } from '../core/rng.js';
import { Tensor } from '../core/tensor.js';
import { loadMnistFromDisk } from '../scripts/lib/node-mnist.js';
import { coreLibraries } from './lib-core.js';
import { rate } from './core-runner.js';
import { convnetLibrary } from './lib-convnet.js';
import { tfjsLibraries } from './lib-tfjs.js';
import { tfjsThreadedLibrary } from './lib-tfjs-threaded.js';
import { nativeLibraries } from './lib-native.js';
import { MODEL_K, MODEL_S, flopsPerImage } from './models.js';
import { preset } from '../core/presets.js';
import type { Library, Runner, TimedRunner } from './runner.js';
import { runInChromium } from './runtime-chromium.js';
import type { ModelSpec } from '../core/spec.js';

interface Args {
  quick: boolean;
  json: boolean;
  models: string[];
  libs: string[];
  repeats: number;
  seconds: number;
  epochSize: number;
  testSize: number;
  accuracySeconds: number;
  accuracy: boolean;
  threads: number;
  timeToAccuracy: boolean;
  native: boolean;
  runtime: 'node' | 'chromium';
  plainSimd: boolean;
  gemmPeak?: boolean;
  stepTime?: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  if (argv.includes('--time-to-accuracy')) return { timeToAccuracy: true } as Args;
  if (argv.includes('--gemm-peak')) return { gemmPeak: true } as Args;
  if (argv.includes('--step-time')) return { stepTime: true } as Args;
  const known = ['--quick', '--json', '--models', '--libs', '--repeats', '--seconds', '--epoch-size', '--test-size', '--accuracy-seconds', '--no-accuracy', '--threads', '--time-to-accuracy', '--no-native', '--runtime', '--plain-simd'];
  for (const a of argv) if (a.startsWith('--') && !known.includes(a)) throw new Error(`bench: unknown flag ${a}; known: ${known.join(' ')}`);
  const num = (name: string, dflt: number) => {
    const v = get(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`bench: ${name} needs a positive number, got ${v}`);
    return n;
  };
  return {
    quick,
    json: argv.includes('--json'),
    models: (get('--models') ?? (quick ? 'S' : 'S,K')).split(','),
    libs: (get('--libs') ?? '').split(',').filter(Boolean),
    repeats: Math.max(1, Math.round(num('--repeats', 3))),
    seconds: num('--seconds', quick ? 0.5 : 2),
    epochSize: Math.round(num('--epoch-size', quick ? 3000 : 60000)),
    testSize: Math.round(num('--test-size', quick ? 1000 : 10000)),
    accuracySeconds: num('--accuracy-seconds', quick ? 20 : 240),
    accuracy: !argv.includes('--no-accuracy'),
    threads: Math.round(num('--threads', 2)),
    timeToAccuracy: argv.includes('--time-to-accuracy'),
    native: !argv.includes('--no-native'),
    runtime: runtimeOf(get('--runtime') ?? 'node'),
    plainSimd: argv.includes('--plain-simd'),
  };
}

const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
/** The V8 flags this process was started with that a child benchmark process should get too. */
const argv0Flags = () => process.execArgv.filter((f) => f === RELAXED_FLAG);

function runtimeOf(v: string): 'node' | 'chromium' {
  if (v !== 'node' && v !== 'chromium') throw new Error(`bench: --runtime is node or chromium, got ${v}`);
  return v;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

/** Timing calls for either kind of runner: ours and the JS libraries are stepped here, native ones time themselves. */
function timers(runner: Runner | TimedRunner, trainBatches: { x: Float32Array; labels: Uint8Array }[], inferX: Float32Array) {
  if ('timed' in runner) return { timeTrain: runner.train, timeInfer: runner.infer };
  let b = 0;
  const pred = new Uint8Array(256);
  const step = () => {
    const { x, labels } = trainBatches[b++ % trainBatches.length];
    runner.trainStep(x, labels, 32);
  };
  return {
    timeTrain: async (seconds: number) => rate(step, 32, seconds),
    timeInfer: async (seconds: number) => rate(() => runner.infer(inferX, 256, pred), 256, seconds),
  };
}

function batchOf(d: Dataset, idx: Uint32Array, start: number, n: number): { x: Float32Array; labels: Uint8Array } {
  const x = new Tensor([n, 1, d.rows, d.cols]);
  const labels = new Uint8Array(n);
  fillBatch(d, idx, start, x, labels);
  return { x: x.data as Float32Array, labels };
}

interface Row {
  library: string;
  core: boolean;
  model: string;
  trainImgPerSec: number[];
  inferImgPerSec: number[];
  trainGflops: number;
  inferGflops: number;
  accuracy: number | null;
  /** Training images behind `accuracy`: a full epoch, or fewer for a library too slow for one in --accuracy-seconds. */
  accuracyImages: number;
  note: string | null;
}

function machine() {
  return {
    nproc: cpus().length,
    cpu: /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model,
    node: process.version,
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (s: string) => (args.json ? process.stderr : process.stdout).write(s + '\n');
  if (args.timeToAccuracy) {
    const pass = process.argv.slice(2).filter((a) => a !== '--time-to-accuracy');
    // the relaxed-SIMD flag goes on to the child (which keeps to the plain build when given --plain-simd)
    const r = spawnSync(process.execPath, [...argv0Flags(), '--import', 'tsx', new URL('./time-to-accuracy.ts', import.meta.url).pathname, ...pass], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  if (args.gemmPeak) {
    await import('./gemm-peak.js');
    return;
  }
  if (args.stepTime) {
    await import('./step-time.js');
    return;
  }
  const m0 = machine();
  log(`machine: ${m0.nproc} cores, ${m0.cpu}, node ${m0.node}, load average at start ${m0.load}`);
  const { train, test } = await loadMnistFromDisk();
  const rng = new Rng(7);
  const idx = shuffledIndices(train.count, rng);
  const trainBatches = Array.from({ length: 16 }, (_, i) => batchOf(train, idx, i * 32, 32));
  const inferBatch = batchOf(test, shuffledIndices(test.count, rng), 0, 256);
  const threaded = tfjsThreadedLibrary();
  const native = args.native ? nativeLibraries({ train: trainBatches, infer: { x: inferBatch.x, n: 256 } }, args.threads) : [];
  const all: Library<Runner | TimedRunner>[] = [...coreLibraries(args.threads, !args.plainSimd), ...tfjsLibraries(), threaded, convnetLibrary(), ...native];
  const libs = args.libs.length ? all.filter((l) => args.libs.some((f) => l.name.toLowerCase().includes(f.toLowerCase()))) : all;
  const whyNot = await threaded.unavailable();
  const mtNote = whyNot ?? `loads (in Node through bench/tfjs-blob-shim.ts); asked for ${m0.nproc} threads, its XNNPACK pool reports ${threaded.threads()}`;
  const specs = [MODEL_S, MODEL_K, preset('cnn')].filter((s) => args.models.includes(s.name));
  const rows: Row[] = [];
  const opts = { batch: 32, maxBatch: 512, lr: 0.01, momentum: 0.9, seed: 1 };
  for (const spec of specs) {
    const flops = flopsPerImage(spec);
    // All runners of a model live at once and the repeats interleave across libraries, so a change in
    // machine load during the run hits every library alike and the ratios stay fair.
    const live: { lib: Library<Runner | TimedRunner>; row: Row; timeTrain: ((seconds: number) => Promise<number>) | null; timeInfer: (seconds: number) => Promise<number>; dispose: () => void }[] = [];
    for (const lib of libs) {
      const row: Row = { library: lib.name, core: lib.core, model: spec.name, trainImgPerSec: [], inferImgPerSec: [], trainGflops: 0, inferGflops: 0, accuracy: null, accuracyImages: 0, note: await lib.unavailable() };
      rows.push(row);
      if (row.note) continue;
      let runner: Runner | TimedRunner;
      try {
        runner = await lib.create(spec, opts);
      } catch (e) {
        row.note = e instanceof Error ? e.message : String(e);
        continue;
      }
      const entry = { lib, row, ...timers(runner, trainBatches, inferBatch.x), dispose: () => runner.dispose() };
      await entry.timeTrain?.(Math.min(1, args.seconds)); // warm-up (JIT, wasm tier-up, allocations)
      await entry.timeInfer(Math.min(0.3, args.seconds));
      live.push(entry);
    }
    for (let r = 0; r < args.repeats; r++) {
      for (const e of live) if (e.timeTrain) e.row.trainImgPerSec.push(await e.timeTrain(args.seconds));
      for (const e of live) e.row.inferImgPerSec.push(await e.timeInfer(args.seconds));
    }
    for (const { lib, row, dispose } of live) {
      dispose();
      row.trainGflops = row.trainImgPerSec.length ? (median(row.trainImgPerSec) * flops.train) / 1e9 : 0;
      row.inferGflops = (median(row.inferImgPerSec) * flops.forward) / 1e9;
      log(`  ${spec.name} ${lib.name}: train ${row.trainImgPerSec.length ? median(row.trainImgPerSec).toFixed(0) : '—'} img/s, infer ${median(row.inferImgPerSec).toFixed(0)} img/s`);
      if (args.accuracy && spec.name === 'S' && row.trainImgPerSec.length && !lib.name.startsWith('PyTorch')) {
        const affordable = Math.floor((median(row.trainImgPerSec) * args.accuracySeconds) / 32) * 32;
        row.accuracyImages = Math.max(320, Math.min(args.epochSize, affordable));
        row.accuracy = await oneEpochAccuracy(lib, spec, opts, train, test, row.accuracyImages, args.testSize);
        log(`  ${spec.name} ${lib.name}: trained on ${row.accuracyImages} images → accuracy on ${args.testSize} test images ${(row.accuracy * 100).toFixed(2)} %`);
      }
    }
  }
  if (args.runtime === 'chromium') await chromiumRows(args, specs, trainBatches, inferBatch.x, rows, log);
  const m1 = machine();
  const table = formatTable(rows, mtNote);
  log('');
  log(table);
  log(`load average at end ${m1.load}; batch 32 SGD momentum 0.9 lr 0.01 for training, batch 256 for inference; median of ${args.repeats} runs of ≥ ${args.seconds} s each, interleaved across libraries`);
  if (args.json) process.stdout.write(JSON.stringify({ machine: m0, loadAtEnd: m1.load, args, tfjsWasmThreaded: { status: mtNote, threads: threaded.threads() }, rows }, null, 2) + '\n');
}

async function oneEpochAccuracy(lib: Library<Runner | TimedRunner>, spec: typeof MODEL_S, opts: { batch: number; maxBatch: number; lr: number; momentum: number; seed: number }, train: Dataset, test: Dataset, size: number, testSize: number): Promise<number> {
  const runner = await lib.create(spec, opts);
  if ('timed' in runner) throw new Error(`${lib.name} times itself; no accuracy run`);
  const idx = shuffledIndices(Math.min(size, train.count), new Rng(3));
  for (let s = 0; s + 32 <= idx.length; s += 32) {
    const { x, labels } = batchOf(train, idx, s, 32);
    runner.trainStep(x, labels, 32);
  }
  const count = Math.min(testSize, test.count);
  const all = Uint32Array.from({ length: count }, (_, i) => i);
  const pred = new Uint8Array(250);
  let correct = 0;
  for (let s = 0; s < count; s += 250) {
    const n = Math.min(250, count - s);
    const { x, labels } = batchOf(test, all, s, n);
    runner.infer(x, n, pred);
    for (let i = 0; i < n; i++) if (pred[i] === labels[i]) correct++;
  }
  runner.dispose();
  return correct / count;
}

const spread = (a: number[]) => `${median(a).toFixed(0)} (${Math.min(...a).toFixed(0)}–${Math.max(...a).toFixed(0)})`;

/**
 * The core's wasm rows again, run inside Chromium (after the Node rows, not interleaved with them), appended to the
 * table as "… (Chromium)"; the runtime's relaxed-SIMD support is logged.
 */
async function chromiumRows(args: Args, specs: ModelSpec[], trainBatches: { x: Float32Array; labels: Uint8Array }[], inferX: Float32Array, rows: Row[], log: (s: string) => void): Promise<void> {
  const bytes = Buffer.concat([...trainBatches.map((b) => b.x), inferX.subarray(0, 256 * 784), ...trainBatches.map((b) => b.labels)].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  const threads = [...new Set([1, args.threads])];
  const result = await runInChromium({ specs, threads, repeats: args.repeats, seconds: args.seconds, trainBatches: trainBatches.length }, bytes, log);
  log(`chromium: ${result.userAgent}; cross-origin isolated ${result.crossOriginIsolated}; ${result.hardwareConcurrency} cores; relaxed SIMD (f32x4.relaxed_madd) ${result.relaxedSimd ? 'validates' : 'does not validate'}`);
  for (const r of result.rows) {
    const spec = specs.find((s) => s.name === r.model)!;
    const flops = flopsPerImage(spec);
    const row: Row = { library: `core wasm ${r.relaxed ? 'relaxed SIMD' : 'SIMD'}${r.threads > 1 ? ` ×${r.threads} threads` : ''} (Chromium)`, core: true, model: r.model, trainImgPerSec: r.trainImgPerSec, inferImgPerSec: r.inferImgPerSec, trainGflops: 0, inferGflops: 0, accuracy: null, accuracyImages: 0, note: r.note };
    if (!r.note) {
      row.trainGflops = (median(r.trainImgPerSec) * flops.train) / 1e9;
      row.inferGflops = (median(r.inferImgPerSec) * flops.forward) / 1e9;
      log(`  ${r.model} ${row.library}: train ${median(r.trainImgPerSec).toFixed(0)} img/s, infer ${median(r.inferImgPerSec).toFixed(0)} img/s`);
    }
    rows.push(row);
  }
}

function formatTable(rows: Row[], mtNote: string): string {
  const best = (model: string, key: 'trainImgPerSec' | 'inferImgPerSec') => Math.max(0, ...rows.filter((r) => !r.core && r.model === model && !r.note && r[key].length).map((r) => median(r[key])));
  const ratio = (v: number, b: number) => (b ? `${(v / b).toFixed(2)}×` : '');
  const head = ['model', 'library', 'train img/s (min–max)', 'train GFLOP/s', '× best other', 'infer img/s @256', 'infer GFLOP/s', '× best other', 'S test acc (train images)'];
  const lines = rows.map((r) => {
    if (r.note) return [r.model, r.library, `n/a: ${r.note}`, '', '', '', '', '', ''];
    const trains = r.trainImgPerSec.length > 0;
    return [
      r.model,
      r.library,
      trains ? spread(r.trainImgPerSec) : '—',
      trains ? r.trainGflops.toFixed(2) : '',
      trains ? ratio(median(r.trainImgPerSec), best(r.model, 'trainImgPerSec')) : '',
      spread(r.inferImgPerSec),
      r.inferGflops.toFixed(2),
      ratio(median(r.inferImgPerSec), best(r.model, 'inferImgPerSec')),
      r.accuracy === null ? '' : `${(r.accuracy * 100).toFixed(2)} % (${r.accuracyImages})`,
    ];
  });
  const md = [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
  return `${md}\n\ntfjs-wasm multi-threaded build: ${mtNote}\n\n${targetsTable(rows)}`;
}

/**
 * Issue #21's ratio targets, within this one run: core's best row against each other library at its best thread
 * count — training ≥ 1.5× PyTorch CPU, inference ≥ 1.0× ONNX Runtime, training ≥ 10× (K) / 5× (S) tfjs-wasm.
 */
function targetsTable(rows: Row[]): string {
  const bestOf = (model: string, match: (r: Row) => boolean, key: 'trainImgPerSec' | 'inferImgPerSec') => {
    const found = rows.filter((r) => r.model === model && !r.note && r[key].length && match(r));
    if (!found.length) return null;
    const top = found.reduce((a, b) => (median(b[key]) > median(a[key]) ? b : a));
    return { value: median(top[key]), library: top.library };
  };
  const lines: string[][] = [];
  for (const model of [...new Set(rows.map((r) => r.model))]) {
    const checks: [string, (r: Row) => boolean, 'trainImgPerSec' | 'inferImgPerSec', number][] = [
      ['PyTorch CPU', (r) => r.library.startsWith('PyTorch'), 'trainImgPerSec', 1.5],
      ['ONNX Runtime', (r) => r.library.startsWith('ONNX Runtime'), 'inferImgPerSec', 1.0],
      ['tfjs-wasm', (r) => r.library.startsWith('tfjs-wasm'), 'trainImgPerSec', model === 'K' ? 10 : 5],
    ];
    for (const [other, match, key, target] of checks) {
      const ours = bestOf(model, (r) => r.core, key);
      const theirs = bestOf(model, match, key);
      const what = key === 'trainImgPerSec' ? 'train' : 'infer';
      if (!ours || !theirs) {
        lines.push([model, `${what} vs ${other}`, `≥ ${target}×`, 'not measured (a row is missing or unavailable)', '']);
        continue;
      }
      const r = ours.value / theirs.value;
      lines.push([model, `${what} vs ${other}`, `≥ ${target}×`, `${r.toFixed(2)}× (${ours.value.toFixed(0)} ${ours.library} / ${theirs.value.toFixed(0)} ${theirs.library})`, r >= target ? 'yes' : 'no']);
    }
  }
  const head = ['model', 'ratio', 'target', 'this run', 'met?'];
  return [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

