// Hand-computed forward fixtures named by shape, edge sweeps over -5, -2, 0, 2, 5, and shape errors for every op.
import { describe, expect, test } from 'vitest';
import { conv2d, conv2dBackward, type Conv2dAttrs } from '../../core/ops/conv2d.js';
import { dense, denseBackward } from '../../core/ops/dense.js';
import { flatten, flattenBackward, relu, reluBackward } from '../../core/ops/elementwise.js';
import { softmax, softmaxCrossEntropy, softmaxCrossEntropyBackward } from '../../core/ops/loss.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from '../../core/ops/pool.js';
import { resolvePads, type Padding } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const t = (shape: number[], values: number[]) => Tensor.from(shape, values);
const attrsFor = (h: number, w: number, k: number, s: number, p: Padding): Conv2dAttrs => ({ stride: s, pads: resolvePads(h, w, k, s, p) });
const SWEEP = [-5, -2, 0, 2, 5];

describe('conv2d fixtures', () => {
  test.each([
    // 2×2 window over 1..16: each step right adds 1+2+3+4 = 10, each step down 4·10 = 40.
    ['x=[1,1,4,4] w=[1,1,2,2] s=1 p=0', [1, 1, 4, 4], ramp(16), [1, 1, 2, 2], [1, 2, 3, 4], [0], 1, 0, [1, 1, 3, 3], [44, 54, 64, 84, 94, 104, 124, 134, 144]],
    ['x=[1,1,4,4] w=[1,1,2,2] s=2 p=0', [1, 1, 4, 4], ramp(16), [1, 1, 2, 2], [1, 2, 3, 4], [0], 2, 0, [1, 1, 2, 2], [44, 64, 124, 144]],
    // 3×3 box sum of 1..9 with one pixel of zero padding.
    ['x=[1,1,3,3] w=[1,1,3,3] s=1 p=1', [1, 1, 3, 3], ramp(9), [1, 1, 3, 3], Array(9).fill(1), [0], 1, 1, [1, 1, 3, 3], [12, 21, 16, 27, 45, 33, 24, 39, 28]],
    // Even kernel with 'same': TF puts the one extra row/column of padding at the bottom/right.
    ["x=[1,1,3,3] w=[1,1,2,2] s=1 p='same'", [1, 1, 3, 3], ramp(9), [1, 1, 2, 2], [1, 1, 1, 1], [0], 1, 'same', [1, 1, 3, 3], [12, 16, 9, 24, 28, 15, 15, 17, 9]],
    // Stride 3 over 1..25: a 2×2 sum at (r, c) is 20r + 4c + 16.
    ['x=[1,1,5,5] w=[1,1,2,2] s=3 p=0', [1, 1, 5, 5], ramp(25), [1, 1, 2, 2], [1, 1, 1, 1], [0], 3, 0, [1, 1, 2, 2], [16, 28, 76, 88]],
    // Sobel-x on a vertical step edge.
    ['x=[1,1,4,4] w=[1,1,3,3] sobel-x s=1 p=0', [1, 1, 4, 4], [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1], [1, 1, 3, 3], [-1, 0, 1, -2, 0, 2, -1, 0, 1], [0], 1, 0, [1, 1, 2, 2], [4, 4, 4, 4]],
    // Two channels in, two filters out, with bias: filter 0 sums channel 0, filter 1 takes ch1's diagonal.
    ['x=[1,2,2,2] w=[2,2,2,2] s=1 p=0 bias', [1, 2, 2, 2], [1, 2, 3, 4, 10, 20, 30, 40], [2, 2, 2, 2], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1], [1, -1], 1, 0, [1, 2, 1, 1], [11, 49]],
    // 1×1 kernel: a per-pixel mix of channels.
    ['x=[1,2,1,2] w=[1,2,1,1] s=1 p=0', [1, 2, 1, 2], [1, 2, 3, 4], [1, 2, 1, 1], [2, -1], [0.5], 1, 0, [1, 1, 1, 2], [-0.5, 0.5]],
    // Batch of two: each image convolved independently.
    ['x=[2,1,2,2] w=[1,1,2,2] s=1 p=0', [2, 1, 2, 2], [1, 2, 3, 4, -1, -2, -3, -4], [1, 1, 2, 2], [1, 1, 1, 1], [0], 1, 0, [2, 1, 1, 1], [10, -10]],
  ] as const)('%s', (_, xs, xv, ws, wv, bv, s, p, ys, yv) => {
    const y = conv2d(t([...xs], [...xv]), t([...ws], [...wv]), t([ws[0]], [...bv]), attrsFor(xs[2], xs[3], ws[2], s, p as Padding));
    expect(y.shape).toEqual(ys);
    expect(Array.from(y.data)).toEqual(yv);
  });

  test('x=[1,1,3,3] w=[1,1,2,2] s=1 p=0 backward: dw is the correlation of x with dy, dx the full convolution', () => {
    const x = t([1, 1, 3, 3], ramp(9));
    const w = t([1, 1, 2, 2], [1, 2, 3, 4]);
    const { dx, dw, db } = conv2dBackward(t([1, 1, 2, 2], [1, 1, 1, 1]), x, w, attrsFor(3, 3, 2, 1, 0));
    expect(Array.from(dw.data)).toEqual([1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 4 + 5 + 7 + 8, 5 + 6 + 8 + 9]);
    expect(Array.from(db.data)).toEqual([4]);
    expect(Array.from(dx!.data)).toEqual([1, 3, 2, 4, 10, 6, 3, 7, 4]);
  });

  test.each(SWEEP)('sweep: constant input %d, 3×3 ones over 2 channels + bias 1 = 18·v + 1', (v) => {
    const x = t([1, 2, 4, 4], Array(32).fill(v));
    const y = conv2d(x, t([1, 2, 3, 3], Array(18).fill(1)), t([1], [1]), attrsFor(4, 4, 3, 1, 0));
    expect(Array.from(y.data)).toEqual(Array(4).fill(18 * v + 1));
  });

  test.each(SWEEP)('sweep: fused ReLU on constant %d gives max(v, 0)', (v) => {
    const y = conv2d(t([1, 1, 2, 2], Array(4).fill(v)), t([1, 1, 1, 1], [1]), t([1], [0]), { ...attrsFor(2, 2, 1, 1, 0), relu: true });
    expect(Array.from(y.data)).toEqual(Array(4).fill(Math.max(v, 0)));
  });
});

