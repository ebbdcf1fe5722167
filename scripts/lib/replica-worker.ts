// Node worker_threads entry for a data-parallel replica: a thin transport around core's runReplicaWorker.
import { parentPort } from 'node:worker_threads';
import { runReplicaWorker } from '../../core/kernels/parallel.js';

if (!parentPort) throw new Error('scripts/lib/replica-worker.ts must run as a worker thread');
const port = parentPort;
runReplicaWorker({ postMessage: (m) => port.postMessage(m), onMessage: (cb) => port.on('message', cb), terminate: () => port.close() });
