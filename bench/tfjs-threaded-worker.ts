// Worker thread that runs tfjs-backend-wasm's multi-threaded build (its own tfjs module instances, apart from the
// bench's single-threaded ones) and answers lib-tfjs-threaded.ts synchronously: request by message, wake by Atomics.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { installTfjsBlobShim } from './tfjs-blob-shim.js';
import type { ModelSpec } from '../core/spec.js';
import type { Runner } from './runner.js';

export type Request =
  | { type: 'init'; threads: number; ctrl: SharedArrayBuffer; reply: MessagePort }
  | { type: 'create'; spec: ModelSpec; opts: { batch: number; maxBatch: number; lr: number; momentum: number; seed: number }; x: SharedArrayBuffer; labels: SharedArrayBuffer; pred: SharedArrayBuffer }
  | { type: 'step' | 'infer'; n: number }
  | { type: 'dispose' };

export interface Reply {
  error?: string;
  threads?: number;
}

if (!parentPort) throw new Error('bench/tfjs-threaded-worker.ts must run as a worker thread');
const port = parentPort;
const require = createRequire(import.meta.url);
installTfjsBlobShim(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js')));

let ctrl: Int32Array;
let reply: MessagePort;
let library: ReturnType<typeof import('./lib-tfjs.js').tfjsLibrary> | null = null;
let runner: Runner | null = null;
let bufs: { x: Float32Array; labels: Uint8Array; pred: Uint8Array } | null = null;

function answer(r: Reply): void {
  reply.postMessage(r);
  Atomics.store(ctrl, 0, 1);
  Atomics.notify(ctrl, 0);
}

async function handle(req: Request): Promise<Reply> {
  if (req.type === 'init') {
    const tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const { tfjsLibrary } = await import('./lib-tfjs.js');
    const lib = tfjsLibrary('tfjs-wasm threaded', 'wasm', () => {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
      wasm.setThreadsCount(req.threads);
    });
    const why = await lib.unavailable();
    if (why) return { error: why };
    library = lib;
    return { threads: wasm.getThreadsCount() };
  }
  if (req.type === 'create') {
    if (!library) return { error: 'not initialised' };
    runner?.dispose();
    runner = await library.create(req.spec, req.opts);
    bufs = { x: new Float32Array(req.x), labels: new Uint8Array(req.labels), pred: new Uint8Array(req.pred) };
    return {};
  }
  if (!runner || !bufs) return { error: `${req.type} before create` };
  if (req.type === 'step') runner.trainStep(bufs.x, bufs.labels, req.n);
  else if (req.type === 'infer') runner.infer(bufs.x, req.n, bufs.pred);
  else {
    runner.dispose();
    runner = null;
  }
  return {};
}

port.on('message', (req: Request) => {
  if (req.type === 'init') {
    ctrl = new Int32Array(req.ctrl);
    reply = req.reply;
  }
  handle(req).then(answer, (e: unknown) => answer({ error: e instanceof Error ? e.message : String(e) }));
});
