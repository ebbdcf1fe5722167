// Putting a designed filter into the current model: checks it fits the first conv layer (a smaller filter goes in the
// centre of the layer's kernel), asks the session for model:set-filter and waits for its answer; and the
// designed-vs-learned comparison runs (same spec, seed and settings).
import type { Conv2dSpec, ModelSpec, Padding } from '../../../core/spec';
import type { Controller } from '../../app/controller';
import { validateForm } from '../../lib/config-form';
import { embeddedMapNote, embedKernel, fitProblem } from '../../lib/filters/embed';
import { findPreset } from '../../lib/filters/presets';
import { useStore } from '../../store';
import { currentStatus, currentView, isBusy } from '../../store/select';
import type { DesignerState, RunRecord } from '../../store/filters';

export interface ConvTarget {
  layer: number;
  filters: number;
  kernel: number;
  inC: number;
  stride: number;
  padding: Padding;
  /** The layer's input height and width. */
  h: number;
  w: number;
  frozen: number[];
}

/** The first conv layer of a spec, or null (e.g. an MLP). */
export function firstConv(spec: ModelSpec): ConvTarget | null {
  const i = spec.layers.findIndex((l) => l.type === 'conv2d');
  if (i < 0) return null;
  const l = spec.layers[i] as Conv2dSpec;
  if (i !== 0) return null;
  const [inC, h, w] = spec.input;
  return { layer: i, filters: l.filters, kernel: l.kernel, inC, stride: l.stride ?? 1, padding: l.padding ?? 'valid', h, w, frozen: l.frozenChannels ?? [] };
}

/** Why the designed filter cannot go into this model, or null when it can. */
export function mismatch(spec: ModelSpec | null, k: number): string | null {
  if (!spec) return 'The model is still loading.';
  const t = firstConv(spec);
  if (!t) return spec.layers.some((l) => l.type === 'conv2d') ? 'The first layer is not a conv layer.' : 'This model has no conv layer (it is an MLP): choose a CNN preset in the training panel.';
  return fitProblem(k, t.kernel);
}

/**
 * The L2 norm of a freshly initialised filter: He-normal weights (std √(2/n) for fan-in n) give each filter an
 * expected squared norm of n·2/n = 2, whatever its size.
 */
export const INIT_NORM = Math.SQRT2;

/**
 * The factor that gives a filter (all its input channels) the norm of a freshly initialised one; 1 for an all-zero
 * filter. Textbook kernels are far bigger (a 5×5 Sobel has norm 26.5): frozen unscaled, their maps are ~19× larger
 * than the learned channels' and training suffers (docs/panels.md has the figures).
 */
export function initScale(weights: readonly number[]): number {
  const norm = Math.hypot(...weights);
  return norm > 0 ? INIT_NORM / norm : 1;
}

/**
 * The weights for model:set-filter (inC×L×L): the K×K filter centred in the layer's L×L kernel (zeros around it
 * when K < L), repeated for each input channel; times initScale when `scaled`.
 */
export function filterWeights(d: DesignerState, inC: number, layerK: number = d.k, scaled = false): number[] {
  const w = Array.from({ length: inC }, () => embedKernel(d.weights, d.k, layerK)).flat();
  const f = scaled ? initScale(w) : 1;
  return f === 1 ? w : w.map((v) => v * f);
}

/** One line on how a smaller filter sits in the layer's kernel and what the layer's map then is; null when K = L. */
export function placementNote(t: ConvTarget, k: number, frozen: boolean): string | null {
  if (k >= t.kernel) return null;
  const border = frozen ? 'the border stays 0 (frozen with the filter)' : 'the border starts at 0 and is trained';
  return `${k}×${k} filter placed in the centre of the layer's ${t.kernel}×${t.kernel} kernel; ${border}. ${embeddedMapNote(k, t)}`;
}

