// Replica workers kept between data-parallel engines (DataParallel). A run's workers can be started before the run
// (prestart) and go back to the pool when its engine is disposed, so the next run neither waits for a worker to load
// its script nor starts its replica's JavaScript cold.
import { CoreError } from '../assert.js';
import type { WorkerFactory, WorkerPort } from './parallel-shared.js';

/** A pooled worker's port: one listener at a time (each engine sets its own); messages wait until one is set. */
class PooledPort implements WorkerPort {
  private listener: ((message: unknown) => void) | null = null;
  private readonly held: unknown[] = [];

  constructor(private readonly inner: WorkerPort) {
    inner.onMessage((m) => (this.listener ? this.listener(m) : this.held.push(m)));
  }

  postMessage(message: unknown): void {
    this.inner.postMessage(message);
  }

  /** Replaces the listener (an engine's); messages that came while there was none (a load error) go to it first. */
  onMessage(listener: (message: unknown) => void): void {
    this.listener = listener;
    for (const m of this.held.splice(0)) listener(m);
  }

  /** Back in the pool: the last engine's listener hears nothing more. */
  release(): void {
    this.listener = null;
  }

  terminate(): void {
    this.listener = null;
    this.inner.terminate();
  }
}

export class ReplicaPool {
  private readonly idle: PooledPort[] = [];
  private disposed = false;

  /** `keep`: the most idle workers kept; more given back are ended. */
  constructor(
    private readonly factory: WorkerFactory,
    readonly keep = 7,
  ) {}

  /** Idle workers waiting for an engine. */
  get idleCount(): number {
    return this.idle.length;
  }

  /** Starts workers until `n` are idle (at most `keep`); they load meanwhile and wait for an engine's init. */
  prestart(n: number): void {
    while (!this.disposed && this.idle.length < Math.min(n, this.keep)) this.idle.push(new PooledPort(this.factory()));
  }

  /** `n` workers for an engine: idle ones first (the longest idle first), newly started ones for the rest. */
  take(n: number): WorkerPort[] {
    if (this.disposed) throw new CoreError('ReplicaPool: taken from after dispose()');
    const ports: PooledPort[] = this.idle.splice(0, n);
    while (ports.length < n) ports.push(new PooledPort(this.factory()));
    return ports;
  }

  /** Workers back from an engine whose replica loops have ended (see DataParallel.dispose); past `keep` they end. */
  give(ports: readonly WorkerPort[]): void {
    for (const p of ports) {
      if (!(p instanceof PooledPort)) throw new CoreError('ReplicaPool.give: a worker this pool did not start');
      if (this.disposed || this.idle.length >= this.keep) p.terminate();
      else {
        p.release();
        this.idle.push(p);
      }
    }
  }

  /** Ends every idle worker; workers still with an engine end when it gives them back. */
  dispose(): void {
    this.disposed = true;
    for (const p of this.idle.splice(0)) p.terminate();
  }
}
