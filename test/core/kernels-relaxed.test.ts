// The relaxed SIMD build of the kernels (run in the core-relaxed vitest project, where Node has the flag): it is the
// one a backend gets where it validates, it computes what the plain build does to float32 rounding, and a model on
// it trains like one on the plain build.
import { expect, test } from 'vitest';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import { kernelBuild, relaxedSimdSupported } from '../../core/kernels/wasm-loader.js';
import { Model } from '../../core/model.js';
import { preset } from '../../core/presets.js';
import { Rng } from '../../core/rng.js';
import { Tensor } from '../../core/tensor.js';
import { relDiff } from './helpers/compare.js';

const relaxed = createWasmBackend()!;
const plain = createWasmBackend({ relaxed: false })!;

test('relaxed SIMD validates here, and a default wasm backend is the relaxed build; relaxed: false gives the plain one', () => {
  expect(relaxedSimdSupported()).toBe(true);
  expect(kernelBuild()).toBe('relaxed');
  expect(kernelBuild(false)).toBe('simd');
  expect(relaxed.name).toBe('wasm + relaxed SIMD');
  expect(plain.name).toBe('wasm');
  expect(createWasmBackend({ winograd: false })!.name).toBe('wasm + relaxed SIMD (no Winograd)');
});

test('GEMM: the relaxed build equals the plain build to float32 rounding (and differs in the last bits where it fuses)', () => {
  const rng = new Rng(5);
  const [m, n, k] = [64, 72, 300];
  const a = Float32Array.from({ length: m * k }, () => rng.normal());
  const b = Float32Array.from({ length: k * n }, () => rng.normal());
  const run = (be: typeof relaxed) => {
    const c = new Float32Array(m * n);
    be.gemm(false, false, m, n, k, a, b, c, 0);
    return c;
  };
  const cr = run(relaxed);
  const cp = run(plain);
  expect(relDiff(cr, cp)).toBeLessThan(1e-5);
  const differing = cr.reduce((acc, v, i) => acc + (v !== cp[i] ? 1 : 0), 0);
  console.log(`relaxed vs plain GEMM ${m}×${n}×${k}: ${differing} of ${m * n} entries differ in rounding, max rel diff ${relDiff(cr, cp).toExponential(2)}`);
});

test('the cnn preset: loss and every gradient on the relaxed build match the plain build', () => {
  const rng = new Rng(9);
  const x = new Tensor([16, 1, 28, 28], Float32Array.from({ length: 16 * 784 }, () => rng.next()));
  const y = Uint8Array.from({ length: 16 }, (_, i) => i % 10);
  const models = [new Model(preset('cnn'), 1, { backend: relaxed }), new Model(preset('cnn'), 1, { backend: plain })];
  const losses = models.map((m) => m.lossAndGrad(x, y).loss);
  expect(Math.abs(losses[0] - losses[1])).toBeLessThan(1e-5);
  models[0].params.forEach((p, i) => expect(relDiff(p.grad.data as Float32Array, models[1].params[i].grad.data as Float32Array), p.name).toBeLessThan(1e-4));
});

test('DataParallel replicas get the wasm options they are given: relaxed by default here, plain when asked', async () => {
  const { DataParallel } = await import('../../core/kernels/parallel.js');
  const { nodeWorkerFactory } = await import('../../scripts/lib/node-threads.js');
  for (const [relaxedOpt, name] of [[undefined, 'wasm + relaxed SIMD'], [false, 'wasm']] as const) {
    const model = new Model(preset('cnn'), 1, { backend: createWasmBackend({ relaxed: relaxedOpt })! });
    const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 2, maxBatch: 8, backend: 'wasm', wasm: { relaxed: relaxedOpt } });
    try {
      expect(dp.replicaBackends).toEqual([name]);
    } finally {
      dp.dispose();
    }
  }
});
