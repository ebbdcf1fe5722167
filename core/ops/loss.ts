// Softmax and softmax cross-entropy, stabilised by subtracting each row's max (log-sum-exp trick).
import { assert, fmtShape } from '../assert.js';
import { allocLike, Tensor, type FloatArray } from '../tensor.js';

export type Labels = ArrayLike<number>;

/** How a training step scores its batch. */
export interface LossOptions {
  /**
   * Label smoothing ε in [0, 1): the gradient aims at (1 − ε)·onehot + ε/K instead of the one-hot (see
   * softmaxCrossEntropyBackward). The loss reported stays the plain cross-entropy, comparable with the test loss.
   */
  labelSmoothing?: number;
}

/** Writes softmax of row `i` of `z` ([N, K] flat) into `p`; returns the row's log Σ exp(z) (max-shifted, exact). */
function softmaxRow(z: FloatArray, p: FloatArray, i: number, k: number): number {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, z[i * k + j]);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(z[i * k + j] - max);
    p[i * k + j] = e;
    sum += e;
  }
  for (let j = 0; j < k; j++) p[i * k + j] /= sum;
  return max + Math.log(sum);
}

/** Row-wise softmax. @param logits [N, K] @returns [N, K] */
export function softmax(logits: Tensor): Tensor {
  assert(logits.shape.length === 2, () => `softmax: logits must be [N, K], got ${fmtShape(logits.shape)}`);
  const [n, k] = logits.shape;
  const p = new Tensor(logits.shape, allocLike(logits.data, logits.size));
  for (let i = 0; i < n; i++) softmaxRow(logits.data, p.data, i, k);
  return p;
}

/**
 * Mean cross-entropy of softmax(logits) against integer labels, as log-sum-exp: loss_i = log Σ_j exp(z_ij) − z_iy
 * (PyTorch's `cross_entropy`): no clamp, so logits [0, 100] with label 0 give 100.
 * @param logits [N, K] @param labels N class indices in [0, K)
 * @returns the loss and the probabilities (saved for backward).
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Labels): { loss: number; probs: Tensor } {
  assert(logits.shape.length === 2, () => `softmaxCrossEntropy: logits must be [N, K], got ${fmtShape(logits.shape)}`);
  const [n, k] = logits.shape;
  assert(labels.length === n, () => `softmaxCrossEntropy: ${labels.length} labels for logits ${fmtShape(logits.shape)}`);
  const probs = new Tensor(logits.shape, allocLike(logits.data, logits.size));
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    assert(Number.isInteger(y) && y >= 0 && y < k, () => `softmaxCrossEntropy: label ${y} at ${i} is outside [0, ${k})`);
    // NOTE: −log p_y = log Σ exp(z) − z_y, both from the max-shifted row, so a very wrong answer reports its real loss
    // (a clamped log p would stop at −ln(1e-30) = 69.08). https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
    loss += softmaxRow(logits.data, probs.data, i, k) - logits.data[i * k + y];
  }
  return { loss: loss / n, probs };
}

/**
 * d(mean loss)/d(logits) = (softmax − target) / N, the target one-hot, or with `smoothing` ε the one-hot mixed with the
 * uniform distribution: (1 − ε)·onehot + ε/K (label smoothing, as PyTorch's `CrossEntropyLoss(label_smoothing=ε)`;
 * Szegedy et al. 2016, https://arxiv.org/abs/1512.00567). Saves: probs.
 */
export function softmaxCrossEntropyBackward(probs: Tensor, labels: Labels, smoothing = 0): Tensor {
  assert(probs.shape.length === 2 && labels.length === probs.shape[0], () => `softmaxCrossEntropy backward: ${labels.length} labels for probs ${fmtShape(probs.shape)}`);
  assert(smoothing >= 0 && smoothing < 1, () => `softmaxCrossEntropy backward: label smoothing must be at least 0 and below 1, got ${smoothing}`);
  const [n, k] = probs.shape;
  const d = new Tensor(probs.shape, allocLike(probs.data, probs.size));
  const rest = smoothing / k / n;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    assert(Number.isInteger(y) && y >= 0 && y < k, () => `softmaxCrossEntropy backward: label ${y} at ${i} is outside [0, ${k})`);
    for (let j = 0; j < k; j++) d.data[i * k + j] = probs.data[i * k + j] / n - rest;
    d.data[i * k + y] -= (1 - smoothing) / n;
  }
  return d;
}
