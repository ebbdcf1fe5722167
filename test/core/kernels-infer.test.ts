// Model.infer (a whole stack in one Backend.infer call on the wasm kernels) gives the logits of Model.forward on
// the reference backend: every preset, ReLU placements that fold and that do not, strides, padding, a Winograd layer
// whose GEMMs span several images, direct convolutions (fused pooling, odd shapes, a random sweep), with and without
// Winograd, a stack with no dense layer, batches that are not a multiple of the dense chunk; average pooling falls
// back to the layers; and a call leaves what a later backward pass needs untouched.
import { afterEach, describe, expect, test } from 'vitest';
import { getBackend, referenceBackend, setBackend, type Backend } from '../../core/kernels/index.js';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import { Model } from '../../core/model.js';
import { preset } from '../../core/presets.js';
import { Rng } from '../../core/rng.js';
import { inferShapes, type LayerSpec, type ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { relDiff } from './helpers/compare.js';

const wasm = createWasmBackend();
/** 3×3 layers too as direct convolutions (or im2col + GEMM when rows are short). */
const noWinograd = createWasmBackend({ winograd: false });
const before = getBackend();
afterEach(() => setBackend(before));

function images(n: number, seed: number): Tensor {
  const rng = new Rng(seed);
  const x = new Tensor([n, 1, 28, 28]);
  // MNIST-like: mostly zeros, some ink
  for (let i = 0; i < x.size; i++) x.data[i] = rng.next() < 0.8 ? 0 : rng.next();
  return x;
}

/** Biases start at zero: give them values, so a kernel that adds the wrong one (or none) shows. */
function withBiases(model: Model, seed: number): Model {
  const rng = new Rng(seed);
  for (const p of model.params) if (p.name.endsWith('bias')) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.next() - 0.5;
  return model;
}

const stack = (name: string, layers: LayerSpec[]): ModelSpec => ({ name, input: [1, 28, 28], layers });

const stacks: [string, ModelSpec][] = [
  ...(['cnn', 'lenet', 'mlp', 'strided'] as const).map((p): [string, ModelSpec] => [p, preset(p)]),
  [
    'relu after pooling and after flatten (not folded), 3×3 pool stride 2, conv padding 2',
    stack('odd', [
      { type: 'conv2d', filters: 8, kernel: 5, padding: 2 },
      { type: 'maxpool2d', size: 3, stride: 2 },
      { type: 'relu' },
      { type: 'conv2d', filters: 12, kernel: 3 },
      { type: 'flatten' },
      { type: 'relu' },
      { type: 'dense', units: 10 },
    ]),
  ],
  [
    'a Winograd F(6×6) layer (24×24 outputs) over groups of 10 images, then pooling and an unfolded relu',
    stack('wg4', [
      { type: 'conv2d', filters: 8, kernel: 3 },
      { type: 'relu' },
      { type: 'conv2d', filters: 16, kernel: 3 },
      { type: 'maxpool2d', size: 2, stride: 2 },
      { type: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ]),
  ],
  [
    'a Winograd F(6×6) layer on odd sizes (29×29: a partial tile row and 4-tile group) with 2×2 pooling in its output transform',
    stack('wg6', [
      { type: 'conv2d', filters: 8, kernel: 4, padding: 2 },
      { type: 'relu' },
      { type: 'conv2d', filters: 9, kernel: 3, padding: 'same' },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ]),
  ],
  ['no dense layer: conv to 10 maps of 1×1', stack('convonly', [{ type: 'conv2d', filters: 10, kernel: 28 }, { type: 'flatten' }])],
  [
    'direct convolutions: asymmetric same padding (4×4), padding wider than the window, 3, 5, 7 and 9 filters, maps of 4j + 2 columns and odd ones, fused 2×2 pooling, in place',
    stack('direct', [
      { type: 'conv2d', filters: 5, kernel: 4, padding: 'same' },
      { type: 'maxpool2d', size: 2 },
      { type: 'conv2d', filters: 7, kernel: 2 },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'conv2d', filters: 9, kernel: 3, padding: 3 },
      { type: 'conv2d', filters: 3, kernel: 2 },
      { type: 'maxpool2d', size: 3 },
      { type: 'conv2d', filters: 4, kernel: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ]),
  ],
  ['relu twice after a dense layer', stack('twice', [{ type: 'flatten' }, { type: 'dense', units: 20 }, { type: 'relu' }, { type: 'relu' }, { type: 'dense', units: 10 }])],
];

describe.skipIf(!wasm)('Model.infer on the wasm backend', () => {
  test.each(stacks)('%s: the logits of forward on the reference backend', (_name, spec) => {
    const model = withBiases(new Model(spec, 3), 4);
    for (const n of [1, 70, 130]) {
      const x = images(n, n);
      setBackend(referenceBackend());
      const want = model.forward(x).data;
      for (const be of [wasm!, noWinograd!]) {
        setBackend(be);
        const got = model.infer(x);
        expect(got.shape).toEqual([n, 10]);
        expect(relDiff(got.data as Float32Array, want as Float32Array)).toBeLessThan(1e-5);
      }
    }
  });

  test('direct convolutions on random shapes (channels, sizes, kernels, padding, ReLU, a 2×2 pooling after or not)', () => {
    const rng = new Rng(21);
    for (let trial = 0; trial < 40; trial++) {
      const [c, h, w] = [1 + rng.int(9), 2 + rng.int(17), 2 + rng.int(17)];
      const kernel = 1 + rng.int(Math.min(5, h, w));
      const padding = (['valid', 'same', rng.int(3)] as const)[rng.int(3)];
      const layers: LayerSpec[] = [{ type: 'conv2d', filters: 1 + rng.int(9), kernel, padding }];
      if (rng.next() < 0.5) layers.push({ type: 'relu' });
      const [, oh, ow] = inferShapes({ name: 'conv', input: [c, h, w], layers })[0].outShape;
      if (oh >= 2 && ow >= 2 && rng.next() < 0.6) layers.push({ type: 'maxpool2d', size: 2 });
      const spec: ModelSpec = { name: 'sweep', input: [c, h, w], layers: [...layers, { type: 'flatten' }, { type: 'dense', units: 10 }] };
      const model = withBiases(new Model(spec, trial), trial);
      const x = new Tensor([3, c, h, w]);
      for (let i = 0; i < x.size; i++) x.data[i] = rng.next() - 0.5;
      setBackend(referenceBackend());
      const want = model.forward(x).data as Float32Array;
      for (const be of [wasm!, noWinograd!]) {
        setBackend(be);
        expect(relDiff(model.infer(x).data as Float32Array, want), JSON.stringify(spec.input) + JSON.stringify(layers)).toBeLessThan(1e-5);
      }
    }
  });

  test('Winograd layers on random shapes (F(2×2, 3×3), F(4×4, 3×3), F(6×6, 3×3) and F(4×4, 5×5), partial tiles, padding, ReLU, a fused 2×2 pooling after or not): the reference, and the same floats as the layers one by one', () => {
    const rng = new Rng(22);
    for (let trial = 0; trial < 36; trial++) {
      const [c, h, w] = [8 + rng.int(9), 6 + rng.int(25), 6 + rng.int(25)];
      const padding = (['valid', 'same'] as const)[rng.int(2)];
      const kernel = trial % 3 === 2 ? 5 : 3;
      const layers: LayerSpec[] = [{ type: 'conv2d', filters: 8 + rng.int(9), kernel, padding }];
      if (rng.next() < 0.5) layers.push({ type: 'relu' });
      if (rng.next() < 0.7) layers.push({ type: 'maxpool2d', size: 2 });
      const spec: ModelSpec = { name: 'wsweep', input: [c, h, w], layers: [...layers, { type: 'flatten' }, { type: 'dense', units: 10 }] };
      const model = withBiases(new Model(spec, trial), trial);
      const x = new Tensor([3, c, h, w]);
      for (let i = 0; i < x.size; i++) x.data[i] = rng.next() - 0.5;
      const what = JSON.stringify(spec.input) + JSON.stringify(layers);
      setBackend(referenceBackend());
      const want = model.forward(x).data as Float32Array;
      setBackend(wasm!);
      const got = model.infer(x).data as Float32Array;
      expect(relDiff(got, want), what).toBeLessThan(1e-5);
      // max pooling commutes with the bias and the ReLU, so pooling inside the output transform changes no float
      expect(Array.from(got), what).toEqual(Array.from(model.forward(x).data));
    }
  });

  test('average pooling has no one-call kernel: infer runs the layers and still matches', () => {
    const model = new Model(stack('avg', [{ type: 'conv2d', filters: 4, kernel: 3 }, { type: 'relu' }, { type: 'avgpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 10 }]), 2);
    const x = images(9, 5);
    setBackend(referenceBackend());
    const want = model.forward(x).data;
    setBackend(wasm!);
    expect(wasm!.infer!([{ op: 'avgpool', g: { c: 1, h: 4, w: 4, size: 2, stride: 2, oh: 2, ow: 2 } }], new Float32Array(16), 1, new Float32Array(4))).toBe(false);
    expect(relDiff(model.infer(x).data as Float32Array, want as Float32Array)).toBeLessThan(1e-5);
  });

  test('infer between a forward and its backward changes no gradient', () => {
    setBackend(wasm!);
    const a = new Model(preset('cnn'), 7);
    const b = new Model(preset('cnn'), 7);
    const x = images(6, 11);
    const labels = Uint8Array.from([0, 1, 2, 3, 4, 5]);
    const la = a.forward(x);
    a.infer(images(40, 12));
    a.zeroGrad();
    b.zeroGrad();
    const { probs } = b.lossAndGrad(x, labels);
    // a's backward from the same logits: the saved inputs of its layers are still this batch's
    const d = new Tensor(probs.shape, Float32Array.from(probs.data));
    for (let i = 0; i < 6; i++) d.data[i * 10 + labels[i]] -= 1;
    for (let i = 0; i < d.size; i++) d.data[i] /= 6;
    a.backward(d);
    expect(relDiff(la.data as Float32Array, b.forward(x).data as Float32Array)).toBeLessThan(1e-6);
    a.params.forEach((p, i) => expect(relDiff(p.grad.data as Float32Array, b.params[i].grad.data as Float32Array)).toBeLessThan(1e-5));
  });

  test('the reference backend has no infer: Model.infer is forward', () => {
    setBackend(referenceBackend());
    const model = new Model(preset('mlp'), 1);
    const x = images(3, 1);
    expect(Array.from(model.infer(x).data)).toEqual(Array.from(model.forward(x).data));
  });

  test('inferClaimed: ranges of any size (some not whole Winograd groups), taken in any order, give each row the floats infer gives it; rows not claimed stay as they were; a batch larger than its arrays is refused, saying so', () => {
    const k = stacks.find(([name]) => name.startsWith('a Winograd F(6×6) layer (24×24'))![1];
    const cases: [string, ModelSpec, Backend][] = [
      ['cnn, wasm', preset('cnn'), wasm!],
      ['a F(6×6) stack, wasm', k, wasm!],
      ['a F(6×6) stack, no Winograd', k, noWinograd!],
      ['average pooling (no one-call kernel), wasm', stack('avg', [{ type: 'conv2d', filters: 4, kernel: 3 }, { type: 'relu' }, { type: 'avgpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 10 }]), wasm!],
      ['mlp, reference backend', preset('mlp'), referenceBackend()],
    ];
    for (const [name, spec, backend] of cases) {
      const model = withBiases(new Model(spec, 3, { backend }), 4);
      const n = 150;
      const x = images(n, 5);
      const want = model.infer(x).data;
      // ranges of 1–40 images, handed out shuffled; the last 7 images are never claimed
      const rng = new Rng(6);
      const ranges: { start: number; count: number }[] = [];
      for (let start = 0; start < n - 7; ) {
        const count = Math.min(n - 7 - start, 1 + rng.int(40));
        ranges.push({ start, count });
        start += count;
      }
      for (let i = ranges.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [ranges[i], ranges[j]] = [ranges[j], ranges[i]];
      }
      const out = new Float32Array(n * 10).fill(-7);
      model.inferClaimed(x.data as Float32Array, n, out, () => ranges.pop() ?? null);
      expect(Array.from(out.subarray(0, (n - 7) * 10)), name).toEqual(Array.from(want.subarray(0, (n - 7) * 10)));
      expect(out.subarray((n - 7) * 10).every((v) => v === -7), name).toBe(true);
    }
    const model = new Model(preset('cnn'), 1, { backend: wasm! });
    expect(() => model.inferClaimed(new Float32Array(784), 2, new Float32Array(20), () => null)).toThrow('model.inferClaimed: 2 images need 1568 input and 20 output floats, got 784 and 20');
  });
});
