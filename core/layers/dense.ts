// Dense layer: weights [out, in], bias [out], on a flat input [N, in] (the spec puts a flatten before an image).
import { dense, denseBackward, type DenseGrads } from '../ops/dense.js';
import type { Backend } from '../kernels/backend.js';
import type { Rng } from '../rng.js';
import type { DenseSpec, LayerInfo } from '../spec.js';
import { Tensor } from '../tensor.js';
import { addInto, makeParam, type Layer, type LayerOptions, type Param } from './layer.js';

export class DenseLayer implements Layer {
  readonly params: Param[];
  private x: Tensor | null = null;
  private y: Tensor | null = null;
  private grads: DenseGrads | null = null;
  /** The input gradient of the last overwriting backward pass, which the next one writes into (reuse). */
  private dx: Tensor | null = null;
  private readonly reuse: boolean;
  private readonly backend: (() => Backend) | undefined;

  constructor(
    readonly spec: DenseSpec,
    readonly info: LayerInfo,
    readonly inShape: readonly number[],
    rng: Rng,
    reluFollows: boolean,
    options: LayerOptions,
  ) {
    this.reuse = options.reuse;
    this.backend = options.backend;
    const inF = inShape[0];
    const w = new Tensor([spec.units, inF]);
    // He for ReLU layers, Glorot (Xavier) normal for the logits. https://proceedings.mlr.press/v9/glorot10a.html
    const std = reluFollows ? Math.sqrt(2 / inF) : Math.sqrt(2 / (inF + spec.units));
    for (let i = 0; i < w.size; i++) w.data[i] = rng.normal() * std;
    const trainable = spec.trainable ?? true;
    this.params = [makeParam(`${info.index}.weight`, w, trainable), makeParam(`${info.index}.bias`, new Tensor([spec.units]), trainable)];
  }

  forward(x: Tensor): Tensor {
    this.x = x;
    this.y = dense(this.x, this.params[0].value, this.params[1].value, this.reuse ? this.y : null, this.backend?.());
    return this.y;
  }

  backward(dy: Tensor, needDx: boolean, overwrite = false): Tensor | null {
    const [weight, bias] = this.params;
    const prev = this.reuse ? this.grads : null;
    // Overwriting: the GEMM writes straight into the parameter gradients (K's 1.2 M weights: no copy, no add).
    const grads = denseBackward(dy, this.x!, weight.value, needDx, overwrite ? { dx: this.reuse ? this.dx : null, dw: weight.grad, db: bias.grad } : prev, this.backend?.());
    if (overwrite) {
      // (an op that could not write in place — other precision — returned its own tensors)
      if (grads.dw !== weight.grad) addInto(weight.grad, grads.dw, null, true);
      if (grads.db !== bias.grad) addInto(bias.grad, grads.db, null, true);
      if (this.reuse && grads.dx) this.dx = grads.dx;
    } else {
      if (this.reuse) this.grads = grads;
      addInto(weight.grad, grads.dw, null);
      addInto(bias.grad, grads.db, null);
    }
    return grads.dx;
  }
}
