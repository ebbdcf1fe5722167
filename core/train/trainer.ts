// The training loop: epochs × batches over a Dataset, emitting typed events. Pause/resume/stop take effect
// between batches; a diverged batch (NaN or exploding loss, overflowing weights) pauses the run with a message and
// brings back the weights from before the step that caused it.
import { assert } from '../assert.js';
import { learningRateAt, type TrainConfig } from './config.js';
import { fillBatch, shuffledIndices, type Dataset } from '../data/mnist.js';
import { EtaClock, RecentRate } from './clocks.js';
import { now, yieldToEventLoop } from '../event-loop.js';
import { argmaxRow, countCorrect, type Model } from '../model.js';
import { softmaxCrossEntropy, type LossOptions } from '../ops/loss.js';
import { LIMITS } from '../limits.js';
import { createOptimizer, plainTrainStep, type Optimizer } from '../optim.js';
import { Rng } from '../rng.js';
import { Tensor } from '../tensor.js';

export interface BatchEvent {
  type: 'batch';
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  /** Training images a second over the run so far (its average). */
  imagesPerSec: number;
  /** Over about the last 2 s of training (see RecentRate): the speed now, e.g. after threads were taken or given. */
  imagesPerSecNow: number;
  /** Seconds left at the current speed. */
  eta: number;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  epochs: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** classes×classes counts, row = true class, column = predicted class. */
  confusion: number[];
  perClassAccuracy: number[];
  /** Predicted class of every test image (for the confusion-matrix drill-down and the misclassified gallery). */
  predictions: Uint8Array;
  seconds: number;
}

export type RunState = 'running' | 'paused' | 'stopped' | 'done' | 'failed';
export interface StateEvent {
  type: 'state';
  state: RunState;
  message?: string;
}

export type TrainEvent = BatchEvent | EpochEvent | StateEvent;

export interface EvalResult {
  loss: number;
  accuracy: number;
  confusion: number[];
  perClassAccuracy: number[];
  predictions: Uint8Array;
}

/** What computes a batch's loss and gradients: the Model itself, or e.g. a DataParallel over threads. */
export interface GradEngine {
  lossAndGrad(x: Tensor, labels: Uint8Array, opts?: LossOptions): { loss: number; correct: number; probs: Tensor };
  /** Logits for evaluation (nothing kept for backward). */
  infer(x: Tensor): Tensor;
  /**
   * Optional, a faster whole step: zeroGrad, lossAndGrad and optimizer.step in one call (DataParallel spreads the
   * step over its threads). Without it the Trainer makes the three calls.
   */
  trainStep?(x: Tensor, labels: Uint8Array, optimizer: Optimizer, opts?: LossOptions): { loss: number; correct: number; probs: Tensor };
  /**
   * Optional: the model's outputBound() computed on another thread while `meanwhile` (which leaves the weights alone)
   * runs on this one (DataParallel.outputBoundWhile). Without it the Trainer asks the model (Model.outputBoundWhile:
   * `meanwhile`, then the bound).
   */
  outputBoundWhile?(meanwhile: () => void): number;
}

/** Loss, accuracy and confusion matrix of `model` on a dataset (forward passes only; `engine` may run them). */
export function evaluate(model: Model, data: Dataset, batchSize = 500, engine: GradEngine = model): EvalResult {
  const k = data.classes;
  const confusion = new Array<number>(k * k).fill(0);
  const predictions = new Uint8Array(data.count);
  const idx = Uint32Array.from({ length: data.count }, (_, i) => i);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const n = Math.min(batchSize, data.count - start);
    const x = new Tensor([n, data.channels, data.rows, data.cols]);
    const labels = new Uint8Array(n);
    fillBatch(data, idx, start, x, labels);
    const { loss, probs } = softmaxCrossEntropy(engine.infer(x), labels);
    assert(probs.shape[1] === k, () => `evaluate: the model scores ${probs.shape[1]} classes, the data set has ${k}`);
    lossSum += loss * n;
    correct += countCorrect(probs, labels);
    for (let i = 0; i < n; i++) {
      const p = argmaxRow(probs.data, i * k, k);
      predictions[start + i] = p;
      confusion[labels[i] * k + p]++;
    }
  }
  const perClassAccuracy = Array.from({ length: k }, (_, c) => {
    let row = 0;
    for (let j = 0; j < k; j++) row += confusion[c * k + j];
    return row ? confusion[c * (k + 1)] / row : 0;
  });
  return { loss: lossSum / data.count, accuracy: correct / data.count, confusion, perClassAccuracy, predictions };
}

export class Trainer {
  readonly optimizer: Optimizer;
  private state: RunState = 'running';
  private resumeWaiter: (() => void) | null = null;
  /** performance.now() until which the run waits between batches (hold), and what ends that wait early. */
  private holdUntil = 0;
  private holdWaker: (() => void) | null = null;
  /**
   * lastGood[latest]: the checked weights the next step starts from; the other: those before the previous step (a NaN
   * loss is blamed on the step that made the weights it was computed with). After a step its weights are copied into
   * the other one (saveLastGood, while their bound is computed), which becomes the latest once they pass (keepLastGood).
   */
  private readonly lastGood: Float32Array[][];
  private latest = 0;
  private baseLr: number;
  /**
   * What a diverged batch (a loss over LIMITS.loss or NaN, weights past LIMITS.outputBound) does: 'pause' the run with
   * a message (the studio: the user can lower the learning rate and resume) or 'fail' it (headless runs).
   */
  divergence: 'pause' | 'fail' = 'pause';

