// Benchmark adapters for this project's core: plain TS, WebAssembly SIMD, and WebAssembly SIMD on N threads.
import { referenceBackend } from '../core/kernels/index.js';
import { DataParallel } from '../core/kernels/parallel.js';
import { createWasmBackend } from '../core/kernels/wasm.js';
import { Model } from '../core/model.js';
import { SGD } from '../core/optim.js';
import { argmaxRow } from '../core/model.js';
import { Tensor } from '../core/tensor.js';
import { nodeWorkerFactory } from '../scripts/lib/node-threads.js';
import type { Library, Runner } from './runner.js';

function coreLibrary(name: string, kind: 'js' | 'wasm', threads: number): Library {
  return {
    name,
    core: true,
    async unavailable() {
      if (kind === 'wasm' && !createWasmBackend()) return 'no WebAssembly SIMD';
      if (threads > 1 && typeof SharedArrayBuffer !== 'function') return 'no SharedArrayBuffer';
      return null;
    },
    async create(spec, o): Promise<Runner> {
      const backend = kind === 'wasm' ? createWasmBackend()! : referenceBackend();
      const model = new Model(spec, o.seed, { backend });
      const opt = new SGD(model.params, o.lr, o.momentum);
      const dp = threads > 1 ? await DataParallel.create(model, nodeWorkerFactory, { threads, maxBatch: o.maxBatch, backend: kind }) : null;
      const [c, h, w] = spec.input;
      // the model carries its backend, so rows of different backends never see each other's choice
      return {
        trainStep(x, labels, n) {
          opt.zeroGrad();
          const xt = new Tensor([n, c, h, w], x.subarray(0, n * c * h * w));
          if (dp) dp.lossAndGrad(xt, labels.subarray(0, n));
          else model.lossAndGrad(xt, labels.subarray(0, n));
          opt.step();
        },
        infer(x, n, pred) {
          const xt = new Tensor([n, c, h, w], x.subarray(0, n * c * h * w));
          const logits = (dp ?? model).infer(xt);
          const k = logits.shape[1];
          for (let i = 0; i < n; i++) pred[i] = argmaxRow(logits.data, i * k, k);
        },
        dispose() {
          dp?.dispose();
        },
      };
    },
  };
}

export function coreLibraries(threads: number): Library[] {
  return [coreLibrary('core js (plain TS)', 'js', 1), coreLibrary('core wasm SIMD', 'wasm', 1), coreLibrary(`core wasm SIMD ×${threads} threads`, 'wasm', threads)];
}
