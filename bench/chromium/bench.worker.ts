// The core's benchmark rows inside Chromium: the same runner and timing loop as the Node rows (bench/core-runner.ts),
// replicas as nested module Web Workers (the app's own replica worker), data from batches.bin next to the page.
import { webReplicaFactory as factory } from '../../renderer/host/replica-factory';
import { createCoreRunner, rate } from '../core-runner.js';
import type { Runner } from '../runner.js';
import { RELAXED_SIMD_PROBE, type ChromiumBenchConfig, type ChromiumBenchRow } from './protocol.js';

const scope = self as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<ChromiumBenchConfig>) => void) | null; crossOriginIsolated: boolean; navigator: Navigator };

async function run(cfg: ChromiumBenchConfig) {
  const res = await fetch('/batches.bin'); // served beside index.html (this worker lives in assets/)
  if (!res.ok) throw new Error(`batches.bin: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const px = 28 * 28;
  const nTrain = cfg.trainBatches * 32;
  const floats = new Float32Array(bytes.buffer, 0, (nTrain + 256) * px);
  const labels = bytes.subarray(floats.byteLength);
  const train = Array.from({ length: cfg.trainBatches }, (_, i) => ({ x: floats.subarray(i * 32 * px, (i + 1) * 32 * px), labels: labels.subarray(i * 32, (i + 1) * 32) }));
  const inferX = floats.subarray(nTrain * px);
  const rows: ChromiumBenchRow[] = [];
  for (const spec of cfg.specs) {
    const live: { row: ChromiumBenchRow; runner: Runner; step: () => void; infer: () => void }[] = [];
    // each thread count on the relaxed SIMD build (where it validates: the app's) and on the plain one
    const builds = WebAssembly.validate(RELAXED_SIMD_PROBE) ? [true, false] : [false];
    for (const [threads, relaxed] of cfg.threads.flatMap((t) => builds.map((r) => [t, r] as const))) {
      const row: ChromiumBenchRow = { model: spec.name, threads, relaxed, trainImgPerSec: [], inferImgPerSec: [], note: null };
      rows.push(row);
      if (threads > 1 && !scope.crossOriginIsolated) {
        row.note = 'the page is not cross-origin isolated (no SharedArrayBuffer)';
        continue;
      }
      const runner = await createCoreRunner(spec, { maxBatch: 512, lr: 0.01, momentum: 0.9, seed: 1 }, { kind: 'wasm', threads, factory, relaxed });
      let b = 0;
      const pred = new Uint8Array(256);
      const step = () => {
        const t = train[b++ % train.length];
        runner.trainStep(t.x, t.labels, 32);
      };
      const infer = () => runner.infer(inferX, 256, pred);
      rate(step, 32, Math.min(1, cfg.seconds)); // warm-up
      infer();
      live.push({ row, runner, step, infer });
    }
    for (let r = 0; r < cfg.repeats; r++) {
      for (const e of live) e.row.trainImgPerSec.push(rate(e.step, 32, cfg.seconds));
      for (const e of live) e.row.inferImgPerSec.push(rate(e.infer, 256, cfg.seconds));
    }
    for (const e of live) e.runner.dispose();
  }
  return { userAgent: scope.navigator.userAgent, crossOriginIsolated: scope.crossOriginIsolated, hardwareConcurrency: scope.navigator.hardwareConcurrency, relaxedSimd: WebAssembly.validate(RELAXED_SIMD_PROBE), rows };
}

scope.onmessage = (e) => {
  run(e.data).then(
    (result) => scope.postMessage({ result }),
    (err: unknown) => scope.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
};
