// Output-buffer reuse for ops: layers pass last batch's tensor back in, so a training step allocates nothing.
import { allocLike, Tensor, type FloatArray } from '../tensor.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `out` when it has this shape and the precision of `like`, else a fresh zeroed tensor. Contents are not cleared. */
export function outTensor(out: Tensor | null | undefined, shape: readonly number[], like: FloatArray): Tensor {
  if (out && out.data.constructor === like.constructor && sameShape(out.shape, shape)) return out;
  return new Tensor(shape, allocLike(like, shape.reduce((p, d) => p * d, 1)));
}
