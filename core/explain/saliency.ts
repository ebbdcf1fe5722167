// Saliency: how much each input value moves the class's raw logit, d logit_cls / d x (Simonyan et al. 2013,
// https://arxiv.org/abs/1312.6034), and gradient × input.
import type { Model } from '../model.js';
import { imageTensor, logitsOf, oneHot, pickClass, probabilities, type ClassScores } from './common.js';

export interface Saliency extends ClassScores {
  /** d logit_cls / d input (the raw logit, before softmax), C·H·W. */
  gradient: Float32Array;
  /** gradient · input, element by element, C·H·W. */
  gradTimesInput: Float32Array;
}

/** image: one input, C·H·W values in [0, 1] (the model's spec.input shape); cls: the class to explain (default predicted). */
export function saliency(model: Model, image: Float32Array, cls?: number): Saliency {
  const x = imageTensor(model, image, 'saliency');
  const c = pickClass(model, () => logitsOf(model, x), cls, 'saliency');
  const pass = model.gradients(x, oneHot(model, c));
  const gradient = Float32Array.from(pass.input.data);
  const gradTimesInput = gradient.map((g, i) => g * image[i]);
  return { class: c, probabilities: probabilities(pass.logits), gradient, gradTimesInput };
}
