import { describe, expect, test } from 'vitest';
import { PRESET_NAMES, preset } from '../../core/presets.js';
import { SpecError, assertClassifier, countParams, inferShapes, outSize, resolvePads, type ModelSpec } from '../../core/spec.js';

describe('inferShapes', () => {
  test('cnn preset: shapes follow floor((W − K + 2P)/S) + 1', () => {
    const infos = inferShapes(preset('cnn'));
    expect(infos.map((i) => i.outShape)).toEqual([[16, 28, 28], [16, 28, 28], [16, 14, 14], [32, 14, 14], [32, 14, 14], [32, 7, 7], [1568], [32], [32], [10]]);
    expect(infos[0].params).toBe(16 * 25 + 16);
    expect(infos[0].paramsWithoutSharing).toBe(784 * 16 * 784 + 16 * 784);
  });

  test('every preset is a valid classifier', () => {
    for (const name of PRESET_NAMES) expect(countParams(preset(name))).toBeGreaterThan(0);
  });

  test('mlp has 784·128+128 + 128·10+10 parameters', () => {
    expect(countParams(preset('mlp'))).toBe(784 * 128 + 128 + 128 * 10 + 10);
  });

  const bad = (layers: unknown[]): ModelSpec => ({ name: 'bad', input: [1, 28, 28], layers: layers as ModelSpec['layers'] });
  test.each([
    [[{ type: 'conv2d', filters: 4, kernel: 30 }], /layer 0 \(conv2d\): kernel 30 is larger than the padded input 28×28/],
    [[{ type: 'conv2d', filters: 0, kernel: 3 }], /layer 0 \(conv2d\): filters must be a positive integer/],
    [[{ type: 'maxpool2d', size: 2 }, { type: 'maxpool2d', size: 2 }, { type: 'maxpool2d', size: 2 }, { type: 'maxpool2d', size: 2 }, { type: 'maxpool2d', size: 2 }], /layer 4 \(maxpool2d\): window 2 is larger than the input 1×1/],
    [[{ type: 'softmax' }], /layer 0 \(softmax\): unknown layer type/],
    // dense needs a flat input, so this stack fails at the dense layer before the conv is reached
    [[{ type: 'dense', units: 10 }, { type: 'conv2d', filters: 2, kernel: 3 }], /layer 0 \(dense\): needs a flat input/],
    [[{ type: 'flatten' }, { type: 'dense', units: 10 }, { type: 'conv2d', filters: 2, kernel: 3 }], /layer 2 \(conv2d\): needs an image input/],
    [[{ type: 'conv2d', filters: 2, kernel: 3, stride: 0 }], /stride must be a positive integer/],
  ])('rejects %j', (layers, message) => {
    expect(() => inferShapes(bad(layers))).toThrow(message);
  });
});

describe('resolvePads and outSize', () => {
  test.each([
    // [h, k, stride, padding] → [top, bottom, out]
    [28, 3, 1, 'same', 1, 1, 28],
    [28, 2, 1, 'same', 0, 1, 28],
    [28, 4, 1, 'same', 1, 2, 28],
    [28, 3, 2, 'same', 0, 1, 14],
    [7, 2, 2, 'same', 0, 1, 4],
    [7, 3, 3, 'same', 1, 1, 3],
    [5, 1, 2, 'same', 0, 0, 3],
    [28, 5, 1, 'valid', 0, 0, 24],
    [28, 5, 1, 2, 2, 2, 28],
    [4, 4, 1, 'valid', 0, 0, 1],
  ] as const)('h=%i k=%i s=%i p=%s → pads %i/%i, out %i', (h, k, s, p, top, bottom, out) => {
    const pads = resolvePads(h, h, k, s, p);
    expect([pads.top, pads.bottom, pads.left, pads.right]).toEqual([top, bottom, top, bottom]);
    expect(outSize(h, k, s, pads.top + pads.bottom)).toBe(out);
    if (p === 'same') expect(out).toBe(Math.ceil(h / s)); // TF 'same': ⌈H/S⌉
  });

  test('non-square input: same padding per axis', () => {
    expect(resolvePads(6, 5, 2, 2, 'same')).toEqual({ top: 0, bottom: 0, left: 0, right: 1 });
  });
});