  constructor(
    readonly model: Model,
    readonly train: Dataset,
    readonly test: Dataset,
    readonly config: TrainConfig,
    private readonly emit: (e: TrainEvent) => void,
    /** Optional faster engine for the same model (data-parallel threads); defaults to the model. */
    private readonly engine: GradEngine = model,
    /** Milliseconds for speeds, the ETA and epoch times (tests give a fake one); holds wait on real time. */
    private readonly clock: () => number = now,
  ) {
    this.optimizer = createOptimizer(config.optimizer, model.params, config.lr, config);
    this.baseLr = config.lr;
    this.lastGood = [0, 1].map(() => model.params.map((p) => Float32Array.from(p.value.data)));
  }

  get runState(): RunState {
    return this.state;
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.emit({ type: 'state', state: 'paused' });
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.emit({ type: 'state', state: 'running' });
    this.resumeWaiter?.();
  }

  stop(): void {
    if (this.state !== 'running' && this.state !== 'paused') return;
    this.state = 'stopped';
    this.resumeWaiter?.();
    this.holdWaker?.();
  }

  /**
   * Holds the run between batches for up to `ms` from now; 0 (or a shorter hold) ends it sooner. The UI asks for it
   * while the user draws: on a machine with few cores the drawing's per-event work then has the CPU to itself. The
   * state stays 'running' (a hold is not a pause), and the held time counts in no speed or ETA.
   */
  hold(ms: number): void {
    this.holdUntil = ms > 0 ? now() + ms : 0;
    this.holdWaker?.();
  }

  /** Sets the base learning rate; the decay schedule goes on from it. */
  setLearningRate(lr: number): void {
    this.baseLr = lr;
  }

  /** Runs every epoch; resolves when done, stopped or failed (the final state event says which). */
  async run(): Promise<RunState> {
    try {
      return await this.loop();
    } catch (e) {
      // e.g. a model whose input shape does not fit the data: report it as a failed run, never a rejection.
      this.restoreLastGood();
      return this.finish('failed', `training failed: ${(e as Error).message}`);
    }
  }

