// Entry of the training worker (a Node worker_threads Worker owned by main): a thin transport around core's
// TrainingSession. parentPort messages -> session.handle (which validates them again); session events -> parentPort.
import { parentPort, workerData } from 'node:worker_threads';
import { useFastestBackendSync } from '../../core/kernels/index.js';
import { TrainingSession } from '../../core/session/session.js';
import type { SessionEvent } from '../../core/protocol.js';
import { loadMnistFromDir, parseWorkerPaths, readDefaultModel } from './data.js';

const port = parentPort;
if (!port) throw new Error('electron/worker/worker: must run inside a worker_threads Worker');

const post = (e: SessionEvent) => port.postMessage(e);
const paths = parseWorkerPaths(workerData);
// WebAssembly SIMD kernels (Node and Electron have them); plain TypeScript where they are missing.
useFastestBackendSync();

let session: TrainingSession;
try {
  session = new TrainingSession({ loadData: () => loadMnistFromDir(paths.mnistDir), post, defaultModel: readDefaultModel(paths.defaultModelPath) });
} catch (e) {
  // A broken default model file must not leave the app without a session: report it and start from the fallback.
  post({ type: 'error', message: `default model ${paths.defaultModelPath}: ${(e as Error).message}; using an untrained cnn instead` });
  session = new TrainingSession({ loadData: () => loadMnistFromDir(paths.mnistDir), post });
}

port.on('message', (msg: unknown) => session.handle(msg));
session.init().catch((e: Error) => post({ type: 'error', message: e.message }));
