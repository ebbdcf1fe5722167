// The data-parallel optimizer step's kernels (kernels-src/step.ts) against the three JavaScript passes they replace
// (zero the sum, add the replicas' scaled gradients, applyFlatStep): the same floats, bit for bit, on ranges that
// start and end off the 4-float vectors.
import { describe, expect, test } from 'vitest';
import { paramViews, allocShared, reduceShare, CTRL, arrivedAt, ctrlWords } from '../../core/kernels/parallel-shared.js';
import { loadStepKernels } from '../../core/kernels/wasm-loader.js';
import { applyFlatStep, type FlatStep } from '../../core/optim.js';
import { Rng } from '../../core/rng.js';

const steps: [string, FlatStep][] = [
  ['SGD', { adam: false, lr: 0.03, momentum: 0.9, beta1: 0, beta2: 0, eps: 0, t: 0 }],
  ['Adam', { adam: true, lr: 0.004, momentum: 0, beta1: 0.8, beta2: 0.99, eps: 1e-8, t: 3 }],
];

describe.each(steps)('step kernels, %s', (_, s) => {
  test.each([[1], [2]])('with %i replica(s): weights, state and the stored mean equal the JavaScript passes bit for bit', (replicas) => {
    const count = 1003;
    const shared = allocShared(replicas, count);
    expect(shared.params.memory).not.toBeNull(); // Node has shared WebAssembly memory: the kernels run
    const kernels = loadStepKernels(shared.params.memory!);
    expect(kernels).not.toBeNull();
    const v = paramViews(shared.params, replicas);
    const rng = new Rng(replicas * 7 + (s.adam ? 1 : 0));
    const fill = (a: Float32Array, scale: number) => a.forEach((_, i) => (a[i] = (rng.next() - 0.5) * scale));
    fill(v.weights, 1);
    fill(v.state[0], 0.1);
    v.state[1].forEach((_, i) => (v.state[1][i] = rng.next() * 0.01));
    v.grads.forEach((g) => fill(g, 2));
    v.grads[0][5] = -0; // a −0 gradient is stored as +0, as 0 + x gives
    const before = v.weights.slice();
    const ref = { weights: v.weights.slice(), sum: v.sum.slice(), state: v.state.map((a) => a.slice()) };
    const ctrl = new Int32Array(new SharedArrayBuffer(ctrlWords(replicas) * 4));
    Atomics.store(ctrl, arrivedAt(ctrl) + 1, replicas);
    for (let r = 0; r < replicas; r++) Atomics.store(ctrl, r * CTRL.stride + CTRL.n, 5 + 2 * r);
    for (let slot = 0; slot < replicas; slot++) reduceShare(ctrl, slot, v.sum, v.grads, { s, weights: v.weights, state: v.state, kernels });
    // the reference: the three passes reduceShare takes without kernels (zero, add the batch-mean shares, step)
    const [sa, sb] = replicas === 2 ? [5 / 12, 7 / 12] : [1, 0];
    ref.sum.fill(0);
    for (let j = 0; j < count; j++) ref.sum[j] += replicas === 2 ? sa * v.grads[0][j] + sb * v.grads[1][j] : sa * v.grads[0][j];
    applyFlatStep(s, ref.weights, ref.sum, ref.state, 0, count);
    expect(v.sum).toEqual(ref.sum);
    expect(v.weights).toEqual(ref.weights);
    v.state.forEach((a, i) => (s.adam || i === 0) && expect(a).toEqual(ref.state[i]));
    if (replicas === 1) expect(Object.is(v.sum[5], 0)).toBe(true);
    expect(v.weights).not.toEqual(before);
  });
});