export function describeFilter(d: DesignerState, channel: number, frozen: boolean, layerK: number = d.k, scale = 1): string {
  const name = d.preset ? findPreset(d.preset)!.name : 'hand-made filter';
  const centred = d.k < layerK ? `, centred in the layer's ${layerK}×${layerK} kernel` : '';
  const scaled = scale !== 1 ? `, scaled ×${formatScale(scale)}` : '';
  return `${name} ${d.k}×${d.k} in channel ${channel}, ${frozen ? 'frozen' : 'trainable'}${centred}${scaled}`;
}

/** A scale factor with 2 significant digits (×0.053, ×0.41, ×1.2). */
export function formatScale(f: number): string {
  if (f >= 10) return f.toFixed(0);
  const s = f.toPrecision(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** The factor putFilter applies for this designer state and layer (1 when not scaled). */
export function designScale(d: DesignerState, inC: number, layerK: number, scaled: boolean): number {
  return scaled ? initScale(filterWeights(d, inC, layerK)) : 1;
}

/**
 * Puts the designed filter (and its bias, scaled alike when `scaled`) into a channel of the current model's first
 * conv layer; resolves when the session has answered (the store has the new model), rejects with its refusal.
 */
export async function putFilter(c: Controller, d: DesignerState, channel: number, frozen: boolean, scaled = false): Promise<void> {
  const spec = currentView(useStore.getState())?.summary.spec ?? null;
  const why = mismatch(spec, d.k);
  if (why) throw new Error(why);
  const t = firstConv(spec!)!;
  const weights = filterWeights(d, t.inC, t.kernel, scaled);
  const bias = d.bias * designScale(d, t.inC, t.kernel, scaled);
  await c.changeModel((model) => ({ type: 'model:set-filter', model, layer: t.layer, channel, weights, bias, frozen }));
}

/** A fresh copy of the spec with no frozen channels (the all-learned baseline). */
export function freshSpec(spec: ModelSpec): ModelSpec {
  const copy = JSON.parse(JSON.stringify(spec)) as ModelSpec;
  for (const l of copy.layers) if (l.type === 'conv2d') delete l.frozenChannels;
  return copy;
}

/**
 * Starts one comparison run on a new model of the current architecture (fresh weights from the training seed),
 * for 'designed' put the filter in, then train with the dashboard's settings; resolves when the session has answered
 * train:start. The run is recorded when it ends.
 */
export async function startComparisonRun(c: Controller, kind: RunRecord['kind'], d: DesignerState, channel: number, frozen: boolean, scaled = false): Promise<void> {
  const s = useStore.getState();
  const current = currentView(s)?.summary;
  if (!current) throw new Error('The model is still loading.');
  if (isBusy(currentStatus(s))) throw new Error('Training is running; stop it first.');
  if (kind === 'designed') {
    const why = mismatch(current.spec, d.k);
    if (why) throw new Error(why);
  }
  // the training panel's settings as typed there (validated the same way its Start button does)
  const { config } = validateForm(s.form, s.data?.trainCount || undefined);
  if (!config) throw new Error('Fix the highlighted hyper-parameters in the training panel first.');
  const spec = freshSpec(current.spec);
  // a trained current model is kept (a new session model is made; Undo goes back), an untrained one rebuilt
  const made = await c.freshModel(spec, config.seed, (m) => `Comparison run on a fresh ${m.meta.name}`);
  if (kind === 'designed') await putFilter(c, d, channel, frozen, scaled);
  const t = firstConv(spec);
  const layerK = t?.kernel ?? d.k;
  const scale = t ? designScale(d, t.inC, layerK, scaled) : 1;
  useStore.getState().setPendingRun({ kind, filter: kind === 'designed' ? describeFilter(d, channel, frozen, layerK, scale) : null, model: made.id });
  await c.training.startTraining(config);
}

/** Thins a series to at most n points (every k-th value, always keeping the last). */
export function thin(values: readonly number[], n = 200): number[] {
  if (values.length <= n) return [...values];
  const step = values.length / n;
  const out = Array.from({ length: n - 1 }, (_, i) => values[Math.floor(i * step)]);
  out.push(values[values.length - 1]);
  return out;
}
