// The active backend. One registry: ops ask getBackend(), tests and benchmarks switch it with setBackend().
import type { Backend } from './backend.js';
import { createJsBackend } from './js.js';

export type { Backend, ConvGeom, PoolGeom } from './backend.js';

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
