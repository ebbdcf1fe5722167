// Max and average pooling, forward and backward. Max pooling saves the index of each window's winner.
import { assert, fmtShape } from '../assert.js';
import { getBackend, referenceBackend, type Backend, type PoolGeom } from '../kernels/index.js';
import { allocLike, Tensor } from '../tensor.js';
import { outTensor } from './out.js';

export interface PoolAttrs {
  size: number;
  stride: number;
}

/** Pooling `a` over nc planes of h×w: its output is ⌊(h − size)/stride⌋ + 1 by ⌊(w − size)/stride⌋ + 1. */
export function poolGeom(nc: number, h: number, w: number, a: PoolAttrs): PoolGeom {
  const out = (d: number) => Math.floor((d - a.size) / a.stride) + 1;
  return { nc, h, w, size: a.size, stride: a.stride, oh: out(h), ow: out(w) };
}

function poolShape(x: Tensor, a: PoolAttrs, op: string): [number, number, number, number, number, number] {
  assert(x.shape.length === 4, () => `${op}: input must be [N,C,H,W], got ${fmtShape(x.shape)}`);
  const [n, c, h, w] = x.shape;
  assert(Number.isInteger(a.size) && a.size >= 1 && Number.isInteger(a.stride) && a.stride >= 1, () => `${op}: size and stride must be integers ≥ 1, got size=${a.size} stride=${a.stride}`);
  assert(a.size <= h && a.size <= w, () => `${op}: window ${a.size} is larger than the input; x=${fmtShape(x.shape)}`);
  const { oh, ow } = poolGeom(n * c, h, w, a);
  return [n, c, h, w, oh, ow];
}

/**
 * Max pooling. @param x [N, C, H, W] @returns y [N, C, OH, OW] and argmax: for each output,
 * the flat index into x of the winning element (ties go to the first in row-major order).
 */
export function maxPool2d(x: Tensor, a: PoolAttrs, out?: { y: Tensor; argmax: Int32Array } | null, backend: Backend = getBackend()): { y: Tensor; argmax: Int32Array } {
  const [n, c, h, w, oh, ow] = poolShape(x, a, 'maxPool2d');
  const y = outTensor(out?.y, [n, c, oh, ow], x.data);
  const argmax = out && out.argmax.length === y.size ? out.argmax : new Int32Array(y.size);
  const be = x.data instanceof Float64Array && !backend.float64 ? referenceBackend() : backend;
  be.maxPool2d(poolGeom(n * c, h, w, a), x.data, y.data, argmax);
  return { y, argmax };
}

/** Routes each output gradient to the element that won its window (attrs: the forward pass's). Saves: argmax. */
export function maxPool2dBackward(dy: Tensor, argmax: Int32Array, xShape: readonly number[], a: PoolAttrs, out?: Tensor | null, backend: Backend = getBackend()): Tensor {
  assert(dy.size === argmax.length, () => `maxPool2d backward: dy ${fmtShape(dy.shape)} does not match the saved output`);
  assert(xShape.length === 4, () => `maxPool2d backward: input must be [N,C,H,W], got ${fmtShape(xShape)}`);
  const [n, c, h, w] = xShape;
  const g = poolGeom(n * c, h, w, a);
  assert(dy.size === g.nc * g.oh * g.ow, () => `maxPool2d backward: dy ${fmtShape(dy.shape)} does not match output [${n},${c},${g.oh},${g.ow}]`);
  const t = outTensor(out, xShape, dy.data);
  const be = dy.data instanceof Float64Array && !backend.float64 ? referenceBackend() : backend;
  be.maxPool2dBackward(g, dy.data, argmax, t.data);
  return t;
}

/** Average pooling. @param x [N, C, H, W] @returns [N, C, OH, OW] */
export function avgPool2d(x: Tensor, a: PoolAttrs): Tensor {
  const [n, c, h, w, oh, ow] = poolShape(x, a, 'avgPool2d');
  const y = new Tensor([n, c, oh, ow], allocLike(x.data, n * c * oh * ow));
  const inv = 1 / (a.size * a.size);
  let o = 0;
  for (let nc = 0; nc < n * c; nc++) {
    const base = nc * h * w;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let s = 0;
        for (let ky = 0; ky < a.size; ky++) {
          const row = base + (oy * a.stride + ky) * w + ox * a.stride;
          for (let kx = 0; kx < a.size; kx++) s += x.data[row + kx];
        }
        y.data[o++] = s * inv;
      }
    }
  }
  return y;
}

/** Spreads each output gradient evenly over its window. Saves: the input shape. */
export function avgPool2dBackward(dy: Tensor, xShape: readonly number[], a: PoolAttrs): Tensor {
  assert(xShape.length === 4, () => `avgPool2d backward: input must be [N,C,H,W], got ${fmtShape(xShape)}`);
  const [n, c, h, w] = xShape;
  const { oh, ow } = poolGeom(n * c, h, w, a);
  assert(dy.size === n * c * oh * ow, () => `avgPool2d backward: dy ${fmtShape(dy.shape)} does not match output [${n},${c},${oh},${ow}]`);
  const dx = new Tensor(xShape, allocLike(dy.data, n * c * h * w));
  const inv = 1 / (a.size * a.size);
  let o = 0;
  for (let nc = 0; nc < n * c; nc++) {
    const base = nc * h * w;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const g = dy.data[o++] * inv;
        for (let ky = 0; ky < a.size; ky++) {
          const row = base + (oy * a.stride + ky) * w + ox * a.stride;
          for (let kx = 0; kx < a.size; kx++) dx.data[row + kx] += g;
        }
      }
    }
  }
  return dx;
}
