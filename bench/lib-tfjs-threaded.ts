// The "tfjs-wasm (SIMD, threaded build)" row: tfjs-backend-wasm's multi-threaded build, run in a worker thread
// (tfjs-threaded-worker.ts) because one process can start only one wasm backend. Calls block on Atomics.wait.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { cpus } from 'node:os';
import type { Library, Runner } from './runner.js';
import type { Reply, Request } from './tfjs-threaded-worker.js';

const entry = new URL('./tfjs-threaded-worker.ts', import.meta.url).href;
const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;

class Remote {
  private readonly worker = new Worker(bootstrap, { eval: true });
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private crashed: string | null = null;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker.unref();
    this.worker.on('error', (e) => {
      this.crashed = e.message;
      Atomics.store(this.ctrl, 0, 1);
      Atomics.notify(this.ctrl, 0);
    });
    this.worker.postMessage({ type: 'init', threads: cpus().length, ctrl: this.ctrl.buffer, reply: port2 } satisfies Request, [port2]);
  }

  /** Waits (without blocking the event loop, polling every 5 ms) for the reply to the request already posted. */
  async settle(): Promise<Reply> {
    while (Atomics.load(this.ctrl, 0) === 0) await new Promise((r) => setTimeout(r, 5));
    return this.take();
  }

  /** Posts a request and blocks this thread until the worker answered. */
  call(req: Request): Reply {
    this.worker.postMessage(req);
    Atomics.wait(this.ctrl, 0, 0, 600_000);
    return this.take();
  }

  post(req: Request): void {
    this.worker.postMessage(req);
  }

  private take(): Reply {
    Atomics.store(this.ctrl, 0, 0);
    if (this.crashed) return { error: `worker died: ${this.crashed}` };
    const r = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    return r ?? { error: 'worker answered without a reply' };
  }
}

const check = (r: Reply, what: string): Reply => {
  if (r.error) throw new Error(`bench/lib-tfjs-threaded: ${what}: ${r.error}`);
  return r;
};

/** The threaded build's row; `threads()` is the size of XNNPACK's pool as the backend reports it after init. */
export function tfjsThreadedLibrary(): Library & { threads(): number } {
  let remote: Remote | null = null;
  let status: Promise<Reply> | null = null;
  let threads = 0;
  return {
    name: 'tfjs-wasm (SIMD, threaded build)',
    core: false,
    threads: () => threads,
    async unavailable() {
      status ??= (async () => {
        remote = new Remote();
        return remote.settle();
      })();
      const r = await status;
      threads = r.threads ?? 0;
      return r.error ? `the threaded build did not start: ${r.error}` : null;
    },
    async create(spec, opts): Promise<Runner> {
      if (!remote) throw new Error('bench/lib-tfjs-threaded: call unavailable() before create()');
      const rm = remote;
      const [c, h, w] = spec.input;
      const x = new SharedArrayBuffer(opts.maxBatch * c * h * w * 4);
      const labels = new SharedArrayBuffer(opts.maxBatch);
      const pred = new SharedArrayBuffer(opts.maxBatch);
      rm.post({ type: 'create', spec, opts, x, labels, pred });
      check(await rm.settle(), 'create');
      const xs = new Float32Array(x);
      const ls = new Uint8Array(labels);
      const ps = new Uint8Array(pred);
      const size = c * h * w;
      return {
        trainStep(xb, lb, n) {
          xs.set(xb.subarray(0, n * size));
          ls.set(lb.subarray(0, n));
          check(rm.call({ type: 'step', n }), 'trainStep');
        },
        infer(xb, n, out) {
          xs.set(xb.subarray(0, n * size));
          check(rm.call({ type: 'infer', n }), 'infer');
          out.set(ps.subarray(0, n));
        },
        dispose() {
          check(rm.call({ type: 'dispose' }), 'dispose');
        },
      };
    },
  };
}
