// Optimizers, simplest first. Each skips frozen parameters and respects per-element masks.
import type { Param } from './layers/layer.js';
import type { FloatArray } from './tensor.js';

export abstract class Optimizer {
  constructor(
    readonly params: readonly Param[],
    public lr: number,
  ) {}
  zeroGrad(): void {
    for (const p of this.params) p.grad.data.fill(0);
  }
  abstract step(): void;
  /** Forgets the running state (momentum, moments, step count), as a new optimizer would start. */
  abstract reset(): void;
}

/** SGD with momentum: v = μv + g; w −= lr·v (PyTorch's form). https://pytorch.org/docs/stable/generated/torch.optim.SGD.html */
export class SGD extends Optimizer {
  private readonly velocity: Float32Array[];
  constructor(params: readonly Param[], lr: number, readonly momentum = 0.9) {
    super(params, lr);
    this.velocity = params.map((p) => new Float32Array(p.value.size));
  }
  step(): void {
    this.params.forEach((p, i) => {
      if (!p.trainable) return;
      sgdUpdate(p.value.data, p.grad.data, this.velocity[i], this.momentum, this.lr, p.mask);
    });
  }
  reset(): void {
    for (const v of this.velocity) v.fill(0);
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
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  const mScale = 1 / (1 - b1 ** t);
  const vScale = 1 / (1 - b2 ** t);
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
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  constructor(params: readonly Param[], lr: number, { beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }: AdamOptions = {}) {
    super(params, lr);
    [this.beta1, this.beta2, this.eps] = [beta1, beta2, eps];
    this.m = params.map((p) => new Float32Array(p.value.size));
    this.v = params.map((p) => new Float32Array(p.value.size));
  }
  step(): void {
    this.t++;
    this.params.forEach((p, i) => {
      if (!p.trainable) return;
      adamUpdate(p.value.data, p.grad.data, this.m[i], this.v[i], this.beta1, this.beta2, this.lr, this.eps, this.t, p.mask);
    });
  }
  reset(): void {
    this.t = 0;
    for (const a of [...this.m, ...this.v]) a.fill(0);
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
