// Conv2d layer: weights [F, C, K, K], bias [F]; frozen channels get a zero gradient mask.
import { conv2d, conv2dBackward, conv2dPool, conv2dPoolBackward, type Conv2dAttrs, type Conv2dGrads } from '../ops/conv2d.js';
import type { Backend } from '../kernels/backend.js';
import type { Rng } from '../rng.js';
import type { Conv2dSpec, LayerInfo } from '../spec.js';
import { Tensor } from '../tensor.js';
import { addInto, makeParam, type ForwardOptions, type Layer, type LayerOptions, type Param, type PoolLink } from './layer.js';

export class Conv2dLayer implements Layer {
  readonly params: Param[];
  private readonly attrs: Conv2dAttrs;
  private readonly attrsRelu: Conv2dAttrs;
  private x: Tensor | null = null;
  private y: Tensor | null = null;
  private grads: Conv2dGrads | null = null;
  /** The input gradient of the last overwriting backward pass, which the next one writes into (reuse). */
  private dx: Tensor | null = null;
  /** Applies the following ReLU inside this layer (the ReluLayer then passes through). */
  private readonly fuseRelu: boolean;
  private readonly reuse: boolean;
  private readonly backend: (() => Backend) | undefined;
  /** The max pooling this layer computes in training (see LayerOptions.poolLink), and whether the last pass did. */
  private readonly pool: PoolLink | null;
  private pooled = false;

  constructor(
    readonly spec: Conv2dSpec,
    readonly info: LayerInfo,
    readonly inShape: readonly number[],
    rng: Rng,
    options: LayerOptions,
  ) {
    this.fuseRelu = options.fuseRelu ?? false;
    this.reuse = options.reuse;
    this.backend = options.backend;
    this.pool = options.poolLink ?? null;
    const c = inShape[0];
    const k = spec.kernel;
    const w = new Tensor([spec.filters, c, k, k]);
    // He initialisation (ReLU follows): N(0, 2/fanIn). https://arxiv.org/abs/1502.01852
    const std = Math.sqrt(2 / (c * k * k));
    for (let i = 0; i < w.size; i++) w.data[i] = rng.normal() * std;
    const trainable = spec.trainable ?? true;
    const weight = makeParam(`${info.index}.weight`, w, trainable);
    const bias = makeParam(`${info.index}.bias`, new Tensor([spec.filters]), trainable);
    if (spec.frozenChannels && spec.frozenChannels.length > 0) {
      const per = c * k * k;
      weight.mask = new Float32Array(w.size).fill(1);
      bias.mask = new Float32Array(spec.filters).fill(1);
      for (const f of spec.frozenChannels) {
        weight.mask.fill(0, f * per, (f + 1) * per);
        bias.mask[f] = 0;
      }
    }
    this.params = [weight, bias];
    this.attrs = { stride: spec.stride ?? 1, pads: info.pads! };
    this.attrsRelu = { ...this.attrs, relu: true };
  }

  forward(x: Tensor, opts?: ForwardOptions): Tensor {
    this.x = x;
    this.pooled = this.pool !== null && !opts?.unfused;
    if (this.pooled) {
      const link = this.pool!;
      const prev = this.reuse && link.y && link.argmax ? { y: link.y, argmax: link.argmax } : null;
      ({ y: link.y, argmax: link.argmax } = conv2dPool(x, this.params[0].value, this.params[1].value, this.fuseRelu ? this.attrsRelu : this.attrs, link.attrs, prev, this.backend?.()));
      return link.y;
    }
    const attrs = this.fuseRelu && !opts?.unfused ? this.attrsRelu : this.attrs;
    this.y = conv2d(x, this.params[0].value, this.params[1].value, attrs, this.reuse ? this.y : null, this.backend?.());
    return this.y;
  }

  backward(dy: Tensor, needDx: boolean, overwrite = false): Tensor | null {
    const attrs = this.fuseRelu ? this.attrsRelu : this.attrs;
    const [weight, bias] = this.params;
    const prev = this.reuse ? this.grads : null;
    // Overwriting without a frozen-channel mask: the kernel writes straight into the parameter gradients.
    const direct = overwrite && !weight.mask && !bias.mask;
    const into = direct ? { dx: this.reuse ? this.dx : null, dw: weight.grad, db: bias.grad } : prev;
    const link = this.pooled ? this.pool! : null;
    const grads = link
      ? conv2dPoolBackward(dy, link.argmax!, link.y, this.x!, weight.value, attrs, link.attrs, needDx, into, this.backend?.())
      : conv2dBackward(dy, this.x!, weight.value, attrs, needDx, this.y, into, this.backend?.());
    if (direct) {
      // (an op that could not write in place — other precision — returned its own tensors)
      if (grads.dw !== weight.grad) addInto(weight.grad, grads.dw, null, true);
      if (grads.db !== bias.grad) addInto(bias.grad, grads.db, null, true);
      if (this.reuse && grads.dx) this.dx = grads.dx;
      return grads.dx;
    }
    if (this.reuse) this.grads = grads;
    addInto(weight.grad, grads.dw, weight.mask, overwrite);
    addInto(bias.grad, grads.db, bias.mask, overwrite);
    return grads.dx;
  }
}
