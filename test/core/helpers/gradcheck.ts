// Central-difference gradient checking in float64 (convnetjs NeuralNetSpec style): delta 1e-6, relative error < 1e-3.
// A scalar loss L = Σ y·r with a fixed random r turns any op into a function whose gradient wrt the output is r.
import { Rng } from '../../../core/rng.js';
import { Tensor, type Shape } from '../../../core/tensor.js';

export const DELTA = 1e-6;
export const MAX_REL_ERROR = 1e-3;

/** A float64 tensor of N(0,1) values (scaled), seeded. */
export function randn(shape: Shape, seed: number, scale = 1): Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return Tensor.from(shape, Array.from({ length: n }, () => rng.normal() * scale), 'float64');
}

/** Distinct values (a shuffled ramp with gaps of `gap`), so no max-pool window has a tie or near-tie. */
export function distinct(shape: Shape, seed: number, gap = 0.01): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Rng(seed).shuffle(Float64Array.from({ length: n }, (_, i) => i));
  return Tensor.from(shape, Array.from(idx, (i) => (i - n / 2) * gap), 'float64');
}

/** Values whose magnitude is at least `min`, so ReLU's kink at 0 is never within delta. */
export function awayFromZero(shape: Shape, seed: number, min = 0.05): Tensor {
  const t = randn(shape, seed);
  for (let i = 0; i < t.size; i++) if (Math.abs(t.data[i]) < min) t.data[i] = t.data[i] < 0 ? -min : min;
  return t;
}

export function dot(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i] * b.data[i];
  return s;
}

/** d loss / d t[i] for every i by central differences; `loss` must read t's data each call. */
export function numericGrad(t: Tensor, loss: () => number, delta = DELTA): Float64Array {
  const g = new Float64Array(t.size);
  for (let i = 0; i < t.size; i++) {
    const old = t.data[i];
    t.data[i] = old + delta;
    const up = loss();
    t.data[i] = old - delta;
    const down = loss();
    t.data[i] = old;
    g[i] = (up - down) / (2 * delta);
  }
  return g;
}

/** Largest per-element relative error |a − n| / max(|a|, |n|); below 1e-8 in both, the absolute error is used. */
export function maxRelError(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  if (analytic.length !== numeric.length) throw new Error(`gradcheck: ${analytic.length} analytic vs ${numeric.length} numeric values`);
  let worst = 0;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i];
    const n = numeric[i];
    const err = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), 1e-8);
    if (Number.isNaN(err)) return Infinity;
    if (err > worst) worst = err;
  }
  return worst;
}

/** Fails unless the gradient has some non-zero entries (a check of all-zero gradients proves nothing). */
export function nonZeroCount(g: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < g.length; i++) if (Math.abs(g[i]) > 1e-9) n++;
  return n;
}
