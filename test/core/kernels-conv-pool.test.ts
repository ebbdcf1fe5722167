// conv → (ReLU →) max pooling run as one op in training (conv2dPool, conv2dPoolBackward): the same pooled map, winners
// and gradients as the three ops one after another, bit for bit, on the reference backend (which composes them) and on
// the wasm builds (which keep the conv output in kernel memory); and Model runs its blocks so only where it should.
import { describe, expect, test } from 'vitest';
import { referenceBackend, type Backend } from '../../core/kernels/index.js';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import { relaxedSimdSupported } from '../../core/kernels/wasm-loader.js';
import { Model } from '../../core/model.js';
import { conv2d, conv2dBackward, conv2dPool, conv2dPoolBackward, type Conv2dAttrs } from '../../core/ops/conv2d.js';
import { maxPool2d, maxPool2dBackward, type PoolAttrs } from '../../core/ops/pool.js';
import { preset } from '../../core/presets.js';
import { Rng } from '../../core/rng.js';
import { Tensor } from '../../core/tensor.js';

const backends: Backend[] = [referenceBackend(), createWasmBackend({ relaxed: false })!, relaxedSimdSupported() ? createWasmBackend()! : null].filter((b): b is Backend => b !== null);

function rand(shape: number[], rng: Rng): Tensor {
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
}

const pads = (p: number) => ({ top: p, left: p, bottom: p, right: p });
// [name, x shape, filters, kernel, conv attrs, pooling]: the wasm backend's Winograd, direct and im2col paths, odd
// conv outputs (a row and column in no window), overlapping windows
const cases: [string, number[], number, number, Conv2dAttrs, PoolAttrs][] = [
  ['3×3, 8→8 channels (Winograd), pool 2', [3, 8, 14, 14], 8, 3, { stride: 1, pads: pads(1) }, { size: 2, stride: 2 }],
  ['5×5 same, 1→6 (direct), pool 2', [2, 1, 12, 12], 6, 5, { stride: 1, pads: pads(2) }, { size: 2, stride: 2 }],
  ['3×3 stride 2 (im2col), output 7×7, pool 2', [2, 3, 15, 15], 5, 3, { stride: 2, pads: pads(1) }, { size: 2, stride: 2 }],
  ['3×3 valid, output 9×9, pool 3 stride 2 (windows overlap)', [2, 2, 11, 11], 4, 3, { stride: 1, pads: pads(0) }, { size: 3, stride: 2 }],
];

describe.each(backends.map((b) => [b.name, b] as const))('conv2dPool on %s', (_, be) => {
  test.each(cases)('%s, with and without the ReLU: the three ops apart, bit for bit', (_, xs, f, k, conv, pool) => {
    const rng = new Rng(xs.reduce((a, b) => a * 31 + b, f));
    const x = rand(xs, rng);
    const w = rand([f, xs[1], k, k], rng);
    const b = rand([f], rng);
    for (const relu of [true, false]) {
      const attrs = { ...conv, relu };
      const y = conv2d(x, w, b, attrs, null, be);
      const apart = maxPool2d(y, pool, null, be);
      const fused = conv2dPool(x, w, b, attrs, pool, null, be);
      expect(fused.y.shape).toEqual(apart.y.shape);
      expect(Array.from(fused.y.data)).toEqual(Array.from(apart.y.data));
      expect(Array.from(fused.argmax)).toEqual(Array.from(apart.argmax));
      if (relu) expect(fused.y.data.some((v) => v === 0) && fused.y.data.some((v) => v > 0)).toBe(true);

      const dp = rand([...apart.y.shape], rng);
      const dy = maxPool2dBackward(dp, apart.argmax, y.shape, pool, null, be);
      const want = conv2dBackward(dy, x, w, attrs, true, relu ? y : null, null, be);
      const got = conv2dPoolBackward(dp, fused.argmax, relu ? fused.y : null, x, w, attrs, pool, true, null, be);
      expect(Array.from(got.dx!.data)).toEqual(Array.from(want.dx!.data));
      expect(Array.from(got.dw.data)).toEqual(Array.from(want.dw.data));
      expect(Array.from(got.db.data)).toEqual(Array.from(want.db.data));
      const noDx = conv2dPoolBackward(dp, fused.argmax, relu ? fused.y : null, x, w, attrs, pool, false, null, be);
      expect(noDx.dx).toBeNull();
      expect(Array.from(noDx.dw.data)).toEqual(Array.from(want.dw.data));
    }
  });

  test('results are written into last call’s tensors when they fit', () => {
    const [, xs, f, k, conv, pool] = cases[0];
    const rng = new Rng(3);
    const x = rand(xs, rng);
    const w = rand([f, xs[1], k, k], rng);
    const b = rand([f], rng);
    const first = conv2dPool(x, w, b, conv, pool, null, be);
    const again = conv2dPool(x, w, b, conv, pool, first, be);
    expect(again.y).toBe(first.y);
    expect(again.argmax).toBe(first.argmax);
  });
});

