// Data-parallel training and inference over worker threads: a training batch is split across replicas (the main
// thread computes one share), gradients are summed in shared memory; an inference batch is claimed image range by
// image range by whichever thread is free (claimImages). Synchronous per batch via Atomics.wait,
// so it runs where blocking is allowed: Node (main or worker thread), Web Workers, Electron utility threads.
import type { WasmOptions } from './wasm.js';
import { CoreError } from '../assert.js';
import type { Labels, LossOptions } from '../ops/loss.js';
import type { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import { allocReplicaBuffers, allocShared, arrivedAt, claimAt, spinUntil, CTRL, JOB_BOUND, JOB_EXIT, JOB_FORWARD, JOB_TRAIN, paramViews, specSizes, STEP, writeStep, type ReplicaBuffers, type WorkerFactory, type WorkerPort, type WorkerReply } from './parallel-shared.js';
import { plainTrainStep, type Optimizer } from '../optim.js';
import { Replica } from './parallel-worker.js';
import { compiledModules } from './wasm-loader.js';
import { ReplicaPool } from './replica-pool.js';

export type { WorkerFactory, WorkerPort } from './parallel-shared.js';
export { runReplicaWorker } from './parallel-worker.js';
export { ReplicaPool } from './replica-pool.js';

/** How long dispose() waits for a pooled worker's loop to end before it ends the worker instead. */
const EXIT_MS = 2000;

/** True when this host can share memory between threads (SharedArrayBuffer + Atomics, cross-origin isolated). */
export function threadsSupported(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
}

export interface DataParallelOptions {
  /** Total threads including the calling one (≥ 1). */
  threads: number;
  /** Largest batch ever passed to lossAndGrad or forward. */
  maxBatch: number;
  /** Kernel backend inside the workers. */
  backend?: 'wasm' | 'js';
  /** The wasm backend's options inside the workers (Winograd, relaxed SIMD); give the model's backend's own. */
  wasm?: WasmOptions;
  /** How long a replica may take over its share of one batch before the call fails (default 60 s). */
  stallMs?: number;
}

/** Splits n into `parts` near-equal shares. */
function shares(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor((n * (i + 1)) / parts) - Math.floor((n * i) / parts));
}

/** A Model's training step spread over threads; the model's params and grads stay the source of truth. */
export class DataParallel {
  private readonly ctrl: Int32Array;
  private readonly weights: Float32Array;
  private readonly local: Replica;
  /** Each slot's buffers; `bound` is the float64 over its first two output floats (outputBoundWhile's result). */
  private readonly views: { x: Float32Array; labels: Uint8Array; out: Float32Array; bound: Float64Array }[];
  private readonly pixels: number;
  private readonly classes: number;
  /** The threads the next batches are split over (the first `active` slots; the others' workers wait idle). */
  private active: number;
  private readonly stepBlock: Float64Array;
  private readonly state: Float32Array[];
  /** The optimizer whose running state lives in `state` (trainStep moves it there on first use). */
  private bound: Optimizer | null = null;

  private constructor(
    readonly model: Model,
    private readonly workers: WorkerPort[],
    buffers: ReplicaBuffers[],
    private readonly maxBatch: number,
    private readonly stallMs: number,
    /** Where the workers came from and go back to on dispose (null: they end then). */
    private readonly pool: ReplicaPool | null,
  ) {
    this.ctrl = new Int32Array(buffers[0].ctrl);
    const views = paramViews(buffers[0].params, buffers.length);
    this.weights = views.weights;
    ({ pixels: this.pixels, classes: this.classes } = specSizes(model.spec));
    this.views = buffers.map((b) => ({ x: new Float32Array(b.x), labels: new Uint8Array(b.labels), out: new Float32Array(b.out), bound: new Float64Array(b.out, 0, 1) }));
    this.local = new Replica({ spec: model.spec, index: 0, maxBatch, buffers: buffers[0], threads: buffers.length }, 0, model.backend ?? undefined);
    this.active = buffers.length;
    this.stepBlock = new Float64Array(buffers[0].step);
    this.state = views.state;
    // The model's own weights move into the shared buffer the replicas compute with, so the optimizer's update is
    // what they see next batch and nothing is copied per batch. They stay there (setWeights still works). Its
    // gradients move into the shared sum every replica adds its range of the batch mean to (current values kept).
    const sum = views.sum;
    let off = 0;
    for (const p of model.params) {
      sum.set(p.grad.data, off);
      off += p.grad.size;
    }
    model.bindStorage(this.weights, sum, true);
  }

