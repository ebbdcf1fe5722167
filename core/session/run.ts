// A training run as the session holds it: its entry, what its batches compute on (the model, or the model's replica
// threads once they have started, one thread fewer while an ease lasts), and how it starts and ends.
import { DataParallel, threadsSupported, type ReplicaPool } from '../kernels/parallel.js';
import type { Model } from '../model.js';
import { plainTrainStep, type Optimizer } from '../optim.js';
import type { LossOptions } from '../ops/loss.js';
import type { RunSummary } from '../protocol.js';
import type { Tensor } from '../tensor.js';
import type { GradEngine, Trainer } from '../train/trainer.js';

export interface RunEntry extends RunSummary {
  trainer: Trainer | null;
  /** performance.now() until which its batches run on one thread fewer (train:ease). */
  easeUntil: number;
}

/**
 * The host's replica workers, and the thread count a run gets when its config does not say. Runs take their workers
 * from the pool and give them back when they end, so a run after the first starts on warm threads; startSession
 * starts the default count once the session is ready (ReplicaPool.prestart).
 */
export interface Replicas {
  pool: ReplicaPool;
  threads: number;
}

/** Why a run asking for threads trains on one, or null when it can have them. */
export function whyOneThread(replicas: Replicas | undefined): string | null {
  if (!replicas) return 'this host starts no worker threads for training';
  if (!threadsSupported()) return 'this page cannot share memory between threads (no SharedArrayBuffer: it is not cross-origin isolated)';
  return null;
}

export function runSummary(r: RunEntry): RunSummary {
  return { id: r.id, model: r.model, config: r.config, state: r.state, ...(r.note ? { note: r.note } : {}), ...(r.message ? { message: r.message } : {}) };
}

/** The engine a run's Trainer computes through: the model until the run's replica threads have started, then them. */
export class RunCompute implements GradEngine {
  private parallel: DataParallel | null = null;

  constructor(
    private readonly model: Model,
    private readonly run: RunEntry,
  ) {}

  lossAndGrad(x: Tensor, labels: Uint8Array, opts?: LossOptions): { loss: number; correct: number; probs: Tensor } {
    return this.current().lossAndGrad(x, labels, opts);
  }

  infer(x: Tensor): Tensor {
    return this.current().infer(x);
  }

  trainStep(x: Tensor, labels: Uint8Array, optimizer: Optimizer, opts?: LossOptions): { loss: number; correct: number; probs: Tensor } {
    const c = this.current();
    return c instanceof DataParallel ? c.trainStep(x, labels, optimizer, opts) : plainTrainStep(c, optimizer, x, labels, opts);
  }

  outputBoundWhile(meanwhile: () => void): number {
    return this.current().outputBoundWhile(meanwhile);
  }

  private current(): Model | DataParallel {
    const p = this.parallel;
    return p ? p.use(performance.now() < this.run.easeUntil ? p.threads - 1 : p.threads) : this.model;
  }

  /**
   * Takes the replica threads the run's config asks for from the host's pool (before its first batch), then trains;
   * gives them back when the run ends. Threads that do not start leave the run on one, with a note, which `report` is told.
   */
  async train(trainer: Trainer, replicas: Replicas | undefined, report: (message: string) => void): Promise<void> {
    const { config } = this.run;
    try {
      if (config.threads > 1 && replicas) {
        try {
          this.parallel = await DataParallel.create(this.model, replicas.pool, { threads: config.threads, maxBatch: Math.max(500, config.batchSize) });
        } catch (e) {
          this.run.note = `one thread: the worker threads did not start (${(e as Error).message})`;
          this.run.config = { ...config, threads: 1 };
          report(`run ${this.run.id}: ${this.run.note}`);
        }
      }
      await trainer.run();
    } finally {
      this.parallel?.dispose();
      this.parallel = null;
    }
  }
}
