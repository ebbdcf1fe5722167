// The ONNX writer (core/onnx/export.ts): opset 13, standard ops only, every layer's attributes, explicit and
// asymmetric pads, float32 initializers named as in model files, a dynamic batch dimension, named input and output.
import { describe, expect, test } from 'vitest';
import { Model } from '../../core/model.js';
import { exportOnnx } from '../../core/onnx/export.js';
import { onnx, readTensor, toInt } from '../../core/onnx/proto.js';
import { PRESET_NAMES, preset } from '../../core/presets.js';
import type { ModelSpec } from '../../core/spec.js';

const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes);
/** The decoded graph with its lists typed as present (the decoder always fills them). */
function graphOf(m: onnx.ModelProto): { name: string; node: onnx.NodeProto[]; input: onnx.ValueInfoProto[]; output: onnx.ValueInfoProto[]; initializer: onnx.TensorProto[] } {
  return m.graph as unknown as ReturnType<typeof graphOf>;
}
const ints = (node: onnx.INodeProto, name: string) => node.attribute!.find((a) => a.name === name)!.ints!.map((v) => toInt(v, name));
const int = (node: onnx.INodeProto, name: string) => toInt(node.attribute!.find((a) => a.name === name)!.i, name);
const shapeOf = (v: onnx.IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || toInt(d.dimValue, 'dim'));

describe('the file', () => {
  test.each(PRESET_NAMES)('%s: opset 13, IR 7, only standard ops, input [batch,1,28,28] and output [batch,10]', (name) => {
    const model = new Model(preset(name), 2);
    const m = decode(exportOnnx(model, { producerVersion: '9.9.9', docString: 'seeded' }));
    expect(toInt(m.irVersion, 'ir')).toBe(7);
    expect(m.opsetImport.map((o) => [o.domain, toInt(o.version, 'v')])).toEqual([['', 13]]);
    expect([m.producerName, m.producerVersion, m.docString]).toEqual(['CNN Studio', '9.9.9', 'seeded']);
    const g = graphOf(m);
    expect(g.name).toBe(name);
    expect(g.input.map((v) => [v.name, v.type!.tensorType!.elemType, shapeOf(v)])).toEqual([['input', 1, ['batch', 1, 28, 28]]]);
    expect(g.output.map((v) => [v.name, shapeOf(v)])).toEqual([['logits', ['batch', 10]]]);
    const ops = { conv2d: 'Conv', relu: 'Relu', maxpool2d: 'MaxPool', avgpool2d: 'AveragePool', flatten: 'Flatten', dense: 'Gemm' };
    expect(g.node.map((n) => n.opType)).toEqual(model.spec.layers.map((l) => ops[l.type]));
    expect(g.node.every((n) => !n.domain)).toBe(true);
    // a chain: each node reads the one before it, the last writes "logits"
    g.node.forEach((n, i) => expect(n.input[0]).toBe(i === 0 ? 'input' : g.node[i - 1].output[0]));
    expect(g.node.at(-1)!.output).toEqual(['logits']);
    // every weight is a float32 initializer with the model's name, shape and values
    const weights = model.getWeights();
    expect(g.initializer.map((t) => t.name)).toEqual(weights.map((w) => w.name));
    for (const w of weights) {
      const t = readTensor(g.initializer.find((i) => i.name === w.name)!, w.name);
      expect([t.type, t.dims]).toEqual([onnx.TensorProto.DataType.FLOAT, w.shape]);
      expect(Float32Array.from(t.data)).toEqual(w.data);
    }
  });
});

describe('attributes', () => {
  const spec: ModelSpec = {
    name: 'attrs',
    input: [1, 28, 28],
    layers: [
      { type: 'conv2d', filters: 3, kernel: 5, stride: 2, padding: 'same' },
      { type: 'relu' },
      { type: 'conv2d', filters: 2, kernel: 4, padding: 'same' },
      { type: 'conv2d', filters: 2, kernel: 3, padding: 1 },
      { type: 'conv2d', filters: 2, kernel: 3 },
      { type: 'maxpool2d', size: 2 },
      { type: 'avgpool2d', size: 2, stride: 1 },
      { type: 'flatten' },
      { type: 'dense', units: 4 },
    ],
  };
  const nodes = graphOf(decode(exportOnnx(new Model(spec, 1)))).node;

  test('Conv: kernel_shape, strides, dilations 1, group 1 and explicit pads [top, left, bottom, right]', () => {
    expect(nodes[0].name).toBe('layer0_conv2d');
    expect(nodes[0].input).toEqual(['input', '0.weight', '0.bias']);
    expect([ints(nodes[0], 'kernel_shape'), ints(nodes[0], 'strides'), ints(nodes[0], 'dilations'), int(nodes[0], 'group')]).toEqual([[5, 5], [2, 2], [1, 1], 1]);
    // 'same' with stride 2 on 28: 3 rows of padding in all, the odd one at the bottom and right (TensorFlow's rule)
    expect(ints(nodes[0], 'pads')).toEqual([1, 1, 2, 2]);
    // an even kernel 'same' at stride 1: 3 in all, asymmetric too
    expect(ints(nodes[2], 'pads')).toEqual([1, 1, 2, 2]);
    expect(ints(nodes[3], 'pads')).toEqual([1, 1, 1, 1]);
    expect(ints(nodes[4], 'pads')).toEqual([0, 0, 0, 0]);
    expect(nodes.some((n) => n.attribute.some((a) => a.name === 'auto_pad'))).toBe(false);
  });

  test('MaxPool and AveragePool: kernel_shape, strides written even when equal to the size, no padding', () => {
    expect([nodes[5].opType, ints(nodes[5], 'kernel_shape'), ints(nodes[5], 'strides'), ints(nodes[5], 'pads')]).toEqual(['MaxPool', [2, 2], [2, 2], [0, 0, 0, 0]]);
    expect([nodes[6].opType, ints(nodes[6], 'kernel_shape'), ints(nodes[6], 'strides')]).toEqual(['AveragePool', [2, 2], [1, 1]]);
  });

  test('Flatten axis 1; Gemm with transB 1 on the [out, in] weight', () => {
    expect([nodes[7].opType, int(nodes[7], 'axis')]).toEqual(['Flatten', 1]);
    expect([nodes[8].opType, int(nodes[8], 'transB'), nodes[8].input.slice(1), nodes[8].output]).toEqual(['Gemm', 1, ['8.weight', '8.bias'], ['logits']]);
  });

  test('another input size and channel count is written as it is', () => {
    const s: ModelSpec = { name: 'rgb', input: [3, 32, 20], layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }] };
    expect(shapeOf(graphOf(decode(exportOnnx(new Model(s, 1)))).input[0])).toEqual(['batch', 3, 32, 20]);
  });
});
