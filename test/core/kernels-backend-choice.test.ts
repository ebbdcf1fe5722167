// The backend is a value a model is given, not global state: models with different backends (reference TS, wasm,
// wasm without Winograd) run side by side in one process, interleaved call by call, each on its own kernels, with
// the same results; a model without one follows the process default; a model's backend can change between calls.
import { afterEach, describe, expect, test } from 'vitest';
import { getBackend, referenceBackend, setBackend, type Backend } from '../../core/kernels/index.js';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import { Model } from '../../core/model.js';
import { preset } from '../../core/presets.js';
import { Rng } from '../../core/rng.js';
import { Tensor } from '../../core/tensor.js';
import { relDiff } from './helpers/compare.js';

const before = getBackend();
afterEach(() => setBackend(before));

/** `b` with a count of the heavy kernel calls made through it. */
function counting(b: Backend): Backend & { calls: number } {
  const c = { ...b, calls: 0 } as Backend & { calls: number };
  c.conv2dForward = (...a) => (c.calls++, b.conv2dForward(...a));
  c.conv2dBackward = (...a) => (c.calls++, b.conv2dBackward(...a));
  c.gemm = (...a) => (c.calls++, b.gemm(...a));
  if (b.infer) c.infer = (...a) => (c.calls++, b.infer!(...a));
  return c;
}

function batch(n: number, seed: number): { x: Tensor; labels: Uint8Array } {
  const rng = new Rng(seed);
  const x = new Tensor([n, 1, 28, 28]);
  for (let i = 0; i < x.size; i++) x.data[i] = rng.next() < 0.8 ? 0 : rng.next();
  return { x, labels: Uint8Array.from({ length: n }, () => rng.int(10)) };
}

const wasm = createWasmBackend();

describe.skipIf(!wasm)('a backend per model', () => {
  test('reference, wasm and wasm without Winograd side by side: same loss, gradients and logits; each on its own kernels', () => {
    const ref = counting(referenceBackend());
    const fast = counting(createWasmBackend()!);
    const plain = counting(createWasmBackend({ winograd: false })!);
    expect(plain.name).toBe('wasm (no Winograd)');
    const models = [ref, fast, plain].map((backend) => new Model(preset('cnn'), 5, { backend }));
    const idle = counting(referenceBackend());
    setBackend(idle); // the process default: no model above may touch it
    for (const seed of [1, 2]) {
      const { x, labels } = batch(8, seed);
      // interleaved call by call
      const results = models.map((m) => (m.zeroGrad(), m.lossAndGrad(x, labels)));
      const logits = models.map((m) => m.infer(x));
      for (const i of [1, 2]) {
        expect(results[i].loss).toBeCloseTo(results[0].loss, 5);
        models[i].params.forEach((p, j) => expect(relDiff(p.grad.data as Float32Array, models[0].params[j].grad.data as Float32Array), p.name).toBeLessThan(1e-4));
        expect(relDiff(logits[i].data as Float32Array, logits[0].data as Float32Array)).toBeLessThan(1e-5);
      }
    }
    expect(ref.calls).toBeGreaterThan(0);
    expect(fast.calls).toBeGreaterThan(0);
    expect(plain.calls).toBeGreaterThan(0);
    expect(idle.calls).toBe(0);
    expect(getBackend()).toBe(idle);
  });

  test('a model without a backend follows the process default at each call; a model can be given another between calls', () => {
    const a = counting(referenceBackend());
    const b = counting(createWasmBackend()!);
    const model = new Model(preset('mlp'), 1);
    expect(model.backend).toBeNull();
    const { x } = batch(4, 3);
    setBackend(a);
    const first = model.infer(x);
    const onA = a.calls;
    expect(onA).toBeGreaterThan(0); // the reference backend has no one-call infer: the layers' GEMMs
    setBackend(b);
    const second = model.infer(x);
    expect(a.calls).toBe(onA);
    expect(b.calls).toBe(1); // wasm: the whole stack in one call
    const c = counting(referenceBackend());
    model.backend = c;
    const third = model.infer(x);
    expect(c.calls).toBe(onA);
    expect(b.calls).toBe(1);
    expect(relDiff(second.data as Float32Array, first.data as Float32Array)).toBeLessThan(1e-5);
    expect(relDiff(third.data as Float32Array, first.data as Float32Array)).toBeLessThan(1e-5);
  });
});
