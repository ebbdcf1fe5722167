// Entry of a data-parallel replica thread, started by the training worker (a worker_threads Worker of its own): a
// thin transport around core's runReplicaWorker, which computes its share of each batch in shared memory.
import { parentPort } from 'node:worker_threads';
import { runReplicaWorker } from '../../core/kernels/parallel.js';

const port = parentPort;
if (!port) throw new Error('electron/worker/replica: must run inside a worker_threads Worker');
runReplicaWorker({ postMessage: (m) => port.postMessage(m), onMessage: (cb) => port.on('message', cb), terminate: () => port.close() });
