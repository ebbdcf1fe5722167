// Conv2d layer: weights [F, C, K, K], bias [F]; frozen channels get a zero gradient mask.
import { conv2d, conv2dBackward, type Conv2dAttrs } from '../ops/conv2d.js';
import type { Rng } from '../rng.js';
import type { Conv2dSpec, LayerInfo } from '../spec.js';
import { Tensor } from '../tensor.js';
import { addInto, makeParam, type Layer, type Param } from './layer.js';

export class Conv2dLayer implements Layer {
  readonly params: Param[];
  private readonly attrs: Conv2dAttrs;
  private x: Tensor | null = null;

  constructor(
    readonly spec: Conv2dSpec,
    readonly info: LayerInfo,
    readonly inShape: readonly number[],
    rng: Rng,
  ) {
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
  }

  forward(x: Tensor): Tensor {
    this.x = x;
    return conv2d(x, this.params[0].value, this.params[1].value, this.attrs);
  }

  backward(dy: Tensor, needDx: boolean): Tensor | null {
    const { dx, dw, db } = conv2dBackward(dy, this.x!, this.params[0].value, this.attrs, needDx);
    addInto(this.params[0].grad, dw, this.params[0].mask);
    addInto(this.params[1].grad, db, this.params[1].mask);
    return dx;
  }
}
