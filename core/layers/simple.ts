// Parameter-free layers: relu, flatten, max and average pooling.
import { flatten, flattenBackward, relu, reluBackward } from '../ops/elementwise.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward, type PoolAttrs } from '../ops/pool.js';
import type { FlattenSpec, LayerInfo, PoolSpec, ReluSpec } from '../spec.js';
import type { Tensor } from '../tensor.js';
import type { Layer } from './layer.js';

export class ReluLayer implements Layer {
  readonly params = [];
  private y: Tensor | null = null;
  constructor(readonly spec: ReluSpec, readonly info: LayerInfo, readonly inShape: readonly number[]) {}
  forward(x: Tensor): Tensor {
    return (this.y = relu(x));
  }
  backward(dy: Tensor): Tensor {
    return reluBackward(dy, this.y!);
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
  constructor(readonly spec: PoolSpec, readonly info: LayerInfo, readonly inShape: readonly number[]) {
    this.attrs = { size: spec.size, stride: spec.stride ?? spec.size };
  }
  forward(x: Tensor): Tensor {
    this.xShape = x.shape;
    if (this.spec.type === 'avgpool2d') return avgPool2d(x, this.attrs);
    const { y, argmax } = maxPool2d(x, this.attrs);
    this.argmax = argmax;
    return y;
  }
  backward(dy: Tensor): Tensor {
    return this.spec.type === 'avgpool2d' ? avgPool2dBackward(dy, this.xShape, this.attrs) : maxPool2dBackward(dy, this.argmax!, this.xShape);
  }
}
