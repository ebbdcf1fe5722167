// conv2d: forward and backward over the active backend (im2col + GEMM in the reference one).
import { assert, fmtShape } from '../assert.js';
import { getBackend, referenceBackend, type Backend, type ConvGeom } from '../kernels/index.js';
import type { Pads } from '../spec.js';
import { Tensor, type FloatArray } from '../tensor.js';
import { outTensor } from './out.js';

export interface Conv2dAttrs {
  stride: number;
  pads: Pads;
  /** Fuse a ReLU into the forward pass (the layer then routes gradients through the saved output). */
  relu?: boolean;
}

/** `backend` (default: the process default), or the reference one for float64 data it cannot take. */
function backendFor(data: FloatArray, backend: Backend = getBackend()): Backend {
  return data instanceof Float64Array && !backend.float64 ? referenceBackend() : backend;
}

export function convGeom(xShape: readonly number[], wShape: readonly number[], attrs: Conv2dAttrs): ConvGeom {
  const msg = () => `x=${fmtShape(xShape)} w=${fmtShape(wShape)}`;
  assert(xShape.length === 4, () => `conv2d: input must be [N,C,H,W]; ${msg()}`);
  assert(wShape.length === 4 && wShape[2] === wShape[3], () => `conv2d: filter must be [F,C,K,K]; ${msg()}`);
  const [n, c, h, w] = xShape;
  const [f, wc, k] = wShape;
  assert(c === wc, () => `conv2d: input channels (${c}) must match filter inC (${wc}); ${msg()}`);
  assert(Number.isInteger(attrs.stride) && attrs.stride >= 1, () => `conv2d: stride must be an integer ≥ 1, got ${attrs.stride}`);
  const { top, left, bottom, right } = attrs.pads;
  const oh = Math.floor((h + top + bottom - k) / attrs.stride) + 1;
  const ow = Math.floor((w + left + right - k) / attrs.stride) + 1;
  assert(oh > 0 && ow > 0 && k <= h + top + bottom && k <= w + left + right, () => `conv2d: kernel ${k} does not fit the padded input; ${msg()}`);
  return { n, c, h, w, f, k, stride: attrs.stride, padT: top, padL: left, oh, ow };
}

/**
 * 2-D convolution (cross-correlation, as in PyTorch).
 * @param x [N, C, H, W]  @param w [F, C, K, K]  @param b [F]
 * @param out optional tensor to write into (reused when its shape and precision fit)
 * @returns y [N, F, OH, OW] with OH = floor((H − K + padT + padB)/S) + 1
 */
export function conv2d(x: Tensor, w: Tensor, b: Tensor, attrs: Conv2dAttrs, out?: Tensor | null, backend?: Backend): Tensor {
  const g = convGeom(x.shape, w.shape, attrs);
  assert(b.size === g.f, () => `conv2d: bias has ${b.size} values for ${g.f} filters`);
  const y = outTensor(out, [g.n, g.f, g.oh, g.ow], x.data);
  backendFor(x.data, backend).conv2dForward(g, x.data, w.data, b.data, y.data, attrs.relu ?? false);
  return y;
}

export interface Conv2dGrads {
  dx: Tensor | null;
  dw: Tensor;
  db: Tensor;
}

/**
 * Gradients of conv2d. Saves: x, w, and y when the ReLU was fused (attrs.relu): dy is then masked where y ≤ 0;
 * without y, apply reluBackward to dy first. `out` (optional) holds last call's tensors to write into.
 */
export function conv2dBackward(dy: Tensor, x: Tensor, w: Tensor, attrs: Conv2dAttrs, needDx = true, y: Tensor | null = null, out?: Conv2dGrads | null, backend?: Backend): Conv2dGrads {
  const g = convGeom(x.shape, w.shape, attrs);
  const outShape = [g.n, g.f, g.oh, g.ow];
  assert(dy.size === g.n * g.f * g.oh * g.ow, () => `conv2d backward: dy ${fmtShape(dy.shape)} does not match output ${fmtShape(outShape)}`);
  assert(!y || y.size === dy.size, () => `conv2d backward: saved output ${fmtShape(y!.shape)} does not match ${fmtShape(outShape)}`);
  const dx = needDx ? outTensor(out?.dx, x.shape, x.data) : null;
  const dw = outTensor(out?.dw, w.shape, x.data);
  const db = outTensor(out?.db, [g.f], x.data);
  backendFor(x.data, backend).conv2dBackward(g, x.data, w.data, dy.data, dx ? dx.data : null, dw.data, db.data, attrs.relu && y ? y.data : null);
  return { dx, dw, db };
}
