// The op gradient checks run on every backend: analytic gradients computed by the backend under test (float32
// for the wasm one) against central differences of the float64 reference, and Model.lossAndGrad across backends.
import { afterEach, describe, expect, test } from 'vitest';
import { getBackend, referenceBackend, setBackend, type Backend } from '../../core/kernels/index.js';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import { Model } from '../../core/model.js';
import { conv2d, conv2dBackward, type Conv2dAttrs } from '../../core/ops/conv2d.js';
import { dense, denseBackward } from '../../core/ops/dense.js';
import { maxPool2d, maxPool2dBackward } from '../../core/ops/pool.js';
import { PRESETS, preset, type PresetName } from '../../core/presets.js';
import { Rng } from '../../core/rng.js';
import { resolvePads, type Padding } from '../../core/spec.js';
import type { Tensor } from '../../core/tensor.js';
import { awayFromZero, distinct, dot, nonZeroCount, numericGrad, randn } from './helpers/gradcheck.js';

const backends: Backend[] = [referenceBackend(), createWasmBackend()].filter((b): b is Backend => b !== null);

afterEach(() => setBackend(referenceBackend()));

/** Float32 analytic vs float64 numeric: error relative to the largest gradient entry. */
function scaledError(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  let scale = 1e-12;
  let worst = 0;
  for (let i = 0; i < numeric.length; i++) scale = Math.max(scale, Math.abs(numeric[i]));
  for (let i = 0; i < numeric.length; i++) worst = Math.max(worst, Math.abs(analytic[i] - numeric[i]));
  return worst / scale;
}

const f32 = (t: Tensor) => t.as('float32');

interface ConvCase {
  x: [number, number, number, number];
  f: number;
  k: number;
  s: number;
  p: Padding;
  relu: boolean;
}
const convCases: ConvCase[] = [
  { x: [2, 3, 7, 7], f: 4, k: 3, s: 2, p: 'valid', relu: false },
  { x: [1, 2, 8, 8], f: 2, k: 2, s: 3, p: 'valid', relu: true },
  { x: [2, 2, 9, 7], f: 3, k: 3, s: 3, p: 'same', relu: false },
  { x: [1, 2, 7, 6], f: 2, k: 4, s: 2, p: 'same', relu: true },
  { x: [2, 3, 4, 4], f: 5, k: 1, s: 1, p: 'valid', relu: true },
  { x: [2, 1, 6, 6], f: 3, k: 5, s: 1, p: 'same', relu: false },
];

describe.each(backends.map((b) => [b.name, b] as const))('gradient checks on the %s backend', (_, be) => {
  test.each(convCases.map((c, i) => [`x=[${c.x}] k=${c.k} s=${c.s} p=${c.p} relu=${c.relu}`, c, i] as const))('conv2d %s', (_, c, i) => {
    const [, ch, h, w] = c.x;
    const attrs: Conv2dAttrs = { stride: c.s, pads: resolvePads(h, w, c.k, c.s, c.p), relu: c.relu };
    const x = awayFromZero(c.x, 10 + i);
    const wt = randn([c.f, ch, c.k, c.k], 100 + i, 0.5);
    const b = randn([c.f], 200 + i, 0.1);
    const r = randn(conv2d(x, wt, b, attrs).shape, 300 + i);
    const loss = () => dot(conv2d(x, wt, b, attrs), r);
    setBackend(be);
    const y = conv2d(f32(x), f32(wt), f32(b), attrs);
    const { dx, dw, db } = conv2dBackward(f32(r), f32(x), f32(wt), attrs, true, c.relu ? y : null);
    setBackend(referenceBackend());
    for (const [analytic, t] of [[dx!, x], [dw, wt], [db, b]] as const) {
      const numeric = numericGrad(t, loss);
      expect(nonZeroCount(numeric)).toBeGreaterThan(0);
      expect(scaledError(analytic.data, numeric)).toBeLessThan(1e-3);
    }
  });

  test('dense x=[3,7] w=[5,7]', () => {
    const x = randn([3, 7], 1);
    const w = randn([5, 7], 2);
    const b = randn([5], 3);
    const r = randn([3, 5], 4);
    const loss = () => dot(dense(x, w, b), r);
    setBackend(be);
    const { dx, dw, db } = denseBackward(f32(r), f32(x), f32(w));
    setBackend(referenceBackend());
    for (const [analytic, t] of [[dx!, x], [dw, w], [db, b]] as const) expect(scaledError(analytic.data, numericGrad(t, loss))).toBeLessThan(1e-3);
  });

  test('maxPool2d x=[2,3,6,6] size 2 stride 2 and size 3 stride 1', () => {
    for (const a of [{ size: 2, stride: 2 }, { size: 3, stride: 1 }]) {
      const x = distinct([2, 3, 6, 6], 5);
      const r = randn(maxPool2d(x, a).y.shape, 6);
      const loss = () => dot(maxPool2d(x, a).y, r);
      setBackend(be);
      const { argmax } = maxPool2d(f32(x), a);
      const dx = maxPool2dBackward(f32(r), argmax, x.shape, a);
      setBackend(referenceBackend());
      expect(scaledError(dx.data, numericGrad(x, loss))).toBeLessThan(1e-5);
    }
  });

  test.each(Object.keys(PRESETS) as PresetName[])('Model.lossAndGrad on preset %s matches the reference backend', (name) => {
    const rng = new Rng(9);
    const x = randn([5, 1, 28, 28], 11).as('float32');
    for (let i = 0; i < x.size; i++) x.data[i] = Math.abs(x.data[i]) * 0.3;
    const labels = Uint8Array.from({ length: 5 }, () => Math.floor(rng.next() * 10));
    const run = (b: Backend) => {
      setBackend(b);
      const m = new Model(preset(name), 3);
      m.zeroGrad();
      const r = m.lossAndGrad(x, labels);
      return { loss: r.loss, grads: m.params.map((p) => Float32Array.from(p.grad.data)) };
    };
    const want = run(referenceBackend());
    const got = run(be);
    expect(getBackend()).toBe(be);
    expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-5);
    got.grads.forEach((g, i) => expect(scaledError(g, want.grads[i])).toBeLessThan(1e-4));
  });
});
