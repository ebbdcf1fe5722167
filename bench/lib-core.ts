// Benchmark adapters for this project's core: plain TS, WebAssembly SIMD, and WebAssembly SIMD on N threads.
import { createWasmBackend } from '../core/kernels/wasm.js';
import { nodeWorkerFactory } from '../scripts/lib/node-threads.js';
import { createCoreRunner } from './core-runner.js';
import type { Library } from './runner.js';

function coreLibrary(name: string, kind: 'js' | 'wasm', threads: number, relaxed: boolean): Library {
  return {
    name,
    core: true,
    async unavailable() {
      if (kind === 'wasm' && !createWasmBackend()) return 'no WebAssembly SIMD';
      if (threads > 1 && typeof SharedArrayBuffer !== 'function') return 'no SharedArrayBuffer';
      return null;
    },
    create: (spec, o) => createCoreRunner(spec, o, { kind, threads, factory: nodeWorkerFactory, relaxed }),
  };
}

/**
 * The core's rows. The wasm ones run the relaxed-SIMD build when this Node validates it (`npm run bench` passes
 * --experimental-wasm-relaxed-simd, so they run what Chromium and Electron run) and `relaxed` is not turned off
 * (`--plain-simd`); their names then end in "+relaxed".
 */
export function coreLibraries(threads: number, relaxed = true): Library[] {
  const simd = `core wasm SIMD${relaxed && createWasmBackend()?.name.includes('relaxed') ? '+relaxed' : ''}`;
  return [coreLibrary('core js (plain TS)', 'js', 1, false), coreLibrary(simd, 'wasm', 1, relaxed), coreLibrary(`${simd} ×${threads} threads`, 'wasm', threads, relaxed)];
}
