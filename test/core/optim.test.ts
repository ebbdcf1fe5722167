// Optimizers against hand-computed steps, and frozen layers / frozen channels staying bit-identical while training.
import { describe, expect, test } from 'vitest';
import { makeParam, type Param } from '../../core/layers/layer.js';
import { Model } from '../../core/model.js';
import { Adam, SGD, createOptimizer, type Optimizer } from '../../core/optim.js';
import type { ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { randn } from './helpers/gradcheck.js';

/** Runs `grads.length` steps on one scalar parameter starting at w0 and returns w after each. */
function trace(make: (p: ReturnType<typeof makeParam>[]) => Optimizer, w0: number, grads: number[]): number[] {
  const p = makeParam('w', Tensor.from([1], [w0]), true);
  const opt = make([p]);
  return grads.map((g) => {
    opt.zeroGrad();
    p.grad.data[0] = g;
    opt.step();
    return p.value.data[0];
  });
}

describe('SGD with momentum (v = μv + g; w −= lr·v)', () => {
  test('lr 0.1, μ 0.9, g = 0.5 three times: 0.95, 0.855, 0.7195', () => {
    const w = trace((ps) => new SGD(ps, 0.1, 0.9), 1, [0.5, 0.5, 0.5]);
    [0.95, 0.855, 0.7195].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 6));
  });
  test('μ 0 is plain gradient descent: w = 2 − 0.5·(1 − 2 + 4)', () => {
    const w = trace((ps) => new SGD(ps, 0.5, 0), 2, [1, -2, 4]);
    [1.5, 2.5, 0.5].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 6));
  });
});

