// The common shape of every benchmarked library: build a model from a ModelSpec, train on a batch, infer.
import type { ModelSpec } from '../core/spec.js';

export interface Runner {
  /** One SGD step (momentum 0.9, lr 0.01) on x [n, 28·28] in [0, 1] with integer labels. */
  trainStep(x: Float32Array, labels: Uint8Array, n: number): void;
  /** Class scores for x [n, 28·28]; fills pred with the arg max of each row. */
  infer(x: Float32Array, n: number, pred: Uint8Array): void;
  dispose(): void;
}

/**
 * A library outside this process (a native one): it times itself, since its steps cannot be called synchronously
 * from here. Each call runs for at least `seconds` and resolves to items per second; `infer` only for inference-only
 * libraries' `train` is null.
 */
export interface TimedRunner {
  timed: true;
  train: ((seconds: number) => Promise<number>) | null;
  infer(seconds: number): Promise<number>;
  dispose(): void;
}

export interface Library<R extends Runner | TimedRunner = Runner> {
  /** Row label in the table, e.g. "core wasm ×2 threads". */
  name: string;
  /** True when it is part of this project (the ratio column compares against the best non-core library). */
  core: boolean;
  /** null when it can run here, else why not (shown in the table). */
  unavailable(): Promise<string | null>;
  create(spec: ModelSpec, opts: { batch: number; maxBatch: number; lr: number; momentum: number; seed: number }): Promise<R>;
}

/** He-normal weights from a seeded generator, shared by the non-core adapters so every library starts alike. */
export function heStd(fanIn: number): number {
  return Math.sqrt(2 / fanIn);
}