describe('pooling fixtures', () => {
  const x = t([1, 1, 4, 4], ramp(16));
  test('maxPool2d x=[1,1,4,4] size=2 s=2: window maxima and their flat indices', () => {
    const { y, argmax } = maxPool2d(x, { size: 2, stride: 2 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([6, 8, 14, 16]);
    expect(Array.from(argmax)).toEqual([5, 7, 13, 15]);
    expect(Array.from(maxPool2dBackward(t([1, 1, 2, 2], [1, 2, 3, 4]), argmax, x.shape, { size: 2, stride: 2 }).data)).toEqual([0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4]);
  });
  test('maxPool2d x=[1,1,4,4] size=3 s=1', () => {
    expect(Array.from(maxPool2d(x, { size: 3, stride: 1 }).y.data)).toEqual([11, 12, 15, 16]);
  });
  test('maxPool2d x=[1,1,5,5] size=2 s=3 skips the gap rows/columns', () => {
    expect(Array.from(maxPool2d(t([1, 1, 5, 5], ramp(25)), { size: 2, stride: 3 }).y.data)).toEqual([7, 10, 22, 25]);
  });
  test('maxPool2d ties go to the first element in row-major order', () => {
    expect(Array.from(maxPool2d(t([1, 1, 2, 2], [3, 3, 3, 3]), { size: 2, stride: 2 }).argmax)).toEqual([0]);
  });
  test('avgPool2d x=[1,1,4,4] size=2 s=2 and its backward spreads dy/4', () => {
    expect(Array.from(avgPool2d(x, { size: 2, stride: 2 }).data)).toEqual([3.5, 5.5, 11.5, 13.5]);
    const dx = avgPool2dBackward(t([1, 1, 2, 2], [4, 8, 12, 16]), x.shape, { size: 2, stride: 2 });
    expect(Array.from(dx.data)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });
  test.each(SWEEP)('sweep: pooling a window of %d returns it', (v) => {
    const c = t([1, 1, 2, 2], Array(4).fill(v));
    expect(Array.from(maxPool2d(c, { size: 2, stride: 2 }).y.data)).toEqual([v]);
    expect(Array.from(avgPool2d(c, { size: 2, stride: 2 }).data)).toEqual([v]);
  });
});

describe('relu, flatten, dense, softmax fixtures', () => {
  test('sweep: relu of -5,-2,0,2,5 and its gradient mask', () => {
    const y = relu(t([5], SWEEP));
    expect(Array.from(y.data)).toEqual([0, 0, 0, 2, 5]);
    expect(Array.from(reluBackward(t([5], [1, 1, 1, 1, 1]), y).data)).toEqual([0, 0, 0, 1, 1]);
  });
  test('flatten x=[2,2,1,2] → [2,4] keeps NCHW order', () => {
    const y = flatten(t([2, 2, 1, 2], ramp(8)));
    expect(y.shape).toEqual([2, 4]);
    expect(Array.from(y.data)).toEqual(ramp(8));
  });
  test('dense x=[1,2] w=[3,2] b=[3]', () => {
    const y = dense(t([1, 2], [1, 2]), t([3, 2], [1, 0, 0, 1, 1, 1]), t([3], [0, 1, -1]));
    expect(Array.from(y.data)).toEqual([1, 3, 2]);
  });
  test('dense backward x=[2,2] w=[1,2]: dw = dyᵀx, db = Σdy, dx = dy·w', () => {
    const { dx, dw, db } = denseBackward(t([2, 1], [1, 2]), t([2, 2], [1, 2, 3, 4]), t([1, 2], [5, 6]));
    expect(Array.from(dw.data)).toEqual([7, 10]);
    expect(Array.from(db.data)).toEqual([3]);
    expect(Array.from(dx!.data)).toEqual([5, 6, 10, 12]);
  });
  test.each(SWEEP)('sweep: dense on constant input %d is v·Σw + b', (v) => {
    expect(Array.from(dense(t([1, 3], [v, v, v]), t([1, 3], [1, 2, 3]), t([1], [0.5])).data)).toEqual([6 * v + 0.5]);
  });
  test('softmaxCrossEntropy logits=[1,2] equal: loss ln 2, gradient ±1/2', () => {
    const { loss, probs } = softmaxCrossEntropy(t([1, 2], [0, 0]), [0]);
    expect(loss).toBeCloseTo(Math.LN2, 6);
    expect(Array.from(softmaxCrossEntropyBackward(probs, [0]).data)).toEqual([-0.5, 0.5]);
  });
  test.each(SWEEP)('sweep: logit %d for the true class among 9 zeros', (v) => {
    const logits = Tensor.from([1, 10], [v, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'float64');
    const { loss, probs } = softmaxCrossEntropy(logits, [0]);
    expect(loss).toBeCloseTo(-Math.log(Math.exp(v) / (Math.exp(v) + 9)), 12);
    expect(Array.from(probs.data).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  test('softmaxCrossEntropy logits=[0,100] label 0: loss 100 (log-sum-exp, as PyTorch), no clamp at −ln(1e-30) = 69.08', () => {
    // log(e^0 + e^100) − 0 = 100 + log(1 + e^−100) = 100 in float64
    expect(softmaxCrossEntropy(Tensor.from([1, 2], [0, 100], 'float64'), [0]).loss).toBe(100);
    expect(softmaxCrossEntropy(t([1, 2], [0, 100]), [0]).loss).toBe(100);
    // two rows, mean: (1000 + log 2) / 2 for [−500, 500] → 0 and [3, 3] → 1
    expect(softmaxCrossEntropy(Tensor.from([2, 2], [-500, 500, 3, 3], 'float64'), [0, 1]).loss).toBeCloseTo((1000 + Math.LN2) / 2, 12);
  });
  test('softmax of huge logits does not overflow', () => {
    const p = softmax(t([1, 3], [1000, 1000, -1000]));
    expect(Array.from(p.data)).toEqual([0.5, 0.5, 0]);
  });
});

describe('shape errors name the op', () => {
  const x4 = t([1, 1, 4, 4], ramp(16));
  const w3 = t([2, 1, 3, 3], Array(18).fill(1));
  const b2 = t([2], [0, 0]);
  const a = attrsFor(4, 4, 3, 1, 0);
  test.each([
    ['conv2d: 3-D input', () => conv2d(t([1, 4, 4], ramp(16)), w3, b2, a), /conv2d: input must be \[N,C,H,W\]; x=\[1,4,4\]/],
    ['conv2d: channel mismatch', () => conv2d(x4, t([2, 3, 3, 3], Array(54).fill(1)), b2, a), /conv2d: input channels \(1\) must match filter inC \(3\); x=\[1,1,4,4\] w=\[2,3,3,3\]/],
    ['conv2d: non-square filter', () => conv2d(x4, t([2, 1, 3, 2], Array(12).fill(1)), b2, a), /conv2d: filter must be \[F,C,K,K\]/],
    ['conv2d: kernel larger than input', () => conv2d(t([1, 1, 2, 2], [1, 2, 3, 4]), w3, b2, attrsFor(2, 2, 3, 1, 0)), /conv2d: kernel 3 does not fit/],
    ['conv2d: bias size', () => conv2d(x4, w3, t([3], [0, 0, 0]), a), /conv2d: bias has 3 values for 2 filters/],
    ['conv2d: stride 0', () => conv2d(x4, w3, b2, { ...a, stride: 0 }), /conv2d: stride must be an integer/],
    ['conv2d backward: dy size', () => conv2dBackward(t([1, 2, 3, 3], Array(18).fill(0)), x4, w3, a), /conv2d backward: dy \[1,2,3,3\] does not match output \[1,2,2,2\]/],
    ['maxPool2d: 3-D input', () => maxPool2d(t([1, 4, 4], ramp(16)), { size: 2, stride: 2 }), /maxPool2d: input must be \[N,C,H,W\]/],
    ['maxPool2d: window too big', () => maxPool2d(x4, { size: 5, stride: 1 }), /maxPool2d: window 5 is larger than the input; x=\[1,1,4,4\]/],
    ['maxPool2d: size 0', () => maxPool2d(x4, { size: 0, stride: 1 }), /maxPool2d: size and stride must be integers/],
    ['maxPool2d backward: dy size', () => maxPool2dBackward(t([3], [1, 2, 3]), new Int32Array(4), x4.shape, { size: 2, stride: 2 }), /maxPool2d backward/],
    ['avgPool2d: window too big', () => avgPool2d(x4, { size: 2, stride: 0 }), /avgPool2d: size and stride/],
    ['avgPool2d backward: dy size', () => avgPool2dBackward(t([1, 1, 3, 3], ramp(9)), x4.shape, { size: 2, stride: 2 }), /avgPool2d backward: dy \[1,1,3,3\] does not match output \[1,1,2,2\]/],
    ['avgPool2d backward: 3-D input shape', () => avgPool2dBackward(t([4], ramp(4)), [1, 4, 4], { size: 2, stride: 2 }), /avgPool2d backward: input must be/],
    ['relu backward: size mismatch', () => reluBackward(t([3], [1, 2, 3]), t([4], ramp(4))), /relu backward: dy \[3\] does not match y \[4\]/],
    ['flatten: no batch dimension', () => flatten(t([], [1])), /flatten: needs a batch dimension/],
    ['flatten backward: size mismatch', () => flattenBackward(t([1, 3], [1, 2, 3]), [1, 1, 2, 2]), /flatten backward: dy \[1,3\] does not match input \[1,1,2,2\]/],
    ['dense: 3-D input', () => dense(t([1, 2, 2], ramp(4)), t([1, 4], ramp(4)), t([1], [0])), /dense: input must be \[N, in\]/],
    ['dense: feature mismatch', () => dense(t([1, 3], ramp(3)), t([2, 4], ramp(8)), t([2], [0, 0])), /dense: input features \(3\) must match weight in \(4\)/],
    ['dense: bias size', () => dense(t([1, 3], ramp(3)), t([2, 3], ramp(6)), t([1], [0])), /dense: bias has 1 values for 2 units/],
    ['dense backward: dy shape', () => denseBackward(t([1, 3], ramp(3)), t([1, 3], ramp(3)), t([2, 3], ramp(6))), /dense backward: dy \[1,3\] must be \[1,2\]/],
    ['softmax: 1-D logits', () => softmax(t([3], ramp(3))), /softmax: logits must be \[N, K\]/],
    ['softmaxCrossEntropy: label count', () => softmaxCrossEntropy(t([2, 3], ramp(6)), [0]), /softmaxCrossEntropy: 1 labels for logits \[2,3\]/],
    ['softmaxCrossEntropy: label out of range', () => softmaxCrossEntropy(t([1, 3], ramp(3)), [3]), /softmaxCrossEntropy: label 3 at 0 is outside \[0, 3\)/],
    ['softmaxCrossEntropy backward: label count', () => softmaxCrossEntropyBackward(t([2, 3], ramp(6)), [0]), /softmaxCrossEntropy backward: 1 labels/],
    ['softmaxCrossEntropy backward: label out of range', () => softmaxCrossEntropyBackward(t([1, 3], ramp(3)), [-1]), /softmaxCrossEntropy backward: label -1/],
    ['Tensor: data length', () => new Tensor([2, 2], new Float32Array(3)), /Tensor: shape \[2,2\] needs 4 values, got 3/],
    ['Tensor: negative dimension', () => Tensor.zeros([2, -1]), /Tensor: invalid shape/],
    ['reshape: size mismatch', () => x4.reshape([3, 5]), /reshape: cannot view \[1,1,4,4\] as \[3,5\]/],
  ] as const)('%s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });
});
