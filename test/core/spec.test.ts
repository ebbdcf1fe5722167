import { describe, expect, test } from 'vitest';
import { PRESET_NAMES, preset } from '../../core/presets.js';
import { countParams, inferShapes, type ModelSpec } from '../../core/spec.js';

describe('inferShapes', () => {
  test('cnn preset: shapes follow floor((W − K + 2P)/S) + 1', () => {
    const infos = inferShapes(preset('cnn'));
    expect(infos.map((i) => i.outShape)).toEqual([[16, 28, 28], [16, 28, 28], [16, 14, 14], [32, 14, 14], [32, 14, 14], [32, 7, 7], [1568], [10]]);
    expect(infos[0].params).toBe(16 * 9 + 16);
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
    [[{ type: 'dense', units: 10 }, { type: 'conv2d', filters: 2, kernel: 3 }], /layer 1 \(conv2d\): needs an image input/],
    [[{ type: 'conv2d', filters: 2, kernel: 3, stride: 0 }], /stride must be a positive integer/],
  ])('rejects %j', (layers, message) => {
    expect(() => inferShapes(bad(layers))).toThrow(message);
  });
});
