// Optimizers, simplest first. Each skips frozen parameters and respects per-element masks.
import type { Param } from './layers/layer.js';
import type { LossOptions } from './ops/loss.js';
import type { FloatArray, Tensor } from './tensor.js';

/**
 * One step of an optimizer in flat form: what `applyFlatStep` needs to update any range of all parameters laid end
 * to end (DataParallel.trainStep spreads the update over its threads this way). `t` is Adam's step count.
 */
export interface FlatStep {
  adam: boolean;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
  t: number;
}

export abstract class Optimizer {
  /** The running state, one list per kind (SGD: velocity; Adam: m, v), each one array per param. */
  protected abstract state: Float32Array[][];
  constructor(
    readonly params: readonly Param[],
    public lr: number,
  ) {}
  zeroGrad(): void {
    for (const p of this.params) p.grad.data.fill(0);
  }
  abstract step(): void;
  /** Forgets the running state (momentum, moments, step count), as a new optimizer would start. */
  reset(): void {
    for (const a of this.state.flat()) a.fill(0);
  }

  /** How many flat state arrays (params end to end) `bindState` takes. */
  get stateKinds(): number {
    return this.state.length;
  }

  /** Moves the running state into `flat` (one array per kind, params end to end; current values kept). */
  bindState(flat: readonly Float32Array[]): void {
    this.state = this.state.map((arrays, s) => {
      let off = 0;
      return arrays.map((a) => {
        const v = flat[s].subarray(off, off + a.length);
        v.set(a);
        off += a.length;
        return v;
      });
    });
  }

  /**
   * The next step in flat form, counted as taken (Adam's t advances); null when a param is frozen or masked, as
   * a flat update cannot skip them (then call step()).
   */
  takeFlatStep(): FlatStep | null {
    return this.params.some((p) => !p.trainable || p.mask) ? null : this.flat();
  }
  protected abstract flat(): FlatStep;
}

/**
 * A training step as three calls: zeroGrad, the engine's lossAndGrad (a Model, a DataParallel, a GradEngine), then
 * optimizer.step. DataParallel.trainStep does the same work with the step spread over its threads.
 */
export function plainTrainStep<L, R>(engine: { lossAndGrad(x: Tensor, labels: L, opts?: LossOptions): R }, optimizer: Optimizer, x: Tensor, labels: L, opts: LossOptions = {}): R {
  optimizer.zeroGrad();
  const r = engine.lossAndGrad(x, labels, opts);
  optimizer.step();
  return r;
}

/** Applies a FlatStep to w[lo, hi) from gradients g and the flat state arrays (see Optimizer.bindState). */
export function applyFlatStep(s: FlatStep, w: Float32Array, g: Float32Array, state: readonly Float32Array[], lo: number, hi: number): void {
  const r = (a: Float32Array) => a.subarray(lo, hi);
  if (s.adam) adamUpdate(r(w), r(g), r(state[0]), r(state[1]), s.beta1, s.beta2, s.lr, s.eps, s.t, null);
  else sgdUpdate(r(w), r(g), r(state[0]), s.momentum, s.lr, null);
}

/** Adam's 1 − β₁, 1 − β₂ and bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ) (also for kernels-src/step.ts). */
export const adamScales = (b1: number, b2: number, t: number): [number, number, number, number] => [1 - b1, 1 - b2, 1 / (1 - b1 ** t), 1 / (1 - b2 ** t)];

/** SGD with momentum: v = μv + g; w −= lr·v (PyTorch's form). https://pytorch.org/docs/stable/generated/torch.optim.SGD.html */
export class SGD extends Optimizer {
  protected state: Float32Array[][];
  constructor(params: readonly Param[], lr: number, readonly momentum = 0.9) {
    super(params, lr);
    this.state = [params.map((p) => new Float32Array(p.value.size))];
  }
  step(): void {
    this.params.forEach((p, i) => {
      if (!p.trainable) return;
      sgdUpdate(p.value.data, p.grad.data, this.state[0][i], this.momentum, this.lr, p.mask);
    });
  }
  protected flat(): FlatStep {
    return { adam: false, lr: this.lr, momentum: this.momentum, beta1: 0, beta2: 0, eps: 0, t: 0 };
  }
}

// The update loops are plain functions over typed arrays, with the mask test outside the hot loop: the optimizer
// streams every parameter 2–3 times per batch, so on big layers (K's 1.2 M dense weights) it is memory-bound.
function sgdUpdate(w: FloatArray, g: FloatArray, v: Float32Array, mu: number, lr: number, mask: Float32Array | null): void {
  const n = w.length;
  if (mask) {
    for (let j = 0; j < n; j++) {
      if (mask[j] === 0) continue;
      const vj = mu * v[j] + g[j];
      v[j] = vj;
      w[j] -= lr * vj;
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const vj = mu * v[j] + g[j];
    v[j] = vj;
    w[j] -= lr * vj;
  }
}

function adamUpdate(w: FloatArray, g: FloatArray, m: Float32Array, v: Float32Array, b1: number, b2: number, lr: number, eps: number, t: number, mask: Float32Array | null): void {
  const [c1, c2, mScale, vScale] = adamScales(b1, b2, t);
  const n = w.length;
  for (let j = 0; j < n; j++) {
    if (mask && mask[j] === 0) continue;
    const gj = g[j];
    const mj = b1 * m[j] + c1 * gj;
    const vj = b2 * v[j] + c2 * gj * gj;
    m[j] = mj;
    v[j] = vj;
    // m̂ / (√v̂ + ε), ε outside the bias-corrected root as in the paper and PyTorch
    w[j] -= (lr * mj * mScale) / (Math.sqrt(vj * vScale) + eps);
  }
}

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/**
 * Adam (Kingma & Ba, 2015, Algorithm 1): m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), w −= lr·m̂/(√v̂ + ε), with ε where the paper
 * and PyTorch put it. https://arxiv.org/abs/1412.6980, https://pytorch.org/docs/stable/generated/torch.optim.Adam.html
 */
export class Adam extends Optimizer {
  protected state: Float32Array[][];
  private t = 0;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  constructor(params: readonly Param[], lr: number, { beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }: AdamOptions = {}) {
    super(params, lr);
    [this.beta1, this.beta2, this.eps] = [beta1, beta2, eps];
    this.state = [0, 1].map(() => params.map((p) => new Float32Array(p.value.size)));
  }
  step(): void {
    this.t++;
    const [m, v] = this.state;
    this.params.forEach((p, i) => {
      if (!p.trainable) return;
      adamUpdate(p.value.data, p.grad.data, m[i], v[i], this.beta1, this.beta2, this.lr, this.eps, this.t, p.mask);
    });
  }
  reset(): void {
    this.t = 0;
    super.reset();
  }
  protected flat(): FlatStep {
    return { adam: true, lr: this.lr, momentum: 0, beta1: this.beta1, beta2: this.beta2, eps: this.eps, t: ++this.t };
  }
}

export type OptimizerName = 'sgd' | 'adam';

/** What createOptimizer reads: SGD's momentum, Adam's β₁, β₂ and ε (TrainConfig has all of them). */
export interface OptimizerOptions extends AdamOptions {
  momentum?: number;
}

export function createOptimizer(name: OptimizerName, params: readonly Param[], lr: number, opts: OptimizerOptions = {}): Optimizer {
  return name === 'adam' ? new Adam(params, lr, opts) : new SGD(params, lr, opts.momentum ?? 0.9);
}
