// Shared-memory layout of data-parallel training: one control block, the parameters (weights, gradient sum, optimizer
// state, every replica's gradients: ParamMemory) and, per replica, its input slot, labels and outputs — all shared
// between the threads, so one batch needs no message passing.
import type { ClaimImages } from './backend.js';
import type { WasmOptions } from './wasm.js';
import { CoreError } from '../assert.js';
import { adamScales, applyFlatStep, type FlatStep } from '../optim.js';
import { stepMemory, type CompiledModules, type StepKernels } from './wasm-loader.js';
import type { ModelSpec } from '../spec.js';

/**
 * Control words (Int32): per replica a job counter the main thread bumps and a done counter the replica bumps; after
 * the replicas' words, an inference job's next unclaimed image (claimImages), then the training barrier: a bit per
 * replica whose gradients are ready, and the participants' count (of training and inference jobs alike).
 */
export const CTRL = { job: 0, done: 1, kind: 2, n: 3, stride: 4 } as const;
/** Int32 words of the control block for `threads` replicas. */
export const ctrlWords = (threads: number) => threads * CTRL.stride + 3;
/** Index of the barrier's arrival bits; the participant count follows it (so at most 31 threads). */
export const arrivedAt = (ctrl: Int32Array) => ctrl.length - 2;
/** Index of an inference job's next unclaimed image (rewound to 0 before the job is posted). */
export const claimAt = (ctrl: Int32Array) => ctrl.length - 3;
export const JOB_TRAIN = 1;
/** Inference of the batch in the first slot's x (n images, in the job's n), every participant claiming images of it. */
export const JOB_FORWARD = 2;
/** Model.outputBound() of the shared weights, as a float64 over the slot's first two output floats. */
export const JOB_BOUND = 3;
/** The replica's loop ends (its done counter set first) and its worker waits for a new init (ReplicaPool). */
export const JOB_EXIT = 4;

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
  /** Weights, gradient sum, optimizer state and every replica's gradients (see ParamMemory). */
  params: ParamMemory;
  /** The step block (STEP). */
  step: SharedArrayBuffer;
  x: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  /** [loss, correct, then maxBatch × classes logits-or-probs]. */
  out: SharedArrayBuffer;
  /** The first slot's x and out: an inference job's batch, which every replica takes images from (JOB_FORWARD). */
  batch: { x: SharedArrayBuffer; out: SharedArrayBuffer };
}

/**
 * Shared memory for the parameters, in arrays `stride` floats apart (count used): the weights; the model's gradients
 * (the sum every replica adds its range of the batch mean to); the optimizer's running state (velocity, or Adam's m
 * and v: 2 arrays); then each replica's own gradients. A shared WebAssembly memory where the host has one, so that
 * the step kernels (kernels-src/step.ts) can run on it in every thread; else a plain SharedArrayBuffer.
 */
export interface ParamMemory {
  buffer: SharedArrayBuffer;
  memory: object | null;
  count: number;
  stride: number;
}

/** The arrays of a ParamMemory (see there), as views. */
export function paramViews(p: ParamMemory, threads: number): { weights: Float32Array; sum: Float32Array; state: Float32Array[]; grads: Float32Array[] } {
  const at = (i: number) => new Float32Array(p.buffer, i * p.stride * 4, p.count);
  return { weights: at(0), sum: at(1), state: [at(2), at(3)], grads: Array.from({ length: threads }, (_, s) => at(4 + s)) };
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
  /** Replicas in all (each reduces a range of every replica's gradients). */
  threads: number;
  /** The host thread's compiled WebAssembly modules, so the replica compiles none of its own (see compiledModules). */
  modules?: CompiledModules;
}

export type WorkerReply = { type: 'ready'; backend: string } | { type: 'error'; message: string };

/** Per-sample input size and class count of a spec (the last dense layer's units). */
export function specSizes(spec: ModelSpec): { pixels: number; classes: number } {
  const [c, h, w] = spec.input;
  const last = [...spec.layers].reverse().find((l) => l.type === 'dense');
  return { pixels: c * h * w, classes: last && last.type === 'dense' ? last.units : 0 };
}

