// Parameter-free layers: relu, flatten, max and average pooling.
import { flatten, flattenBackward, relu, reluBackward } from '../ops/elementwise.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward, type PoolAttrs } from '../ops/pool.js';
import type { Backend } from '../kernels/backend.js';
import type { FlattenSpec, LayerInfo, PoolSpec, ReluSpec } from '../spec.js';
import type { Tensor } from '../tensor.js';
import type { ForwardOptions, Layer, LayerOptions, PoolLink } from './layer.js';

export class ReluLayer implements Layer {
  readonly params = [];
  private y: Tensor | null = null;
  private dx: Tensor | null = null;
  /** The preceding conv layer applies this ReLU: forward and backward pass through. */
  private readonly fused: boolean;
  private readonly reuse: boolean;
  constructor(readonly spec: ReluSpec, readonly info: LayerInfo, readonly inShape: readonly number[], options: LayerOptions) {
    this.fused = options.fuseRelu ?? false;
    this.reuse = options.reuse;
  }
  forward(x: Tensor, opts?: ForwardOptions): Tensor {
    if (this.fused && !opts?.unfused) return x;
    return (this.y = relu(x, this.reuse ? this.y : null));
  }
  backward(dy: Tensor): Tensor {
    if (this.fused) return dy;
    const dx = reluBackward(dy, this.y!, this.reuse ? this.dx : null);
    if (this.reuse) this.dx = dx;
    return dx;
  }
}

export class FlattenLayer implements Layer {
  readonly params = [];
  private xShape: readonly number[] = [];
  constructor(readonly spec: FlattenSpec, readonly info: LayerInfo, readonly inShape: readonly number[]) {}
  forward(x: Tensor): Tensor {
    this.xShape = x.shape;
    return flatten(x);
  }
  backward(dy: Tensor): Tensor {
    return flattenBackward(dy, this.xShape);
  }
}

export class PoolLayer implements Layer {
  readonly params = [];
  readonly attrs: PoolAttrs;
  private xShape: readonly number[] = [];
  /** For max pooling: the flat input index of each output's winner (the UI draws these). */
  argmax: Int32Array | null = null;
  private y: Tensor | null = null;
  private dx: Tensor | null = null;
  private readonly reuse: boolean;
  private readonly backend: (() => Backend) | undefined;
  /** Set when the conv layer before computes this pooling in training (LayerOptions.poolLink); whether the last pass did. */
  private readonly link: PoolLink | null;
  private linked = false;
  constructor(readonly spec: PoolSpec, readonly info: LayerInfo, readonly inShape: readonly number[], options: LayerOptions) {
    this.reuse = options.reuse;
    this.backend = options.backend;
    this.attrs = { size: spec.size, stride: spec.stride ?? spec.size };
    this.link = options.poolLink ?? null;
  }
  forward(x: Tensor, opts?: ForwardOptions): Tensor {
    this.linked = this.link !== null && !opts?.unfused;
    if (this.linked) {
      // x is already the pooled map (the conv layer computed it); the winners are in the link
      this.argmax = this.link!.argmax;
      return x;
    }
    this.xShape = x.shape;
    if (this.spec.type === 'avgpool2d') return avgPool2d(x, this.attrs);
    const prev = this.reuse && this.y && this.argmax ? { y: this.y, argmax: this.argmax } : null;
    const { y, argmax } = maxPool2d(x, this.attrs, prev, this.backend?.());
    this.argmax = argmax;
    this.y = y;
    return y;
  }
  backward(dy: Tensor): Tensor {
    if (this.linked) return dy;
    if (this.spec.type === 'avgpool2d') return avgPool2dBackward(dy, this.xShape, this.attrs);
    const dx = maxPool2dBackward(dy, this.argmax!, this.xShape, this.attrs, this.reuse ? this.dx : null, this.backend?.());
    if (this.reuse) this.dx = dx;
    return dx;
  }
}
