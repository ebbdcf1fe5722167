// The ONNX reader (core/onnx/import.ts): each op and attribute it maps, checked against ONNX Runtime on the same file;
// the round trip of every preset (export → import → same spec and logits); and a clear OnnxError for every kind of
// file it cannot take (wrong bytes, opsets, ops, attributes and shapes).
import { describe, expect, test } from 'vitest';
import { Model } from '../../core/model.js';
import { exportOnnx } from '../../core/onnx/export.js';
import { importOnnx, importOnnxModel, MAX_ONNX_BYTES } from '../../core/onnx/import.js';
import { floatAttr, intAttr, intsAttr, onnx, OnnxError } from '../../core/onnx/proto.js';
import { preset } from '../../core/presets.js';
import { Tensor } from '../../core/tensor.js';
import { int64Init, maxAbsDiff, mnistTestBatch, node, onnxBytes, ortLogits, presetModels, randomInit, type GraphParts } from './helpers/onnx.js';

const strAttr = (name: string, s: string): onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(s) });

/** Imports `p` and checks the studio model against ONNX Runtime on 5 seeded inputs; returns the import. */
async function agrees(p: GraphParts, probabilities = false, batch = 5) {
  const bytes = onnxBytes(p);
  const r = importOnnxModel(bytes, 'test.onnx');
  const [c, h, w] = r.model.spec.input;
  const x = Tensor.from([batch, c, h, w], Float32Array.from({ length: batch * c * h * w }, (_, i) => ((i * 7919) % 997) / 997 - 0.3));
  const core = probabilities ? r.model.predict(x).data : r.model.forward(x).data;
  expect(maxAbsDiff(await ortLogits(bytes, x), core)).toBeLessThan(1e-5);
  return r;
}
const fails = (p: GraphParts) => () => importOnnx(onnxBytes(p), 'test.onnx');

/** conv 3×3 (2 filters) on a [1,6,6] input, then flatten and a Gemm to 3 classes: a classifier around one conv. */
function convNet(attrs: onnx.IAttributeProto[], opts: { bias?: boolean; flat?: number; k?: number } = {}): GraphParts {
  const k = opts.k ?? 3;
  return {
    nodes: [
      node('Conv', ['x', 'w', ...(opts.bias === false ? [] : ['b'])], 'c', attrs),
      node('Flatten', ['c'], 'f'),
      node('Gemm', ['f', 'g', 'gb'], 'y', [intAttr('transB', 1)]),
    ],
    inits: [randomInit('w', [2, 1, k, k], 1), randomInit('b', [2], 2), randomInit('g', [3, opts.flat ?? 72], 3), randomInit('gb', [3], 4)],
  };
}

describe('round trip: export → import gives the same model', () => {
  test.each(presetModels())('$name ($weights): same spec and weights, logits within 1e-5 on 200 MNIST test images', async ({ name, model }) => {
    const back = importOnnxModel(exportOnnx(model), `${name}.onnx`);
    expect(back.model.spec).toEqual({ ...model.spec, name });
    expect(back.model.getWeights()).toEqual(model.getWeights());
    const { x } = await mnistTestBatch(200);
    expect(maxAbsDiff(back.model.forward(x).data, model.forward(x).data)).toBeLessThan(1e-5);
    expect(back.meta).toMatchObject({ name, epochs: 0, testAccuracy: null, seed: null, notes: `imported from ${name}.onnx` });
  });

  test('a model of another input size and channel count round-trips too', () => {
    const model = new Model({ name: 'rgb', input: [3, 32, 20], layers: [{ type: 'conv2d', filters: 2, kernel: 4, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 4 }] }, 2);
    const back = importOnnx(exportOnnx(model), 'rgb.onnx');
    expect(back.spec).toEqual(model.spec);
    expect(back.weights).toEqual(model.getWeights());
  });
});