/** The buffers every replica shares: control block, parameter memory, step block. */
export type SharedBuffers = Pick<ReplicaBuffers, 'ctrl' | 'params' | 'step'>;

export function allocShared(threads: number, paramCount: number): SharedBuffers {
  const stride = Math.ceil(paramCount / 16) * 16;
  const bytes = (4 + threads) * stride * 4;
  const wasm = stepMemory(bytes);
  const params = { buffer: wasm?.buffer ?? new SharedArrayBuffer(bytes), memory: wasm?.memory ?? null, count: paramCount, stride };
  return { ctrl: new SharedArrayBuffer(ctrlWords(threads) * 4), params, step: new SharedArrayBuffer(STEP.words * 8) };
}

/**
 * The step block (Float64): `on` is 1 while a training job also applies an optimizer step (DataParallel.trainStep),
 * then the FlatStep's fields, then the training job's label smoothing (LossOptions).
 */
export const STEP = { on: 0, adam: 1, lr: 2, momentum: 3, beta1: 4, beta2: 5, eps: 6, t: 7, smoothing: 8, words: 9 } as const;

export function writeStep(block: Float64Array, s: FlatStep | null): void {
  block.set(s ? [1, s.adam ? 1 : 0, s.lr, s.momentum, s.beta1, s.beta2, s.eps, s.t] : [0]);
}

export function readStep(b: Float64Array): FlatStep | null {
  return b[STEP.on] ? { adam: b[STEP.adam] === 1, lr: b[STEP.lr], momentum: b[STEP.momentum], beta1: b[STEP.beta1], beta2: b[STEP.beta2], eps: b[STEP.eps], t: b[STEP.t] } : null;
}

/** One slot's buffers; the first slot's (no `batch` given) are the inference batch of all. */
export function allocReplicaBuffers(shared: SharedBuffers, maxBatch: number, spec: ModelSpec, batch?: ReplicaBuffers['batch']): ReplicaBuffers {
  const { pixels, classes } = specSizes(spec);
  const x = new SharedArrayBuffer(maxBatch * pixels * 4);
  const out = new SharedArrayBuffer((2 + maxBatch * classes) * 4);
  return { ...shared, x, labels: new SharedArrayBuffer(maxBatch), out, batch: batch ?? { x, out } };
}

/**
 * Claims on a JOB_FORWARD's batch of n images, split between `threads` participants as they go (guided
 * self-scheduling): each claim takes half an even share of what is left, rounded up to whole units, so the first
 * claims are large (few calls, full GEMMs) and the last ones small, and a thread that started late or runs slower
 * simply takes fewer.
 */
export function claimImages(ctrl: Int32Array, n: number, threads: number): ClaimImages {
  const at = claimAt(ctrl);
  return (unit) => {
    for (;;) {
      const start = Atomics.load(ctrl, at);
      if (start >= n) return null;
      const left = n - start;
      const count = Math.min(left, unit * Math.max(1, Math.ceil(left / (2 * threads * unit))));
      if (Atomics.compareExchange(ctrl, at, start, start + count) === start) return { start, count };
    }
  };
}

/** Floats reduced (and stepped) at a time, so a range's gradient sum is still in cache when the update reads it. */
const CHUNK = 8192;

/**
 * After a training job, replica `slot` adds its share of Σ (mᵢ/n)·gradsᵢ (the batch mean over the replicas with
 * mᵢ > 0 images) into sum: the flat range is split evenly over the participants, so on big layers (K's 1.2 M dense
 * weights) every thread streams its part instead of the calling thread streaming all of it. Call once all arrived.
 * With `step`, the mean replaces sum's range and the optimizer step updates the same range of the weights.
 */
