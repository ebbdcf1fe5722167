// The architecture spec: a JSON list of layers shared by the UI editor, the training worker and model files.
// inferShapes() validates a spec and works out every layer's output shape and parameter count (the layer registry,
// core/layers/registry.ts, knows each kind's fields and shapes).
import { isPlainObject, preview } from './assert.js';
import { LIMITS } from './limits.js';
import { isPosInt, SpecError } from './layers/checks.js';
import { layerDef, LAYERS } from './layers/registry.js';

export { outSize, resolvePads, SpecError } from './layers/checks.js';

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
/** Every layer type, in the registry's order. */
export const LAYER_TYPES = Object.keys(LAYERS) as readonly LayerType[];

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

/**
 * Validate a spec and infer each layer's output shape and parameter count.
 * Throws SpecError naming the layer (e.g. `layer 3 (conv2d): kernel 5 is larger than padded input 4×4`).
 */
export function inferShapes(spec: ModelSpec): LayerInfo[] {
  // sizes and kinds first, each against its limit (core/limits.ts), before any shape is worked out
  const whole = (message: string) => new SpecError(`spec: ${message}`, null);
  if (!isPlainObject(spec)) throw whole(`expected an object, got ${preview(spec)}`);
  for (const key of Object.keys(spec)) if (key !== 'name' && key !== 'input' && key !== 'layers') throw whole(`unknown field ${preview(key)}`);
  if (spec.name !== undefined && (typeof spec.name !== 'string' || spec.name.length > LIMITS.nameChars)) throw whole(`name must be a string of at most ${LIMITS.nameChars} characters, got ${preview(spec.name)}`);
  const input: unknown = spec.input;
  if (!Array.isArray(input) || input.length !== 3 || ![0, 1, 2].every((i) => isPosInt(input[i]))) {
    throw whole(`input must be [channels, height, width] of positive integers, got ${preview(input)}`);
  }
  const [c, h, w] = input as number[];
  if (c > LIMITS.inputChannels) throw whole(`input channels ${c} is over the limit of ${LIMITS.inputChannels}`);
  if (Math.max(h, w) > LIMITS.inputSide) throw whole(`input ${h}×${w} is over the limit of ${LIMITS.inputSide}×${LIMITS.inputSide} pixels`);
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw whole('layers must be a non-empty list');
  if (spec.layers.length > LIMITS.layers) throw whole(`${spec.layers.length} layers is over the limit of ${LIMITS.layers}`);
  let shape: readonly number[] = input as number[];
  return Array.from({ length: spec.layers.length }, (_, i) => {
    const layer = spec.layers[i];
    if (!isPlainObject(layer)) throw new SpecError(`layer ${i}: expected an object, got ${preview(layer)}`, i);
    const type = Object.hasOwn(layer, 'type') ? layer.type : undefined;
    const where = `layer ${i} (${typeof type === 'string' ? type.slice(0, 40) : preview(type)})`;
    if (!LAYER_TYPES.includes(type as LayerType)) {
      throw new SpecError(`${where}: unknown layer type; expected one of ${LAYER_TYPES.join(', ')}`, i);
    }
    const fail = (message: string): never => {
      throw new SpecError(`${where}: ${message}`, i);
    };
    const def = layerDef(type as LayerType);
    for (const key of Object.keys(layer)) if (!def.keys.includes(key)) fail(`unknown field ${preview(key)}`);
    const info: LayerInfo = { index: i, type: type as LayerType, ...def.infer(layer as unknown as LayerSpec, shape, fail) };
    shape = info.outShape;
    return info;
  });
}

export function countParams(spec: ModelSpec): number {
  return inferShapes(spec).reduce((a, l) => a + l.params, 0);
}

/**
 * Checks a spec ends in the flat class scores a classifier needs: `classes` of them when given, else any number
 * from 2 up. Returns the layer infos.
 */
export function assertClassifier(spec: ModelSpec, classes?: number): LayerInfo[] {
  const infos = inferShapes(spec);
  const last = infos[infos.length - 1];
  const flat = last.outShape.length === 1;
  if (classes !== undefined ? !flat || last.outShape[0] !== classes : !flat || last.outShape[0] < 2) {
    const want = classes !== undefined ? `${classes} class scores` : 'one score per class ([k], k ≥ 2)';
    throw new SpecError(`spec: the last layer must output ${want}, got [${last.outShape.join(',')}]`, last.index);
  }
  return infos;
}

/** How many classes a classifier spec scores (the length of its last layer's flat output). */
export function classCount(infos: readonly LayerInfo[]): number {
  return infos[infos.length - 1].outShape[0];
}

/**
 * The spec with its head fitted to `classes` outputs: the last dense layer's units (a copy; layers after it, such as a
 * ReLU, are kept). Throws SpecError when the spec has no dense layer to resize.
 */
export function withClassCount(spec: ModelSpec, classes: number): ModelSpec {
  const copy = JSON.parse(JSON.stringify(spec)) as ModelSpec;
  for (let i = copy.layers.length - 1; i >= 0; i--) {
    const layer = copy.layers[i];
    if (layer.type === 'dense') {
      layer.units = classes;
      return copy;
    }
  }
  throw new SpecError(`spec: no dense layer to score ${classes} classes; end the stack with a dense layer`, null);
}