describe('Adam', () => {
  test('first step moves by lr·sign(g) (bias correction makes m̂/√v̂ = ±1)', () => {
    expect(trace((ps) => new Adam(ps, 0.1), 1, [0.5])[0]).toBeCloseTo(0.9, 6);
    expect(trace((ps) => new Adam(ps, 0.01), 1, [-3])[0]).toBeCloseTo(1.01, 6);
  });
  test('g = 0.5 then −1: second step matches Algorithm 1 by hand (w ≈ 0.936611)', () => {
    // m2 = 0.9·0.05 − 0.1 = −0.055, m̂ = −0.055/0.19; v2 = 0.999·0.00025 + 0.001, v̂ = v2/0.001999.
    const mHat = -0.055 / 0.19;
    const vHat = (0.999 * 0.00025 + 0.001) / (1 - 0.999 ** 2);
    const expected = 0.9 - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    const w = trace((ps) => new Adam(ps, 0.1), 1, [0.5, -1]);
    expect(w[1]).toBeCloseTo(expected, 6);
    expect(w[1]).toBeCloseTo(0.936611, 5);
  });
  test('ten varied steps match a float64 textbook Adam within 1e-6', () => {
    const grads = [0.3, -0.1, 2, 0.05, -4, 1e-3, 0.7, -0.7, 0, 1.5];
    const [b1, b2, eps, lr] = [0.9, 0.999, 1e-8, 0.05];
    let [w, m, v] = [0.25, 0, 0];
    const ref = grads.map((g, i) => {
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      w -= (lr * (m / (1 - b1 ** (i + 1)))) / (Math.sqrt(v / (1 - b2 ** (i + 1))) + eps);
      return w;
    });
    const got = trace((ps) => new Adam(ps, lr), 0.25, grads);
    got.forEach((x, i) => expect(Math.abs(x - ref[i])).toBeLessThan(1e-6));
  });
  test('ten steps with β₁ 0.8, β₂ 0.99, ε 1e-3 on fixed gradients match Algorithm 1 worked out step by step (ε outside √v̂)', () => {
    // Kingma & Ba (2015), Algorithm 1, in float64, one line per formula:
    //   m_t = β₁·m_{t−1} + (1 − β₁)·g_t          v_t = β₂·v_{t−1} + (1 − β₂)·g_t²
    //   m̂_t = m_t / (1 − β₁ᵗ)                    v̂_t = v_t / (1 − β₂ᵗ)
    //   w_t = w_{t−1} − α·m̂_t / (√v̂_t + ε)      (PyTorch: param.addcdiv_(exp_avg, denom) with denom = √v̂ + ε)
    // ε = 1e-3 is of the size of √v̂ here, so where ε sits changes every step.
    const grads = [2e-3, -1e-3, 4e-3, 5e-4, -3e-3, 1e-4, 2e-3, -2e-3, 0, 1.5e-3];
    const [alpha, b1, b2, eps, w0] = [0.01, 0.8, 0.99, 1e-3, 0.25];
    const paper: number[] = [];
    const folded: number[] = [];
    let [w, m, v, wOld] = [w0, 0, 0, w0];
    grads.forEach((g, i) => {
      const t = i + 1;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const mHat = m / (1 - b1 ** t);
      const vHat = v / (1 - b2 ** t);
      w = w - (alpha * mHat) / (Math.sqrt(vHat) + eps);
      paper.push(w);
      // the old placement: bias correction folded into the step size, ε added to √v (acts as ε/√(1 − β₂ᵗ) on √v̂)
      wOld = wOld - ((alpha * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)) * (m / (Math.sqrt(v) + eps));
      folded.push(wOld);
    });
    // step 1 by hand: m̂ = g, v̂ = g², so w₁ = 0.25 − 0.01·0.002/(0.002 + 0.001) = 0.25 − 0.0066667
    expect(paper[0]).toBeCloseTo(0.25 - 0.01 * (0.002 / 0.003), 12);
    const got = trace((ps) => new Adam(ps, alpha, { beta1: b1, beta2: b2, eps }), w0, grads);
    got.forEach((x, i) => expect(Math.abs(x - paper[i]), `step ${i + 1}: ${x} vs ${paper[i]}`).toBeLessThan(1e-6));
    // and the test tells the placements apart: the folded one is off by more than 1e-3 after the first step
    expect(Math.abs(folded[0] - paper[0])).toBeGreaterThan(1e-3);
    expect(Math.abs(got[9] - folded[9])).toBeGreaterThan(1e-3);
  });
  test('createOptimizer picks the class, the learning rate and each optimizer\'s settings', () => {
    const p = [makeParam('w', Tensor.from([1], [0]), true)];
    expect(createOptimizer('adam', p, 0.01)).toBeInstanceOf(Adam);
    const adam = createOptimizer('adam', p, 0.01, { beta1: 0.5, beta2: 0.9, eps: 1e-6 }) as Adam;
    expect([adam.beta1, adam.beta2, adam.eps]).toEqual([0.5, 0.9, 1e-6]);
    const sgd = createOptimizer('sgd', p, 0.2, { momentum: 0.5 }) as SGD;
    expect([sgd instanceof SGD, sgd.lr, sgd.momentum]).toEqual([true, 0.2, 0.5]);
  });
  test('reset() forgets momentum and moments: the next step is a fresh optimizer\'s first step', () => {
    for (const make of [(ps: Param[]) => new SGD(ps, 0.1, 0.9), (ps: Param[]) => new Adam(ps, 0.1, { eps: 1e-3 })]) {
      const p = makeParam('w', Tensor.from([1], [1]), true);
      const opt = make([p]);
      for (const g of [0.5, -2, 3]) {
        p.grad.data[0] = g;
        opt.step();
      }
      opt.reset();
      p.value.data[0] = 1;
      p.grad.data[0] = 0.5;
      opt.step();
      expect(p.value.data[0]).toBe(trace(make, 1, [0.5])[0]);
    }
  });
  test('a parameter with trainable=false is never touched', () => {
    const p = makeParam('w', Tensor.from([2], [1, 2]), false);
    for (const opt of [new SGD([p], 1), new Adam([p], 1)]) {
      p.grad.data.set([5, -5]);
      opt.step();
    }
    expect(Array.from(p.value.data)).toEqual([1, 2]);
  });
});

