// ONNX out: a studio model as an ONNX file (opset 13, standard ops only: Conv, Relu, MaxPool, AveragePool, Flatten,
// Gemm), bytes in memory, written through the generated protobuf code. Input "input" [batch, C, H, W], output "logits"
// [batch, classes], batch a named dynamic dimension. docs/onnx.md.
import type { Model } from '../model.js';
import type { LayerInfo, LayerSpec } from '../spec.js';
import { EXPORT_IR_VERSION, EXPORT_OPSET, OnnxError, floatTensor, intAttr, intsAttr, onnx, DataType } from './proto.js';

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'logits';

export interface ExportOptions {
  /** Written as producer_version (e.g. the app's version). */
  producerVersion?: string;
  /** Written as the model's doc_string (e.g. where the weights came from). */
  docString?: string;
}

const dims = (batch: string, shape: readonly number[]): onnx.ITensorShapeProto => ({
  dim: [{ dimParam: batch }, ...shape.map((d) => ({ dimValue: d }))],
});

const valueInfo = (name: string, shape: readonly number[]): onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: DataType.FLOAT, shape: dims('batch', shape) } },
});

/** The node(s) for one layer: its op, attributes and the names of its weight inputs. */
function layerNode(layer: LayerSpec, info: LayerInfo): { opType: string; attribute: onnx.IAttributeProto[]; weights: string[] } {
  const i = info.index;
  switch (layer.type) {
    case 'conv2d': {
      const s = layer.stride ?? 1;
      const p = info.pads!;
      const attribute = [intsAttr('kernel_shape', [layer.kernel, layer.kernel]), intsAttr('strides', [s, s]), intsAttr('pads', [p.top, p.left, p.bottom, p.right]), intsAttr('dilations', [1, 1]), intAttr('group', 1)];
      return { opType: 'Conv', attribute, weights: [`${i}.weight`, `${i}.bias`] };
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      const s = layer.stride ?? layer.size;
      const attribute = [intsAttr('kernel_shape', [layer.size, layer.size]), intsAttr('strides', [s, s]), intsAttr('pads', [0, 0, 0, 0])];
      return { opType: layer.type === 'maxpool2d' ? 'MaxPool' : 'AveragePool', attribute, weights: [] };
    }
    case 'relu':
      return { opType: 'Relu', attribute: [], weights: [] };
    case 'flatten':
      return { opType: 'Flatten', attribute: [intAttr('axis', 1)], weights: [] };
    case 'dense':
      // y = x·Wᵀ + b with W [out, in] (PyTorch's Linear layout, as the studio stores it)
      return { opType: 'Gemm', attribute: [intAttr('transB', 1)], weights: [`${i}.weight`, `${i}.bias`] };
  }
}

/**
 * The model as the bytes of an ONNX file (ModelProto). Every layer becomes one standard node named `layer<i>_<type>`;
 * weights are float32 initializers named as in model files (`0.weight`, `0.bias`). 'same' padding is written as the
 * explicit pads it resolves to (top, left, bottom, right), which may be asymmetric.
 */
export function exportOnnx(model: Model, options: ExportOptions = {}): Uint8Array<ArrayBuffer> {
  const { spec, infos } = model;
  const weights = new Map(model.getWeights().map((w) => [w.name, w]));
  const nodes: onnx.INodeProto[] = [];
  const initializer: onnx.ITensorProto[] = [];
  let x = ONNX_INPUT;
  spec.layers.forEach((layer, i) => {
    const { opType, attribute, weights: names } = layerNode(layer, infos[i]);
    const out = i === spec.layers.length - 1 ? ONNX_OUTPUT : `layer${i}`;
    for (const name of names) {
      const w = weights.get(name);
      if (!w) throw new OnnxError(`export: layer ${i} (${layer.type}) has no weight tensor ${name}`);
      initializer.push(floatTensor(name, w.shape, w.data));
    }
    nodes.push({ name: `layer${i}_${layer.type}`, opType, input: [x, ...names], output: [out], attribute });
    x = out;
  });
  const classes = infos[infos.length - 1].outShape;
  const graph: onnx.IGraphProto = {
    name: spec.name,
    node: nodes,
    initializer,
    input: [valueInfo(ONNX_INPUT, spec.input)],
    output: [valueInfo(ONNX_OUTPUT, classes)],
  };
  const proto: onnx.IModelProto = {
    irVersion: EXPORT_IR_VERSION,
    opsetImport: [{ domain: '', version: EXPORT_OPSET }],
    producerName: 'CNN Studio',
    producerVersion: options.producerVersion ?? '',
    docString: options.docString ?? '',
    graph,
  };
  const bytes = onnx.ModelProto.encode(proto).finish();
  // a plain Uint8Array view (protobufjs hands out a Buffer under Node)
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}
