// Gradient checks (float64 central differences) for pooling, relu, dense, flatten and softmax cross-entropy,
// and through a whole conv→relu→maxpool→flatten→dense→loss network.
import { describe, expect, test } from 'vitest';
import { Model } from '../../core/model.js';
import { conv2d, conv2dBackward } from '../../core/ops/conv2d.js';
import { dense, denseBackward } from '../../core/ops/dense.js';
import { flatten, flattenBackward, relu, reluBackward } from '../../core/ops/elementwise.js';
import { softmaxCrossEntropy, softmaxCrossEntropyBackward } from '../../core/ops/loss.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from '../../core/ops/pool.js';
import { resolvePads, type ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { MAX_REL_ERROR, awayFromZero, distinct, dot, maxRelError, nonZeroCount, numericGrad, randn } from './helpers/gradcheck.js';

function check(analytic: Tensor, t: Tensor, loss: () => number): void {
  const numeric = numericGrad(t, loss);
  expect(nonZeroCount(numeric)).toBeGreaterThan(0);
  expect(maxRelError(analytic.data, numeric)).toBeLessThan(MAX_REL_ERROR);
}

const poolCases = [
  { x: [1, 1, 4, 4], size: 2, stride: 2 },
  { x: [2, 3, 6, 6], size: 2, stride: 2 },
  { x: [1, 2, 7, 7], size: 3, stride: 2 },
  { x: [2, 1, 5, 8], size: 2, stride: 1 },
  { x: [1, 2, 7, 7], size: 2, stride: 3 },
  { x: [2, 2, 3, 3], size: 3, stride: 1 },
] as const;

describe('pooling gradients', () => {
  test.each(poolCases.map((c) => [`x=[${c.x}] size=${c.size} s=${c.stride}`, c] as const))('maxPool2d %s', (_, c) => {
    const x = distinct(c.x, 1);
    const { y, argmax } = maxPool2d(x, c);
    const r = randn(y.shape, 2);
    check(maxPool2dBackward(r, argmax, x.shape, c), x, () => dot(maxPool2d(x, c).y, r));
  });

  test.each(poolCases.map((c) => [`x=[${c.x}] size=${c.size} s=${c.stride}`, c] as const))('avgPool2d %s', (_, c) => {
    const x = randn(c.x, 3);
    const r = randn(avgPool2d(x, c).shape, 4);
    check(avgPool2dBackward(r, x.shape, c), x, () => dot(avgPool2d(x, c), r));
  });
});

describe('elementwise, dense and loss gradients', () => {
  test('relu x=[2,3,4,4] (no input within 0.05 of the kink)', () => {
    const x = awayFromZero([2, 3, 4, 4], 5);
    const r = randn(x.shape, 6);
    check(reluBackward(r, relu(x)), x, () => dot(relu(x), r));
  });

  test('flatten x=[2,3,2,2] → [2,12]', () => {
    const x = randn([2, 3, 2, 2], 7);
    expect(flatten(x).shape).toEqual([2, 12]);
    const r = randn([2, 12], 8);
    const dx = flattenBackward(r, x.shape);
    expect(dx.shape).toEqual(x.shape);
    check(dx, x, () => dot(flatten(x), r));
  });

  test.each([
    [1, 1, 1],
    [3, 5, 4],
    [4, 12, 10],
  ])('dense x=[%i,%i] → %i units', (n, inF, out) => {
    const x = randn([n, inF], 9);
    const w = randn([out, inF], 10);
    const b = randn([out], 11);
    const r = randn([n, out], 12);
    const loss = () => dot(dense(x, w, b), r);
    const { dx, dw, db } = denseBackward(r, x, w);
    check(dx!, x, loss);
    check(dw, w, loss);
    check(db, b, loss);
  });

  test.each([
    [[1, 10], [3]],
    [[4, 10], [0, 9, 3, 3]],
    [[3, 2], [1, 0, 1]],
  ] as const)('softmaxCrossEntropy logits=[%j] labels=%j', (shape, labels) => {
    const logits = randn(shape, 13, 3);
    const { probs } = softmaxCrossEntropy(logits, labels);
    check(softmaxCrossEntropyBackward(probs, labels), logits, () => softmaxCrossEntropy(logits, labels).loss);
  });

  test.each([0.1, 0.5])('label smoothing %f: the gradient is that of (1 − ε)·CE(y) + ε·mean over classes of CE(j) (PyTorch label_smoothing)', (eps) => {
    const logits = randn([3, 10], 17, 3);
    const labels = [4, 0, 9];
    const smoothed = () => {
      const k = 10;
      let sum = 0;
      for (let j = 0; j < k; j++) sum += softmaxCrossEntropy(logits, [j, j, j]).loss;
      return (1 - eps) * softmaxCrossEntropy(logits, labels).loss + (eps * sum) / k;
    };
    const { probs } = softmaxCrossEntropy(logits, labels);
    check(softmaxCrossEntropyBackward(probs, labels, eps), logits, smoothed);
    // and it differs from the unsmoothed gradient
    expect(maxRelError(softmaxCrossEntropyBackward(probs, labels, eps).data, softmaxCrossEntropyBackward(probs, labels).data)).toBeGreaterThan(0.01);
  });

  test('label smoothing outside [0, 1) is refused by name', () => {
    const { probs } = softmaxCrossEntropy(randn([1, 3], 1), [0]);
    expect(() => softmaxCrossEntropyBackward(probs, [0], 1)).toThrow(/label smoothing must be at least 0 and below 1, got 1/);
    expect(() => softmaxCrossEntropyBackward(probs, [0], -0.1)).toThrow(/label smoothing/);
  });

  test('softmaxCrossEntropy with large logits (±500) stays finite and its gradient still checks', () => {
    const logits = Tensor.from([2, 3], [500, -500, 499, 0, 1, -2], 'float64');
    const labels = [0, 2];
    const { loss, probs } = softmaxCrossEntropy(logits, labels);
    expect(Number.isFinite(loss)).toBe(true);
    check(softmaxCrossEntropyBackward(probs, labels), logits, () => softmaxCrossEntropy(logits, labels).loss);
  });

  test('softmaxCrossEntropy far past the old clamp (loss 100, 250): gradient (p − onehot)/N matches central differences', () => {
    // a clamp at −ln(1e-30) made the loss flat here, so its numeric gradient was 0 while backward said −1
    const logits = Tensor.from([2, 3], [0, 100, -3, 250, 0, 1], 'float64');
    const labels = [0, 1];
    const { loss, probs } = softmaxCrossEntropy(logits, labels);
    expect(loss).toBeCloseTo((100 + 250) / 2, 9);
    const analytic = softmaxCrossEntropyBackward(probs, labels);
    expect(analytic.data[0]).toBeCloseTo(-0.5, 12);
    check(analytic, logits, () => softmaxCrossEntropy(logits, labels).loss);
  });
});

// The whole-network check composes the ops by hand in float64 (Model's parameters are float32, too coarse for
// delta 1e-6), then compares Model.lossAndGrad's float32 gradients to that float64 reference with a loose bound.
describe('whole network: conv(same) → relu → maxpool → flatten → dense → softmax cross-entropy', () => {
  const spec: ModelSpec = {
    name: 'tiny',
    input: [1, 6, 6],
    layers: [
      { type: 'conv2d', filters: 2, kernel: 3, padding: 'same' },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ],
  };
  const convAttrs = { stride: 1, pads: resolvePads(6, 6, 3, 1, 'same') };
  const pool = { size: 2, stride: 2 };
  const labels = [3, 7];

  function forward(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) {
    const c = conv2d(x, w1, b1, convAttrs);
    const a = relu(c);
    const p = maxPool2d(a, pool);
    const f = flatten(p.y);
    const logits = dense(f, w2, b2);
    return { c, a, p, f, ...softmaxCrossEntropy(logits, labels) };
  }

  function backward(x: Tensor, w1: Tensor, w2: Tensor, fw: ReturnType<typeof forward>) {
    const dLogits = softmaxCrossEntropyBackward(fw.probs, labels);
    const d2 = denseBackward(dLogits, fw.f, w2);
    const dp = flattenBackward(d2.dx!, fw.p.y.shape);
    const da = maxPool2dBackward(dp, fw.p.argmax, fw.a.shape, pool);
    const dc = reluBackward(da, fw.a);
    const d1 = conv2dBackward(dc, x, w1, convAttrs);
    return { dw1: d1.dw, db1: d1.db, dw2: d2.dw, db2: d2.db, dx: d1.dx! };
  }

  test('float64 composition matches central differences for every parameter and the input', () => {
    const x = randn([2, 1, 6, 6], 20);
    const w1 = randn([2, 1, 3, 3], 21, 0.6);
    const b1 = randn([2], 22, 0.1);
    const w2 = randn([10, 18], 23, 0.3);
    const b2 = randn([10], 24, 0.1);
    const fw = forward(x, w1, b1, w2, b2);
    // Away from kinks: no pre-activation near 0 and no near-tie inside a pooling window.
    expect(Math.min(...Array.from(fw.c.data, Math.abs))).toBeGreaterThan(1e-4);
    const g = backward(x, w1, w2, fw);
    const loss = () => forward(x, w1, b1, w2, b2).loss;
    for (const [analytic, t] of [[g.dw1, w1], [g.db1, b1], [g.dw2, w2], [g.db2, b2], [g.dx, x]] as const) check(analytic, t, loss);
  });

  test('Model.lossAndGrad (float32) matches the float64 composition within 1e-3 of the largest gradient', () => {
    const model = new Model(spec, 5);
    const x32 = randn([2, 1, 6, 6], 30).as('float32');
    model.zeroGrad();
    const { loss } = model.lossAndGrad(x32, labels);
    const [w1, b1, w2, b2] = model.params.map((p) => p.value.as('float64'));
    const fw = forward(x32.as('float64'), w1, b1, w2, b2);
    expect(loss).toBeCloseTo(fw.loss, 5);
    const g = backward(x32.as('float64'), w1, w2, fw);
    [g.dw1, g.db1, g.dw2, g.db2].forEach((ref, i) => {
      const got = model.params[i].grad.data;
      const scale = Math.max(...Array.from(ref.data, Math.abs));
      expect(scale).toBeGreaterThan(0);
      for (let j = 0; j < ref.size; j++) expect(Math.abs(got[j] - ref.data[j])).toBeLessThan(1e-3 * scale);
    });
  });
});
