// The layer registry: one entry per layer kind with its spec checks, output shape, parameter count, construction
// and descriptions. inferShapes, LAYER_TYPES, Model and the UI all read it; a new kind is one entry plus its class.
import { preview } from '../assert.js';
import { LIMITS } from '../limits.js';
import type { Conv2dSpec, DenseSpec, FlattenSpec, LayerSpec, LayerType, Padding, PoolSpec, ReluSpec } from '../spec.js';
import { checkFlat, checkFrozen, checkImage, checkPosInt, checkTrainable, orDefault, outSize, resolvePads } from './checks.js';
import { Conv2dLayer } from './conv.js';
import { DenseLayer } from './dense.js';
import { affineBound, type LayerDef } from './layer.js';
import { FlattenLayer, PoolLayer, ReluLayer } from './simple.js';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

const conv2d: LayerDef<Conv2dSpec> = {
  keys: ['type', 'filters', 'kernel', 'stride', 'padding', 'trainable', 'frozenChannels'],
  fusesRelu: true,
  infer(l, inShape, fail) {
    checkImage(inShape, fail);
    // every field within its limit before any size is worked out from it
    checkPosInt(l.filters, 'filters', fail, LIMITS.filters);
    checkPosInt(l.kernel, 'kernel', fail, LIMITS.kernel);
    const stride = checkPosInt(orDefault(l.stride, 1), 'stride', fail, LIMITS.stride);
    const padding = orDefault<unknown>(l.padding, 'valid');
    if (!(padding === 'valid' || padding === 'same' || (Number.isInteger(padding) && (padding as number) >= 0 && (padding as number) <= LIMITS.padding))) {
      fail(`padding must be 'valid', 'same' or a whole number from 0 to ${LIMITS.padding}, got ${preview(padding)}`);
    }
    if (l.frozenChannels !== undefined) checkFrozen(l.frozenChannels, l.filters, fail);
    const [c, h, w] = inShape;
    const pads = resolvePads(h, w, l.kernel, stride, padding as Padding);
    const ph = h + pads.top + pads.bottom;
    const pw = w + pads.left + pads.right;
    if (l.kernel > ph || l.kernel > pw) fail(`kernel ${l.kernel} is larger than the padded input ${ph}×${pw}`);
    const oh = outSize(h, l.kernel, stride, pads.top + pads.bottom);
    const ow = outSize(w, l.kernel, stride, pads.left + pads.right);
    if (oh <= 0 || ow <= 0) fail(`output size ${oh}×${ow} is not positive`);
    checkTrainable(l.trainable, fail);
    const outputs = l.filters * oh * ow;
    return { outShape: [l.filters, oh, ow], params: l.filters * c * l.kernel * l.kernel + l.filters, paramsWithoutSharing: c * h * w * outputs + outputs, pads };
  },
  construct: (l, ctx) => new Conv2dLayer(l, ctx.info, ctx.inShape, ctx.rng, ctx.options),
  bound: affineBound,
  // each output value: a dot product of the filter (C·K·K weights) and its patch
  macs: (l, inShape, outShape) => size(outShape) * inShape[0] * l.kernel * l.kernel,
  window: (l) => ({ kernel: l.kernel, stride: l.stride ?? 1 }),
  step(l, layer) {
    const [c, h, w] = layer.inShape;
    const [f, oh, ow] = layer.info.outShape;
    const { top, left } = layer.info.pads!;
    const g = { c, h, w, f, k: l.kernel, stride: l.stride ?? 1, padT: top, padL: left, oh, ow };
    return { op: 'conv', g, w: layer.params[0].value.data, b: layer.params[1].value.data, relu: false };
  },
  label: (l) => `conv ${l.filters}×${l.kernel}×${l.kernel}${l.stride && l.stride > 1 ? ` /${l.stride}` : ''}${l.padding === 'same' ? ' same' : ''}`,
  describe(l) {
    const frozen = l.frozenChannels?.length ? `, frozen channels ${l.frozenChannels.join(', ')}` : '';
    return `conv ${l.kernel}×${l.kernel}, ${l.filters} filters, stride ${l.stride ?? 1}, padding ${l.padding ?? 'valid'}${l.trainable === false ? ', frozen' : ''}${frozen}`;
  },
};

const dense: LayerDef<DenseSpec> = {
  keys: ['type', 'units', 'trainable'],
  infer(l, inShape, fail) {
    checkPosInt(l.units, 'units', fail, LIMITS.units);
    checkTrainable(l.trainable, fail);
    checkFlat(inShape, fail);
    return { outShape: [l.units], params: inShape[0] * l.units + l.units };
  },
  construct: (l, ctx) => new DenseLayer(l, ctx.info, ctx.inShape, ctx.rng, ctx.next?.type === 'relu', ctx.options),
  bound: affineBound,
  macs: (l, inShape) => size(inShape) * l.units,
  window: () => 'all',
  step: (l, layer) => ({ op: 'dense', inputs: layer.inShape[0], units: l.units, w: layer.params[0].value.data, b: layer.params[1].value.data, relu: false }),
  label: (l) => `dense ${l.units}`,
  describe: (l) => `dense, ${l.units} units`,
};

