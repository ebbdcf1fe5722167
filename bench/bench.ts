// Benchmark (issue #5): training and inference throughput of this core (plain TS, wasm SIMD, threads) against
// TensorFlow.js (wasm, cpu) and ConvNetJS on models S and K with real MNIST, plus one-epoch accuracy on S.
// Run: npm run bench [-- --quick] [--json] [--models S,K] (also: cnn, the studio's preset) [--libs wasm,tfjs] [--repeats 3] [--seconds 2]
//      [--epoch-size 60000] [--test-size 10000] [--accuracy-seconds 240] [--no-accuracy] [--threads 2] [--time-to-accuracy]
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { fillBatch, shuffledIndices, type Dataset } from '../core/data/mnist.js';
import { Rng } from '../core/rng.js';
import { Tensor } from '../core/tensor.js';
import { loadMnistFromDisk } from '../scripts/lib/node-mnist.js';
import { coreLibraries } from './lib-core.js';
import { convnetLibrary } from './lib-convnet.js';
import { tfjsLibraries } from './lib-tfjs.js';
import { tfjsThreadedLibrary } from './lib-tfjs-threaded.js';
import { MODEL_K, MODEL_S, flopsPerImage } from './models.js';
import { preset } from '../core/presets.js';
import type { Library } from './runner.js';

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
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  if (argv.includes('--time-to-accuracy')) return { timeToAccuracy: true } as Args;
  const known = ['--quick', '--json', '--models', '--libs', '--repeats', '--seconds', '--epoch-size', '--test-size', '--accuracy-seconds', '--no-accuracy', '--threads', '--time-to-accuracy'];
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
  };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

