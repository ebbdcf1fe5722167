// Explain slice: why the current model predicts what it does. The overlay painted over the drawing (off, saliency,
// Grad-CAM or occlusion, with each one's options), the class it explains (the prediction unless one was chosen), the
// map on show (made for one input version: never shown for another), the occlusion request in flight, and each
// filter's top test patches ("what this filter looks for").
import type { StateCreator } from 'zustand';
import type { ModelId, SessionEvent } from '../../core/protocol';
import type { AppState } from './index';

export type ExplainMode = 'off' | 'saliency' | 'gradcam' | 'occlusion';
/** What the saliency overlay shows: d score / d pixel with its sign, its size, or times the pixel. */
export type SaliencyKind = 'signed' | 'abs' | 'grad-x-input';

export interface ExplainSettings {
  mode: ExplainMode;
  saliency: SaliencyKind;
  /** The Grad-CAM layer (a conv layer's index); null: the model's last conv layer. */
  camLayer: number | null;
  /** Occlusion patch side (4–8 pixels) and stride (1–4). */
  occSize: number;
  occStride: number;
  /** The class explained; null: the predicted one. */
  cls: number | null;
}

export const OCCLUSION_SIZES = [4, 5, 6, 7, 8] as const;
export const OCCLUSION_STRIDES = [1, 2, 3, 4] as const;

/** One explanation of one input: an H×W map over the input, what made it and for which input version. */
export interface ExplainMap {
  mode: Exclude<ExplainMode, 'off'>;
  model: ModelId;
  /** The class explained, and whether it was the prediction. */
  cls: number;
  predicted: boolean;
  h: number;
  w: number;
  data: Float32Array;
  /** Both signs (diverging), or ≥ 0 (the scale's positive half). */
  signed: boolean;
  inputVersion: number;
  /** What it was made for (lib/explain/maps.ts explainKey): mode, options, model, input version, class asked for. */
  key: string;
  /** What it is, for the legend: "d score / d pixel", "Grad-CAM of layer 3", "drop in p(7)". */
  label: string;
}

/** An occlusion request in flight: its id (to cancel it) and what it was made for. */
export interface OcclusionJob {
  request: number;
  key: string;
  model: ModelId;
  inputVersion: number;
  /** -1: the predicted class. */
  cls: number;
  size: number;
  stride: number;
  done: number;
  total: number;
}

export type TopPatchesResult = Extract<SessionEvent, { type: 'top-patches' }>;

/** The optimizer steps `model` has had by now (see stepsSince); 0 for an unknown model. */
export function stepsOf(s: AppState, model: ModelId): number {
  return (s.models[model]?.summary.steps ?? 0) + (s.stepsSince[model] ?? 0);
}

/** One filter's top patches: being found (with progress), found, or failed. */
export interface TopPatchesEntry {
  status: 'running' | 'done' | 'error';
  request: number | null;
  done: number;
  total: number;
  result: TopPatchesResult | null;
  error: string | null;
}

/** The key of a filter's top patches: model, conv layer, channel. */
export const patchesKey = (model: ModelId, layer: number, channel: number): string => `${model}:${layer}:${channel}`;

export interface ExplainSlice {
  explain: ExplainSettings;
  /** Whether the explanation's views are mounted (Draw & predict is on screen): nothing is computed otherwise. */
  explainShown: boolean;
  setExplainShown(shown: boolean): void;
  explainMap: ExplainMap | null;
  /** Why no map is shown although the overlay is on (e.g. Grad-CAM on a model without conv layers); null otherwise. */
  explainNote: string | null;
  occlusionJob: OcclusionJob | null;
  topPatches: Record<string, TopPatchesEntry>;
  /**
   * Batches each model has trained since the session last announced it (its summary's `steps` counts those before):
   * the model's steps now are summary.steps + this. Reset when the model is announced again.
   */
  stepsSince: Record<ModelId, number>;
  addSteps(model: ModelId, n: number): void;
  setExplain(fields: Partial<ExplainSettings>): void;
  /** Explains class `cls` (null: the prediction again). */
  explainClass(cls: number | null): void;
  setExplainMap(map: ExplainMap | null, note?: string | null): void;
  setOcclusionJob(job: OcclusionJob | null): void;
  setTopPatches(key: string, entry: TopPatchesEntry | null): void;
}

export const DEFAULT_EXPLAIN: ExplainSettings = { mode: 'off', saliency: 'signed', camLayer: null, occSize: 6, occStride: 2, cls: null };

export const createExplainSlice: StateCreator<AppState, [], [], ExplainSlice> = (set, get) => ({
  explain: DEFAULT_EXPLAIN,
  explainShown: false,
  setExplainShown: (explainShown) => {
    if (get().explainShown !== explainShown) set({ explainShown });
  },
  explainMap: null,
  explainNote: null,
  occlusionJob: null,
  topPatches: {},
  stepsSince: {},
  addSteps: (model, n) => set({ stepsSince: { ...get().stepsSince, [model]: (get().stepsSince[model] ?? 0) + n } }),
  setExplain: (fields) => {
    const e = get().explain;
    if ((Object.keys(fields) as (keyof ExplainSettings)[]).every((k) => fields[k] === e[k])) return;
    set({ explain: { ...e, ...fields } });
  },
  explainClass: (cls) => {
    if (get().explain.cls !== cls) set({ explain: { ...get().explain, cls } });
  },
  setExplainMap: (explainMap, explainNote = null) => {
    if (explainMap === get().explainMap && explainNote === get().explainNote) return;
    set({ explainMap, explainNote });
  },
  setOcclusionJob: (occlusionJob) => set({ occlusionJob }),
  setTopPatches: (key, entry) => {
    const { [key]: _old, ...rest } = get().topPatches;
    set({ topPatches: entry ? { ...rest, [key]: entry } : rest });
  },
});
