// Entry of the training worker (a Node worker_threads Worker owned by main): a thin transport around core's
// session. parentPort messages -> session.handle (which validates them again); session events -> parentPort.
import { parentPort, workerData } from 'node:worker_threads';
import type { SessionEvent } from '../../core/protocol.js';
import { startSession } from '../../core/session/start.js';
import { loadMnistFromDir, parseWorkerPaths, readDefaultModel } from './data.js';
import { replicaThreads } from './threads.js';

const port = parentPort;
if (!port) throw new Error('electron/worker/worker: must run inside a worker_threads Worker');

const paths = parseWorkerPaths(workerData);
const session = startSession({
  post: (e: SessionEvent) => port.postMessage(e),
  loadData: () => loadMnistFromDir(paths.mnistDir),
  defaultModel: () => readDefaultModel(paths.defaultModelPath),
  defaultModelFrom: paths.defaultModelPath,
  ...(paths.replicaScript ? { replicas: replicaThreads(paths.replicaScript) } : {}),
});
port.on('message', (msg: unknown) => session.handle(msg));
