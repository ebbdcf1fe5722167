// What every explanation shares: checking one input image against the model, the class scores it gets, and the
// class to explain.
import { CoreError, fmtShape } from '../assert.js';
import { argmaxRow, type Model } from '../model.js';
import { softmax } from '../ops/loss.js';
import { classCount } from '../spec.js';
import { Tensor } from '../tensor.js';

export interface ClassScores {
  /** The explained class (default: the predicted one, the argmax). */
  class: number;
  /** Softmax of the model's logits for the input, one per class. */
  probabilities: number[];
}

/** image (C·H·W values, the model's spec.input) as a batch of one [1, C, H, W]; throws naming `where` when it is not. */
export function imageTensor(model: Model, image: Float32Array, where: string): Tensor {
  const [c, h, w] = model.spec.input;
  if (!(image instanceof Float32Array) || image.length !== c * h * w) {
    const got = image instanceof Float32Array ? `${image.length} values` : `a ${typeof image}`;
    throw new CoreError(`${where}: image must be a Float32Array of ${c * h * w} values (the model's input ${fmtShape(model.spec.input)}), got ${got}`);
  }
  const bad = image.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new CoreError(`${where}: image value ${image[bad]} at ${bad} is not finite`);
  return new Tensor([1, c, h, w], image);
}

/**
 * The class to explain: `cls` when given (checked), else the argmax of `logits` [1, classes] — given, or a function
 * computing them, called only when no class was given (a forward pass saved on every call that names its class).
 */
export function pickClass(model: Model, logits: Tensor | (() => Tensor), cls: number | undefined, where: string): number {
  const k = classCount(model.infos);
  if (cls === undefined) return argmaxRow((typeof logits === 'function' ? logits() : logits).data, 0, k);
  if (!Number.isInteger(cls) || cls < 0 || cls >= k) throw new CoreError(`${where}: class ${cls} is outside 0..${k - 1}`);
  return cls;
}

/** Softmax of logits [1, classes] as plain numbers. */
export function probabilities(logits: Tensor): number[] {
  return Array.from(softmax(logits).data);
}

/** logits [1, classes] of one image, computed without touching the model's layers (Model.layerOutputs). */
export function logitsOf(model: Model, x: Tensor): Tensor {
  const last = model.layers.length - 1;
  return model.layerOutputs(x, [last]).get(last)!;
}

/** A [1, classes] tensor with 1 at `cls`: weights that pick one class's logit (Model.gradients). */
export function oneHot(model: Model, cls: number): Tensor {
  const w = new Tensor([1, classCount(model.infos)]);
  w.data[cls] = 1;
  return w;
}
