// The interface every layer implements (convnetjs style): forward, backward, params, its spec and shapes;
// the options a layer is built with, the entry each layer kind has in the registry, and Param.
import { assert } from '../assert.js';
import type { Backend, InferStep } from '../kernels/backend.js';
import type { Rng } from '../rng.js';
import type { LayerInfo, LayerSpec } from '../spec.js';
import type { PoolAttrs } from '../ops/pool.js';
import { Tensor } from '../tensor.js';
import type { Fail } from './checks.js';

/** A weight or bias tensor with its gradient. The arrays behind both can move (bind), the tensors stay read-only. */
export class Param {
  private v: Tensor;
  private g: Tensor;
  /** Per-element 0/1 gradient mask (frozen conv channels); null when every element trains. */
  mask: Float32Array | null = null;

  constructor(
    /** e.g. "0.weight", "6.bias" (layer index + role, as in PyTorch state dicts). */
    readonly name: string,
    value: Tensor,
    /** false: the optimizer leaves it as it is. */
    public trainable: boolean,
  ) {
    this.v = value;
    this.g = new Tensor(value.shape, new Float32Array(value.size));
  }

  /** The values, e.g. weights [F, C, K, K]. */
  get value(): Tensor {
    return this.v;
  }

  /** The gradient, same shape as value, float32. */
  get grad(): Tensor {
    return this.g;
  }

  /**
   * Moves the values (and the gradient, when given) into these arrays, e.g. views of SharedArrayBuffers that threads
   * share; with `copy` the current values go along.
   */
  bind(values: Float32Array, grads: Float32Array | null, copy: boolean): void {
    const n = this.v.size;
    assert(values.length === n && (!grads || grads.length === n), () => `param.bind: ${this.name} has ${n} values, got arrays of ${values.length}${grads ? ` and ${grads.length}` : ''}`);
    if (copy) values.set(this.v.data);
    this.v = new Tensor(this.v.shape, values);
    if (grads) this.g = new Tensor(this.v.shape, grads);
  }
}

/** A parameter with a zero float32 gradient. */
export function makeParam(name: string, value: Tensor, trainable: boolean): Param {
  return new Param(name, value, trainable);
}

/** How a layer is built for speed; Model sets both. Neither changes results. */
export interface LayerOptions {
  /** Write outputs and gradients into last batch's buffers (the caller owns the results and copies what it keeps). */
  reuse: boolean;
  /**
   * The layer is half of a fused conv+ReLU pair: the conv applies the ReLU in its kernel, the ReLU layer after it
   * passes values and gradients through.
   */
  fuseRelu?: boolean;
  /**
   * The layer is part of a conv → (ReLU →) max pooling block that training runs as one op (conv2dPool): the conv
   * layer computes the pooled map into this link, the pooling layer passes values and gradients through. Model
   * builds the link for its own layers only (registry.ts fusedPool), not for the detached ones of gradients().
   */
  poolLink?: PoolLink;
  /** The backend the layer's ops run on, asked at each call (Model passes its own); absent: the process default. */
  backend?: () => Backend;
}

/** What a conv layer hands the max pooling layer after it when the block runs fused (LayerOptions.poolLink). */
export interface PoolLink {
  readonly attrs: PoolAttrs;
  /** The last fused forward pass's pooled map and winners (flat indices into the conv output). */
  y: Tensor | null;
  argmax: Int32Array | null;
}

/** Per-call forward options, off the training path. */
export interface ForwardOptions {
  /** Run a fused conv+ReLU pair (and a fused pooling) as separate layers, so each shows its own output (Model.activations). */
  unfused?: boolean;
}

/** A layer built from its spec: forward and backward on batches, its parameters, its shapes. */
export interface Layer {
  readonly spec: LayerSpec;
  readonly info: LayerInfo;
  /** Per-sample input shape. */
  readonly inShape: readonly number[];
  readonly params: readonly Param[];
  /** Max pooling: the flat input index of each output's winner after forward (the UI draws these). */
  readonly argmax?: Int32Array | null;
  /** x: [N, ...inShape] → [N, ...info.outShape]; keeps what backward needs. */
  forward(x: Tensor, opts?: ForwardOptions): Tensor;
  /**
   * dy: gradient of the output → gradient of the input (null when needDx is false); accumulates into param grads,
   * or with `overwrite` sets them to this batch's gradient (no zeroGrad needed; kernels write into them directly).
   */
  backward(dy: Tensor, needDx: boolean, overwrite?: boolean): Tensor | null;
}

