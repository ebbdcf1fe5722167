// The filter designer's arithmetic: one K×K filter over one image with core's own conv2d, relu and maxPool2d
// (so the numbers shown are the network's), the output-size formula with the real numbers, and hover read-outs.
import { conv2d } from '../../../core/ops/conv2d';
import { relu } from '../../../core/ops/elementwise';
import { maxPool2d } from '../../../core/ops/pool';
import { outSize, resolvePads, type Padding, type Pads } from '../../../core/spec';
import { Tensor } from '../../../core/tensor';

export const MAX_STRIDE = 3;
export const MAX_PADDING = 6;
export const POOL = { size: 2, stride: 2 } as const;

export interface DesignerConfig {
  k: number;
  /** Row-major K×K weights. */
  weights: readonly number[];
  bias: number;
  stride: number;
  padding: Padding;
  relu: boolean;
  pool: boolean;
}

/** A single-channel image: h·w values, row-major. */
export interface Plane {
  h: number;
  w: number;
  data: Float32Array;
}

export interface FormulaLine {
  /** e.g. "floor((W − K + 2P)/S) + 1" */
  symbolic: string;
  /** e.g. "floor((28 − 3 + 2·1)/1) + 1 = 28" */
  numeric: string;
  value: number;
}

export interface DesignerResult {
  input: Plane;
  pads: Pads;
  conv: Plane;
  /** After ReLU when it is on, else the same as conv. */
  activated: Plane;
  pooled: (Plane & { argmax: Int32Array }) | null;
  formula: { conv: FormulaLine; pool: FormulaLine | null };
}

export class DesignerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DesignerError';
  }
}

/** Checks a designer config; throws DesignerError naming the field. */
export function validateDesigner(cfg: DesignerConfig, h: number, w: number): void {
  const { k, stride, padding } = cfg;
  if (![3, 5, 7].includes(k)) throw new DesignerError(`kernel size must be 3, 5 or 7, got ${k}`);
  if (cfg.weights.length !== k * k) throw new DesignerError(`a ${k}×${k} filter needs ${k * k} weights, got ${cfg.weights.length}`);
  if (!cfg.weights.every(Number.isFinite)) throw new DesignerError('every weight must be a finite number');
  if (!Number.isFinite(cfg.bias)) throw new DesignerError('bias must be a finite number');
  if (!Number.isInteger(stride) || stride < 1 || stride > MAX_STRIDE) throw new DesignerError(`stride must be 1–${MAX_STRIDE}, got ${stride}`);
  if (!(padding === 'valid' || padding === 'same' || (Number.isInteger(padding) && padding >= 0 && padding <= MAX_PADDING))) {
    throw new DesignerError(`padding must be valid, same or a whole number 0–${MAX_PADDING}, got ${String(padding)}`);
  }
  const p = resolvePads(h, w, k, stride, padding);
  if (k > h + p.top + p.bottom || k > w + p.left + p.right) throw new DesignerError(`a ${k}×${k} filter does not fit the ${h}×${w} input`);
}

/**
 * The output-size formula with the actual numbers. Equal pads are written 2P; unequal ones (TF 'same' with an odd
 * total: the extra pad goes after, bottom/right, as core's resolvePads does) as both pads, before + after.
 */
export function convFormula(size: number, k: number, stride: number, padBefore: number, padAfter: number): FormulaLine {
  const value = outSize(size, k, stride, padBefore + padAfter);
  const equal = padBefore === padAfter;
  return {
    symbolic: equal ? 'floor((W − K + 2P)/S) + 1' : 'floor((W − K + P_before + P_after)/S) + 1',
    numeric: `floor((${size} − ${k} + ${equal ? `2·${padBefore}` : `${padBefore} + ${padAfter}`})/${stride}) + 1 = ${value}`,
    value,
  };
}

export function poolFormula(size: number): FormulaLine {
  const value = outSize(size, POOL.size, POOL.stride, 0);
  return { symbolic: 'floor((W − 2)/2) + 1', numeric: `floor((${size} − 2)/2) + 1 = ${value}`, value };
}

const plane = (t: Tensor): Plane => ({ h: t.shape[2], w: t.shape[3], data: Float32Array.from(t.data) });

