// What a spec costs and sees, before anything is allocated: per layer the forward multiply-adds per image, the
// receptive field of one unit (the input pixels it depends on) and the activation values it holds; the totals; and
// the budget a model must fit on this kind of machine (checked by Model before it allocates a single weight).
import { layerDef } from './layers/registry.js';
import { inferShapes, SpecError, type LayerInfo, type ModelSpec } from './spec.js';

export interface LayerCost {
  index: number;
  /** Multiply-adds of one forward pass for one image. */
  macs: number;
  /**
   * The input pixels one unit of this layer depends on, height × width (at most the input's size): e.g. [5, 5] after a
   * 5×5 conv, [28, 28] after a dense layer.
   */
  field: [number, number];
  /** Values this layer outputs per image. */
  activations: number;
}

export interface SpecCost {
  layers: LayerCost[];
  params: number;
  macs: number;
  /** Output values of all layers per image (what a forward pass keeps for backward). */
  activations: number;
}

/**
 * Where one unit of a layer looks in the input: unit (y, x) depends on input rows y·jump + offset[0] up to size rows
 * on, and columns x·jump + offset[1] likewise. Unclipped: near the border the window reaches into the padding,
 * outside the image (offset < 0).
 */
export interface ReceptiveField {
  size: number;
  jump: number;
  /** [rows, columns] of unit (0, 0)'s window's top-left corner, in input pixels. */
  offset: [number, number];
}

/**
 * Each layer's receptive field, null from the first layer that sees the whole input (dense) on. It follows j (how far
 * apart neighbouring units' windows are, in input pixels), r (a unit's window) and the window's start: a K×K window
 * moved by S with P rows of padding above gives r' = r + (K − 1)·j, j' = j·S, start' = start − P·j (Araujo et al.,
 * "Computing receptive fields of convolutional neural networks", Distill 2019).
 */
export function receptiveFields(spec: ModelSpec, infos: readonly LayerInfo[] = inferShapes(spec)): (ReceptiveField | null)[] {
  let rf: ReceptiveField | null = { size: 1, jump: 1, offset: [0, 0] };
  return spec.layers.map((l, i) => {
    const win = layerDef(l.type).window?.(l);
    if (win === 'all') rf = null;
    else if (win && rf) {
      const pads = infos[i].pads ?? { top: 0, left: 0 };
      const { size, jump, offset } = rf;
      rf = { size: size + (win.kernel - 1) * jump, jump: jump * win.stride, offset: [offset[0] - pads.top * jump, offset[1] - pads.left * jump] };
    }
    return rf;
  });
}

/** A dense layer sees the whole input; the receptive field (receptiveFields) is at most the input's size. */
export function specCost(spec: ModelSpec, infos: readonly LayerInfo[] = inferShapes(spec)): SpecCost {
  const [, h, w] = spec.input;
  const fields = receptiveFields(spec, infos);
  let inShape: readonly number[] = spec.input;
  const layers = spec.layers.map((l, i): LayerCost => {
    const out = infos[i].outShape;
    const macs = layerDef(l.type).macs(l, inShape, out);
    inShape = out;
    const r = fields[i]?.size;
    return { index: i, macs, field: r === undefined ? [h, w] : [Math.min(r, h), Math.min(r, w)], activations: out.reduce((a, b) => a * b, 1) };
  });
  const sum = (f: (l: LayerCost) => number) => layers.reduce((a, l) => a + f(l), 0);
  return { layers, params: infos.reduce((a, l) => a + l.params, 0), macs: sum((l) => l.macs), activations: sum((l) => l.activations) };
}

/** What one model may ask for: set for a 2-core, few-GB machine training in one worker. */
export const BUDGET = {
  /** Weights and biases (4 bytes each, three copies with the gradient and Adam's moments): 20 M is ~320 MB. */
  params: 20_000_000,
  /** Output values of all layers for one image; a batch of 32 keeps about three times 32 × this: 1 M is ~400 MB. */
  activations: 1_000_000,
  /** Forward multiply-adds per image: 500 M is ~0.15 s per training image at FLOPS (the default cnn needs 1.3 M). */
  macs: 500_000_000,
  /** The longest an epoch may be estimated to take (estimateEpochSeconds), in seconds. */
  epochSeconds: 3600,
} as const;

/** Floating-point operations per second assumed for estimates: this core's WebAssembly kernels on one thread do 20–45. */
export const FLOPS = 20e9;

/** Seconds one epoch of `images` training images would take: forward + backward ≈ 3× the forward, 2 FLOP a MAC. */
export function estimateEpochSeconds(macs: number, images: number, flopsPerSecond = FLOPS): number {
  return (3 * 2 * macs * images) / flopsPerSecond;
}

/** Refuses an epoch estimated to take longer than the budget allows, saying how long and what to change. */
export function checkEpochTime(macs: number, images: number, budget: typeof BUDGET = BUDGET): void {
  const s = estimateEpochSeconds(macs, images);
  if (s > budget.epochSeconds) {
    throw new SpecError(`one epoch of ${images.toLocaleString('en-US')} images would take about ${Math.round(s / 60)} min here (the limit is ${budget.epochSeconds / 60} min); use fewer training images or a smaller model`, null);
  }
}

/**
 * Refuses a spec that exceeds the budget, naming the first layer that takes it over and by how much; returns the
 * cost when it fits. Called by Model before anything is allocated.
 */
export function checkBudget(spec: ModelSpec, infos: readonly LayerInfo[] = inferShapes(spec), budget: typeof BUDGET = BUDGET): SpecCost {
  const cost = specCost(spec, infos);
  let params = 0;
  let acts = 0;
  let macs = 0;
  for (const l of cost.layers) {
    params += infos[l.index].params;
    acts += l.activations;
    macs += l.macs;
    const where = `layer ${l.index} (${infos[l.index].type})`;
    const over = (what: string, value: number, limit: number) =>
      new SpecError(`${where}: the model would need ${fmt(value)} ${what} up to here, more than the ${fmt(limit)} this studio allows; make it smaller`, l.index);
    if (params > budget.params) throw over('parameters', params, budget.params);
    if (acts > budget.activations) throw over('activation values per image', acts, budget.activations);
    if (macs > budget.macs) throw over('multiply-adds per image', macs, budget.macs);
  }
  return cost;
}

/** 1 234 567 → "1.23 M". */
function fmt(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)} G`;
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)} M`;
  return n.toLocaleString('en-US');
}
