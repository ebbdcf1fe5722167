// conv2d: forward and backward over the active backend (im2col + GEMM in the reference one).
import { assert, fmtShape } from '../assert.js';
import { getBackend, referenceBackend, type Backend, type ConvGeom, type PoolGeom } from '../kernels/index.js';
import type { Pads } from '../spec.js';
import { Tensor, type FloatArray } from '../tensor.js';
import { outTensor } from './out.js';
import { maxPool2d, maxPool2dBackward, poolGeom, type PoolAttrs } from './pool.js';

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

/** The max pooling `pool` of conv2d's output for geometry g: [n·f planes of oh×ow] → ph×pw. */
function pooledGeom(g: ConvGeom, pool: PoolAttrs): PoolGeom {
  assert(pool.size <= g.oh && pool.size <= g.ow, () => `conv2d + max pooling: window ${pool.size} is larger than the output ${g.oh}×${g.ow}`);
  return poolGeom(g.n * g.f, g.oh, g.ow, pool);
}

/**
 * conv2d (with its fused ReLU when attrs.relu) followed by maxPool2d: the same pooled map and winners (flat indices
 * into the conv output), without handing the conv output over. For training's conv → ReLU → pool blocks: the backend
 * keeps the conv output in its own memory (Backend.conv2dPool); one without that composes the two ops.
 * `out` (optional): last call's results to write into.
 */
export function conv2dPool(x: Tensor, w: Tensor, b: Tensor, attrs: Conv2dAttrs, pool: PoolAttrs, out?: { y: Tensor; argmax: Int32Array } | null, backend?: Backend): { y: Tensor; argmax: Int32Array } {
  const g = convGeom(x.shape, w.shape, attrs);
  assert(b.size === g.f, () => `conv2d: bias has ${b.size} values for ${g.f} filters`);
  const p = pooledGeom(g, pool);
  const be = backendFor(x.data, backend);
  if (!be.conv2dPool) return maxPool2d(conv2d(x, w, b, attrs, null, be), pool, out, be);
  const y = outTensor(out?.y, [g.n, g.f, p.oh, p.ow], x.data);
  const argmax = out && out.argmax.length === y.size ? out.argmax : new Int32Array(y.size);
  be.conv2dPool(g, p, x.data, w.data, b.data, attrs.relu ?? false, y.data, argmax);
  return { y, argmax };
}

/**
 * Gradients of conv2dPool from the gradient at its pooled output dp: each value routed to its winner (argmax), where
 * the fused ReLU let it through (pooled output y > 0), then conv2dBackward. Saves: x, w, argmax, and y when attrs.relu.
 */
export function conv2dPoolBackward(dp: Tensor, argmax: Int32Array, y: Tensor | null, x: Tensor, w: Tensor, attrs: Conv2dAttrs, pool: PoolAttrs, needDx = true, out?: Conv2dGrads | null, backend?: Backend): Conv2dGrads {
  const g = convGeom(x.shape, w.shape, attrs);
  const p = pooledGeom(g, pool);
  const pooledShape = [g.n, g.f, p.oh, p.ow];
  assert(dp.size === argmax.length && dp.size === g.n * g.f * p.oh * p.ow, () => `conv2d + max pooling backward: dy ${fmtShape(dp.shape)} does not match the pooled output ${fmtShape(pooledShape)}`);
  const relu = attrs.relu ? y : null;
  assert(!relu || relu.size === dp.size, () => `conv2d + max pooling backward: saved output ${fmtShape(relu!.shape)} does not match ${fmtShape(pooledShape)}`);
  const be = backendFor(x.data, backend);
  if (!be.conv2dPoolBackward) {
    // the ReLU's backward pass on the pooled side: a winner's value is the pooled output
    const masked = relu ? new Tensor(dp.shape, dp.data.map((v, i) => (relu.data[i] > 0 ? v : 0))) : dp;
    const dy = maxPool2dBackward(masked, argmax, [g.n, g.f, g.oh, g.ow], pool, null, be);
    return conv2dBackward(dy, x, w, { ...attrs, relu: false }, needDx, null, out, be);
  }
  const dx = needDx ? outTensor(out?.dx, x.shape, x.data) : null;
  const dw = outTensor(out?.dw, w.shape, x.data);
  const db = outTensor(out?.db, [g.f], x.data);
  be.conv2dPoolBackward(g, p, x.data, w.data, dp.data, argmax, relu ? relu.data : null, dx ? dx.data : null, dw.data, db.data);
  return { dx, dw, db };
}
