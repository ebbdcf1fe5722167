// Elementwise ops: relu and flatten (a reshape), with their backward passes.
import { assert, fmtShape } from '../assert.js';
import { Tensor } from '../tensor.js';
import { outTensor } from './out.js';

/** max(x, 0), any shape. */
export function relu(x: Tensor, out?: Tensor | null): Tensor {
  const xd = x.data;
  const y = outTensor(out, x.shape, xd);
  const yd = y.data;
  for (let i = 0, n = xd.length; i < n; i++) {
    const v = xd[i];
    yd[i] = v > 0 ? v : 0;
  }
  return y;
}

/** dx = dy where the output was positive. Saves: y (the output). */
export function reluBackward(dy: Tensor, y: Tensor, out?: Tensor | null): Tensor {
  assert(dy.size === y.size, () => `relu backward: dy ${fmtShape(dy.shape)} does not match y ${fmtShape(y.shape)}`);
  const g = dy.data;
  const yd = y.data;
  const t = outTensor(out, dy.shape, g);
  const dx = t.data;
  for (let i = 0, n = g.length; i < n; i++) dx[i] = yd[i] > 0 ? g[i] : 0;
  return t;
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
