// The layer registry (core/layers/registry.ts): one entry per layer type, the presets' shapes and parameter counts
// as they were before it, descriptions, errors naming the layer, and fused conv+ReLU equal to the two layers apart.
import { describe, expect, test } from 'vitest';
import { describeLayer, LAYERS, layerDef, layerLabel } from '../../core/layers/registry.js';
import { Model } from '../../core/model.js';
import { relu } from '../../core/ops/elementwise.js';
import { PRESET_NAMES, preset } from '../../core/presets.js';
import { countParams, inferShapes, LAYER_TYPES, SpecError, type LayerSpec, type ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';

function images(n: number): Tensor {
  const data = new Float32Array(n * 784);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919 + 3 * 104729) % 997) / 997;
  return new Tensor([n, 1, 28, 28], data);
}

describe('LAYERS', () => {
  test('every layer type has an entry, and LAYER_TYPES lists exactly the entries', () => {
    expect([...LAYER_TYPES].sort()).toEqual(['avgpool2d', 'conv2d', 'dense', 'flatten', 'maxpool2d', 'relu']);
    expect(Object.keys(LAYERS)).toEqual([...LAYER_TYPES]);
    for (const type of LAYER_TYPES) expect(layerDef(type).keys).toContain('type');
  });

  const samples: LayerSpec[] = [
    { type: 'conv2d', filters: 16, kernel: 5, stride: 2, padding: 'same', trainable: false, frozenChannels: [0, 2] },
    { type: 'conv2d', filters: 8, kernel: 3 },
    { type: 'dense', units: 32 },
    { type: 'maxpool2d', size: 2 },
    { type: 'avgpool2d', size: 3, stride: 2 },
    { type: 'relu' },
    { type: 'flatten' },
  ];
  test.each(samples.map((s) => [s.type, s] as const))('%s: describe and label give one non-empty line', (_type, spec) => {
    for (const line of [describeLayer(spec), layerLabel(spec)]) {
      expect(line.trim().length).toBeGreaterThan(0);
      expect(line).not.toMatch(/\n/);
    }
  });

  test('the UI texts stay as they were', () => {
    expect(samples.map(layerLabel)).toEqual(['conv 16×5×5 /2 same', 'conv 8×3×3', 'dense 32', 'max pool 2×2', 'avg pool 3×3', 'relu', 'flatten']);
    expect(describeLayer(samples[0])).toBe('conv 5×5, 16 filters, stride 2, padding same, frozen, frozen channels 0, 2');
    expect(describeLayer(samples[4])).toBe('average pool 3×3, stride 2');
  });
});

describe('inferShapes through the registry', () => {
  // [outShape, params, paramsWithoutSharing, pads top/left/bottom/right], as inferShapes gave them before the registry.
  const before: Record<string, [number[], number, number | null, number[] | null][]> = {
    cnn: [[[16, 28, 28], 416, 9847040, [2, 2, 2, 2]], [[16, 28, 28], 0, null, null], [[16, 14, 14], 0, null, null], [[32, 14, 14], 4640, 19675264, [1, 1, 1, 1]], [[32, 14, 14], 0, null, null], [[32, 7, 7], 0, null, null], [[1568], 0, null, null], [[32], 50208, null, null], [[32], 0, null, null], [[10], 330, null, null]],
    lenet: [[[6, 28, 28], 156, 3692640, [2, 2, 2, 2]], [[6, 28, 28], 0, null, null], [[6, 14, 14], 0, null, null], [[16, 10, 10], 2416, 1883200, [0, 0, 0, 0]], [[16, 10, 10], 0, null, null], [[16, 5, 5], 0, null, null], [[400], 0, null, null], [[120], 48120, null, null], [[120], 0, null, null], [[84], 10164, null, null], [[84], 0, null, null], [[10], 850, null, null]],
    mlp: [[[784], 0, null, null], [[128], 100480, null, null], [[128], 0, null, null], [[10], 1290, null, null]],
    strided: [[[16, 14, 14], 416, 2461760, [1, 1, 2, 2]], [[16, 14, 14], 0, null, null], [[32, 7, 7], 4640, 4918816, [0, 0, 1, 1]], [[32, 7, 7], 0, null, null], [[1568], 0, null, null], [[32], 50208, null, null], [[32], 0, null, null], [[10], 330, null, null]],
  };
  const totals = { cnn: 55594, mlp: 101770, lenet: 61706, strided: 55594 };

  test.each(PRESET_NAMES.map((n) => [n]))('%s: the same shapes, parameters and pads as before', (name) => {
    const infos = inferShapes(preset(name));
    expect(infos.map((i) => [i.outShape, i.params, i.paramsWithoutSharing ?? null, i.pads ? [i.pads.top, i.pads.left, i.pads.bottom, i.pads.right] : null])).toEqual(before[name]);
    expect(infos.map((i) => i.type)).toEqual(preset(name).layers.map((l) => l.type));
    expect(countParams(preset(name))).toBe(totals[name]);
  });

  const spec = (layers: unknown[]): ModelSpec => ({ name: 'bad', input: [1, 28, 28], layers: layers as LayerSpec[] });
  test.each([
    [[{ type: 'flatten' }, { type: 'softmax' }], 1, /^layer 1 \(softmax\): unknown layer type; expected one of conv2d, dense, maxpool2d, avgpool2d, relu, flatten$/],
    [[{ type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 10, activation: 'relu' }], 2, /^layer 2 \(dense\): unknown field "activation"$/],
    [[{ type: 'conv2d', filters: 2, kernel: 3, bias: false }], 0, /^layer 0 \(conv2d\): unknown field "bias"$/],
    [[{ type: 'maxpool2d', size: 2, padding: 1 }], 0, /^layer 0 \(maxpool2d\): unknown field "padding"$/],
  ])('errors name the layer: %j', (layers, index, message) => {
    const err = (() => {
      try {
        inferShapes(spec(layers));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).layer).toBe(index);
    expect((err as SpecError).message).toMatch(message);
  });
});

describe('fused conv+ReLU', () => {
  test('a fused conv gives what the conv and the ReLU give as two layers', () => {
    // a conv whose ReLU is not followed by a pooling (in cnn the pooling is fused too: kernels-conv-pool.test.ts)
    const model = new Model({ name: 'relu', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 3 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 10 }] });
    const x = images(2);
    const conv = model.layers[0];
    const fused = conv.forward(x).clone();
    const apart = relu(conv.forward(x, { unfused: true }).clone());
    expect(Array.from(fused.data)).toEqual(Array.from(apart.data));
    expect(fused.data.some((v) => v === 0) && fused.data.some((v) => v > 0)).toBe(true);
  });

  test('forward (fused) and activations (unfused) give the same logits as before the registry', () => {
    // cnn, seed 1, the first of images(2): logits as Model.forward gave them before the registry.
    const expected = [0.6421239972114563, 0.27589958906173706, -0.6033353209495544, 0.27116134762763977, -0.35914865136146545, 0.20510901510715485, 0.3868047297000885, 0.8079383373260498, -1.5505812168121338, 0.572115421295166];
    const model = new Model(preset('cnn'), 1);
    const x = images(2);
    const logits = Array.from(model.forward(x).data.subarray(0, 10));
    const a = model.activations(new Tensor([1, 1, 28, 28], x.data.slice(0, 784)));
    expect(Array.from(a.outputs[a.outputs.length - 1].data)).toEqual(logits);
    logits.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(Array.from(a.outputs[0].data).some((v) => v < 0)).toBe(true);
    expect(Array.from(a.outputs[1].data).every((v) => v >= 0)).toBe(true);
  });
});

