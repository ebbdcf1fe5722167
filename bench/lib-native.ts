// Native rows of the benchmark (issue #21): PyTorch CPU through /usr/bin/python3 (Debian's python3-torch) for
// training and inference, and ONNX Runtime (onnxruntime-node) for inference on an ONNX export of the same model.
// Both time themselves (a native library cannot be stepped synchronously from here) on the same batches the other
// rows use; the bench interleaves their timing calls with the others'. Where either is missing, its row says why.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Model } from '../core/model.js';
import { exportOnnx } from '../core/onnx/export.js';
import type { Library, TimedRunner } from './runner.js';

export interface BenchData {
  train: { x: Float32Array; labels: Uint8Array }[];
  infer: { x: Float32Array; n: number };
}

const PYTHON = '/usr/bin/python3';
const SCRIPT = new URL('./torch_runner.py', import.meta.url).pathname;

let torchProbe: { version: string | null; why: string | null } | null = null;
function probeTorch(): { version: string | null; why: string | null } {
  if (torchProbe) return torchProbe;
  if (!existsSync(PYTHON)) return (torchProbe = { version: null, why: `${PYTHON} not found (apt-get install python3-torch)` });
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) return (torchProbe = { version: null, why: `torch is not importable from ${PYTHON} (apt-get install python3-torch libopenblas0-pthread)` });
  return (torchProbe = { version: r.stdout.trim(), why: null });
}

/** A line-per-answer conversation with bench/torch_runner.py. */
class TorchProcess {
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | null = null;
  private exited: string | null = null;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(line);
      } else this.lines.push(line);
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      this.exited = `torch_runner exited with ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`;
      this.waiting?.(`error ${this.exited}`);
    });
  }

  async ask(command: string | null): Promise<string> {
    if (this.exited) throw new Error(this.exited);
    if (command !== null) this.child.stdin.write(command + '\n');
    const line = this.lines.shift() ?? (await new Promise<string>((resolve) => (this.waiting = resolve)));
    if (line.startsWith('error ')) throw new Error(line.slice(6));
    return line;
  }

  async number(command: string): Promise<number> {
    const v = Number(await this.ask(command));
    if (!Number.isFinite(v)) throw new Error(`torch_runner answered "${command}" with a non-number`);
    return v;
  }

  close(): void {
    if (!this.exited) this.child.stdin.end('quit\n');
  }
}

function torchLibrary(data: BenchData, threads: number): Library<TimedRunner> {
  return {
    name: `PyTorch ${probeTorch().version ?? ''} CPU ×${threads} thread${threads > 1 ? 's' : ''}`.replace('  ', ' '),
    core: false,
    async unavailable() {
      return probeTorch().why;
    },
    async create(spec): Promise<TimedRunner> {
      const dir = mkdtempSync(join(tmpdir(), 'bench-torch-'));
      const file = join(dir, 'batches.bin');
      const xs = [...data.train.map((b) => b.x), data.infer.x.subarray(0, data.infer.n * spec.input.reduce((a, b) => a * b, 1))];
      const labels = data.train.map((b) => b.labels);
      writeFileSync(file, Buffer.concat([...xs, ...labels].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
      const nTrain = data.train.reduce((n, b) => n + b.labels.length, 0);
      const child = spawn(PYTHON, [SCRIPT, JSON.stringify(spec), file, String(nTrain), String(data.infer.n)], { env: { ...process.env, OMP_NUM_THREADS: String(threads) } });
      const proc = new TorchProcess(child);
      if ((await proc.ask(null)) !== 'ready') throw new Error('torch_runner did not start');
      const got = await proc.number(`threads ${threads}`);
      if (got !== threads) throw new Error(`torch runs ${got} threads, asked for ${threads}`);
      return {
        timed: true,
        train: (seconds) => proc.number(`train ${seconds}`),
        infer: (seconds) => proc.number(`infer ${seconds}`),
        dispose() {
          proc.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

type Ort = typeof import('onnxruntime-node');
let ortModule: Ort | string | null = null;
function loadOrt(): Ort | string {
  if (ortModule) return ortModule;
  try {
    ortModule = createRequire(import.meta.url)('onnxruntime-node') as Ort;
  } catch (e) {
    ortModule = `onnxruntime-node does not load: ${e instanceof Error ? e.message.split('\n')[0] : e}`;
  }
  return ortModule;
}

function ortLibrary(data: BenchData, threads: number): Library<TimedRunner> {
  return {
    name: `ONNX Runtime ×${threads} thread${threads > 1 ? 's' : ''} (inference)`,
    core: false,
    async unavailable() {
      const ort = loadOrt();
      return typeof ort === 'string' ? ort : null;
    },
    async create(spec, o): Promise<TimedRunner> {
      const ort = loadOrt() as Ort;
      const bytes = exportOnnx(new Model(spec, o.seed));
      const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
      const [c, h, w] = spec.input;
      const input = new ort.Tensor('float32', data.infer.x.subarray(0, data.infer.n * c * h * w), [data.infer.n, c, h, w]);
      const feeds = { [session.inputNames[0]]: input };
      return {
        timed: true,
        train: null,
        async infer(seconds) {
          const t0 = performance.now();
          let n = 0;
          do {
            const out = await session.run(feeds);
            for (const t of Object.values(out)) t.dispose?.();
            n += data.infer.n;
          } while (performance.now() - t0 < seconds * 1000);
          return n / ((performance.now() - t0) / 1000);
        },
        dispose() {
          void session.release();
        },
      };
    },
  };
}

/** PyTorch on 1 and 2 threads (the issue compares each library at its best thread count) and ONNX Runtime likewise. */
export function nativeLibraries(data: BenchData, maxThreads: number): Library<TimedRunner>[] {
  const counts = [...new Set([1, Math.max(1, maxThreads)])];
  return [...counts.map((t) => torchLibrary(data, t)), ...counts.map((t) => ortLibrary(data, t))];
}
