// The trainer's clocks: the time left in a run (EtaClock) and its speed now (RecentRate).

/**
 * The time left in a run, from the wall-clock time its batches really took (fills, yields and event posting
 * included) and its evaluations: before the first evaluation it is guessed at a third of a training image's time per
 * test image (a forward pass without the backward). Held and paused time counts in nothing.
 */
export class EtaClock {
  private readonly start: number;
  private excluded = 0;
  private evalMs = 0;
  private evals = 0;
  private batches = 0;

  constructor(
    private readonly clock: () => number,
    private readonly totalBatches: number,
    private readonly epochs: number,
    private readonly testCount: number,
  ) {
    this.start = clock();
  }

  /** Awaits `wait` (a hold or a pause) and leaves its time out of the run's time. */
  async exclude<T>(wait: Promise<T>): Promise<T> {
    const t = this.clock();
    try {
      return await wait;
    } finally {
      this.excluded += this.clock() - t;
    }
  }

  evaluated(ms: number): void {
    this.evalMs += ms;
    this.evals++;
  }

  /** Counts a finished batch and returns the seconds left; `secondsPerImage` is the compute time per training image. */
  batchDone(secondsPerImage: number): number {
    this.batches++;
    const batchMs = (this.clock() - this.start - this.excluded - this.evalMs) / this.batches;
    const evalMs = this.evals > 0 ? this.evalMs / this.evals : (this.testCount * secondsPerImage * 1000) / 3;
    const evalsLeft = this.epochs - this.evals;
    return Math.max(0, ((this.totalBatches - this.batches) * batchMs + evalsLeft * evalMs) / 1000);
  }
}

/** A rate over about the last `tau` seconds: sums of images and seconds, each batch's weighted by e^(−its age / tau). */
export class RecentRate {
  private images = 0;
  private seconds = 0;
  constructor(private readonly tau = 2) {}
  /** Adds a batch of `images` that took `seconds`; returns the rate. */
  add(images: number, seconds: number): number {
    const keep = Math.exp(-seconds / this.tau);
    this.images = this.images * keep + images;
    this.seconds = this.seconds * keep + seconds;
    return this.images / Math.max(this.seconds, 1e-9);
  }
}
