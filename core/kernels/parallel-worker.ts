// The replica side of data-parallel training: builds the same Model, then loops forever on Atomics.wait,
// running forward or forward+backward on its slice of each batch, on weights and gradients in shared memory.
import { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import type { Backend } from './backend.js';
import { arrivedAt, arriveAndWait, claimImages, CTRL, spinUntil, JOB_BOUND, JOB_EXIT, JOB_FORWARD, JOB_TRAIN, paramViews, readStep, reduceShare, specSizes, STEP, type InitMessage, type ReplicaBuffers, type WorkerPort } from './parallel-shared.js';
import { createWasmBackend } from './wasm.js';
import { adoptCompiledModules, loadStepKernels, type StepKernels } from './wasm-loader.js';

/** A model replica bound to one slot of shared memory; used by workers and by the main thread's own share. */
export class Replica {
  readonly model: Model;
  private readonly ctrl: Int32Array;
  private readonly x: Float32Array;
  private readonly labels: Uint8Array;
  private readonly out: Float32Array;
  /** The inference batch's images and logits (the first slot's x, and its out past the first two floats). */
  private readonly batchX: Float32Array;
  private readonly batchOut: Float32Array;
  /** The float64 over out's first two floats: a JOB_BOUND's result. */
  private readonly bound: Float64Array;
  private readonly pixels: number;
  private readonly sum: Float32Array;
  private readonly allGrads: Float32Array[];
  private readonly weights: Float32Array;
  private readonly state: Float32Array[];
  private readonly stepBlock: Float64Array;
  private readonly kernels: StepKernels | null;

  constructor(
    msg: Omit<InitMessage, 'type' | 'backend'>,
    private readonly slot: number,
    /** The replica model's kernels (absent: the thread's default). */
    backend?: Backend,
  ) {
    this.model = new Model(msg.spec, 1, { backend });
    const b: ReplicaBuffers = msg.buffers;
    this.ctrl = new Int32Array(b.ctrl);
    this.x = new Float32Array(b.x);
    this.labels = new Uint8Array(b.labels);
    this.out = new Float32Array(b.out);
    this.batchX = new Float32Array(b.batch.x);
    this.batchOut = new Float32Array(b.batch.out, 8);
    this.bound = new Float64Array(b.out, 0, 1);
    // The replica computes with the shared weights in place and writes its gradients straight into its slot:
    // no copy in or out per batch (on K's 1.2 M parameters those copies cost more than a millisecond each).
    const views = paramViews(b.params, msg.threads);
    this.weights = views.weights;
    this.model.bindStorage(this.weights, views.grads[slot], false);
    this.state = views.state;
    // the step kernels on the parameters' shared memory, where the host gave one (see allocShared)
    this.kernels = b.params.memory && loadStepKernels(b.params.memory);
    this.stepBlock = new Float64Array(b.step);
    this.pixels = specSizes(msg.spec).pixels;
    this.sum = views.sum;
    this.allGrads = views.grads;
  }

  /** Whether the job posted for this slot is a training step (its gradients then go through reduce). */
  trainPosted(): boolean {
    return Atomics.load(this.ctrl, this.slot * CTRL.stride + CTRL.kind) === JOB_TRAIN;
  }

  /**
   * After a training job (also a failed one): waits for every participant's gradients, then adds this slot's range
   * (and applies the optimizer step to it when the job carries one, see DataParallel.trainStep).
   */
  reduce(stallMs?: number): void {
    arriveAndWait(this.ctrl, this.slot, stallMs);
    const s = readStep(this.stepBlock);
    reduceShare(this.ctrl, this.slot, this.sum, this.allGrads, s && { s, weights: this.weights, state: this.state, kernels: this.kernels });
  }

  /** Runs the job currently posted in the control block for this slot. */
  runJob(): void {
    const base = this.slot * CTRL.stride;
    const kind = Atomics.load(this.ctrl, base + CTRL.kind);
    if (kind === JOB_BOUND) {
      // the replica's model computes with the shared weights, so this is the calling thread's model's bound
      this.bound[0] = this.model.outputBound();
      return;
    }
    const n = Atomics.load(this.ctrl, base + CTRL.n);
    if (kind === JOB_TRAIN) {
      const [c, h, w] = this.model.spec.input;
      const x = new Tensor([n, c, h, w], this.x.subarray(0, n * this.pixels));
      const r = this.model.lossAndGrad(x, this.labels.subarray(0, n), { overwrite: true, labelSmoothing: this.stepBlock[STEP.smoothing] });
      this.out[0] = r.loss;
      this.out[1] = r.correct;
      this.out.set(r.probs.data, 2);
    } else if (kind === JOB_FORWARD) {
      const threads = Atomics.load(this.ctrl, arrivedAt(this.ctrl) + 1);
      this.model.inferClaimed(this.batchX, n, this.batchOut, claimImages(this.ctrl, n, threads));
    }
  }
}

/**
 * Entry point of a replica worker: call it from the host's worker script with that worker's port. Each init message
 * builds a replica and runs its job loop until a JOB_EXIT, so a pooled worker serves one engine after another.
 */
export function runReplicaWorker(port: WorkerPort): void {
  let kept: { key: string; be: Backend | null } | null = null;
  port.onMessage((raw) => {
    const msg = raw as InitMessage;
    if (msg.type !== 'init') return;
    try {
      adoptCompiledModules(msg.modules);
      // a pooled worker keeps its kernels (their memory already grown) for the next replica with the same options
      const key = JSON.stringify(msg.wasm ?? {});
      if (msg.backend === 'wasm' && kept?.key !== key) kept = { key, be: createWasmBackend(msg.wasm) };
      const be = msg.backend === 'wasm' ? kept!.be : null;
      const replica = new Replica(msg, msg.index, be ?? undefined);
      port.postMessage({ type: 'ready', backend: be ? be.name : 'js' });
      const ctrl = new Int32Array(msg.buffers.ctrl);
      const base = msg.index * CTRL.stride;
      // A job is pending whenever the job counter is ahead of the done counter, so a job posted before this
      // loop starts (right after 'ready') is not missed.
      let justDone = false;
      for (;;) {
        const job = Atomics.load(ctrl, base + CTRL.job);
        if (job === Atomics.load(ctrl, base + CTRL.done)) {
          // right after a job, poll before sleeping (see spinUntil); then a wait that is bounded (see waitDone in
          // parallel.ts: a notification can go missing), so idle workers wake 20 times a second
          const posted = justDone && spinUntil(ctrl, base + CTRL.job, job, true);
          justDone = false;
          if (!posted) Atomics.wait(ctrl, base + CTRL.job, job, 50);
          continue;
        }
        if (Atomics.load(ctrl, base + CTRL.kind) === JOB_EXIT) {
          // back to the pool: this handler returns, and the worker's next init builds a new replica
          Atomics.store(ctrl, base + CTRL.done, job);
          Atomics.notify(ctrl, base + CTRL.done);
          return;
        }
        const train = replica.trainPosted();
        try {
          replica.runJob();
        } catch {
          Atomics.store(ctrl, base + CTRL.kind, -1);
        }
        if (train) replica.reduce();
        Atomics.store(ctrl, base + CTRL.done, job);
        Atomics.notify(ctrl, base + CTRL.done);
        justDone = true;
      }
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  });
}
