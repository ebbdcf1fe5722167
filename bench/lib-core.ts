// Benchmark adapters for this project's core: plain TS, WebAssembly SIMD, and WebAssembly SIMD on N threads.
import { createWasmBackend } from '../core/kernels/wasm.js';
import { nodeWorkerFactory } from '../scripts/lib/node-threads.js';
import { createCoreRunner } from './core-runner.js';
import type { Library } from './runner.js';

function coreLibrary(name: string, kind: 'js' | 'wasm', threads: number): Library {
  return {
    name,
    core: true,
    async unavailable() {
      if (kind === 'wasm' && !createWasmBackend()) return 'no WebAssembly SIMD';
      if (threads > 1 && typeof SharedArrayBuffer !== 'function') return 'no SharedArrayBuffer';
      return null;
    },
    create: (spec, o) => createCoreRunner(spec, o, { kind, threads, factory: nodeWorkerFactory }),
  };
}

export function coreLibraries(threads: number): Library[] {
  return [coreLibrary('core js (plain TS)', 'js', 1), coreLibrary('core wasm SIMD', 'wasm', 1), coreLibrary(`core wasm SIMD ×${threads} threads`, 'wasm', threads)];
}
