// Shared-memory layout of data-parallel training: one control block plus, per replica, its input slot,
// labels, gradients and outputs — all in SharedArrayBuffers, so one batch needs no message passing.
import type { WasmOptions } from './wasm.js';
import type { ModelSpec } from '../spec.js';

/** Control words (Int32): per replica a job counter the main thread bumps and a done counter the replica bumps. */
export const CTRL = { job: 0, done: 1, kind: 2, n: 3, stride: 4 } as const;
export const JOB_TRAIN = 1;
export const JOB_FORWARD = 2;

/** A host's worker, reduced to what data-parallel training needs (Node worker_threads or a Web Worker). */
export interface WorkerPort {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  terminate(): void;
}

/** Creates one worker running runReplicaWorker (see parallel-worker.ts); supplied by the host, so core stays pure. */
export type WorkerFactory = () => WorkerPort;

export interface ReplicaBuffers {
  ctrl: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  x: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  grads: SharedArrayBuffer;
  /** [loss, correct, then maxBatch × classes logits-or-probs]. */
  out: SharedArrayBuffer;
}

export interface InitMessage {
  type: 'init';
  spec: ModelSpec;
  index: number;
  backend: 'wasm' | 'js';
  /** Options of the wasm backend (the defaults when absent). */
  wasm?: WasmOptions;
  maxBatch: number;
  buffers: ReplicaBuffers;
}

export type WorkerReply = { type: 'ready'; backend: string } | { type: 'error'; message: string };

/** Per-sample input size and class count of a spec (the last dense layer's units). */
export function specSizes(spec: ModelSpec): { pixels: number; classes: number } {
  const [c, h, w] = spec.input;
  const last = [...spec.layers].reverse().find((l) => l.type === 'dense');
  return { pixels: c * h * w, classes: last && last.type === 'dense' ? last.units : 0 };
}

export function allocReplicaBuffers(ctrl: SharedArrayBuffer, weights: SharedArrayBuffer, paramCount: number, maxBatch: number, spec: ModelSpec): ReplicaBuffers {
  const { pixels, classes } = specSizes(spec);
  return {
    ctrl,
    weights,
    x: new SharedArrayBuffer(maxBatch * pixels * 4),
    labels: new SharedArrayBuffer(maxBatch),
    grads: new SharedArrayBuffer(paramCount * 4),
    out: new SharedArrayBuffer((2 + maxBatch * classes) * 4),
  };
}
