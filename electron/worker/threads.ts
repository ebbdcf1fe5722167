// The training worker's replica threads: a pool of worker_threads for core's DataParallel, and how many threads a
// run gets by default (the machine's cores, at most 8).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ReplicaPool, type WorkerPort } from '../../core/kernels/parallel.js';
import type { Replicas } from '../../core/session/run.js';

/** A worker_threads Worker as core's WorkerPort (also used by the headless tools' threads, scripts/lib/node-threads.ts). */
export function workerPort(w: Worker): WorkerPort {
  w.unref();
  return {
    postMessage: (m) => w.postMessage(m),
    onMessage: (cb) => {
      w.on('message', cb);
      // a replica that fails to load reports through 'error': pass it on as the protocol's error reply
      w.on('error', (e) => cb({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
    },
    terminate: () => void w.terminate(),
  };
}

/** Threads a training run gets unless its config says otherwise. */
export const defaultThreads = (): number => Math.max(1, Math.min(8, availableParallelism()));

/** The session's replica threads: `script` (the replica bundle) as worker threads in a pool (see Replicas). */
export function replicaThreads(script: string): Replicas {
  return { pool: new ReplicaPool(() => workerPort(new Worker(script))), threads: defaultThreads() };
}
