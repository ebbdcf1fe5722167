// Model.activations (core/model.ts): every layer's output and the pooling winners for one image, fresh arrays by
// default, the same values written into a caller's earlier activations with `reuse`.
import { describe, expect, test } from 'vitest';
import { Model } from '../../core/model.js';
import { preset } from '../../core/presets.js';
import { Tensor } from '../../core/tensor.js';

function image(seed: number): Tensor {
  const data = new Float32Array(28 * 28);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919 + seed * 104729) % 997) / 997;
  return new Tensor([1, 1, 28, 28], data);
}

describe('Model.activations', () => {
  const model = new Model(preset('cnn'));

  test('one output per layer with its shape, winners for pooling layers, probabilities summing to 1', () => {
    const a = model.activations(image(1));
    expect(a.outputs).toHaveLength(model.spec.layers.length);
    a.outputs.forEach((o, i) => expect(o.size).toBe(model.infos[i].outShape.reduce((x, y) => x * y, 1)));
    model.spec.layers.forEach((l, i) => expect(a.argmax[i] !== null).toBe(l.type === 'maxpool2d'));
    expect(a.probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
  });

  test('fresh arrays each call: earlier activations keep their values', () => {
    const a = model.activations(image(1));
    const kept = a.outputs.map((o) => Float32Array.from(o.data));
    const b = model.activations(image(2));
    a.outputs.forEach((o, i) => {
      expect(o.data).not.toBe(b.outputs[i].data);
      expect(Float32Array.from(o.data)).toEqual(kept[i]);
    });
  });

  test('reuse: the same values as fresh activations, written into the arrays of the ones given', () => {
    const fresh = model.activations(image(3));
    const old = model.activations(image(4));
    const reused = model.activations(image(3), old);
    reused.outputs.forEach((o, i) => {
      expect(o.data).toBe(old.outputs[i].data);
      expect(o.shape).toEqual(fresh.outputs[i].shape);
      expect(Float32Array.from(o.data)).toEqual(Float32Array.from(fresh.outputs[i].data));
    });
    reused.argmax.forEach((w, i) => {
      if (w === null) return expect(fresh.argmax[i]).toBeNull();
      expect(w).toBe(old.argmax[i]);
      expect(w).toEqual(fresh.argmax[i]);
    });
    expect(reused.probs).toEqual(fresh.probs);
  });

  test('reuse from another architecture: arrays that do not fit are replaced by new ones', () => {
    const other = new Model(preset('mlp')).activations(image(1));
    const a = model.activations(image(5), other);
    const fresh = model.activations(image(5));
    a.outputs.forEach((o, i) => expect(Float32Array.from(o.data)).toEqual(Float32Array.from(fresh.outputs[i].data)));
  });
});
