// The web build's training worker: core's TrainingSession with MNIST fetched from `mnist/` and the bundled
// default model (core/models/default-cnn.json when it exists, else the session's untrained cnn).
import { loadMnist } from '../../core/data/mnist';
import { useFastestBackendSync } from '../../core/kernels';
import type { SessionEvent } from '../../core/protocol';
import { TrainingSession } from '../../core/session/session';
import { defaultModelText } from '../lib/default-model';

export interface WorkerInit {
  type: 'init';
  /** Absolute URL of the folder holding the four MNIST IDX files. */
  mnistBase: string;
}

const scope = self as unknown as { postMessage(e: SessionEvent): void; onmessage: ((m: MessageEvent) => void) | null };
let session: TrainingSession | null = null;

async function fetchBytes(base: string, name: string): Promise<Uint8Array> {
  const url = new URL(name, base).href;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load MNIST file ${name} (${res.status} ${res.statusText} at ${url})`);
  return new Uint8Array(await res.arrayBuffer());
}

function start(init: WorkerInit): void {
  const post = (e: SessionEvent) => scope.postMessage(e);
  try {
    // WebAssembly SIMD kernels when this browser has them (a worker may compile synchronously), else plain TS
    useFastestBackendSync();
  } catch (e) {
    post({ type: 'error', message: `fast kernels unavailable (${(e as Error).message}); training with the plain TypeScript kernels` });
  }
  try {
    session = new TrainingSession({ loadData: () => loadMnist((name) => fetchBytes(init.mnistBase, name)), post, defaultModel: defaultModelText() });
  } catch (e) {
    post({ type: 'error', message: `default model: ${(e as Error).message}; starting from an untrained cnn` });
    session = new TrainingSession({ loadData: () => loadMnist((name) => fetchBytes(init.mnistBase, name)), post });
  }
  session.init().catch((e: Error) => post({ type: 'error', message: `MNIST: ${e.message}` }));
}

scope.onmessage = (m: MessageEvent) => {
  const msg = m.data as { type?: unknown };
  if (msg?.type === 'init') {
    if (!session) start(m.data as WorkerInit);
    return;
  }
  if (!session) scope.postMessage({ type: 'error', message: 'training worker: a command arrived before init' });
  else session.handle(m.data);
};
