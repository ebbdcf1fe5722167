// The web build's training worker: core's session (startSession) with MNIST fetched from `mnist/` and the bundled
// default model (core/models/default-cnn.json when it exists, else the session's untrained cnn).
import { loadMnist } from '../../core/data/mnist';
import { ReplicaPool } from '../../core/kernels/parallel';
import type { SessionEvent } from '../../core/protocol';
import type { TrainingSession } from '../../core/session/session';
import { startSession } from '../../core/session/start';
import { defaultModelText } from '../lib/default-model';
import { webReplicaFactory } from './replica-factory';
import { TEST_THROW } from './restarting-worker';

export interface WorkerInit {
  type: 'init';
  /** Absolute URL of the folder holding the four MNIST IDX files. */
  mnistBase: string;
}

const scope = self as unknown as {
  postMessage(e: SessionEvent): void;
  onmessage: ((m: MessageEvent) => void) | null;
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
};

/** Threads a run gets by default: the machine's cores, at most 8; one where memory cannot be shared. */
const defaultThreads = scope.crossOriginIsolated ? Math.max(1, Math.min(8, scope.navigator?.hardwareConcurrency ?? 1)) : 1;
let session: TrainingSession | null = null;

async function fetchBytes(base: string, name: string): Promise<Uint8Array> {
  const url = new URL(name, base).href;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`MNIST: could not load ${name} (${res.status} ${res.statusText} at ${url})`);
  return new Uint8Array(await res.arrayBuffer());
}

scope.onmessage = (m: MessageEvent) => {
  const msg = m.data as { type?: unknown };
  if (msg?.type === 'init') {
    const init = m.data as WorkerInit;
    session ??= startSession({
      post: (e) => scope.postMessage(e),
      loadData: () => loadMnist((name) => fetchBytes(init.mnistBase, name)),
      defaultModel: defaultModelText,
      replicas: { pool: new ReplicaPool(webReplicaFactory), threads: defaultThreads },
    });
    return;
  }
  if (msg?.type === TEST_THROW) {
    // fault injection for the crash tests (RestartingWorker.crash): an uncaught error, as a bug would throw
    setTimeout(() => {
      throw new Error('an uncaught error in the training worker (test)');
    });
    return;
  }
  if (session) session.handle(m.data);
  else scope.postMessage({ type: 'error', code: 'worker', message: 'training worker: a command arrived before init' });
};
