// dense: y = x·Wᵀ + b (PyTorch's Linear layout, W is [out, in]).
import { assert, fmtShape } from '../assert.js';
import { getBackend, referenceBackend, type Backend } from '../kernels/index.js';
import { Tensor, type FloatArray } from '../tensor.js';
import { outTensor } from './out.js';

/** `backend` (default: the process default), or the reference one for float64 data it cannot take. */
function gemmFor(data: FloatArray, backend: Backend = getBackend()): Backend {
  return data instanceof Float64Array && !backend.float64 ? referenceBackend() : backend;
}

function check(x: Tensor, w: Tensor, op: string): [number, number, number] {
  assert(x.shape.length === 2, () => `${op}: input must be [N, in], got x=${fmtShape(x.shape)}`);
  assert(w.shape.length === 2 && w.shape[1] === x.shape[1], () => `${op}: input features (${x.shape[1]}) must match weight in (${w.shape[1]}); x=${fmtShape(x.shape)} w=${fmtShape(w.shape)}`);
  return [x.shape[0], x.shape[1], w.shape[0]];
}

/** @param x [N, in] @param w [out, in] @param b [out] @param into optional tensor to reuse @returns [N, out] */
export function dense(x: Tensor, w: Tensor, b: Tensor, into?: Tensor | null, backend?: Backend): Tensor {
  const [n, , out] = check(x, w, 'dense');
  assert(b.size === out, () => `dense: bias has ${b.size} values for ${out} units`);
  const y = outTensor(into, [n, out], x.data);
  for (let i = 0; i < n; i++) y.data.set(b.data, i * out);
  gemmFor(x.data, backend).gemm(false, true, n, out, x.shape[1], x.data, w.data, y.data, 1);
  return y;
}

export interface DenseGrads {
  dx: Tensor | null;
  dw: Tensor;
  db: Tensor;
}

/** Saves: x, w. `into` (optional) holds last call's tensors to write into. */
export function denseBackward(dy: Tensor, x: Tensor, w: Tensor, needDx = true, into?: DenseGrads | null, backend?: Backend): DenseGrads {
  const [n, inF, out] = check(x, w, 'dense backward');
  assert(dy.shape.length === 2 && dy.shape[0] === n && dy.shape[1] === out, () => `dense backward: dy ${fmtShape(dy.shape)} must be [${n},${out}]`);
  const be = gemmFor(x.data, backend);
  const dw = outTensor(into?.dw, w.shape, x.data);
  be.gemm(true, false, out, inF, n, dy.data, x.data, dw.data, 0);
  const db = outTensor(into?.db, [out], x.data);
  const dbd = db.data;
  const g = dy.data;
  dbd.fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < out; j++) dbd[j] += g[i * out + j];
  let dx: Tensor | null = null;
  if (needDx) {
    dx = outTensor(into?.dx, x.shape, x.data);
    be.gemm(false, false, n, inF, out, dy.data, w.data, dx.data, 0);
  }
  return { dx, dw, db };
}
