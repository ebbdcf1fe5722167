// The active backend. One registry: ops ask getBackend(), tests and benchmarks switch it with setBackend().
import type { Backend } from './backend.js';
import { createJsBackend } from './js.js';
import { createWasmBackend, createWasmBackendAsync } from './wasm.js';

export type { Backend, ClaimImages, ConvGeom, InferStep, PoolGeom } from './backend.js';

const reference = createJsBackend();
let active: Backend = reference;

export function getBackend(): Backend {
  return active;
}

export function setBackend(b: Backend): void {
  active = b;
}

/** The plain TypeScript backend every other one is checked against. */
export function referenceBackend(): Backend {
  return reference;
}

/**
 * Switches to the fastest backend this host supports — WebAssembly SIMD, else the plain TS one — and returns it.
 * Compiles asynchronously, so it is safe on a browser main thread (where sync compiles over 4 KB are refused).
 */
export async function useFastestBackend(): Promise<Backend> {
  const wasm = await createWasmBackendAsync();
  setBackend(wasm ?? reference);
  return active;
}

/** The same, synchronously: for Node, Electron and any worker thread. */
export function useFastestBackendSync(): Backend {
  setBackend(createWasmBackend() ?? reference);
  return active;
}
