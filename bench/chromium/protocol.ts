// What bench/runtime-chromium.ts asks the page's benchmark worker, and what comes back.
import type { ModelSpec } from '../../core/spec.js';

export interface ChromiumBenchConfig {
  specs: ModelSpec[];
  /** Thread counts to run the wasm backend on, e.g. [1, 2]. */
  threads: number[];
  repeats: number;
  seconds: number;
  /** Images in batches.bin: `trainBatches` × 32 training images, then 256 inference images, then the labels. */
  trainBatches: number;
}

export interface ChromiumBenchRow {
  model: string;
  threads: number;
  /** The kernels' build: relaxed SIMD (where it validates) or plain SIMD. */
  relaxed: boolean;
  trainImgPerSec: number[];
  inferImgPerSec: number[];
  note: string | null;
}

export interface ChromiumBenchResult {
  userAgent: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** Whether this runtime validates `f32x4.relaxed_madd` (relaxed SIMD). */
  relaxedSimd: boolean;
  rows: ChromiumBenchRow[];
}

/** A module whose one function returns f32x4.relaxed_madd(0, 0, 0): valid only where relaxed SIMD is on. */
export const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x3d, 0x01, 0x3b, 0x00,
  ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...new Array<number>(16).fill(0)]),
  0xfd, 0x85, 0x02, 0x0b,
]);