/** Runs fn repeatedly for ≥ seconds (at least once) and returns items per second. */
/** Items per second of fn over at least `seconds`. */
function rate(fn: () => void, items: number, seconds: number): number {
  // Start every measurement from a collected heap (npm run bench passes --expose-gc): the slow JS libraries leave
  // hundreds of MB of garbage, and a major GC's concurrent marking on the second core during another library's
  // timing took up to a quarter off the 2-thread rows.
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = performance.now();
  let n = 0;
  do {
    fn();
    n++;
  } while (performance.now() - t0 < seconds * 1000);
  return (n * items) / ((performance.now() - t0) / 1000);
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
    const r = spawnSync(process.execPath, ['--import', 'tsx', new URL('./time-to-accuracy.ts', import.meta.url).pathname, ...pass], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const m0 = machine();
  log(`machine: ${m0.nproc} cores, ${m0.cpu}, node ${m0.node}, load average at start ${m0.load}`);
  const { train, test } = await loadMnistFromDisk();
  const threaded = tfjsThreadedLibrary();
  const all: Library[] = [...coreLibraries(args.threads), ...tfjsLibraries(), threaded, convnetLibrary()];
  const libs = args.libs.length ? all.filter((l) => args.libs.some((f) => l.name.toLowerCase().includes(f.toLowerCase()))) : all;
  const whyNot = await threaded.unavailable();
  const mtNote = whyNot ?? `loads (in Node through bench/tfjs-blob-shim.ts); asked for ${m0.nproc} threads, its XNNPACK pool reports ${threaded.threads()}`;
  const specs = [MODEL_S, MODEL_K, preset('cnn')].filter((s) => args.models.includes(s.name));
  const rows: Row[] = [];
  const rng = new Rng(7);
  const idx = shuffledIndices(train.count, rng);
  const trainBatches = Array.from({ length: 16 }, (_, i) => batchOf(train, idx, i * 32, 32));
  const inferBatch = batchOf(test, shuffledIndices(test.count, rng), 0, 256);
  const opts = { batch: 32, maxBatch: 512, lr: 0.01, momentum: 0.9, seed: 1 };
  for (const spec of specs) {
    const flops = flopsPerImage(spec);
    // All runners of a model live at once and the repeats interleave across libraries, so a change in
    // machine load during the run hits every library alike and the ratios stay fair.
    const live: { lib: Library; row: Row; step: () => void; infer: () => void; dispose: () => void }[] = [];
    for (const lib of libs) {
      const row: Row = { library: lib.name, core: lib.core, model: spec.name, trainImgPerSec: [], inferImgPerSec: [], trainGflops: 0, inferGflops: 0, accuracy: null, accuracyImages: 0, note: await lib.unavailable() };
      rows.push(row);
      if (row.note) continue;
      const runner = await lib.create(spec, opts);
      let b = 0;
      const pred = new Uint8Array(256);
      const entry = {
        lib,
        row,
        step: () => {
          const { x, labels } = trainBatches[b++ % trainBatches.length];
          runner.trainStep(x, labels, 32);
        },
        infer: () => runner.infer(inferBatch.x, 256, pred),
        dispose: () => runner.dispose(),
      };
      rate(entry.step, 32, Math.min(1, args.seconds)); // warm-up (JIT, wasm tier-up, allocations)
      entry.infer();
      live.push(entry);
    }
    for (let r = 0; r < args.repeats; r++) {
      for (const e of live) e.row.trainImgPerSec.push(rate(e.step, 32, args.seconds));
      for (const e of live) e.row.inferImgPerSec.push(rate(e.infer, 256, args.seconds));
    }
    for (const { lib, row, dispose } of live) {
      dispose();
      row.trainGflops = (median(row.trainImgPerSec) * flops.train) / 1e9;
      row.inferGflops = (median(row.inferImgPerSec) * flops.forward) / 1e9;
      log(`  ${spec.name} ${lib.name}: train ${median(row.trainImgPerSec).toFixed(0)} img/s, infer ${median(row.inferImgPerSec).toFixed(0)} img/s`);
      if (args.accuracy && spec.name === 'S') {
        const affordable = Math.floor((median(row.trainImgPerSec) * args.accuracySeconds) / 32) * 32;
        row.accuracyImages = Math.max(320, Math.min(args.epochSize, affordable));
        row.accuracy = await oneEpochAccuracy(lib, spec, opts, train, test, row.accuracyImages, args.testSize);
        log(`  ${spec.name} ${lib.name}: trained on ${row.accuracyImages} images → accuracy on ${args.testSize} test images ${(row.accuracy * 100).toFixed(2)} %`);
      }
    }
  }
  const m1 = machine();
  const table = formatTable(rows, mtNote);
  log('');
  log(table);
  log(`load average at end ${m1.load}; batch 32 SGD momentum 0.9 lr 0.01 for training, batch 256 for inference; median of ${args.repeats} runs of ≥ ${args.seconds} s each, interleaved across libraries`);
  if (args.json) process.stdout.write(JSON.stringify({ machine: m0, loadAtEnd: m1.load, args, tfjsWasmThreaded: { status: mtNote, threads: threaded.threads() }, rows }, null, 2) + '\n');
}

async function oneEpochAccuracy(lib: Library, spec: typeof MODEL_S, opts: { batch: number; maxBatch: number; lr: number; momentum: number; seed: number }, train: Dataset, test: Dataset, size: number, testSize: number): Promise<number> {
  const runner = await lib.create(spec, opts);
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

function formatTable(rows: Row[], mtNote: string): string {
  const best = (model: string, key: 'trainImgPerSec' | 'inferImgPerSec') => Math.max(0, ...rows.filter((r) => !r.core && r.model === model && !r.note).map((r) => median(r[key])));
  const head = ['model', 'library', 'train img/s (min–max)', 'train GFLOP/s', '× best other', 'infer img/s @256', 'infer GFLOP/s', '× best other', 'S test acc (train images)'];
  const lines = rows.map((r) => {
    if (r.note) return [r.model, r.library, `n/a: ${r.note}`, '', '', '', '', '', ''];
    const t = median(r.trainImgPerSec);
    const i = median(r.inferImgPerSec);
    const bt = best(r.model, 'trainImgPerSec');
    const bi = best(r.model, 'inferImgPerSec');
    return [
      r.model,
      r.library,
      `${t.toFixed(0)} (${Math.min(...r.trainImgPerSec).toFixed(0)}–${Math.max(...r.trainImgPerSec).toFixed(0)})`,
      r.trainGflops.toFixed(2),
      bt ? `${(t / bt).toFixed(2)}×` : '',
      `${i.toFixed(0)} (${Math.min(...r.inferImgPerSec).toFixed(0)}–${Math.max(...r.inferImgPerSec).toFixed(0)})`,
      r.inferGflops.toFixed(2),
      bi ? `${(i / bi).toFixed(2)}×` : '',
      r.accuracy === null ? '' : `${(r.accuracy * 100).toFixed(2)} % (${r.accuracyImages})`,
    ];
  });
  const md = [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
  return `${md}\n\ntfjs-wasm multi-threaded build: ${mtNote}`;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

