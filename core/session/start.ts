// One start-up for every transport (the Electron worker thread, the web build's Web Worker, tests): picks the fastest
// kernels, builds the session (which falls back from an unreadable default model by itself) and loads the data.
// Every problem is reported once, with its error code, and kept for session:describe.
import { useFastestBackendSync } from '../kernels/index.js';
import type { DataSplits } from '../data/mnist.js';
import type { SessionEvent } from '../protocol.js';
import { TrainingSession, type SessionOptions } from './session.js';

/** What a transport gives the session: where events go and where the data and the default model come from. */
export interface SessionHost {
  post(e: SessionEvent): void;
  loadData(): Promise<DataSplits>;
  /** The bundled default model file's text; undefined when there is none (an untrained `cnn` then). */
  defaultModel?(): string | undefined;
  /** Where the default model is read from (a path or URL), for messages. */
  defaultModelFrom?: string;
  /** Worker threads for data-parallel training and the default thread count (see SessionOptions.replicas). */
  replicas?: SessionOptions['replicas'];
}

/** Starts a session for `host`; commands then go to the returned session's handle(). */
export function startSession(host: SessionHost): TrainingSession {
  let defaultModel: string | undefined;
  let readError: string | null = null;
  try {
    defaultModel = host.defaultModel?.();
  } catch (e) {
    readError = (e as Error).message;
  }
  const from = host.defaultModelFrom;
  const { replicas } = host;
  const post = (e: SessionEvent) => {
    host.post(e);
    // the replica workers start once the data is in (not while the app loads), so a run's threads are up at Start
    if (e.type === 'ready') replicas?.pool.prestart(replicas.threads - 1);
  };
  const session = new TrainingSession({ post, loadData: () => host.loadData(), defaultModel, defaultModelFrom: from, replicas });
  if (readError !== null) session.report('default-model', `the bundled default model${from ? ` ${from}` : ''} cannot be read (${readError}); starting from an untrained cnn`);
  try {
    // WebAssembly SIMD kernels where the host has them (a worker may compile synchronously), else plain TypeScript
    useFastestBackendSync();
  } catch (e) {
    session.report('backend', `fast kernels unavailable (${(e as Error).message}); training with the plain TypeScript kernels`);
  }
  void session.init();
  return session;
}
