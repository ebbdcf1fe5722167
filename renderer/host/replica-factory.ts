// Replica threads as nested module Web Workers (renderer/host/replica.worker.ts): the web build's training worker uses
// them, and so does the benchmark's Chromium runtime (bench/chromium/). They share memory only where the page is
// cross-origin isolated.
import type { WorkerFactory } from '../../core/kernels/parallel';

export const webReplicaFactory: WorkerFactory = () => {
  const w = new Worker(new URL('./replica.worker.ts', import.meta.url), { type: 'module' });
  return {
    postMessage: (m) => w.postMessage(m),
    onMessage: (cb) => {
      w.addEventListener('message', (e) => cb(e.data));
      // a replica that fails to load: the protocol's error reply, so DataParallel.create fails with the reason
      w.addEventListener('error', (e) => cb({ type: 'error', message: e.message || 'the replica worker failed to load' }));
    },
    terminate: () => w.terminate(),
  };
};
