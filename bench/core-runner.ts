// The core's benchmark runner and the timing loop, with no Node imports: used by the Node rows (lib-core.ts) and by
// the same rows run inside Chromium (`npm run bench -- --runtime chromium`, bench/chromium/bench.worker.ts).
import { referenceBackend } from '../core/kernels/index.js';
import { DataParallel, type WorkerFactory } from '../core/kernels/parallel.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { argmaxRow, Model } from '../core/model.js';
import { plainTrainStep, SGD } from '../core/optim.js';
import type { ModelSpec } from '../core/spec.js';
import { Tensor } from '../core/tensor.js';
import type { Runner } from './runner.js';

export interface CoreRunnerOptions {
  kind: 'js' | 'wasm';
  threads: number;
  /** Starts a replica for each thread beyond the first (Node worker_threads or Web Workers). */
  factory: WorkerFactory | null;
  /** The relaxed SIMD build where it validates (default true), else the plain one; replicas get the same. */
  relaxed?: boolean;
}

export async function createCoreRunner(spec: ModelSpec, o: { maxBatch: number; lr: number; momentum: number; seed: number }, run: CoreRunnerOptions): Promise<Runner> {
  const wasm = { relaxed: run.relaxed ?? true };
  const backend = run.kind === 'wasm' ? createWasmBackend(wasm)! : referenceBackend();
  const model = new Model(spec, o.seed, { backend });
  const opt = new SGD(model.params, o.lr, o.momentum);
  if (run.threads > 1 && !run.factory) throw new Error('threads need a worker factory');
  const dp = run.threads > 1 ? await DataParallel.create(model, run.factory!, { threads: run.threads, maxBatch: o.maxBatch, backend: run.kind, wasm }) : null;
  const [c, h, w] = spec.input;
  // the model carries its backend, so rows of different backends never see each other's choice
  return {
    trainStep(x, labels, n) {
      const xt = new Tensor([n, c, h, w], x.subarray(0, n * c * h * w));
      // on threads the update runs on every thread's range of the weights (DataParallel.trainStep), as in the app
      if (dp) dp.trainStep(xt, labels.subarray(0, n), opt);
      else plainTrainStep(model, opt, xt, labels.subarray(0, n));
    },
    infer(x, n, pred) {
      const xt = new Tensor([n, c, h, w], x.subarray(0, n * c * h * w));
      const logits = (dp ?? model).infer(xt);
      const k = logits.shape[1];
      for (let i = 0; i < n; i++) pred[i] = argmaxRow(logits.data, i * k, k);
    },
    dispose() {
      dp?.dispose();
    },
  };
}

/** Items per second of fn over at least `seconds` (at least one call). */
export function rate(fn: () => void, items: number, seconds: number): number {
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
