// Gradient checks for conv2d wrt x, w and b (float64 central differences) over strides, paddings and kernel sizes.
import { describe, expect, test } from 'vitest';
import type { Backend } from '../../core/kernels/index.js';
import { conv2d, conv2dBackward, type Conv2dAttrs } from '../../core/ops/conv2d.js';
import { reluBackward } from '../../core/ops/elementwise.js';
import { resolvePads, type Padding } from '../../core/spec.js';
import { MAX_REL_ERROR, awayFromZero, dot, maxRelError, nonZeroCount, numericGrad, randn } from './helpers/gradcheck.js';

interface Case {
  x: [number, number, number, number];
  f: number;
  k: number;
  s: number;
  p: Padding;
}

const cases: Case[] = [
  { x: [1, 1, 5, 5], f: 1, k: 3, s: 1, p: 'valid' },
  { x: [2, 3, 7, 7], f: 4, k: 3, s: 2, p: 'valid' },
  { x: [1, 2, 8, 8], f: 2, k: 2, s: 3, p: 'valid' },
  { x: [2, 2, 9, 7], f: 3, k: 3, s: 3, p: 'same' },
  { x: [1, 1, 6, 6], f: 2, k: 2, s: 1, p: 'same' },
  { x: [2, 2, 7, 7], f: 2, k: 4, s: 1, p: 'same' },
  { x: [1, 2, 7, 6], f: 2, k: 4, s: 2, p: 'same' },
  { x: [1, 1, 5, 5], f: 2, k: 3, s: 1, p: 1 },
  { x: [2, 2, 4, 4], f: 2, k: 3, s: 2, p: 2 },
  { x: [2, 2, 4, 4], f: 3, k: 4, s: 1, p: 'valid' },
  { x: [2, 3, 4, 4], f: 5, k: 1, s: 1, p: 'valid' },
  { x: [1, 2, 5, 5], f: 2, k: 1, s: 2, p: 'same' },
];

const name = (c: Case) => `x=[${c.x}] w=[${c.f},${c.x[1]},${c.k},${c.k}] s=${c.s} p=${c.p}`;

describe('conv2d gradients (float64, delta 1e-6)', () => {
  test.each(cases.map((c, i) => [name(c), c, i] as const))('%s', (_, c, i) => {
    const [, ch, h, w] = c.x;
    const attrs: Conv2dAttrs = { stride: c.s, pads: resolvePads(h, w, c.k, c.s, c.p) };
    const x = randn(c.x, 10 + i);
    const wt = randn([c.f, ch, c.k, c.k], 100 + i, 0.5);
    const b = randn([c.f], 200 + i);
    const y0 = conv2d(x, wt, b, attrs);
    const r = randn(y0.shape, 300 + i);
    const loss = () => dot(conv2d(x, wt, b, attrs), r);
    const { dx, dw, db } = conv2dBackward(r, x, wt, attrs);
    expect(dx!.shape).toEqual(x.shape);
    expect(dw.shape).toEqual(wt.shape);
    expect(db.shape).toEqual([c.f]);
    for (const [analytic, t] of [[dx!, x], [dw, wt], [db, b]] as const) {
      const numeric = numericGrad(t, loss);
      expect(nonZeroCount(numeric)).toBeGreaterThan(0);
      expect(maxRelError(analytic.data, numeric)).toBeLessThan(MAX_REL_ERROR);
    }
  });

  test('needDx=false skips dx and gives the same dw, db', () => {
    const attrs: Conv2dAttrs = { stride: 2, pads: resolvePads(6, 6, 3, 2, 'same') };
    const x = randn([2, 2, 6, 6], 1);
    const w = randn([3, 2, 3, 3], 2);
    const b = randn([3], 3);
    const r = randn(conv2d(x, w, b, attrs).shape, 4);
    const full = conv2dBackward(r, x, w, attrs, true);
    const noDx = conv2dBackward(r, x, w, attrs, false);
    expect(noDx.dx).toBeNull();
    expect(Array.from(noDx.dw.data)).toEqual(Array.from(full.dw.data));
    expect(Array.from(noDx.db.data)).toEqual(Array.from(full.db.data));
  });

  test('fused ReLU: conv2d(relu) then reluBackward on dy matches central differences', () => {
    const attrs: Conv2dAttrs = { stride: 1, pads: resolvePads(5, 5, 3, 1, 'same'), relu: true };
    const x = awayFromZero([2, 2, 5, 5], 5);
    const w = randn([3, 2, 3, 3], 6, 0.5);
    const b = randn([3], 7, 0.1);
    const y = conv2d(x, w, b, attrs);
    for (const v of y.data) expect(v).toBeGreaterThanOrEqual(0);
    const preact = conv2d(x, w, b, { ...attrs, relu: false });
    const minAbs = Math.min(...Array.from(preact.data, Math.abs));
    expect(minAbs).toBeGreaterThan(1e-4); // no pre-activation within delta of the kink
    const r = randn(y.shape, 8);
    const loss = () => dot(conv2d(x, w, b, attrs), r);
    const { dx, dw, db } = conv2dBackward(reluBackward(r, y), x, w, attrs);
    for (const [analytic, t] of [[dx!, x], [dw, w], [db, b]] as const) {
      expect(maxRelError(analytic.data, numericGrad(t, loss))).toBeLessThan(MAX_REL_ERROR);
    }
  });
});

describe('the check has teeth', () => {
  test('a backend whose dw is off by 1% fails the relative-error bound', async () => {
    const { getBackend, setBackend, referenceBackend } = await import('../../core/kernels/index.js');
    const before = getBackend();
    const ref = referenceBackend();
    setBackend({
      ...ref,
      name: 'broken',
      conv2dBackward(...args: Parameters<Backend['conv2dBackward']>) {
        ref.conv2dBackward(...args);
        const dw = args[5];
        for (let i = 0; i < dw.length; i++) dw[i] *= 1.01;
      },
    });
    try {
      const attrs: Conv2dAttrs = { stride: 1, pads: resolvePads(4, 4, 3, 1, 'valid') };
      const x = randn([1, 1, 4, 4], 1);
      const w = randn([1, 1, 3, 3], 2);
      const b = randn([1], 3);
      const r = randn([1, 1, 2, 2], 4);
      const { dw } = conv2dBackward(r, x, w, attrs);
      const err = maxRelError(dw.data, numericGrad(w, () => dot(conv2d(x, w, b, attrs), r)));
      expect(err).toBeGreaterThan(MAX_REL_ERROR);
    } finally {
      setBackend(before);
    }
  });
});