  private async loop(): Promise<RunState> {
    const { config, model, train } = this;
    const rng = new Rng(config.seed);
    const data = train.count > config.trainSize ? { ...train, count: config.trainSize } : train;
    const bs = Math.min(config.batchSize, data.count);
    const batches = Math.floor(data.count / bs);
    const loss: LossOptions = { labelSmoothing: config.labelSmoothing };
    const x = new Tensor([bs, data.channels, data.rows, data.cols]);
    const labels = new Uint8Array(bs);
    const clock = this.clock;
    let trainSeconds = 0;
    let images = 0;
    const recent = new RecentRate();
    // the first batch waits a turn of the event loop: run() returns to its caller before any step
    let lastYield = -Infinity;
    const eta = new EtaClock(clock, config.epochs * batches, config.epochs, this.test.count);
    this.emit({ type: 'state', state: 'running' });
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const idx = shuffledIndices(data.count, rng);
      const epochStart = clock();
      let lossSum = 0;
      let correct = 0;
      // the batch of this epoch that x and labels hold (the next one is filled while the last step's bound is computed)
      let filled = -1;
      for (let b = 0; b < batches; b++) {
        if (now() - lastYield > 30 || this.state === 'paused' || now() < this.holdUntil) {
          await yieldToEventLoop();
          await eta.exclude(this.waitWhileHeld());
          lastYield = now();
        }
        // (no await while running: a microtask hop a batch is ~10 µs that the other threads wait through)
        if (this.state !== 'running' && (await eta.exclude(this.stoppedAfterPause()))) return this.finish('stopped');
        const t0 = clock();
        if (filled !== b) fillBatch(data, idx, b * bs, x, labels);
        filled = b;
        this.optimizer.lr = learningRateAt(config, this.baseLr, epoch + b / batches);
        const r = this.engine.trainStep ? this.engine.trainStep(x, labels, this.optimizer, loss) : plainTrainStep(this.engine, this.optimizer, x, labels, loss);
        const at = `at epoch ${epoch + 1}, batch ${b + 1}`;
        // NaN fails this test too
        if (!(r.loss <= LIMITS.loss)) {
          const what = Number.isFinite(r.loss) ? `the loss jumped to ${r.loss.toPrecision(3)} (over ${LIMITS.loss})` : `the loss became ${r.loss}`;
          if (this.diverged(`${what} ${at}`, 'previous')) return this.finish('failed', this.divergedMessage(`${what} ${at}`));
          b--; // paused: a resume retries this batch from the kept weights
          continue;
        }
        // NOTE: a NaN input can hide behind a ReLU (finite loss) yet poison the gradient; catch it in the weights, as
        // well as weights so large that some input in [0, 1] would overflow a forward pass
        // While the bound is computed (on a replica thread where there is one): the next batch, and a copy of these
        // weights, which become the last good ones once the bound passes (saveLastGood, keepLastGood).
        const next = b + 1 < batches ? b + 1 : -1;
        const meanwhile = () => {
          if (next >= 0) fillBatch(data, idx, next * bs, x, labels);
          filled = next;
          this.saveLastGood();
        };
        const bound = this.engine.outputBoundWhile ? this.engine.outputBoundWhile(meanwhile) : model.outputBoundWhile(meanwhile);
        if (!(bound <= LIMITS.outputBound)) {
          const what = Number.isFinite(bound) ? `the weights grew so large that outputs could reach ${bound.toPrecision(3)}` : 'the weights became non-finite (NaN or infinite gradient)';
          if (this.diverged(`${what} ${at}`, 'this')) return this.finish('failed', this.divergedMessage(`${what} ${at}`));
          b--;
          continue;
        }
        this.keepLastGood();
        const took = (clock() - t0) / 1000;
        trainSeconds += took;
        images += bs;
        lossSum += r.loss;
        correct += r.correct;
        const speed = images / Math.max(trainSeconds, 1e-9);
        this.emit({ type: 'batch', epoch, batch: b, batches, loss: r.loss, accuracy: r.correct / bs, imagesPerSec: speed, imagesPerSecNow: recent.add(bs, took), eta: eta.batchDone(trainSeconds / images) });
      }
      // A stop or pause asked for during the last batch is honoured before the (long) test-set evaluation.
      await yieldToEventLoop();
      lastYield = now();
      if (await eta.exclude(this.stoppedAfterPause())) return this.finish('stopped');
      const e0 = clock();
      const ev = evaluate(model, this.test, 500, this.engine);
      eta.evaluated(clock() - e0);
      this.emit({
        type: 'epoch',
        epoch,
        epochs: config.epochs,
        trainLoss: lossSum / batches,
        trainAccuracy: correct / (batches * bs),
        testLoss: ev.loss,
        testAccuracy: ev.accuracy,
        confusion: ev.confusion,
        perClassAccuracy: ev.perClassAccuracy,
        predictions: ev.predictions,
        seconds: (clock() - epochStart) / 1000,
      });
    }
    return this.finish('done');
  }

  /** Waits while a hold lasts (re-checked when one is renewed, ended or the run stopped). */
  private async waitWhileHeld(): Promise<void> {
    while (this.state === 'running' && now() < this.holdUntil) {
      await new Promise<void>((r) => {
        const timer = setTimeout(r, this.holdUntil - now());
        this.holdWaker = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
    this.holdWaker = null;
  }

  /** Waits while paused; true when the run was stopped. */
  private async stoppedAfterPause(): Promise<boolean> {
    while (this.state === 'paused') await new Promise<void>((r) => (this.resumeWaiter = r));
    return this.state === 'stopped';
  }

  private finish(state: RunState, message?: string): RunState {
    this.state = state;
    this.emit(message ? { type: 'state', state, message } : { type: 'state', state });
    return state;
  }

  /**
   * The run diverged (`what` says how and where): the weights from before the step that caused it (this batch's, or
   * for a bad loss the previous one, whose weights gave it) come back, the optimizer starts afresh, and the run
   * pauses with a message (the user can lower the learning rate and resume) — or, with divergence 'fail', returns
   * true and the caller ends it.
   */
  private diverged(what: string, step: 'this' | 'previous'): boolean {
    this.restoreLastGood(step);
    this.optimizer.reset();
    if (this.divergence === 'fail') return true;
    this.state = 'paused';
    this.emit({ type: 'state', state: 'paused', message: this.divergedMessage(what) });
    return false;
  }

  private divergedMessage(what: string): string {
    const next = this.divergence === 'fail' ? 'Try a smaller learning rate.' : 'Lower the learning rate, then resume (or stop).';
    return `${what}; training ${this.divergence === 'fail' ? 'stopped' : 'paused'} with the weights from before the step that caused it. ${next}`;
  }

  /** Copies the weights into the older copy; keepLastGood makes it the latest once they pass the checks. */
  private saveLastGood(): void {
    this.model.params.forEach((p, i) => this.lastGood[this.latest ^ 1][i].set(p.value.data));
  }

  private keepLastGood(): void {
    this.latest ^= 1;
  }

  /** The weights from before this batch's step, or before the previous batch's. */
  private restoreLastGood(step: 'this' | 'previous' = 'this'): void {
    const kept = this.lastGood[step === 'this' ? this.latest : this.latest ^ 1];
    const other = this.lastGood[step === 'this' ? this.latest ^ 1 : this.latest];
    this.model.params.forEach((p, i) => {
      p.value.data.set(kept[i]);
      // both copies hold them afterwards, so a retry that fails again comes back to them too
      other[i].set(kept[i]);
    });
  }
}