/** What a layer's registry entry gets to build it. */
export interface LayerContext {
  info: LayerInfo;
  /** Per-sample input shape. */
  inShape: readonly number[];
  /** Seeded source for the initial weights. */
  rng: Rng;
  /** The next layer's spec, if any (dense picks its initialisation by whether a ReLU follows). */
  next: LayerSpec | undefined;
  options: LayerOptions;
}

/** What inferShapes learns about one layer besides its index and type. */
export type LayerShape = Omit<LayerInfo, 'index' | 'type'>;

/** One layer kind in the registry (core/layers/registry.ts): everything the rest of core and the UI need to know. */
export interface LayerDef<S extends LayerSpec> {
  /** The spec fields allowed, `type` included; any other is a SpecError. */
  readonly keys: readonly string[];
  /** A ReLU right after this layer runs fused into it (conv2d). */
  readonly fusesRelu?: boolean;
  /** Checks the fields against the per-sample input shape, then gives the output shape and parameter count. */
  infer(spec: S, inShape: readonly number[], fail: Fail): LayerShape;
  /** Builds the layer (its initial weights drawn from ctx.rng). */
  construct(spec: S, ctx: LayerContext): Layer;
  /** Multiply-adds of one forward pass per image (0 for layers that only compare, copy or clamp). */
  macs(spec: S, inShape: readonly number[], outShape: readonly number[]): number;
  /**
   * How the layer looks at its input's positions, for the receptive field: a square window of `kernel` moved by
   * `stride`; 'all' when every output sees every input value (dense); absent when each output sees its own position.
   */
  window?(spec: S): { kernel: number; stride: number } | 'all';
  /**
   * The layer as a step of Backend.infer (a whole stack in one kernel call, for evaluation), reading the built
   * layer's shapes and current weights; null when it is no step (flatten).
   */
  step(spec: S, layer: Layer): InferStep | null;
  /**
   * The largest |output| the built layer can give when no input exceeds `inBound` in magnitude (Model.outputBound);
   * absent when it is at most `inBound` (ReLU, pooling, flatten).
   */
  bound?(layer: Layer, inBound: number): number;
  /** A compact label for the layer table, e.g. "conv 16×5×5 same". */
  label(spec: S): string;
  /** What the layer does in one line, e.g. "conv 5×5, 16 filters, stride 1, padding same". */
  describe(spec: S): string;
}

/** target += src (·mask), or with `overwrite` target = src (·mask). */
export function addInto(target: Tensor, src: Tensor, mask: Float32Array | null, overwrite = false): void {
  const t = target.data;
  const s = src.data;
  if (overwrite) {
    if (mask) for (let i = 0; i < t.length; i++) t[i] = mask[i] === 0 ? 0 : s[i] * mask[i];
    else t.set(s);
    return;
  }
  if (mask) for (let i = 0; i < t.length; i++) t[i] += s[i] * mask[i];
  else for (let i = 0; i < t.length; i++) t[i] += s[i];
}

/**
 * For layers whose outputs are Σ w·x + b over a row of weight [out, …] and bias [out] (conv, dense): the largest
 * |output| is max over rows of Σ|w|·inBound + |b|. NaN or Infinity in the weights gives NaN or Infinity.
 */
export function affineBound(layer: Layer, inBound: number): number {
  const [w, b] = layer.params.map((p) => p.value.data);
  const rowLen = w.length / b.length;
  let worst = 0;
  for (let r = 0; r < b.length; r++) {
    // four sums, so the adds do not wait on each other (the trainer calls this after every step)
    const end = (r + 1) * rowLen;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = r * rowLen;
    for (; j + 3 < end; j += 4) {
      s0 += Math.abs(w[j]);
      s1 += Math.abs(w[j + 1]);
      s2 += Math.abs(w[j + 2]);
      s3 += Math.abs(w[j + 3]);
    }
    for (; j < end; j++) s0 += Math.abs(w[j]);
    const v = (s0 + s1 + (s2 + s3)) * inBound + Math.abs(b[r]);
    if (Number.isNaN(v)) return NaN;
    worst = Math.max(worst, v);
  }
  return worst;
}
