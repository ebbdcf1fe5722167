// Model.gradients / layerOutputs and the gradient explanations: saliency against central differences of the class
// logit (float64) on several architectures, a pending training backward left alone, and Grad-CAM worked out by hand.
import { describe, expect, test } from 'vitest';
import { convLayers, gradCam, saliency } from '../../core/explain/index.js';
import { Model } from '../../core/model.js';
import { softmaxCrossEntropy, softmaxCrossEntropyBackward } from '../../core/ops/loss.js';
import type { ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { MAX_REL_ERROR, maxRelError, nonZeroCount, numericGrad, randn } from './helpers/gradcheck.js';

const specs: ModelSpec[] = [
  { name: 'stride2-same-maxpool', input: [1, 8, 8], layers: [{ type: 'conv2d', filters: 3, kernel: 3, stride: 2, padding: 'same' }, { type: 'relu' }, { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 4 }] },
  { name: 'pad1-avgpool-two-convs', input: [2, 7, 7], layers: [{ type: 'conv2d', filters: 3, kernel: 3, padding: 1 }, { type: 'relu' }, { type: 'avgpool2d', size: 2 }, { type: 'conv2d', filters: 2, kernel: 2 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 3 }] },
  { name: 'strided-valid-no-relu', input: [1, 9, 9], layers: [{ type: 'conv2d', filters: 4, kernel: 4, stride: 2 }, { type: 'relu' }, { type: 'conv2d', filters: 3, kernel: 3, stride: 2, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 12 }, { type: 'relu' }, { type: 'dense', units: 5 }] },
  { name: 'mlp', input: [1, 5, 5], layers: [{ type: 'flatten' }, { type: 'dense', units: 7 }, { type: 'relu' }, { type: 'dense', units: 3 }] },
];

/** A model with non-zero biases (so ReLUs cut somewhere other than through 0). */
function model(spec: ModelSpec, seed: number): Model {
  const m = new Model(spec, seed);
  m.params.filter((p) => p.name.endsWith('.bias')).forEach((p, i) => m.setParam(p.name, randn(p.value.shape, 50 + i, 0.1).data));
  return m;
}

const logit = (m: Model, x: Tensor, cls: number) => m.layerOutputs(x, [m.layers.length - 1]).get(m.layers.length - 1)!.data[cls];

describe('saliency = d logit_cls / d input', () => {
  test.each(specs.map((s, i) => [s.name, s, i] as const))('%s: Model.gradients (float64) matches central differences; saliency (float32) matches it', (_, spec, i) => {
    const m = model(spec, 30 + i);
    const k = m.infos[m.infos.length - 1].outShape[0];
    const x = randn([1, ...spec.input], 10 + i).as('float64');
    for (let v = 0; v < x.size; v++) x.data[v] = Math.abs(x.data[v]) / 3; // pixel-like values ≥ 0
    const cls = i % k;
    const weights = Tensor.from([1, k], Array.from({ length: k }, (_, j) => (j === cls ? 1 : 0)), 'float64');
    const pass = m.gradients(x, weights);
    expect(pass.input.shape).toEqual([1, ...spec.input]);
    expect(pass.input.dtype).toBe('float64');
    const numeric = numericGrad(x, () => logit(m, x, cls));
    expect(nonZeroCount(numeric)).toBeGreaterThan(x.size / 4);
    expect(maxRelError(pass.input.data, numeric)).toBeLessThan(MAX_REL_ERROR);

    const image = Float32Array.from(x.data);
    const s = saliency(m, image, cls);
    expect(s.class).toBe(cls);
    const scale = Math.max(...Array.from(numeric, Math.abs));
    s.gradient.forEach((g, j) => expect(Math.abs(g - numeric[j])).toBeLessThan(1e-4 * scale));
    s.gradTimesInput.forEach((g, j) => expect(g).toBeCloseTo(s.gradient[j] * image[j], 6));
    expect(s.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  test('the default class is the predicted one; weights over several classes give the weighted sum of gradients', () => {
    const m = model(specs[0], 7);
    const x = randn([1, 1, 8, 8], 3).as('float32');
    const probs = m.predict(x).data;
    const s = saliency(m, Float32Array.from(x.data));
    expect(s.class).toBe(probs.indexOf(Math.max(...probs)));
    s.probabilities.forEach((p, j) => expect(p).toBeCloseTo(probs[j], 5));
    const g0 = saliency(m, Float32Array.from(x.data), 0).gradient;
    const g2 = saliency(m, Float32Array.from(x.data), 2).gradient;
    const both = m.gradients(x, Tensor.from([1, 4], [2, 0, -1, 0])).input.data;
    both.forEach((g, j) => expect(g).toBeCloseTo(2 * g0[j] - g2[j], 5));
  });

  test('a batch: each row of weights explains its own image', () => {
    const m = model(specs[1], 2);
    const x = randn([2, 2, 7, 7], 4).as('float32');
    const w = Tensor.from([2, 3], [0, 1, 0, 0, 0, 1]);
    const pass = m.gradients(x, w, [0, 3]);
    const per = 2 * 7 * 7;
    for (const [n, cls] of [[0, 1], [1, 2]]) {
      const s = saliency(m, x.data.slice(n * per, (n + 1) * per) as Float32Array, cls);
      s.gradient.forEach((g, j) => expect(pass.input.data[n * per + j]).toBeCloseTo(g, 5));
    }
    expect(pass.logits.shape).toEqual([2, 3]);
    expect([...pass.layers.keys()].sort()).toEqual([0, 3]);
    expect(pass.layers.get(0)!.output.shape).toEqual([2, 3, 7, 7]);
    // the fused conv's output is after its ReLU
    expect(Math.min(...pass.layers.get(0)!.output.data)).toBe(0);
  });

  test('bad input names what and where', () => {
    const m = model(specs[0], 1);
    expect(() => saliency(m, new Float32Array(10))).toThrow('saliency: image must be a Float32Array of 64 values (the model\'s input [1,8,8]), got 10 values');
    expect(() => saliency(m, new Float32Array(64).fill(Number.NaN))).toThrow('saliency: image value NaN at 0 is not finite');
    expect(() => saliency(m, new Float32Array(64), 4)).toThrow('saliency: class 4 is outside 0..3');
    expect(() => m.gradients(new Tensor([1, 1, 8, 8]), new Tensor([1, 3]))).toThrow('model.gradients: weights must be [1,4] (one row of class weights per input), got [1,3]');
    expect(() => m.gradients(new Tensor([1, 1, 8, 8]), new Tensor([1, 4]), [5])).toThrow('model.gradients: layer 5 is not a layer of model "stride2-same-maxpool" (0..4)');
    expect(() => m.layerOutputs(new Tensor([1, 1, 4, 4]), [0])).toThrow('model.layerOutputs: input must be [N,1,8,8], got [1,1,4,4]');
  });
});

describe('Model.gradients and layerOutputs leave training alone', () => {
  test.each(specs.map((s, i) => [s.name, s, i] as const))('%s: forward; gradients(); layerOutputs(); backward gives the grads of forward; backward', (_, spec, i) => {
    const [a, b] = [model(spec, 20 + i), model(spec, 20 + i)];
    const k = a.infos[a.infos.length - 1].outShape[0];
    const x0 = randn([3, ...spec.input], 1).as('float32');
    const x = randn([3, ...spec.input], 2).as('float32');
    const labels = [0, 1, k - 1];
    // both start from the same accumulated gradients
    a.lossAndGrad(x0, labels);
    b.lossAndGrad(x0, labels);
    const pending = (m: Model) => softmaxCrossEntropy(m.forward(x), labels).probs;
    const pa = pending(a);
    a.backward(softmaxCrossEntropyBackward(pa, labels));
    const pb = pending(b);
    const before = b.params.map((p) => Array.from(p.grad.data));
    const other = randn([2, ...spec.input], 9).as('float32');
    b.gradients(other, randn([2, k], 5).as('float32'), [0, spec.layers.length - 1]);
    b.layerOutputs(other, [0, 1]);
    expect(b.params.map((p) => Array.from(p.grad.data))).toEqual(before);
    b.backward(softmaxCrossEntropyBackward(pb, labels));
    expect(b.params.map((p) => Array.from(p.grad.data))).toEqual(a.params.map((p) => Array.from(p.grad.data)));
  });

  test('layerOutputs shows what activations() shows (a fused conv before its ReLU); weights set later are used', () => {
    const m = model(specs[1], 4);
    const x = randn([1, 2, 7, 7], 8).as('float32');
    const outs = m.layerOutputs(x, [0, 1, 2, 3, 6]);
    const acts = m.activations(x);
    for (const [i, t] of outs) expect(Array.from(t.data)).toEqual(Array.from(acts.outputs[i].data));
    expect(Math.min(...outs.get(0)!.data)).toBeLessThan(0);
    m.setParam('0.bias', [5, 5, 5]);
    expect(Array.from(m.layerOutputs(x, [0]).get(0)!.data)).not.toEqual(Array.from(outs.get(0)!.data));
  });
});

describe('Grad-CAM', () => {
  // 4×4 input; conv 2@2×2 stride 2 → ReLU → flatten → dense 2. Worked out by hand:
  // filter 0 = all 1 (bias 0), filter 1 = all −1 (bias 1); the image's 2×2 blocks are 0.5, 0 / 0.25, 1, so
  // A_0 = [[2, 0], [1, 4]] and A_1 = ReLU(1 − block sums) = [[0, 1], [0, 0]]. Class 0's dense row is [1, 2, 3, 2] on
  // A_0 and [−4, −4, 0, 0] on A_1: α_0 = 2, α_1 = −2 (d logit / d A is the row itself), so the coarse map is
  // ReLU(2·A_0 − 2·A_1) = [[4, 0], [2, 8]]. Upsampled 2 → 4 with align_corners=false, each output row/column i samples
  // (i + 0.5)/2 − 0.5 = −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last): weights 1, ¾ ¼, ¼ ¾, 1.
  const spec: ModelSpec = { name: 'hand', input: [1, 4, 4], layers: [{ type: 'conv2d', filters: 2, kernel: 2, stride: 2 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 2 }] };
  const image = Float32Array.from([0.5, 0.5, 0, 0, 0.5, 0.5, 0, 0, 0.25, 0.25, 1, 1, 0.25, 0.25, 1, 1]);
  function handModel(): Model {
    const m = new Model(spec);
    m.setParam('0.weight', [1, 1, 1, 1, -1, -1, -1, -1]);
    m.setParam('0.bias', [0, 1]);
    m.setParam('3.weight', [1, 2, 3, 2, -4, -4, 0, 0, ...Array(8).fill(0)]);
    m.setParam('3.bias', [0, 0]);
    return m;
  }

  test('x=[1,1,4,4] conv 2@2×2 s=2: α, the coarse map and the bilinear upsampling by hand', () => {
    const g = gradCam(handModel(), image);
    expect(g.class).toBe(0); // logits 9 and 0
    expect(g.layer).toBe(0);
    expect(g.probabilities[0]).toBeCloseTo(1 / (1 + Math.exp(-9)), 6);
    expect(g.coarse.height).toBe(2);
    expect(g.coarse.width).toBe(2);
    expect(Array.from(g.coarse.data)).toEqual([4, 0, 2, 8]);
    const want = [4, 3, 1, 0, 3.5, 3.125, 2.375, 2, 2.5, 3.375, 5.125, 6, 2, 3.5, 6.5, 8];
    g.map.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
  });

  test('class 1 (all-zero dense row): α = 0, an all-zero map', () => {
    const g = gradCam(handModel(), image, 1);
    expect(g.class).toBe(1);
    expect(Array.from(g.map)).toEqual(Array(16).fill(0));
  });

  test('convLayers; no conv layer and a layer that is not a conv are refused by name', () => {
    expect(convLayers(specs[1])).toEqual([0, 3]);
    expect(convLayers(specs[3])).toEqual([]);
    expect(() => gradCam(model(specs[3], 1), new Float32Array(25))).toThrow('gradcam: model "mlp" has no conv layer; saliency and occlusion still work');
    const m = model(specs[1], 1);
    const img = new Float32Array(98);
    expect(() => gradCam(m, img, undefined, 1)).toThrow('gradcam: layer 1 is relu, not a conv layer (conv layers: 0, 3)');
    expect(() => gradCam(m, img, undefined, 9)).toThrow('gradcam: layer 9 is not a layer of model "pad1-avgpool-two-convs", not a conv layer (conv layers: 0, 3)');
    expect(gradCam(m, img, 0, 0).coarse.height).toBe(7);
    expect(gradCam(m, img, 0).layer).toBe(3);
  });
});
