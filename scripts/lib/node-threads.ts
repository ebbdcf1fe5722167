// Node's WorkerFactory for core's DataParallel: starts scripts/lib/replica-worker.ts on a worker thread
// (an eval'd bootstrap registers tsx in the worker first). Used by scripts/compare.ts, the bench and the tests.
import { Worker } from 'node:worker_threads';
import type { WorkerFactory } from '../../core/kernels/parallel.js';
import { workerPort } from '../../electron/worker/threads.js';

const entry = new URL('./replica-worker.ts', import.meta.url).href;
// Worker threads do not inherit tsx's loader, so the bootstrap registers it before importing the .ts entry.
const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;

export const nodeWorkerFactory: WorkerFactory = () => workerPort(new Worker(bootstrap, { eval: true }));
