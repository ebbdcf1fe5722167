// Optimizers, simplest first. Each skips frozen parameters and respects per-element masks.
import type { Param } from './layers/layer.js';

export abstract class Optimizer {
  constructor(
    readonly params: readonly Param[],
    public lr: number,
  ) {}
  zeroGrad(): void {
    for (const p of this.params) p.grad.data.fill(0);
  }
  abstract step(): void;
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
      const w = p.value.data;
      const g = p.grad.data;
      const v = this.velocity[i];
      const mu = this.momentum;
      const lr = this.lr;
      const mask = p.mask;
      for (let j = 0; j < w.length; j++) {
        if (mask && mask[j] === 0) continue;
        v[j] = mu * v[j] + g[j];
        w[j] -= lr * v[j];
      }
    });
  }
}

/** Adam (Kingma & Ba, 2014, Algorithm 1). https://arxiv.org/abs/1412.6980 */
export class Adam extends Optimizer {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  constructor(params: readonly Param[], lr: number, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly eps = 1e-8) {
    super(params, lr);
    this.m = params.map((p) => new Float32Array(p.value.size));
    this.v = params.map((p) => new Float32Array(p.value.size));
  }
  step(): void {
    this.t++;
    const { beta1: b1, beta2: b2, eps } = this;
    const a = (this.lr * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    this.params.forEach((p, i) => {
      if (!p.trainable) return;
      const w = p.value.data;
      const g = p.grad.data;
      const m = this.m[i];
      const v = this.v[i];
      const mask = p.mask;
      for (let j = 0; j < w.length; j++) {
        if (mask && mask[j] === 0) continue;
        m[j] = b1 * m[j] + (1 - b1) * g[j];
        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
        w[j] -= (a * m[j]) / (Math.sqrt(v[j]) + eps);
      }
    });
  }
}

export type OptimizerName = 'sgd' | 'adam';

export function createOptimizer(name: OptimizerName, params: readonly Param[], lr: number, momentum = 0.9): Optimizer {
  return name === 'adam' ? new Adam(params, lr) : new SGD(params, lr, momentum);
}