test('a pooled gradient that does not match the pooled output is an error naming both shapes', () => {
  const x = new Tensor([1, 1, 6, 6]);
  const w = new Tensor([2, 1, 3, 3]);
  const attrs = { stride: 1, pads: pads(1), relu: true };
  expect(() => conv2dPoolBackward(new Tensor([1, 2, 2, 2]), new Int32Array(8), null, x, w, attrs, { size: 2, stride: 2 })).toThrow(/dy \[1,2,2,2\] does not match the pooled output \[1,2,3,3\]/);
});

describe('Model runs conv → ReLU → pooling blocks as one op in training only', () => {
  /** The wasm backend with its conv2dPool counted, or taken away (the ops then compose the three ops). */
  function counting(withPool: boolean): { be: Backend; calls: { pool: number; poolBack: number } } {
    const inner = createWasmBackend()!;
    const calls = { pool: 0, poolBack: 0 };
    const be: Backend = { ...inner, conv2dPool: undefined, conv2dPoolBackward: undefined };
    if (withPool) {
      be.conv2dPool = (...a) => (calls.pool++, inner.conv2dPool!(...a));
      be.conv2dPoolBackward = (...a) => (calls.poolBack++, inner.conv2dPoolBackward!(...a));
    }
    return { be, calls };
  }
  const rng = new Rng(9);
  const x = Tensor.from([4, 1, 28, 28], Array.from({ length: 4 * 784 }, () => rng.next()));
  const labels = [1, 7, 3, 0];

  test('cnn: both blocks fused in lossAndGrad, the same gradients as the three ops apart, none fused in activations', () => {
    const fused = counting(true);
    const apart = counting(false);
    const a = new Model(preset('cnn'), 1, { backend: fused.be });
    const b = new Model(preset('cnn'), 1, { backend: apart.be });
    const ra = a.lossAndGrad(x, labels, { overwrite: true });
    const rb = b.lossAndGrad(x, labels, { overwrite: true });
    expect(fused.calls).toEqual({ pool: 2, poolBack: 2 });
    expect(ra.loss).toBe(rb.loss);
    a.params.forEach((p, i) => expect(Array.from(p.grad.data), p.name).toEqual(Array.from(b.params[i].grad.data)));

    const act = a.activations(new Tensor([1, 1, 28, 28], x.data.slice(0, 784)));
    expect(fused.calls.pool).toBe(2);
    // each layer shows its own output: the conv before its ReLU, the pooling's winners index the ReLU's output
    expect(act.outputs[0].shape).toEqual([1, 16, 28, 28]);
    expect(Array.from(act.outputs[0].data).some((v) => v < 0)).toBe(true);
    expect(act.outputs[2].shape).toEqual([1, 16, 14, 14]);
    act.argmax[2]!.forEach((at, o) => expect(act.outputs[1].data[at]).toBe(act.outputs[2].data[o]));
  });

  test('gradients() and layerOutputs() run the layers apart and leave training’s state alone', () => {
    const { be, calls } = counting(true);
    const m = new Model(preset('cnn'), 1, { backend: be });
    m.lossAndGrad(x, labels, { overwrite: true });
    const before = m.params.map((p) => Float32Array.from(p.grad.data));
    const weights = new Tensor([4, 10]);
    weights.data[3] = 1;
    const pass = m.gradients(x, weights, [0, 1, 2]);
    expect(pass.layers.get(1)!.output.shape).toEqual([4, 16, 28, 28]);
    expect(pass.layers.get(2)!.output.shape).toEqual([4, 16, 14, 14]);
    expect(m.layerOutputs(x, [2]).get(2)!.shape).toEqual([4, 16, 14, 14]);
    expect(calls).toEqual({ pool: 2, poolBack: 2 });
    m.params.forEach((p, i) => expect(Array.from(p.grad.data)).toEqual(Array.from(before[i])));
  });
});