describe('Conv', () => {
  test('with bias, 3×3, default stride and no pads: a valid conv', async () => {
    const r = await agrees(convNet([intsAttr('kernel_shape', [3, 3])], { flat: 32 }));
    expect(r.model.spec.layers).toEqual([{ type: 'conv2d', filters: 2, kernel: 3 }, { type: 'flatten' }, { type: 'dense', units: 3 }]);
  });

  test('without bias: the bias is 0', async () => {
    const r = await agrees(convNet([], { bias: false, flat: 32 }));
    expect(Array.from(r.model.getWeights()[1].data)).toEqual([0, 0]);
  });

  test.each([
    ['symmetric pads 1', [intsAttr('pads', [1, 1, 1, 1])], 'same', 72],
    ['symmetric pads 2', [intsAttr('pads', [2, 2, 2, 2])], 2, 128],
    ['auto_pad SAME_UPPER', [strAttr('auto_pad', 'SAME_UPPER')], 'same', 72],
    ['auto_pad VALID', [strAttr('auto_pad', 'VALID')], undefined, 32],
    ['stride 2, pads [0,0,1,1] (as same)', [intsAttr('strides', [2, 2]), intsAttr('pads', [0, 0, 1, 1])], 'same', 18],
  ] as const)('%s', async (_, attrs, padding, flat) => {
    const r = await agrees(convNet([...attrs], { flat }));
    expect((r.model.spec.layers[0] as { padding?: unknown }).padding).toBe(padding);
  });

  test.each([
    ['group 2', [intAttr('group', 2)], /group 2 \(grouped or depthwise convolution\) is not supported/],
    ['dilations 2', [intsAttr('dilations', [2, 2])], /Conv \(node c\): dilations \[2,2\] are not supported; only 1/],
    ['strides 1×2', [intsAttr('strides', [1, 2])], /strides \[1,2\] differ/],
    ['asymmetric pads other than same', [intsAttr('pads', [1, 0, 0, 1])], /pads \[1,0,0,1\] \(top,left,bottom,right\) cannot be mapped: .*'same' does \(here \[1,1,1,1\]/],
    ['SAME_LOWER with an odd total', [strAttr('auto_pad', 'SAME_LOWER'), intsAttr('strides', [2, 2])], /pads \[1,1,0,0\].*cannot be mapped/],
    ['kernel_shape unlike the weights', [intsAttr('kernel_shape', [5, 5])], /kernel_shape \[5,5\] does not match weights \[2,1,3,3\]/],
  ] as const)('%s is refused, naming the node', (_, attrs, message) => {
    expect(fails(convNet([...attrs]))).toThrow(message);
  });

  test('a non-square kernel and a channel mismatch are refused', () => {
    const p = convNet([]);
    p.inits![0] = randomInit('w', [2, 1, 3, 2], 1);
    expect(fails(p)).toThrow(/kernel 3×2 is not square/);
    p.inits![0] = randomInit('w', [2, 3, 3, 3], 1);
    expect(fails(p)).toThrow(/weights take 3 input channels, the input has 1/);
  });
});

describe('pooling, flatten, reshape', () => {
  const pooled = (op: string, attrs: onnx.IAttributeProto[], flat: number, extraOut = false): GraphParts => ({
    nodes: [{ ...node(op, ['x'], 'p', attrs), output: extraOut ? ['p', 'idx'] : ['p'] }, node('Flatten', ['p'], 'f'), node('Gemm', ['f', 'g'], 'y', [intAttr('transB', 1)])],
    inits: [randomInit('g', [3, flat], 3)],
  });

  test('MaxPool 2×2 stride 2 and AveragePool 3×3 with the default stride 1', async () => {
    expect((await agrees(pooled('MaxPool', [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2])], 9))).model.spec.layers[0]).toEqual({ type: 'maxpool2d', size: 2 });
    expect((await agrees(pooled('AveragePool', [intsAttr('kernel_shape', [3, 3])], 16))).model.spec.layers[0]).toEqual({ type: 'avgpool2d', size: 3, stride: 1 });
  });

  test('ceil_mode 1 is accepted where it changes nothing, refused where it would', async () => {
    await agrees(pooled('MaxPool', [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2]), intAttr('ceil_mode', 1)], 9));
    expect(fails(pooled('MaxPool', [intsAttr('kernel_shape', [3, 3]), intsAttr('strides', [2, 2]), intAttr('ceil_mode', 1)], 4))).toThrow(/ceil_mode 1 gives a larger output/);
  });

  test('padding, a non-square window and the Indices output are refused', () => {
    expect(fails(pooled('MaxPool', [intsAttr('kernel_shape', [2, 2]), intsAttr('pads', [1, 1, 1, 1])], 9))).toThrow(/MaxPool \(node p\): pads \[1,1,1,1\] are not supported: the studio's pooling has no padding/);
    expect(fails(pooled('AveragePool', [intsAttr('kernel_shape', [2, 3])], 9))).toThrow(/kernel_shape \[2,3\] is not a square/);
    expect(fails(pooled('MaxPool', [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2])], 9, true))).toThrow(/its Indices output is not supported/);
  });

  const reshaped = (shape: number[], input: (number | string)[] = ['N', 1, 6, 6], constant = false): GraphParts => ({
    input,
    nodes: [
      ...(constant ? [{ opType: 'Constant', output: ['s'], name: 'shape', attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: int64Init('', shape) }] }] : []),
      node('Reshape', ['x', 's'], 'r'),
      node('Gemm', ['r', 'g'], 'y', [intAttr('transB', 1)]),
    ],
    inits: [...(constant ? [] : [int64Init('s', shape)]), randomInit('g', [3, 36], 3)],
  });

  test.each([[[-1, 36]], [[0, -1]], [[0, 36]]])('Reshape to %j (an initializer) is a flatten', async (shape) => {
    expect((await agrees(reshaped(shape))).model.spec.layers[0]).toEqual({ type: 'flatten' });
  });

  test('Reshape whose shape is a Constant node, and a fixed batch of 1 reshaped to [1, F]', async () => {
    await agrees(reshaped([-1, 36], undefined, true));
    await agrees(reshaped([1, 36], [1, 1, 6, 6]), false, 1);
  });

  test('a Reshape to anything but [batch, features] is refused', () => {
    expect(fails(reshaped([-1, 6, 6]))).toThrow(/reshapes \[batch,1,6,6\] to \[-1,6,6\]; only a reshape to \[batch, 36\]/);
    expect(fails(reshaped([2, 18]))).toThrow(/to \[2,18\]/);
  });

  test('Flatten with axis -3 is a flatten; axis 2 is refused; a Flatten of flat features adds no layer', async () => {
    const flat = (axis: number): GraphParts => ({ nodes: [node('Flatten', ['x'], 'f', [intAttr('axis', axis)]), node('Flatten', ['f'], 'f2'), node('Gemm', ['f2', 'g'], 'y', [intAttr('transB', 1)])], inits: [randomInit('g', [3, 36], 3)] });
    expect((await agrees(flat(-3))).model.spec.layers.map((l) => l.type)).toEqual(['flatten', 'dense']);
    expect(fails(flat(2))).toThrow(/Flatten axis 2 does not give \[batch, features\]/);
  });
});