export function reduceShare(ctrl: Int32Array, slot: number, sum: Float32Array, grads: readonly Float32Array[], step: { s: FlatStep; weights: Float32Array; state: Float32Array[]; kernels: StepKernels | null } | null = null): void {
  const parts = Atomics.load(ctrl, arrivedAt(ctrl) + 1);
  const counts = grads.slice(0, parts).map((_, s) => Atomics.load(ctrl, s * CTRL.stride + CTRL.n));
  const n = counts.reduce((a, m) => a + m, 0);
  const from = grads.slice(0, parts).filter((_, s) => counts[s] > 0);
  const scales = counts.filter((m) => m > 0).map((m) => m / n);
  const lo = Math.floor((sum.length * slot) / parts);
  const hi = Math.floor((sum.length * (slot + 1)) / parts);
  if (step?.kernels && (from.length === 1 || from.length === 2)) {
    // one pass in the step kernels: the mean is formed, stored and applied element by element (one replica: ½g + ½g,
    // exactly g), the floats of the three passes below
    const [ga, gb = ga] = from;
    const [sa, sb] = from.length === 2 ? scales : [scales[0] / 2, scales[0] / 2];
    const { s, weights: w, state: [m, v], kernels: k } = step;
    if (!s.adam) k.sgdPair(w.byteOffset, sum.byteOffset, m.byteOffset, ga.byteOffset, gb.byteOffset, sa, sb, s.momentum, s.lr, lo, hi);
    else k.adamPair(w.byteOffset, sum.byteOffset, m.byteOffset, v.byteOffset, ga.byteOffset, gb.byteOffset, sa, sb, s.beta1, s.beta2, ...adamScales(s.beta1, s.beta2, s.t), s.lr, s.eps, lo, hi);
    return;
  }
  for (let c = lo; c < hi; c += CHUNK) {
    const e = Math.min(hi, c + CHUNK);
    if (step) sum.fill(0, c, e);
    addScaled(sum, from, scales, c, e);
    if (step) applyFlatStep(step.s, step.weights, sum, step.state, c, e);
  }
}

function addScaled(sum: Float32Array, from: readonly Float32Array[], scales: readonly number[], lo: number, hi: number): void {
  if (from.length === 2) {
    // the common 2-core case in one pass over memory
    const [ga, gb] = from;
    const [sa, sb] = scales;
    for (let j = lo; j < hi; j++) sum[j] += sa * ga[j] + sb * gb[j];
    return;
  }
  from.forEach((g, i) => {
    const sc = scales[i];
    for (let j = lo; j < hi; j++) sum[j] += sc * g[j];
  });
}

/**
 * Marks replica `slot`'s gradients ready, then blocks until every participant's are (2 ms waits, see waitDone in
 * parallel.ts); throws after stallMs, naming the first worker that never arrived (it may have crashed).
 */
export function arriveAndWait(ctrl: Int32Array, slot: number, stallMs = Infinity): void {
  const at = arrivedAt(ctrl);
  Atomics.or(ctrl, at, 1 << slot);
  Atomics.notify(ctrl, at);
  const all = (1 << Atomics.load(ctrl, at + 1)) - 1;
  spinUntil(ctrl, at, all);
  const start = Date.now();
  for (let v = Atomics.load(ctrl, at); v !== all; v = Atomics.load(ctrl, at)) {
    if (Atomics.wait(ctrl, at, v, 2) === 'timed-out' && Date.now() - start > stallMs) {
      const missing = Math.log2(~v & all & -(~v & all));
      throw new CoreError(`DataParallel: worker ${missing} has not finished its share of the batch in ${stallMs / 1000} s (it may have crashed)`);
    }
  }
}

/**
 * Polls ctrl[i] until it equals `want` (with `not`: until it differs) for at most SPIN loads, about 0.35 ms here; true
 * when it got there. Every wait of a training step polls first: the other side's job, arrival or result usually
 * comes within that, and a wake from Atomics.wait came 0.1–0.2 ms later (S ×2: 3.27 → 3.03 ms a step).
 */
export function spinUntil(ctrl: Int32Array, i: number, want: number, not = false): boolean {
  for (let s = 0; s < SPIN; s++) if ((Atomics.load(ctrl, i) === want) !== not) return true;
  return false;
}
const SPIN = 50_000;
