// Elementwise ops: relu and flatten (a reshape), with their backward passes.
import { assert, fmtShape } from '../assert.js';
import { allocLike, Tensor } from '../tensor.js';

/** max(x, 0), any shape. */
export function relu(x: Tensor): Tensor {
  const y = new Tensor(x.shape, allocLike(x.data, x.size));
  for (let i = 0; i < x.size; i++) y.data[i] = x.data[i] > 0 ? x.data[i] : 0;
  return y;
}

/** dx = dy where the output was positive. Saves: y (the output). */
export function reluBackward(dy: Tensor, y: Tensor): Tensor {
  assert(dy.size === y.size, () => `relu backward: dy ${fmtShape(dy.shape)} does not match y ${fmtShape(y.shape)}`);
  const dx = new Tensor(dy.shape, allocLike(dy.data, dy.size));
  for (let i = 0; i < dy.size; i++) dx.data[i] = y.data[i] > 0 ? dy.data[i] : 0;
  return dx;
}

/** [N, ...] → [N, prod(...)] without copying. */
export function flatten(x: Tensor): Tensor {
  assert(x.shape.length >= 1, () => `flatten: needs a batch dimension, got ${fmtShape(x.shape)}`);
  return x.reshape([x.shape[0], x.size / Math.max(x.shape[0], 1)]);
}

export function flattenBackward(dy: Tensor, xShape: readonly number[]): Tensor {
  assert(dy.size === xShape.reduce((a, b) => a * b, 1), () => `flatten backward: dy ${fmtShape(dy.shape)} does not match input ${fmtShape(xShape)}`);
  return dy.reshape(xShape);
}