describe('frozen layers and channels stay bit-identical while training', () => {
  const spec: ModelSpec = {
    name: 'frozen',
    input: [1, 8, 8],
    layers: [
      { type: 'conv2d', filters: 4, kernel: 3, padding: 'same', frozenChannels: [0, 2] },
      { type: 'relu' },
      { type: 'conv2d', filters: 2, kernel: 3, trainable: false },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 6, trainable: false },
      { type: 'relu' },
      { type: 'dense', units: 10 },
    ],
  };

  test.each(['sgd', 'adam'] as const)('%s: frozen channels 0 and 2, frozen conv and dense layers', (name) => {
    const model = new Model(spec, 11);
    const before = model.getWeights();
    const opt = createOptimizer(name, model.params, 0.05);
    const x = randn([4, 1, 8, 8], 12).as('float32');
    for (let i = 0; i < x.size; i++) x.data[i] = Math.abs(x.data[i]);
    for (let step = 0; step < 5; step++) {
      opt.zeroGrad();
      model.lossAndGrad(x, [1, 5, 9, 0]);
      opt.step();
    }
    const after = model.getWeights();
    const per = 1 * 3 * 3;
    const channel = (w: Float32Array, f: number) => Array.from(w.subarray(f * per, (f + 1) * per));
    for (const f of [0, 2]) {
      expect(channel(after[0].data, f)).toEqual(channel(before[0].data, f));
      expect(after[1].data[f]).toBe(before[1].data[f]);
    }
    for (const f of [1, 3]) {
      expect(channel(after[0].data, f)).not.toEqual(channel(before[0].data, f));
      expect(after[1].data[f]).not.toBe(before[1].data[f]);
    }
    for (const i of [2, 3, 4, 5]) expect(Array.from(after[i].data)).toEqual(Array.from(before[i].data)); // frozen layers
    for (const i of [6, 7]) expect(Array.from(after[i].data)).not.toEqual(Array.from(before[i].data)); // the trainable head
  });
});

describe('Model.bindStorage (weights shared between threads)', () => {
  const spec: ModelSpec = { name: 'bind', input: [1, 6, 6], layers: [{ type: 'conv2d', filters: 2, kernel: 3 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 10 }] };

  test('moves values (copied along) and gradients into views of flat arrays; training then updates them in place', () => {
    const m = new Model(spec, 3);
    const before = m.getWeights();
    const n = m.paramCount;
    const values = new Float32Array(n + 5);
    const grads = new Float32Array(n);
    m.bindStorage(values, grads, true);
    expect(m.getWeights()).toEqual(before);
    expect(Array.from(values.subarray(0, m.params[0].value.size))).toEqual(Array.from(before[0].data));
    expect(m.params[0].value.data.buffer).toBe(values.buffer);
    expect(m.params[3].grad.data.buffer).toBe(grads.buffer);
    const x = randn([2, 1, 6, 6], 9).as('float32');
    m.lossAndGrad(x, new Uint8Array([0, 2]));
    expect(grads.some((g) => g !== 0)).toBe(true);
    const opt = new SGD(m.params, 0.1, 0);
    const w0 = values[0];
    opt.step();
    expect(values[0]).toBeCloseTo(w0 - 0.1 * grads[0], 6);
    // setWeights writes into the bound storage
    m.setWeights(before);
    expect(values[0]).toBe(before[0].data[0]);
  });

  test('without copy the model computes with what the arrays hold; too short arrays are refused', () => {
    const a = new Model(spec, 1);
    const b = new Model(spec, 2);
    const shared = new Float32Array(a.paramCount);
    a.bindStorage(shared, null, true);
    b.bindStorage(shared, null, false);
    expect(b.getWeights()).toEqual(a.getWeights());
    expect(() => b.bindStorage(new Float32Array(3), null, false)).toThrow(/bindStorage: the model has \d+ parameters, the arrays hold 3/);
  });
});

describe('Model.lossAndGrad with overwrite', () => {
  const spec: ModelSpec = {
    name: 'overwrite',
    input: [1, 8, 8],
    layers: [
      { type: 'conv2d', filters: 4, kernel: 3, padding: 'same', frozenChannels: [1] },
      { type: 'relu' },
      { type: 'conv2d', filters: 8, kernel: 3 },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ],
  };

  test.each(['float32', 'float64'] as const)('%s: sets the grads to exactly what zeroGrad + lossAndGrad gives, whatever they held', (dtype) => {
    const a = new Model(spec, 5);
    const b = new Model(spec, 5);
    const x = randn([3, 1, 8, 8], 6).as(dtype);
    const labels = new Uint8Array([1, 4, 9]);
    for (const p of b.params) p.grad.data.fill(123); // stale values must not leak in
    for (let step = 0; step < 2; step++) {
      a.zeroGrad();
      a.lossAndGrad(x, labels);
      b.lossAndGrad(x, labels, { overwrite: true });
      a.params.forEach((p, i) => expect(Array.from(b.params[i].grad.data)).toEqual(Array.from(p.grad.data)));
    }
    // the frozen channel's gradient stays masked to 0
    expect(Array.from(b.params[0].grad.data.slice(9, 18))).toEqual(new Array(9).fill(0));
  });
});