describe('a training step (an overwriting backward pass) allocates no input gradients', () => {
  test('the conv and dense layers write them into the last step\'s tensors, and the gradients come out the same', () => {
    const model = new Model(preset('cnn'), 1);
    const x = images(2);
    const labels = Uint8Array.from([3, 7]);
    // cnn: 3 = the second conv (pooled), 7 and 9 = the dense layers; the first conv computes no input gradient
    const kept = () => [3, 7, 9].map((i) => (model.layers[i] as unknown as { dx: Tensor | null }).dx);
    model.lossAndGrad(x, labels, { overwrite: true });
    const first = kept();
    const grads = model.params.map((p) => Array.from(p.grad.data));
    expect(first.every((t) => t instanceof Tensor)).toBe(true);
    model.lossAndGrad(x, labels, { overwrite: true });
    kept().forEach((t, i) => expect(t).toBe(first[i]));
    expect(model.params.map((p) => Array.from(p.grad.data))).toEqual(grads);
  });
});

describe('Model.outputBound (what any input in [0, 1] can make a layer output)', () => {
  test('conv 1@2×2 → relu → maxpool → flatten → dense 2, by hand: conv Σ|w|·1 + |b| = 5, dense max(2·5 + 0, 3·5 + 1) = 16', () => {
    const spec: ModelSpec = { name: 'bound', input: [1, 2, 2], layers: [{ type: 'conv2d', filters: 1, kernel: 2 }, { type: 'relu' }, { type: 'maxpool2d', size: 1 }, { type: 'flatten' }, { type: 'dense', units: 2 }] };
    const m = new Model(spec);
    m.setWeights([
      { name: '0.weight', shape: [1, 1, 2, 2], data: Float32Array.from([1, -1, 2, 0]) },
      { name: '0.bias', shape: [1], data: Float32Array.from([1]) },
      { name: '4.weight', shape: [2, 1], data: Float32Array.from([2, -3]) },
      { name: '4.bias', shape: [2], data: Float32Array.from([0, 1]) },
    ]);
    expect(m.outputBound()).toBe(16);
    // the bound holds: the worst input for the conv (1 where w > 0) gives 1 + 2 + 1 = 4, then 3·4 + 1 = 13 ≤ 16
    const y = m.forward(Tensor.from([1, 1, 2, 2], [1, 0, 1, 0]));
    expect(Math.max(...Array.from(y.data, Math.abs))).toBeLessThanOrEqual(16);
    m.params[2].value.data[1] = Number.NaN;
    expect(m.outputBound()).toBeNaN();
    m.params[2].value.data[1] = Number.POSITIVE_INFINITY;
    expect(m.outputBound()).toBe(Number.POSITIVE_INFINITY);
  });

  test('every preset at its seeded initialisation is far below LIMITS.outputBound', () => {
    for (const name of PRESET_NAMES) expect(new Model(preset(name), 1).outputBound()).toBeLessThan(1e6);
  });
});