  /**
   * Takes threads − 1 workers (started from `source`, or a pool's: idle ones first) and waits until each has built its
   * replica. From a pool, dispose() gives them back.
   */
  static async create(model: Model, source: WorkerFactory | ReplicaPool, opts: DataParallelOptions): Promise<DataParallel> {
    if (!threadsSupported()) throw new CoreError('DataParallel: this host has no SharedArrayBuffer/Atomics (in a browser the page must be cross-origin isolated)');
    if (!Number.isInteger(opts.threads) || opts.threads < 1 || opts.threads > 31) throw new CoreError(`DataParallel: threads must be an integer from 1 to 31, got ${opts.threads}`);
    const shared = allocShared(opts.threads, model.paramCount);
    const first = allocReplicaBuffers(shared, opts.maxBatch, model.spec);
    const buffers = [first, ...Array.from({ length: opts.threads - 1 }, () => allocReplicaBuffers(shared, opts.maxBatch, model.spec, first.batch))];
    const pool = source instanceof ReplicaPool ? source : null;
    const workers = pool ? pool.take(opts.threads - 1) : Array.from({ length: opts.threads - 1 }, () => (source as WorkerFactory)());
    const names: string[] = [];
    try {
      await Promise.all(
        buffers.slice(1).map((b, i) => {
          const port = workers[i];
          return new Promise<void>((resolve, reject) => {
            port.onMessage((m) => {
              const r = m as WorkerReply;
              if (r.type === 'ready') {
                names[i] = r.backend;
                resolve();
              }
              else if (r.type === 'error') reject(new CoreError(`DataParallel: worker ${i + 1} failed to start: ${r.message}`));
            });
            const init = { type: 'init', spec: model.spec, index: i + 1, backend: opts.backend ?? 'wasm', wasm: opts.wasm, maxBatch: opts.maxBatch, buffers: b, threads: buffers.length };
            // a port that cannot carry compiled modules (another process) gets none, and its replica compiles its own
            try {
              port.postMessage({ ...init, modules: compiledModules() });
            } catch {
              port.postMessage(init);
            }
          });
        }),
      );
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    const dp = new DataParallel(model, workers, buffers, opts.maxBatch, opts.stallMs ?? 60_000, pool);
    dp.replicaBackends = names;
    return dp;
  }

  /** The backend each started replica computes with, by its name (e.g. "wasm + relaxed SIMD"). */
  replicaBackends: readonly string[] = [];

  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Splits the next batches over the first `k` threads only (clamped to 1…threads; 1: the calling thread alone), e.g.
   * to leave a core to the UI while the user draws; the other workers stay started and wait. Returns this.
   */
  use(k: number): this {
    this.active = Math.max(1, Math.min(this.threads, Math.floor(k)));
    return this;
  }

  /**
   * Posts a job to every replica (slot 0 runs here), then blocks until all are done. Returns the shares: a training
   * job's fixed split of the batch, or for JOB_FORWARD the whole batch (in slot 0's x) for every participant to claim from.
   */
  private run(kind: number, x: Tensor, labels: Labels | null): number[] {
    const n = x.shape[0];
    if (n > this.maxBatch) throw new CoreError(`DataParallel: batch ${n} exceeds maxBatch ${this.maxBatch}`);
    const claimed = kind === JOB_FORWARD;
    const parts = claimed ? Array<number>(this.active).fill(n) : shares(n, this.active);
    if (claimed) {
      this.views[0].x.set(x.data.subarray(0, n * this.pixels));
      Atomics.store(this.ctrl, claimAt(this.ctrl), 0);
    }
    let start = 0;
    parts.forEach((m, slot) => {
      const v = this.views[slot];
      if (!claimed) v.x.set(x.data.subarray(start * this.pixels, (start + m) * this.pixels));
      if (labels) for (let i = 0; i < m; i++) v.labels[i] = labels[start + i];
      const base = slot * CTRL.stride;
      Atomics.store(this.ctrl, base + CTRL.kind, kind);
      Atomics.store(this.ctrl, base + CTRL.n, m);
      start += m;
    });
    // the training barrier: no replica has arrived yet, all active ones take part
    Atomics.store(this.ctrl, arrivedAt(this.ctrl), 0);
    Atomics.store(this.ctrl, arrivedAt(this.ctrl) + 1, parts.length);
    for (let slot = 1; slot < parts.length; slot++) {
      Atomics.add(this.ctrl, slot * CTRL.stride + CTRL.job, 1);
      Atomics.notify(this.ctrl, slot * CTRL.stride + CTRL.job);
    }
    if (kind === JOB_TRAIN) {
      // arrive even when the share fails, so the workers finish their ranges and the error surfaces here
      try {
        if (parts[0] > 0) this.local.runJob();
      } finally {
        this.local.reduce(this.stallMs);
      }
    } else if (parts[0] > 0) this.local.runJob();
    for (let slot = 1; slot < parts.length; slot++) {
      const base = slot * CTRL.stride;
      const job = Atomics.load(this.ctrl, base + CTRL.job);
      waitDone(this.ctrl, base, job, slot, this.stallMs);
      if (Atomics.load(this.ctrl, base + CTRL.kind) === -1) throw new CoreError(`DataParallel: worker ${slot} failed on this batch`);
    }
    return parts;
  }

  /** Same contract as Model.lossAndGrad: adds the batch-mean gradient into the model's param grads. */
  lossAndGrad(x: Tensor, labels: Labels, opts: LossOptions = {}): { loss: number; correct: number; probs: Tensor } {
    const n = x.shape[0];
    this.stepBlock[STEP.smoothing] = opts.labelSmoothing ?? 0;
    const parts = this.run(JOB_TRAIN, x, labels);
    const probs = new Tensor([n, this.classes]);
    let loss = 0;
    let correct = 0;
    let start = 0;
    // (the batch-mean gradient is already in the model's grads: every replica added its range, see reduceShare)
    parts.forEach((m, slot) => {
      if (m === 0) return;
      const v = this.views[slot];
      loss += v.out[0] * m;
      correct += v.out[1];
      probs.data.set(v.out.subarray(2, 2 + m * this.classes), start * this.classes);
      start += m;
    });
    return { loss: loss / n, correct, probs };
  }

  /**
   * zeroGrad, lossAndGrad and optimizer.step in one call: every replica updates its range of the weights right after
   * adding that range of the batch mean, so the step (on K's 1.2 M weights, ms per batch) is spread over the threads
   * and the gradients need no zeroing first. The optimizer's running state moves into shared memory on first use.
   * Falls back to the three calls when the optimizer has frozen or masked params (see Optimizer.takeFlatStep).
   */
  trainStep(x: Tensor, labels: Labels, optimizer: Optimizer, opts: LossOptions = {}): { loss: number; correct: number; probs: Tensor } {
    const own = optimizer.params.length === this.model.params.length && optimizer.params.every((p, i) => p === this.model.params[i]);
    const flat = own && optimizer.stateKinds <= 2 ? optimizer.takeFlatStep() : null;
    if (!flat) return plainTrainStep(this, optimizer, x, labels, opts);
    if (this.bound !== optimizer) {
      optimizer.bindState(this.state);
      this.bound = optimizer;
    }
    writeStep(this.stepBlock, flat);
    try {
      return this.lossAndGrad(x, labels, opts);
    } finally {
      writeStep(this.stepBlock, null);
    }
  }

  /**
   * The model's outputBound() for its current weights, computed by the first replica thread while `meanwhile` runs on
   * this one (the trainer fills the next batch then); on one active thread, here after `meanwhile`. The same float
   * as model.outputBound(). `meanwhile` must not change the weights.
   */
  outputBoundWhile(meanwhile: () => void): number {
    if (this.active < 2) return this.model.outputBoundWhile(meanwhile);
    const job = this.postJob(1, JOB_BOUND);
    try {
      meanwhile();
    } finally {
      waitDone(this.ctrl, CTRL.stride, job, 1, this.stallMs);
    }
    if (Atomics.load(this.ctrl, CTRL.stride + CTRL.kind) === -1) throw new CoreError('DataParallel: worker 1 failed to compute the output bound');
    return this.views[1].bound[0];
  }

  /**
   * Logits [N, classes] for x [N, C, H, W], computed in parallel: every thread claims images of the batch until none
   * are left (Model.inferClaimed), so one that starts late or runs slower takes fewer, and none waits on a fixed half.
   * The same floats as model.infer(x).
   */
  infer(x: Tensor): Tensor {
    const n = x.shape[0];
    this.run(JOB_FORWARD, x, null);
    return new Tensor([n, this.classes], this.views[0].out.slice(2, 2 + n * this.classes));
  }

  /** Posts a job of `kind` to replica `slot` alone and wakes it; returns the job's number, for waitDone. */
  private postJob(slot: number, kind: number): number {
    const base = slot * CTRL.stride;
    Atomics.store(this.ctrl, base + CTRL.kind, kind);
    const job = Atomics.add(this.ctrl, base + CTRL.job, 1) + 1;
    Atomics.notify(this.ctrl, base + CTRL.job);
    return job;
  }

  /**
   * Ends the workers, or with a pool ends their replica loops (JOB_EXIT) and gives them back; one whose loop does not
   * end within EXIT_MS (stuck or crashed) is ended instead. Call it once no job is running.
   */
  dispose(): void {
    const workers = this.workers.splice(0);
    if (!this.pool) return workers.forEach((w) => w.terminate());
    const back = workers.filter((w, i) => {
      const job = this.postJob(i + 1, JOB_EXIT);
      try {
        waitDone(this.ctrl, (i + 1) * CTRL.stride, job, i + 1, EXIT_MS);
        return true;
      } catch {
        w.terminate();
        return false;
      }
    });
    this.pool.give(back);
  }
}

/**
 * Blocks until replica `slot` has finished job `job`. The wait is bounded to 2 ms at a time: on Node 20 an
 * Atomics.notify was seen to go missing (a wait timed out although `done` was already set), which with an unbounded
 * wait hangs training for good. After each timeout the job's wake-up is sent again in case the replica missed it.
 */
function waitDone(ctrl: Int32Array, base: number, job: number, slot: number, stallMs: number): void {
  spinUntil(ctrl, base + CTRL.done, job);
  const start = Date.now();
  while (Atomics.load(ctrl, base + CTRL.done) !== job) {
    if (Atomics.wait(ctrl, base + CTRL.done, Atomics.load(ctrl, base + CTRL.done), 2) !== 'timed-out') continue;
    Atomics.notify(ctrl, base + CTRL.job);
    if (Date.now() - start > stallMs) throw new CoreError(`DataParallel: worker ${slot} has not finished its share of the batch in ${stallMs / 1000} s (it may have crashed)`);
  }
}
