// The architecture spec: a JSON list of layers shared by the UI editor, the training worker and model files.
// inferShapes() validates a spec and works out every layer's output shape and parameter count.
import { CoreError } from './assert.js';

export type Padding = 'valid' | 'same' | number;

export interface Conv2dSpec {
  type: 'conv2d';
  filters: number;
  kernel: number;
  stride?: number;
  padding?: Padding;
  /** false freezes the whole layer. */
  trainable?: boolean;
  /** Output channels whose filters are frozen (hand-designed filters kept as they are). */
  frozenChannels?: number[];
}
export interface DenseSpec {
  type: 'dense';
  units: number;
  trainable?: boolean;
}
export interface PoolSpec {
  type: 'maxpool2d' | 'avgpool2d';
  size: number;
  stride?: number;
}
export interface ReluSpec {
  type: 'relu';
}
export interface FlattenSpec {
  type: 'flatten';
}
export type LayerSpec = Conv2dSpec | DenseSpec | PoolSpec | ReluSpec | FlattenSpec;
export type LayerType = LayerSpec['type'];
export const LAYER_TYPES: readonly LayerType[] = ['conv2d', 'dense', 'maxpool2d', 'avgpool2d', 'relu', 'flatten'];

export interface ModelSpec {
  name: string;
  /** Per-sample input shape [channels, height, width]. MNIST: [1, 28, 28]. */
  input: [number, number, number];
  layers: LayerSpec[];
}

