// A data-parallel replica of the web build's training: a Web Worker started by the training worker (session.worker.ts)
// for each extra thread; a thin transport around core's runReplicaWorker, computing in shared memory.
import { runReplicaWorker } from '../../core/kernels/parallel';

const scope = self as unknown as { postMessage(m: unknown): void; addEventListener(t: 'message', cb: (e: MessageEvent) => void): void; close(): void };
runReplicaWorker({ postMessage: (m) => scope.postMessage(m), onMessage: (cb) => scope.addEventListener('message', (e) => cb(e.data)), terminate: () => scope.close() });
