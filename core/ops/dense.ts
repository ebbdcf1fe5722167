// dense: y = x·Wᵀ + b (PyTorch's Linear layout, W is [out, in]).
import { assert, fmtShape } from '../assert.js';
import { getBackend, referenceBackend } from '../kernels/index.js';
import { allocLike, Tensor, type FloatArray } from '../tensor.js';

function gemmFor(data: FloatArray) {
  const b = getBackend();
  return data instanceof Float64Array && !b.float64 ? referenceBackend() : b;
}

function check(x: Tensor, w: Tensor, op: string): [number, number, number] {
  assert(x.shape.length === 2, () => `${op}: input must be [N, in], got x=${fmtShape(x.shape)}`);
  assert(w.shape.length === 2 && w.shape[1] === x.shape[1], () => `${op}: input features (${x.shape[1]}) must match weight in (${w.shape[1]}); x=${fmtShape(x.shape)} w=${fmtShape(w.shape)}`);
  return [x.shape[0], x.shape[1], w.shape[0]];
}

/** @param x [N, in] @param w [out, in] @param b [out] @returns [N, out] */
export function dense(x: Tensor, w: Tensor, b: Tensor): Tensor {
  const [n, , out] = check(x, w, 'dense');
  assert(b.size === out, () => `dense: bias has ${b.size} values for ${out} units`);
  const y = new Tensor([n, out], allocLike(x.data, n * out));
  for (let i = 0; i < n; i++) y.data.set(b.data, i * out);
  gemmFor(x.data).gemm(false, true, n, out, x.shape[1], x.data, w.data, y.data, 1);
  return y;
}

/** Saves: x, w. */
export function denseBackward(dy: Tensor, x: Tensor, w: Tensor, needDx = true): { dx: Tensor | null; dw: Tensor; db: Tensor } {
  const [n, inF, out] = check(x, w, 'dense backward');
  assert(dy.shape.length === 2 && dy.shape[0] === n && dy.shape[1] === out, () => `dense backward: dy ${fmtShape(dy.shape)} must be [${n},${out}]`);
  const be = gemmFor(x.data);
  const dw = new Tensor(w.shape, allocLike(x.data, w.size));
  be.gemm(true, false, out, inF, n, dy.data, x.data, dw.data, 0);
  const db = new Tensor([out], allocLike(x.data, out));
  for (let i = 0; i < n; i++) for (let j = 0; j < out; j++) db.data[j] += dy.data[i * out + j];
  let dx: Tensor | null = null;
  if (needDx) {
    dx = new Tensor(x.shape, allocLike(x.data, x.size));
    be.gemm(false, false, n, inF, out, dy.data, w.data, dx.data, 0);
  }
  return { dx, dw, db };
}