describe('computed reshapes, GlobalAveragePool, Identity, Dropout, LogSoftmax', () => {
  const scalar = (name: string, v: number): onnx.ITensorProto => ({ name, dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [v] });
  /** PyTorch's x.view(x.size(0), -1): Shape, Gather(0), Unsqueeze(0), Concat with [-1], Reshape. */
  const viewNet = (gatherIndex = 0, shapeOf = 'p'): GraphParts => ({
    nodes: [
      node('GlobalAveragePool', ['x'], 'p'),
      node('Shape', [shapeOf], 'shp'),
      node('Gather', ['shp', 'i0'], 'b', [intAttr('axis', 0)]),
      node('Unsqueeze', ['b', 'ax'], 'b1'),
      node('Concat', ['b1', 'm1'], 'tgt', [intAttr('axis', 0)]),
      node('Reshape', ['p', 'tgt'], 'r'),
      node('Identity', ['r'], 'r2'),
      node('Dropout', ['r2'], 'd'),
      node('Gemm', ['d', 'g', 'gb'], 'l', [intAttr('transB', 1)]),
      node('LogSoftmax', ['l'], 'y', [intAttr('axis', 1)]),
    ],
    input: ['N', 4, 6, 6],
    inits: [scalar('i0', gatherIndex), int64Init('ax', [0]), int64Init('m1', [-1]), randomInit('g', [3, 4], 3), randomInit('gb', [3], 4)],
  });

  test('x.view(x.size(0), -1) after a global average pool, Identity, Dropout and a trailing LogSoftmax import as avg pool, flatten, dense', async () => {
    const bytes = onnxBytes(viewNet());
    const r = importOnnxModel(bytes, 'test.onnx');
    expect(r.model.spec.layers).toEqual([{ type: 'avgpool2d', size: 6 }, { type: 'flatten' }, { type: 'dense', units: 3 }]);
    expect(r.notes.join('; ')).toMatch(/read GlobalAveragePool \(node p\) as a 6×6 average pool; dropped the trailing LogSoftmax \(node y\)/);
    const x = Tensor.from([5, 4, 6, 6], Float32Array.from({ length: 5 * 144 }, (_, i) => ((i * 7919) % 997) / 997 - 0.3));
    // the file's output is log-probabilities: the log of the imported model's probabilities
    expect(maxAbsDiff(await ortLogits(bytes, x), r.model.predict(x).data.map(Math.log))).toBeLessThan(1e-5);
  });

  test('shape arithmetic it cannot follow is refused, naming the node', () => {
    expect(fails(viewNet(7))).toThrow(/Gather \(node b\): index 7 is outside the shape \[batch,4,1,1\]/);
    expect(fails(viewNet(0, 'x'))).toThrow(/Shape \(node shp\): takes the shape of x; only the shape of the previous layer's output p/);
    const gathered = viewNet(1); // [4, -1]: the channel count where the batch should be
    expect(fails(gathered)).toThrow(/Reshape \(node r\): reshapes \[batch,4,1,1\] to \[4,-1\]/);
  });

  test('a GlobalAveragePool over a map that is not square, and Dropout in training mode, are refused', () => {
    const gap: GraphParts = { nodes: [node('GlobalAveragePool', ['x'], 'p'), node('Flatten', ['p'], 'f'), node('Gemm', ['f', 'g'], 'y', [intAttr('transB', 1)])], input: ['N', 1, 6, 4], inits: [randomInit('g', [3, 1], 3)] };
    expect(fails(gap)).toThrow(/GlobalAveragePool \(node p\): averages a 6×4 map; the studio's pooling windows are square/);
    const training: GraphParts = {
      nodes: [node('Flatten', ['x'], 'f'), node('Dropout', ['f', 'ratio', 'tm'], 'd'), node('Gemm', ['d', 'g'], 'y', [intAttr('transB', 1)])],
      inits: [{ name: 'ratio', dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [0.5] }, { name: 'tm', dims: [], dataType: onnx.TensorProto.DataType.BOOL, int32Data: [1] }, randomInit('g', [3, 36], 3)],
    };
    expect(fails(training)).toThrow(/Dropout \(node d\): dropout in training mode is not supported/);
    // training_mode false (a bool, as PyTorch writes it in raw bytes): inference, nothing changes
    training.inits![1] = { name: 'tm', dims: [], dataType: onnx.TensorProto.DataType.BOOL, rawData: new Uint8Array([0]) };
    expect(importOnnx(onnxBytes(training), 'test.onnx').spec.layers.map((l) => l.type)).toEqual(['flatten', 'dense']);
  });
});

describe('Gemm, MatMul, Add, BatchNormalization, Pad, Softmax', () => {
  const head = (nodes: onnx.INodeProto[], inits: onnx.ITensorProto[]): GraphParts => ({ input: ['N', 1, 2, 3], nodes: [node('Flatten', ['x'], 'f'), ...nodes], inits });

  test('Gemm with transB 0 ([in, out] weights) and with transB 1, a bias of [out] or [1, out]', async () => {
    await agrees(head([node('Gemm', ['f', 'w', 'b'], 'y')], [randomInit('w', [6, 4], 1), randomInit('b', [4], 2)]));
    await agrees(head([node('Gemm', ['f', 'w', 'b'], 'y', [intAttr('transB', 1)])], [randomInit('w', [4, 6], 1), randomInit('b', [1, 4], 2)]));
  });

  test('Gemm with alpha ≠ 1 or transA is refused', () => {
    expect(fails(head([node('Gemm', ['f', 'w'], 'y', [floatAttr('alpha', 2)])], [randomInit('w', [6, 4], 1)]))).toThrow(/alpha 2, beta 1, transA 0; only alpha 1/);
    expect(fails(head([node('Gemm', ['f', 'w'], 'y', [intAttr('transA', 1)])], [randomInit('w', [6, 4], 1)]))).toThrow(/transA 1/);
  });

  test('MatMul + Add (the bias on either side) is a dense layer', async () => {
    const r = await agrees(head([node('MatMul', ['f', 'w'], 'm'), node('Add', ['b', 'm'], 'y')], [randomInit('w', [6, 4], 1), randomInit('b', [4], 2)]));
    expect(r.model.spec.layers).toEqual([{ type: 'flatten' }, { type: 'dense', units: 4 }]);
  });

  test('an Add that is no bias right after a layer is refused', () => {
    expect(fails(head([node('MatMul', ['f', 'w'], 'm'), node('Relu', ['m'], 'r'), node('Add', ['r', 'b'], 'y')], [randomInit('w', [6, 4], 1), randomInit('b', [4], 2)]))).toThrow(/Add \(node y\): does not come right after a Conv, Gemm or MatMul/);
    expect(fails(head([node('MatMul', ['f', 'w'], 'm'), node('Add', ['m', 'b'], 'y')], [randomInit('w', [6, 4], 1), randomInit('b', [3, 4], 2)]))).toThrow(/adds a \[3,4\] tensor to \[batch,4\]; only a bias of 4 values/);
    // a skip connection: the second input is an earlier activation
    expect(fails(head([node('MatMul', ['f', 'w'], 'm'), node('Add', ['m', 'f'], 'y')], [randomInit('w', [6, 6], 1)]))).toThrow(/reads f, which is neither a constant nor the previous layer's output; the studio imports a chain of layers/);
  });

  const bn = (after: 'conv' | 'relu', attrs: onnx.IAttributeProto[] = []): GraphParts => {
    const conv = convNet([intsAttr('pads', [1, 1, 1, 1])], { bias: false });
    const stats = ['scale', 'shift', 'mean', 'var'].map((n, i) => (n === 'var' ? { ...randomInit(n, [2], 9), rawData: undefined, floatData: [0.7, 1.9] } : randomInit(n, [2], 5 + i)));
    const bnNode = node('BatchNormalization', [after === 'conv' ? 'c' : 'r', 'scale', 'shift', 'mean', 'var'], 'bn', [floatAttr('epsilon', 1e-3), ...attrs]);
    const nodes = [conv.nodes[0], ...(after === 'relu' ? [node('Relu', ['c'], 'r')] : []), bnNode, { ...conv.nodes[1], input: ['bn'] }, conv.nodes[2]];
    return { nodes, inits: [...conv.inits!, ...stats] };
  };

  test('BatchNormalization right after a Conv is folded into it (and says so)', async () => {
    const r = await agrees(bn('conv'));
    expect(r.notes).toEqual(['folded BatchNormalization (node bn) into layer 0 (conv2d)']);
    expect(r.meta.notes).toBe('imported from test.onnx; folded BatchNormalization (node bn) into layer 0 (conv2d)');
  });

  test('BatchNormalization elsewhere, or in training mode, is refused', () => {
    expect(fails(bn('relu'))).toThrow(/BatchNormalization \(node bn\): does not come right after a Conv/);
    expect(fails(bn('conv', [intAttr('training_mode', 1)]))).toThrow(/training_mode 1 is not supported/);
  });

  test('a Pad of zeros before a Conv becomes its padding; a zero Pad does nothing; a Pad before a pool is refused', async () => {
    const padded = (pads: number[], next: 'Conv' | 'MaxPool'): GraphParts => {
      const conv = convNet([], { flat: next === 'Conv' ? 72 : 18 });
      const first = next === 'Conv' ? conv.nodes[0] : node('MaxPool', ['x'], 'c', [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2])]);
      const nodes = [node('Pad', ['x', 'pads'], 'xp'), { ...first, input: ['xp', ...first.input!.slice(1)] }, ...conv.nodes.slice(1)];
      if (next === 'MaxPool') conv.inits!.splice(2, 1, randomInit('g', [3, pads.some((p) => p) ? 16 : 9], 3));
      return { nodes, inits: [...conv.inits!, int64Init('pads', pads)] };
    };
    expect((await agrees(padded([0, 0, 1, 1, 0, 0, 1, 1], 'Conv'))).model.spec.layers[0]).toEqual({ type: 'conv2d', filters: 2, kernel: 3, padding: 'same' });
    expect((await agrees(padded([0, 0, 0, 0, 0, 0, 0, 0], 'MaxPool'))).model.spec.layers[0]).toEqual({ type: 'maxpool2d', size: 2 });
    expect(fails(padded([0, 0, 1, 1, 0, 0, 1, 1], 'MaxPool'))).toThrow(/Pad \(node xp\): pads \[1,1,1,1\] and is followed by MaxPool \(node c\); only padding right before a Conv/);
  });

  test('a trailing Softmax is dropped with a note; one that is not last is refused', async () => {
    const r = await agrees(head([node('Gemm', ['f', 'w'], 'l'), node('Softmax', ['l'], 'y', [intAttr('axis', -1)])], [randomInit('w', [6, 4], 1)]), true);
    expect(r.notes).toEqual(["dropped the trailing Softmax (node y): the model outputs logits, whose softmax is the file's output (the same class wins)"]);
    expect(fails(head([node('Gemm', ['f', 'w'], 'l'), node('Softmax', ['l'], 's'), node('Relu', ['s'], 'y')], [randomInit('w', [6, 4], 1)]))).toThrow(/Relu \(node y\): comes after Softmax \(node s\); only a Softmax at the very end can be dropped/);
  });

  test('constants from Constant nodes (value_floats) and float_data, int64 and double initializers', async () => {
    const w = randomInit('w', [6, 2], 1);
    const values = Array.from(new Float32Array(w.rawData!.buffer.slice(0)));
    const nodes = [{ opType: 'Constant', output: ['b'], name: 'bias', attribute: [{ name: 'value_floats', type: onnx.AttributeProto.AttributeType.FLOATS, floats: [0.25, -0.5] }] }, node('MatMul', ['f', 'w'], 'm'), node('Add', ['m', 'b'], 'y')];
    await agrees(head(nodes, [{ name: 'w', dims: [6, 2], dataType: onnx.TensorProto.DataType.FLOAT, floatData: values }]));
    const r = importOnnx(onnxBytes(head(nodes, [{ name: 'w', dims: [6, 2], dataType: onnx.TensorProto.DataType.DOUBLE, doubleData: values }])), 'd.onnx');
    expect(Array.from(r.weights[0].data)).toEqual(Array.from({ length: 12 }, (_, i) => values[(i % 6) * 2 + Math.floor(i / 6)]));
    expect(Array.from(r.weights[1].data)).toEqual([0.25, -0.5]);
  });
});

describe('files it cannot read say why', () => {
  const good = exportOnnx(new Model(preset('lenet'), 1));

  test.each([
    ['empty', new Uint8Array(0), /empty\.onnx: not an ONNX model: it has no graph with nodes/],
    ['truncated', good.subarray(0, good.length - 1000), /truncated\.onnx: not an ONNX model: the protobuf data is broken or truncated \(index out of range/],
    ['a model file (JSON)', new TextEncoder().encode('{"format":"cnn-studio-model","version":1}'), /not an ONNX model/],
    ['a PNG', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), /not an ONNX model/],
  ])('%s', (name, bytes, message) => {
    expect(() => importOnnx(bytes, `${name.split(' ')[0]}.onnx`)).toThrow(OnnxError);
    expect(() => importOnnx(bytes, `${name.split(' ')[0]}.onnx`)).toThrow(message);
  });

  test('larger than MAX_ONNX_BYTES: refused before decoding', () => {
    expect(() => importOnnx(new Uint8Array(MAX_ONNX_BYTES + 1), 'big.onnx')).toThrow(`big.onnx: ${MAX_ONNX_BYTES + 1} bytes is larger than the ${MAX_ONNX_BYTES} an imported model may have`);
  });

  test.each([[6], [99]])('opset %i', (opset) => {
    expect(fails({ ...convNet([]), opset })).toThrow(`test.onnx: opset ${opset} is not supported; the importer reads opsets 7 to 22`);
  });

  test('no ai.onnx opset', () => {
    const m = onnx.ModelProto.decode(onnxBytes(convNet([])));
    m.opsetImport = [{ domain: 'ai.onnx.ml', version: 3 }];
    expect(() => importOnnx(onnx.ModelProto.encode(m).finish(), 'ml.onnx')).toThrow('ml.onnx: declares no ai.onnx opset');
  });

  test('unsupported ops: every one listed with its node name (and domain), unnamed ones by index', () => {
    const p = convNet([]);
    p.nodes.splice(1, 0, node('Sigmoid', ['c'], 'sig'), { opType: 'FusedConv', domain: 'com.microsoft', input: ['sig'], output: ['fc'] });
    expect(fails(p)).toThrow(/^test\.onnx: unsupported ops: Sigmoid \(node sig\), com\.microsoft\.FusedConv \(node #2 \(unnamed\)\); the importer reads Conv, Relu/);
  });

  test.each([
    ['a symbolic height', ['N', 1, 'H', 6], /input x \[N,1,H,6\]: dimension 2 must be a fixed size from 1 to 4096/],
    ['a huge declared side', ['N', 1, 1e9, 1e9], /input x \[N,1,1000000000,1000000000\]: dimension 2 must be a fixed size/],
    ['too many values per image', ['N', 512, 128, 128], /has 8388608 values per image, more than 4194304/],
    ['flat features', ['N', 36], /input x has shape \[N,36\]; the studio takes images \[batch,C,H,W\]/],
  ] as const)('an input with %s', (_, input, message) => {
    expect(fails({ ...convNet([]), input: [...input] })).toThrow(message);
  });

  test('int64 dims beyond 2^53, weights declaring more values than they hold or than memory allows, external data, float16', () => {
    const withWeight = (t: onnx.ITensorProto) => {
      const p = convNet([]);
      p.inits![0] = t;
      return fails(p);
    };
    const big = { high: 0x7fffffff, low: 0, unsigned: false };
    expect(withWeight({ name: 'w', dims: [big as unknown as number], dataType: 1, floatData: [1] })).toThrow(/initializer w: dims: an int64 is too large/);
    expect(withWeight({ name: 'w', dims: [2, 1, 3, 3], dataType: 1, floatData: [1, 2] })).toThrow('test.onnx: initializer w: dims [2,1,3,3] need 18 FLOAT values, the file has 2');
    expect(withWeight({ name: 'w', dims: [1e6, 1e6], dataType: 1, floatData: [1] })).toThrow(/declares \[1000000,1000000\] = 1000000000000 values, more than 67108864/);
    expect(withWeight({ name: 'w', dims: [2, 1, 3, 3], dataType: 1, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL })).toThrow(/initializer w: its data is in an external file/);
    expect(withWeight({ name: 'w', dims: [2, 1, 3, 3], dataType: onnx.TensorProto.DataType.FLOAT16, rawData: new Uint8Array(36) })).toThrow(/element type FLOAT16 is not supported/);
    expect(withWeight({ name: 'w', dims: [2, 1, 3, 3], dataType: 1, floatData: [NaN, ...Array<number>(17).fill(0)] })).toThrow(/initializer w: value 0 is not finite/);
  });

  test('weights that are not constants, a graph output that is not the last layer, a network that is no classifier', () => {
    const p = convNet([]);
    p.inits!.splice(0, 1);
    expect(fails(p)).toThrow(/Conv \(node c\): reads w, which is neither a constant nor the previous layer's output/);
    expect(fails({ ...convNet([], { flat: 32 }), output: 'c' })).toThrow("test.onnx: the graph's output c is not the last layer's output y");
    expect(fails({ nodes: [node('Conv', ['x', 'w'], 'c')], inits: [randomInit('w', [2, 1, 3, 3], 1)] })).toThrow(/the imported layers are not a classifier: spec: the last layer must output one score per class/);
  });
});
