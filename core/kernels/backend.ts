// The backend interface: the few heavy kernels (GEMM, convolution, dense) that a faster backend replaces.
// Every backend is checked against the plain TypeScript one (kernels/js.ts) by the same tests.
import type { FloatArray } from '../tensor.js';

/** Geometry of one conv2d call. x: [n,c,h,w], w: [f,c,k,k], y: [n,f,oh,ow]. */
export interface ConvGeom {
  n: number;
  c: number;
  h: number;
  w: number;
  f: number;
  k: number;
  stride: number;
  padT: number;
  padL: number;
  oh: number;
  ow: number;
}

export interface Backend {
  readonly name: string;
  /** Float64 inputs are supported (gradient checks); a float32-only backend defers those to the reference. */
  readonly float64: boolean;
  /**
   * Row-major C[m,n] = (beta ? C : 0) + op(A)·op(B), op(A) = transA ? Aᵀ : A (A stored [k,m] when transposed),
   * op(B) = transB ? Bᵀ : B (B stored [n,k] when transposed).
   */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: FloatArray, b: FloatArray, c: FloatArray, beta: 0 | 1): void;
  /** y = conv(x, w) + b, optionally fused ReLU. */
  conv2dForward(g: ConvGeom, x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, relu: boolean): void;
  /**
   * dw, db are overwritten; dx (when given) is overwritten. reluY: the output of a forward pass with fused ReLU;
   * when given, dy is first masked where reluY ≤ 0 (dy itself is left unchanged).
   */
  conv2dBackward(g: ConvGeom, x: FloatArray, w: FloatArray, dy: FloatArray, dx: FloatArray | null, dw: FloatArray, db: FloatArray, reluY: FloatArray | null): void;
  /**
   * Optional, for training's conv → (ReLU →) max pooling blocks: conv2dForward, then the max pooling p of its output
   * (p.nc = n·f planes of oh×ow), writing only the pooled maps y and their winners argmax (flat indices into the conv
   * output), the values maxPool2d would give. The conv output itself stays inside the backend.
   */
  conv2dPool?(g: ConvGeom, p: PoolGeom, x: FloatArray, w: FloatArray, b: FloatArray, relu: boolean, y: FloatArray, argmax: Int32Array): void;
  /**
   * Optional, conv2dPool's backward pass: conv2dBackward for the output gradient that routes each pooled gradient to
   * its winner; pooledY (conv2dPool's y, given when its ReLU was fused) masks it where ≤ 0. dw, db, dx as there.
   */
  conv2dPoolBackward?(g: ConvGeom, p: PoolGeom, x: FloatArray, w: FloatArray, pooled: FloatArray, argmax: Int32Array, pooledY: FloatArray | null, dx: FloatArray | null, dw: FloatArray, db: FloatArray): void;
  /** Max pooling over [nc, h, w] planes; argmax gets the flat index into x of each window's first maximum. */
  maxPool2d(g: PoolGeom, x: FloatArray, y: FloatArray, argmax: Int32Array): void;
  /** Max pooling's backward pass: dx (overwritten, [nc, h, w]) gets dy[o] at argmax[o] (summed where windows overlap), 0 elsewhere. */
  maxPool2dBackward(g: PoolGeom, dy: FloatArray, argmax: Int32Array, dx: FloatArray): void;
  /**
   * Optional, for inference only: x (exactly n images, float32) through `steps` into out (n × the last step's outputs) in
   * one call, keeping nothing for a backward pass. False (out untouched) when a step is one this backend cannot run
   * this way; the caller then runs the layers one by one. With `claim`, x and out hold a batch of n that other threads
   * infer at the same time: only the ranges `claim` hands this call are computed (out's other rows untouched), and each
   * row gets the same floats as a call without it. False is then returned before anything is claimed.
   */
  infer?(steps: readonly InferStep[], x: Float32Array, n: number, out: Float32Array, claim?: ClaimImages): boolean;
}

/**
 * Hands out the images of a batch that several threads infer together (see DataParallel.infer): each call returns the
 * next range [start, start + count) not yet taken, count a multiple of `unit` where the batch has that many left;
 * null once all are taken.
 */
export type ClaimImages = (unit: number) => { start: number; count: number } | null;

/**
 * One step of a stack run by Backend.infer, per image. A ReLU right after a conv or dense layer is folded into it
 * (`relu`); flatten is no step at all (an image's [C, H, W] values are already its flat vector).
 */
export type InferStep =
  | { op: 'conv'; g: Omit<ConvGeom, 'n'>; w: FloatArray; b: FloatArray; relu: boolean }
  | { op: 'maxpool' | 'avgpool'; g: Omit<PoolGeom, 'nc'> & { c: number } }
  | { op: 'relu'; size: number }
  | { op: 'dense'; inputs: number; units: number; w: FloatArray; b: FloatArray; relu: boolean };

/** Geometry of one pooling call: nc planes of h×w, window `size`, step `stride`, output oh×ow. */
export interface PoolGeom {
  nc: number;
  h: number;
  w: number;
  size: number;
  stride: number;
  oh: number;
  ow: number;
}