describe('inferShapes on the other presets', () => {
  test('lenet: 5×5 same, then 5×5 valid, three dense layers', () => {
    expect(inferShapes(preset('lenet')).map((i) => i.outShape)).toEqual([[6, 28, 28], [6, 28, 28], [6, 14, 14], [16, 10, 10], [16, 10, 10], [16, 5, 5], [400], [120], [120], [84], [84], [10]]);
    expect(countParams(preset('lenet'))).toBe(6 * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10);
  });
  test('strided: stride-2 same convolutions halve the size', () => {
    const infos = inferShapes(preset('strided'));
    expect(infos.map((i) => i.outShape)).toEqual([[16, 14, 14], [16, 14, 14], [32, 7, 7], [32, 7, 7], [1568], [32], [32], [10]]);
    expect(infos[0].pads).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
  });
  test('params of pooling, relu and flatten are 0; paramsWithoutSharing only on conv layers', () => {
    const infos = inferShapes(preset('cnn'));
    expect(infos.filter((i) => i.type !== 'conv2d' && i.type !== 'dense').every((i) => i.params === 0)).toBe(true);
    expect(infos.filter((i) => i.paramsWithoutSharing !== undefined).map((i) => i.type)).toEqual(['conv2d', 'conv2d']);
  });
});

describe('spec errors name the layer and the field', () => {
  const spec = (layers: unknown[], input: unknown = [1, 28, 28]) => ({ name: 'bad', input, layers }) as ModelSpec;
  const tail = [{ type: 'flatten' }, { type: 'dense', units: 10 }];
  test.each([
    [spec(tail, [1, 28]), null, /^spec: input must be \[channels, height, width\] of positive integers, got \[1,28\]/],
    [spec(tail, [0, 28, 28]), null, /^spec: input must be/],
    [spec([]), null, /^spec: layers must be a non-empty list/],
    [{ name: 'x', input: [1, 28, 28] } as unknown as ModelSpec, null, /^spec: layers must be a non-empty list/],
    [spec([null, ...tail]), 0, /^layer 0: expected an object/],
    [spec([{ type: 'dense', units: 10, activation: 'relu' }]), 0, /^layer 0 \(dense\): unknown field "activation"/],
    [spec([{ type: 'dense', units: 0 }]), 0, /^layer 0 \(dense\): units must be a positive integer, got 0/],
    [spec([{ type: 'dense', units: 10, trainable: 'no' }]), 0, /^layer 0 \(dense\): trainable must be true or false/],
    [spec([{ type: 'conv2d', filters: 2, kernel: 2.5 }, ...tail]), 0, /^layer 0 \(conv2d\): kernel must be a positive integer, got 2\.5/],
    [spec([{ type: 'conv2d', filters: 2, kernel: 3, padding: -1 }, ...tail]), 0, /^layer 0 \(conv2d\): padding must be 'valid', 'same' or a whole number from 0 to 32, got -1/],
    [spec([{ type: 'conv2d', filters: 2, kernel: 3, padding: 'full' }, ...tail]), 0, /got "full"/],
    [spec([{ type: 'conv2d', filters: 2, kernel: 3, frozenChannels: [2] }, ...tail]), 0, /^layer 0 \(conv2d\): frozenChannels must list distinct channels in 0\.\.1, got \[2\]$/],
    // every field within its limit (core/limits.ts), named with the limit, before any size is worked out from it
    [spec([{ type: 'conv2d', filters: 4, kernel: 3, stride: 1e308 }, ...tail]), 0, /^layer 0 \(conv2d\): stride 1e\+308 is over the limit of 32$/],
    [spec([{ type: 'conv2d', filters: 4, kernel: 10_001, padding: 'same' }, ...tail]), 0, /^layer 0 \(conv2d\): kernel 10001 is over the limit of 32$/],
    [spec([{ type: 'conv2d', filters: 1e6, kernel: 3 }, ...tail]), 0, /^layer 0 \(conv2d\): filters 1000000 is over the limit of 1024$/],
    [spec([{ type: 'conv2d', filters: 4, kernel: 3, padding: 33 }, ...tail]), 0, /^layer 0 \(conv2d\): padding must be 'valid', 'same' or a whole number from 0 to 32, got 33$/],
    [spec([{ type: 'conv2d', filters: 4, kernel: 3, padding: null }, ...tail]), 0, /^layer 0 \(conv2d\): padding must be .*, got null$/],
    [spec([{ type: 'conv2d', filters: 4, kernel: 3, stride: null }, ...tail]), 0, /^layer 0 \(conv2d\): stride must be a positive integer, got null$/],
    [spec([{ type: 'conv2d', filters: 4, kernel: 3, frozenChannels: [1, 1] }, ...tail]), 0, /^layer 0 \(conv2d\): frozenChannels must list distinct channels/],
    [spec([{ type: 'conv2d', filters: 4, kernel: 3, frozenChannels: [, 1] }, ...tail]), 0, /^layer 0 \(conv2d\): frozenChannels must list distinct channels in 0\.\.3, got \[,1\]$/],
    [spec([{ type: 'maxpool2d', size: 33 }, ...tail]), 0, /^layer 0 \(maxpool2d\): size 33 is over the limit of 32$/],
    [spec([{ type: 'flatten' }, { type: 'dense', units: 100_000 }, { type: 'dense', units: 10 }]), 1, /^layer 1 \(dense\): units 100000 is over the limit of 16384$/],
    [spec(tail, [1, 2048, 2048]), null, /^spec: input 2048×2048 is over the limit of 512×512 pixels$/],
    [spec(tail, [17, 28, 28]), null, /^spec: input channels 17 is over the limit of 16$/],
    [spec(tail, [1, , 28] as unknown as number[]), null, /^spec: input must be \[channels, height, width\] of positive integers, got \[1,,28\]$/],
    [spec(Array.from({ length: 65 }, () => ({ type: 'relu' }))), null, /^spec: 65 layers is over the limit of 64$/],
    [{ ...spec(tail), extra: 1 } as unknown as ModelSpec, null, /^spec: unknown field "extra"$/],
    [JSON.parse('{"name":"p","input":[1,28,28],"layers":[{"type":"flatten"},{"type":"dense","units":10}],"__proto__":{}}') as ModelSpec, null, /^spec: unknown field "__proto__"$/],
    [{ ...spec(tail), name: 'x'.repeat(201) }, null, /^spec: name must be a string of at most 200 characters/],
    [spec([{ type: 'flatten', constructor: 1 } as never, { type: 'dense', units: 10 }]), 0, /^layer 0 \(flatten\): unknown field "constructor"$/],
    [spec([{ type: 'toString' } as never, ...tail]), 0, /^layer 0 \(toString\): unknown layer type/],
    [spec([{ type: 'conv2d', filters: 2, kernel: 3, trainable: 1 }, ...tail]), 0, /^layer 0 \(conv2d\): trainable must be true or false/],
    [spec([{ type: 'conv2d', filters: 2, kernel: 3 }, { type: 'maxpool2d', size: 2, stride: 0 }, ...tail]), 1, /^layer 1 \(maxpool2d\): stride must be a positive integer, got 0/],
    [spec([{ type: 'flatten' }, { type: 'avgpool2d', size: 2 }, { type: 'dense', units: 10 }]), 1, /^layer 1 \(avgpool2d\): needs an image input \[C,H,W\], got \[784\]/],
    [spec([{ type: 'dense', units: 10 }]), 0, /^layer 0 \(dense\): needs a flat input \[N\]; put a flatten before it, got \[1,28,28\]$/],
    [spec([{ type: 'conv2d', filters: 4, kernel: 3 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 }, { type: 'dense', units: 10 }]), 3, /^layer 3 \(dense\): needs a flat input \[N\]; put a flatten before it, got \[4,13,13\]$/],
    [spec([{ type: 'relu', inplace: true }, ...tail]), 0, /^layer 0 \(relu\): unknown field "inplace"/],
    [spec([{ type: 'conv2d', filters: 2, kernel: 31, padding: 1 }, ...tail]), 0, /^layer 0 \(conv2d\): kernel 31 is larger than the padded input 30×30/],
  ])('%j', (s, layer, message) => {
    expect(() => inferShapes(s)).toThrow(message);
    try {
      inferShapes(s);
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      expect((e as SpecError).layer).toBe(layer);
    }
  });

  test('values JSON cannot carry are refused cleanly too: a BigInt, a cycle, a Symbol', () => {
    expect(() => inferShapes(spec([{ type: 'dense', units: 10n }]))).toThrow(/^layer 0 \(dense\): units must be a positive integer, got 10n$/);
    const cyclic: unknown[] = [1, 28];
    cyclic.push(cyclic);
    expect(() => inferShapes(spec(tail, cyclic))).toThrow(/^spec: input must be .*, got \[1,28,\[1,28,\[1,28,\[…\]\]\]\]$/);
    expect(() => inferShapes(spec([{ type: 'conv2d', filters: 2, kernel: 3, padding: Symbol('p') }, ...tail]))).toThrow(/^layer 0 \(conv2d\): padding must be .*, got symbol$/);
  });

  test('assertClassifier wants 10 class scores at the end when asked for 10', () => {
    expect(() => assertClassifier(spec([{ type: 'flatten' }, { type: 'dense', units: 9 }]), 10)).toThrow(/^spec: the last layer must output 10 class scores, got \[9\]/);
    expect(() => assertClassifier(spec([{ type: 'conv2d', filters: 10, kernel: 28 }]), 10)).toThrow(/got \[10,1,1\]/);
    expect(assertClassifier(preset('cnn'), 10)).toHaveLength(10);
  });

  test('assertClassifier without a class count wants flat scores for at least 2 classes', () => {
    expect(assertClassifier(spec([{ type: 'flatten' }, { type: 'dense', units: 3 }]))).toHaveLength(2);
    expect(() => assertClassifier(spec([{ type: 'flatten' }, { type: 'dense', units: 1 }]))).toThrow(/^spec: the last layer must output one score per class \(\[k\], k ≥ 2\), got \[1\]/);
    expect(() => assertClassifier(spec([{ type: 'conv2d', filters: 10, kernel: 28 }]))).toThrow(/got \[10,1,1\]/);
  });
});
