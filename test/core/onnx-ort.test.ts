// The proof that exported files mean what the studio computes: ONNX Runtime (onnxruntime-node, CPU) runs every
// preset's export on 1 000 MNIST test images and gives the core's logits within 1e-4; specs using the other layer
// options (average pooling, explicit and asymmetric padding, strides, another input size) agree too.
import { describe, expect, test } from 'vitest';
import { argmaxRow, Model } from '../../core/model.js';
import { exportOnnx } from '../../core/onnx/export.js';
import type { ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { maxAbsDiff, mnistTestBatch, ortLogits, presetModels } from './helpers/onnx.js';

const IMAGES = 1000;

describe('ONNX Runtime runs the exports like the core', () => {
  test.each(presetModels())('$name ($weights): 1 000 MNIST test images, logits within 1e-4, same predictions', async ({ name, model }) => {
    const { x } = await mnistTestBatch(IMAGES);
    const core = model.forward(x).data;
    const ort = await ortLogits(exportOnnx(model), x);
    const delta = maxAbsDiff(ort, core);
    console.log(`ONNX Runtime vs core, ${name}: max |Δlogit| over ${IMAGES} images = ${delta.toExponential(2)}`);
    expect(delta).toBeLessThan(1e-4);
    const classes = model.infos.at(-1)!.outShape[0];
    const top = (l: ArrayLike<number>, i: number) => argmaxRow(l, i * classes, classes);
    expect(Array.from({ length: IMAGES }, (_, i) => top(ort, i))).toEqual(Array.from({ length: IMAGES }, (_, i) => top(core, i)));
  });

  const other: ModelSpec[] = [
    {
      name: 'avgpool-padded',
      input: [1, 28, 28],
      layers: [
        { type: 'conv2d', filters: 4, kernel: 3, padding: 2 },
        { type: 'relu' },
        { type: 'avgpool2d', size: 3, stride: 2 },
        { type: 'conv2d', filters: 6, kernel: 4, stride: 3, padding: 'same' },
        { type: 'maxpool2d', size: 2, stride: 1 },
        { type: 'flatten' },
        { type: 'dense', units: 12 },
        { type: 'dense', units: 5 },
      ],
    },
    {
      name: 'rgb-32',
      input: [3, 32, 20],
      layers: [{ type: 'conv2d', filters: 5, kernel: 2, padding: 'same' }, { type: 'relu' }, { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 3 }],
    },
  ];
  test.each(other)('$name: random inputs, logits within 1e-4', async (spec) => {
    const model = new Model(spec, 5);
    const [c, h, w] = spec.input;
    const x = Tensor.from([7, c, h, w], Float32Array.from({ length: 7 * c * h * w }, (_, i) => ((i * 7919) % 1000) / 1000));
    const delta = maxAbsDiff(await ortLogits(exportOnnx(model), x), model.forward(x).data);
    expect(delta).toBeLessThan(1e-4);
  });
});
