// Owns the training worker: validates every command before it crosses into the worker, forwards the worker's
// events, and when the worker dies reports it and starts a new one (the page then puts its models back into it:
// renderer/app/recovery.ts). Plain Node (no electron import): tested directly.
import type { Worker } from 'node:worker_threads';
import { LIMITS } from '../../core/limits.js';
import { parseCommand, requestId, type ModelId, type RunId, type SessionEvent } from '../../core/protocol.js';

export interface WorkerManagerOptions {
  /** Starts a new worker running electron/worker/worker (main passes the bundle path and workerData). */
  create: () => Worker;
  /** Receives every session event, plus the manager's own error and state events. */
  onEvent: (e: SessionEvent) => void;
  /** More than this many crashes within `crashWindowMs` and the manager stops restarting. */
  maxCrashes?: number;
  crashWindowMs?: number;
}

export class WorkerManager {
  private worker: Worker | null = null;
  private lastError: Error | null = null;
  /** Runs training or paused in the live worker (a crash fails each of them). */
  private readonly active = new Map<RunId, ModelId>();
  private crashTimes: number[] = [];
  private disposed = false;
  private readonly maxCrashes: number;
  private readonly crashWindowMs: number;
  /** How many times a dead worker was replaced. */
  restarts = 0;

  constructor(private readonly opts: WorkerManagerOptions) {
    this.maxCrashes = opts.maxCrashes ?? 5;
    this.crashWindowMs = opts.crashWindowMs ?? 60_000;
  }

  /** The live worker (tests use it to simulate a crash). */
  get current(): Worker | null {
    return this.worker;
  }

  start(): void {
    if (this.disposed) throw new Error('WorkerManager: start after dispose');
    if (this.worker) return;
    const w = this.opts.create();
    this.worker = w;
    this.lastError = null;
    w.on('message', (e: SessionEvent) => this.forward(e));
    w.on('error', (err) => (this.lastError = err));
    w.on('exit', (code) => this.onExit(w, code));
  }

  /** Validates `raw` with parseCommand and posts it to the worker; an invalid command is answered with an error here. */
  send(raw: unknown): void {
    let cmd;
    try {
      cmd = parseCommand(raw);
    } catch (e) {
      const type = typeof raw === 'object' && raw !== null && Object.hasOwn(raw, 'type') ? (raw as { type?: unknown }).type : undefined;
      const id = requestId(raw);
      this.opts.onEvent({ type: 'error', code: 'bad-command', message: (e as Error).message, ...(id !== undefined ? { id } : {}), ...(typeof type === 'string' ? { command: type.slice(0, LIMITS.idChars) } : {}) });
      return;
    }
    if (!this.worker) {
      this.opts.onEvent({ type: 'error', code: 'worker', message: 'the training worker is not running', command: cmd.type, id: cmd.id });
      return;
    }
    this.worker.postMessage(cmd);
  }

  /** Stops the worker for good (app quit). */
  async dispose(): Promise<void> {
    this.disposed = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private forward(e: SessionEvent): void {
    if (e.type === 'state') {
      if (e.state === 'running' || e.state === 'paused') this.active.set(e.run, e.model);
      else this.active.delete(e.run);
    }
    this.opts.onEvent(e);
  }

  private onExit(w: Worker, code: number): void {
    if (this.worker !== w) return; // disposed, or an old worker
    this.worker = null;
    const why = this.lastError ? `: ${this.lastError.message}` : ` (exit code ${code})`;
    for (const [run, model] of this.active) this.opts.onEvent({ type: 'state', state: 'failed', message: `the training worker stopped${why}`, run, model });
    this.active.clear();
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < this.crashWindowMs), now];
    if (this.crashTimes.length > this.maxCrashes) {
      this.opts.onEvent({
        type: 'error',
        code: 'worker',
        message: `the training worker stopped${why}; it crashed ${this.crashTimes.length} times in ${this.crashWindowMs / 1000} s, so it is not restarted. Restart the app.`,
      });
      return;
    }
    this.opts.onEvent({ type: 'error', code: 'worker', message: `the training worker stopped${why}; starting a new one with your models` });
    this.restarts++;
    this.start();
  }
}