/** Max and average pooling share their checks and shapes; `name` is how the descriptions call them. */
function pool(short: 'max' | 'avg', name: string): LayerDef<PoolSpec> {
  return {
    keys: ['type', 'size', 'stride'],
    infer(l, inShape, fail) {
      checkImage(inShape, fail);
      checkPosInt(l.size, 'size', fail, LIMITS.kernel);
      const stride = checkPosInt(orDefault(l.stride, l.size), 'stride', fail, LIMITS.stride);
      const [c, h, w] = inShape;
      if (l.size > h || l.size > w) fail(`window ${l.size} is larger than the input ${h}×${w}`);
      return { outShape: [c, outSize(h, l.size, stride, 0), outSize(w, l.size, stride, 0)], params: 0 };
    },
    construct: (l, ctx) => new PoolLayer(l, ctx.info, ctx.inShape, ctx.options),
    // max pooling compares, average pooling adds: no multiply-adds either way
    macs: () => 0,
    window: (l) => ({ kernel: l.size, stride: l.stride ?? l.size }),
    step(l, layer) {
      const [c, h, w] = layer.inShape;
      const [, oh, ow] = layer.info.outShape;
      return { op: `${short}pool`, g: { c, h, w, size: l.size, stride: l.stride ?? l.size, oh, ow } };
    },
    label: (l) => `${short} pool ${l.size}×${l.size}`,
    describe: (l) => `${name} pool ${l.size}×${l.size}, stride ${l.stride ?? l.size}`,
  };
}

const relu: LayerDef<ReluSpec> = {
  keys: ['type'],
  infer: (_l, inShape) => ({ outShape: [...inShape], params: 0 }),
  construct: (l, ctx) => new ReluLayer(l, ctx.info, ctx.inShape, ctx.options),
  macs: () => 0,
  step: (_l, layer) => ({ op: 'relu', size: size(layer.inShape) }),
  label: () => 'relu',
  describe: () => 'ReLU: max(0, x) per value',
};

const flatten: LayerDef<FlattenSpec> = {
  keys: ['type'],
  infer: (_l, inShape) => ({ outShape: [inShape.reduce((a, b) => a * b, 1)], params: 0 }),
  construct: (l, ctx) => new FlattenLayer(l, ctx.info, ctx.inShape),
  macs: () => 0,
  step: () => null,
  label: () => 'flatten',
  describe: () => 'flatten: the maps laid out as one vector',
};

/** Every layer kind, keyed by its spec `type`. */
export const LAYERS = {
  conv2d,
  dense,
  maxpool2d: pool('max', 'max'),
  avgpool2d: pool('avg', 'average'),
  relu,
  flatten,
} satisfies { [K in LayerType]: LayerDef<LayerSpec & { type: K }> };

/** The registry entry for a layer type, typed for any spec (each entry reads its own kind's fields). */
export function layerDef(type: LayerType): LayerDef<LayerSpec> {
  return LAYERS[type];
}

/** A compact label for the layer table, e.g. "conv 16×5×5 same", "max pool 2×2", "dense 32". */
export function layerLabel(spec: LayerSpec): string {
  return layerDef(spec.type).label(spec);
}

/** What a layer does in one line, e.g. "conv 5×5, 16 filters, stride 1, padding same". */
export function describeLayer(spec: LayerSpec): string {
  return layerDef(spec.type).describe(spec);
}

/**
 * Whether layer i is half of a fused conv+ReLU pair: a layer whose entry fuses a following ReLU and has one, or
 * that ReLU.
 */
/**
 * The index of the max pooling layer that the conv layer at `conv` computes in training (conv2dPool): right after it, or
 * after its fused ReLU; -1 when there is none.
 */
export function fusedPool(layers: readonly LayerSpec[], conv: number): number {
  if (layers[conv]?.type !== 'conv2d') return -1;
  const j = layers[conv + 1]?.type === 'relu' ? conv + 2 : conv + 1;
  return layers[j]?.type === 'maxpool2d' ? j : -1;
}

export function fusedWithRelu(layers: readonly LayerSpec[], i: number): boolean {
  const fuses = (j: number) => j >= 0 && layerDef(layers[j].type).fusesRelu === true && layers[j + 1]?.type === 'relu';
  return fuses(i) || (layers[i].type === 'relu' && fuses(i - 1));
}
