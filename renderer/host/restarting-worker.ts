// The web build's training worker with crash recovery: a worker that fails (an uncaught throw, a load error) or is
// killed is ended and replaced by a new one, and the UI is told (an `error` event of code `worker`; the controller
// then puts its models back: renderer/app/recovery.ts). Too many crashes in a minute and it stops restarting.
import type { SessionEvent } from '../../core/protocol';

export interface RestartingWorkerOptions {
  /** Starts a new worker (already sent its init message). */
  create: () => Worker;
  /** Every event of the live worker, plus the crash reports. */
  onEvent: (e: SessionEvent) => void;
  /** More than this many crashes within `crashWindowMs` and no new worker is started (as Electron's WorkerManager). */
  maxCrashes?: number;
  crashWindowMs?: number;
}

/** How a test (through the window.__app hook) makes the worker fail: kill it, or make it throw an uncaught error. */
export type CrashKind = 'terminate' | 'throw';

/** The message that makes session.worker.ts throw an uncaught error (fault injection for the crash tests). */
export const TEST_THROW = 'test:throw-uncaught';

export class RestartingWorker {
  private worker: Worker | null = null;
  private crashTimes: number[] = [];
  private readonly maxCrashes: number;
  private readonly crashWindowMs: number;
  /** How many times a dead worker was replaced. */
  restarts = 0;

  constructor(private readonly opts: RestartingWorkerOptions) {
    this.maxCrashes = opts.maxCrashes ?? 5;
    this.crashWindowMs = opts.crashWindowMs ?? 60_000;
    this.start();
  }

  post(msg: unknown): void {
    if (this.worker) this.worker.postMessage(msg);
    else {
      const id = (msg as { id?: unknown }).id;
      this.opts.onEvent({ type: 'error', code: 'worker', message: 'the training worker is not running; reload the page', ...(typeof id === 'number' ? { id } : {}) });
    }
  }

  /** Test hook: kills the worker (as the browser would, with no event: reported here) or makes it throw. */
  crash(how: CrashKind): void {
    const w = this.worker;
    if (!w) return;
    if (how === 'throw') return w.postMessage({ type: TEST_THROW });
    this.crashed(w, 'it was terminated');
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private start(): void {
    const w = this.opts.create();
    this.worker = w;
    w.onmessage = (m: MessageEvent<SessionEvent>) => {
      if (this.worker === w) this.opts.onEvent(m.data);
    };
    w.onerror = (e) => {
      e.preventDefault();
      this.crashed(w, e.message || 'it failed to start');
    };
  }

  /** Ends `w` (its session may be half way through a command) and starts a new worker, unless it crashes too often. */
  private crashed(w: Worker, why: string): void {
    if (this.worker !== w) return;
    w.terminate();
    this.worker = null;
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < this.crashWindowMs), now];
    if (this.crashTimes.length > this.maxCrashes) {
      const message = `the training worker stopped (${why}); it crashed ${this.crashTimes.length} times in ${this.crashWindowMs / 1000} s, so it is not restarted. Save your model, then reload the page.`;
      return this.opts.onEvent({ type: 'error', code: 'worker', message });
    }
    // the new worker first, so whatever the UI sends on hearing of the crash goes to it
    this.restarts++;
    this.start();
    this.opts.onEvent({ type: 'error', code: 'worker', message: `the training worker stopped (${why}); starting a new one with your models` });
  }
}
