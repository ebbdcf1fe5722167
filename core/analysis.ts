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
 * The receptive field follows j (how far apart neighbouring units' windows are, in input pixels) and r (a unit's
 * window): a K×K window moved by S gives r' = r + (K − 1)·j and j' = j·S (Araujo et al., "Computing receptive fields of
 * convolutional neural networks", Distill 2019). A dense layer sees the whole input.
 */
export function specCost(spec: ModelSpec, infos: readonly LayerInfo[] = inferShapes(spec)): SpecCost {
  const [, h, w] = spec.input;
  let r = 1;
  let j = 1;
  let all = false;
  let inShape: readonly number[] = spec.input;
  const layers = spec.layers.map((l, i): LayerCost => {
    const def = layerDef(l.type);
    const out = infos[i].outShape;
    const win = def.window?.(l);
    if (win === 'all') all = true;
    else if (win) {
      r += (win.kernel - 1) * j;
      j *= win.stride;
    }
    const macs = def.macs(l, inShape, out);
    inShape = out;
    return { index: i, macs, field: all ? [h, w] : [Math.min(r, h), Math.min(r, w)], activations: out.reduce((a, b) => a * b, 1) };
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