/** Runs input → conv2d (+bias) → ReLU (optional) → 2×2 max pool (optional) with core's ops. */
export function runDesigner(image: ArrayLike<number>, h: number, w: number, cfg: DesignerConfig): DesignerResult {
  if (image.length !== h * w) throw new DesignerError(`the input has ${image.length} pixels, expected ${h}×${w} = ${h * w}`);
  validateDesigner(cfg, h, w);
  const pads = resolvePads(h, w, cfg.k, cfg.stride, cfg.padding);
  const x = Tensor.from([1, 1, h, w], image);
  const y = conv2d(x, Tensor.from([1, 1, cfg.k, cfg.k], cfg.weights), Tensor.from([1], [cfg.bias]), { stride: cfg.stride, pads });
  const a = cfg.relu ? relu(y) : y;
  const conv = plane(y);
  const activated = cfg.relu ? plane(a) : conv;
  let pooled: DesignerResult['pooled'] = null;
  if (cfg.pool && activated.h >= POOL.size && activated.w >= POOL.size) {
    const p = maxPool2d(a, POOL);
    pooled = { ...plane(p.y), argmax: p.argmax };
  }
  return {
    input: { h, w, data: Float32Array.from(image) },
    pads,
    conv,
    activated,
    pooled,
    formula: { conv: convFormula(w, cfg.k, cfg.stride, pads.left, pads.right), pool: pooled ? poolFormula(activated.w) : null },
  };
}

export interface PatchCell {
  ky: number;
  kx: number;
  /** Input row and column (outside 0..h−1 / 0..w−1 for padding). */
  iy: number;
  ix: number;
  inside: boolean;
  /** The input value (0 in the padding). */
  x: number;
  weight: number;
  product: number;
}

export interface PatchProduct {
  oy: number;
  ox: number;
  cells: PatchCell[];
  sum: number;
  bias: number;
  total: number;
}

/** The patch under output cell (oy, ox), multiplied element by element with the weights, and the sum plus bias. */
export function patchProduct(input: Plane, cfg: Pick<DesignerConfig, 'k' | 'weights' | 'bias' | 'stride'>, pads: Pads, oy: number, ox: number): PatchProduct {
  const cells: PatchCell[] = [];
  let sum = 0;
  for (let ky = 0; ky < cfg.k; ky++) {
    for (let kx = 0; kx < cfg.k; kx++) {
      const iy = oy * cfg.stride - pads.top + ky;
      const ix = ox * cfg.stride - pads.left + kx;
      const inside = iy >= 0 && iy < input.h && ix >= 0 && ix < input.w;
      const x = inside ? input.data[iy * input.w + ix] : 0;
      const weight = cfg.weights[ky * cfg.k + kx];
      const product = x * weight;
      sum += product;
      cells.push({ ky, kx, iy, ix, inside, x, weight, product });
    }
  }
  return { oy, ox, cells, sum, bias: cfg.bias, total: sum + cfg.bias };
}

export interface PoolWindow {
  oy: number;
  ox: number;
  /** The window's cells in the pooled map's input, row-major. */
  cells: { iy: number; ix: number; value: number }[];
  /** Index into cells of the winner (core's argmax: the first maximum in row-major order). */
  winner: number;
  value: number;
}

/** The 2×2 window behind pooled cell (oy, ox) and which value won, from maxPool2d's argmax. */
export function poolWindow(activated: Plane, pooled: Plane & { argmax: Int32Array }, oy: number, ox: number): PoolWindow {
  const cells: PoolWindow['cells'] = [];
  for (let dy = 0; dy < POOL.size; dy++) {
    for (let dx = 0; dx < POOL.size; dx++) {
      const iy = oy * POOL.stride + dy;
      const ix = ox * POOL.stride + dx;
      cells.push({ iy, ix, value: activated.data[iy * activated.w + ix] });
    }
  }
  const flat = pooled.argmax[oy * pooled.w + ox];
  const winner = cells.findIndex((c) => c.iy * activated.w + c.ix === flat);
  return { oy, ox, cells, winner, value: pooled.data[oy * pooled.w + ox] };
}

/** Sum of |v| over a plane: how strongly a filter responded to the image. */
export function absSum(p: Plane): number {
  let s = 0;
  for (const v of p.data) s += Math.abs(v);
  return s;
}
