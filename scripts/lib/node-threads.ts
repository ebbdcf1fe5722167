// Node's WorkerFactory for core's DataParallel: starts scripts/lib/replica-worker.ts on a worker thread
// (an eval'd bootstrap registers tsx in the worker first). Used by scripts/compare.ts, the bench and the tests.
import { Worker } from 'node:worker_threads';
import type { WorkerFactory } from '../../core/kernels/parallel.js';

const entry = new URL('./replica-worker.ts', import.meta.url).href;
// Worker threads do not inherit tsx's loader, so the bootstrap registers it before importing the .ts entry.
const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;

export const nodeWorkerFactory: WorkerFactory = () => {
  const w = new Worker(bootstrap, { eval: true });
  w.unref();
  return {
    postMessage: (m) => w.postMessage(m),
    onMessage: (cb) => {
      w.on('message', cb);
      // A worker that fails to load reports through 'error'; pass it on as the protocol's error reply.
      w.on('error', (e) => cb({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
    },
    terminate: () => void w.terminate(),
  };
};