/** Padding on each side, resolved from a Padding value (TF 'same': extra padding goes bottom/right). */
export interface Pads {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface LayerInfo {
  index: number;
  type: LayerType;
  /** Per-sample output shape: [C, H, W] for image layers, [N] for flat ones. */
  outShape: number[];
  params: number;
  /** For conv layers: weights a dense layer mapping the same input to the same output would need. */
  paramsWithoutSharing?: number;
  /** Resolved padding for conv layers. */
  pads?: Pads;
}

export class SpecError extends CoreError {
  constructor(
    message: string,
    readonly layer: number | null,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

/** Output length of a convolution or pooling window: floor((W − K + P_total)/S) + 1. */
export function outSize(w: number, k: number, stride: number, padTotal: number): number {
  return Math.floor((w - k + padTotal) / stride) + 1;
}

export function resolvePads(h: number, w: number, k: number, stride: number, padding: Padding): Pads {
  if (padding === 'valid') return { top: 0, left: 0, bottom: 0, right: 0 };
  if (padding === 'same') {
    const ph = Math.max((Math.ceil(h / stride) - 1) * stride + k - h, 0);
    const pw = Math.max((Math.ceil(w / stride) - 1) * stride + k - w, 0);
    return { top: Math.floor(ph / 2), left: Math.floor(pw / 2), bottom: ph - Math.floor(ph / 2), right: pw - Math.floor(pw / 2) };
  }
  return { top: padding, left: padding, bottom: padding, right: padding };
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

function checkKeys(spec: Record<string, unknown>, allowed: string[], where: string, i: number): void {
  for (const key of Object.keys(spec)) {
    if (!allowed.includes(key)) throw new SpecError(`${where}: unknown field "${key}"`, i);
  }
}

/**
 * Validate a spec and infer each layer's output shape and parameter count.
 * Throws SpecError naming the layer (e.g. `layer 3 (conv2d): kernel 5 is larger than padded input 4×4`).
 */
export function inferShapes(spec: ModelSpec): LayerInfo[] {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('spec: expected an object', null);
  if (!Array.isArray(spec.input) || spec.input.length !== 3 || !spec.input.every(isPosInt)) {
    throw new SpecError(`spec: input must be [channels, height, width] of positive integers, got ${JSON.stringify(spec.input)}`, null);
  }
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw new SpecError('spec: layers must be a non-empty list', null);
  let shape: number[] = [...spec.input];
  const infos: LayerInfo[] = [];
  spec.layers.forEach((layer, i) => {
    const type = (layer as { type?: unknown })?.type;
    const where = `layer ${i} (${String(type)})`;
    if (typeof layer !== 'object' || layer === null) throw new SpecError(`layer ${i}: expected an object`, i);
    if (!LAYER_TYPES.includes(type as LayerType)) {
      throw new SpecError(`${where}: unknown layer type; expected one of ${LAYER_TYPES.join(', ')}`, i);
    }
    const image = shape.length === 3;
    const inSize = shape.reduce((a, b) => a * b, 1);
    const l = layer as LayerSpec;
    switch (l.type) {
      case 'conv2d': {
        checkKeys(l as unknown as Record<string, unknown>, ['type', 'filters', 'kernel', 'stride', 'padding', 'trainable', 'frozenChannels'], where, i);
        if (!image) throw new SpecError(`${where}: needs an image input [C,H,W], got [${shape.join(',')}]`, i);
        if (!isPosInt(l.filters)) throw new SpecError(`${where}: filters must be a positive integer, got ${l.filters}`, i);
        if (!isPosInt(l.kernel)) throw new SpecError(`${where}: kernel must be a positive integer, got ${l.kernel}`, i);
        const stride = l.stride ?? 1;
        if (!isPosInt(stride)) throw new SpecError(`${where}: stride must be a positive integer, got ${stride}`, i);
        const padding = l.padding ?? 'valid';
        if (!(padding === 'valid' || padding === 'same' || (Number.isInteger(padding) && (padding as number) >= 0))) {
          throw new SpecError(`${where}: padding must be 'valid', 'same' or a non-negative integer, got ${JSON.stringify(padding)}`, i);
        }
        const [c, h, w] = shape;
        const pads = resolvePads(h, w, l.kernel, stride, padding);
        const ph = h + pads.top + pads.bottom;
        const pw = w + pads.left + pads.right;
        if (l.kernel > ph || l.kernel > pw) {
          throw new SpecError(`${where}: kernel ${l.kernel} is larger than the padded input ${ph}×${pw}`, i);
        }
        const oh = outSize(h, l.kernel, stride, pads.top + pads.bottom);
        const ow = outSize(w, l.kernel, stride, pads.left + pads.right);
        if (oh <= 0 || ow <= 0) throw new SpecError(`${where}: output size ${oh}×${ow} is not positive`, i);
        if (l.frozenChannels !== undefined) {
          if (!Array.isArray(l.frozenChannels) || !l.frozenChannels.every((k) => Number.isInteger(k) && k >= 0 && k < l.filters)) {
            throw new SpecError(`${where}: frozenChannels must list channels in 0..${l.filters - 1}`, i);
          }
        }
        if (l.trainable !== undefined && typeof l.trainable !== 'boolean') throw new SpecError(`${where}: trainable must be true or false`, i);
        const params = l.filters * c * l.kernel * l.kernel + l.filters;
        shape = [l.filters, oh, ow];
        infos.push({ index: i, type: l.type, outShape: shape, params, paramsWithoutSharing: inSize * l.filters * oh * ow + l.filters * oh * ow, pads });
        return;
      }
      case 'maxpool2d':
      case 'avgpool2d': {
        checkKeys(l as unknown as Record<string, unknown>, ['type', 'size', 'stride'], where, i);
        if (!image) throw new SpecError(`${where}: needs an image input [C,H,W], got [${shape.join(',')}]`, i);
        if (!isPosInt(l.size)) throw new SpecError(`${where}: size must be a positive integer, got ${l.size}`, i);
        const stride = l.stride ?? l.size;
        if (!isPosInt(stride)) throw new SpecError(`${where}: stride must be a positive integer, got ${stride}`, i);
        const [c, h, w] = shape;
        if (l.size > h || l.size > w) throw new SpecError(`${where}: window ${l.size} is larger than the input ${h}×${w}`, i);
        shape = [c, outSize(h, l.size, stride, 0), outSize(w, l.size, stride, 0)];
        infos.push({ index: i, type: l.type, outShape: shape, params: 0 });
        return;
      }
      case 'relu':
        checkKeys(l as unknown as Record<string, unknown>, ['type'], where, i);
        infos.push({ index: i, type: l.type, outShape: [...shape], params: 0 });
        return;
      case 'flatten':
        checkKeys(l as unknown as Record<string, unknown>, ['type'], where, i);
        shape = [inSize];
        infos.push({ index: i, type: l.type, outShape: shape, params: 0 });
        return;
      case 'dense': {
        checkKeys(l as unknown as Record<string, unknown>, ['type', 'units', 'trainable'], where, i);
        if (!isPosInt(l.units)) throw new SpecError(`${where}: units must be a positive integer, got ${l.units}`, i);
        if (l.trainable !== undefined && typeof l.trainable !== 'boolean') throw new SpecError(`${where}: trainable must be true or false`, i);
        shape = [l.units];
        infos.push({ index: i, type: l.type, outShape: shape, params: inSize * l.units + l.units });
        return;
      }
    }
  });
  return infos;
}

export function countParams(spec: ModelSpec): number {
  return inferShapes(spec).reduce((a, l) => a + l.params, 0);
}

/** Checks a spec ends in the 10 class logits a classifier needs. */
export function assertClassifier(spec: ModelSpec, classes = 10): LayerInfo[] {
  const infos = inferShapes(spec);
  const last = infos[infos.length - 1];
  if (last.outShape.length !== 1 || last.outShape[0] !== classes) {
    throw new SpecError(`spec: the last layer must output ${classes} class scores, got [${last.outShape.join(',')}]`, last.index);
  }
  return infos;
}
