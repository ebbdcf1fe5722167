// Models slice: every model the session holds, keyed by id (its summary, the mirror's weights, its activations for
// the current input, its latest run), the current-model selection, which models are saved in a file, and the data
// set's shape once it has loaded.
import type { StateCreator } from 'zustand';
import type { Activations, NamedWeights } from '../../core/model';
import type { DataSummary, ModelId, ModelSummary, RunId } from '../../core/protocol';
import type { AppState } from './index';

export interface ModelView {
  summary: ModelSummary;
  /** The mirror's weights (replaced wholesale, never mutated); null until fetched. */
  weights: NamedWeights[] | null;
  /** Every layer's output for the current input, computed by this model's mirror. */
  activations: Activations | null;
  /** The model's latest run (kept after it ends, for its curves and results); null before one or after a change. */
  run: RunId | null;
  /** True from train:start until the session answers it. */
  starting: boolean;
}

export interface ModelSlice {
  models: Record<ModelId, ModelView>;
  /** The model the studio's panels show and act on; null until the session has said what it holds. */
  current: ModelId | null;
  /** The data set's sizes and shape; null while it loads. */
  data: DataSummary | null;
  ready: boolean;
  /** Why the data could not be loaded (the session then cannot train). */
  dataError: string | null;
  /** Counts the data sets loaded: it changes when a data set replaces another (runs remember the one they trained on). */
  dataVersion: number;
  /** What Open a data set… is doing right now ("reading 120 images…"), or null. */
  dataBusy: string | null;
  setDataBusy(text: string | null): void;
  /** The epochs each model had when it was last saved to (or loaded from) a file, or was the bundled model. */
  savedEpochs: Record<ModelId, number>;
  markSaved(id: ModelId, epochs: number): void;
  /** Takes the session's list of models (session:describe): drops the others, keeps `current` if still there. */
  setModels(models: ModelSummary[]): void;
  /** A new or changed model. A changed architecture or weights ends the link to its old run's results. */
  putModel(model: ModelSummary): void;
  setCurrent(id: ModelId): void;
  setWeights(id: ModelId, weights: NamedWeights[]): void;
  setActivations(id: ModelId, a: Activations | null): void;
  setData(data: DataSummary): void;
  setDataError(message: string): void;
}

const view = (summary: ModelSummary, old?: ModelView): ModelView => ({
  summary,
  weights: old?.weights ?? null,
  activations: old?.activations ?? null,
  run: summary.run ?? (old && old.summary.spec === summary.spec ? old.run : null),
  starting: false,
});

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set, get) => ({
  models: {},
  current: null,
  data: null,
  ready: false,
  dataError: null,
  dataBusy: null,
  dataVersion: 0,
  setDataBusy: (dataBusy) => set({ dataBusy }),
  savedEpochs: {},
  markSaved: (id, epochs) => set({ savedEpochs: { ...get().savedEpochs, [id]: epochs } }),
  setModels: (list) => {
    const old = get().models;
    const models = Object.fromEntries(list.map((m) => [m.id, view(m, old[m.id]?.summary.spec === m.spec ? old[m.id] : undefined)]));
    const current = get().current;
    set({ models, current: current !== null && current in models ? current : (list[0]?.id ?? null), stepsSince: {} });
  },
  putModel: (summary) => {
    const { models, current } = get();
    // (its summary's steps count every batch so far: the ones counted since the last announcement are in them)
    const { [summary.id]: _counted, ...stepsSince } = get().stepsSince;
    set({ models: { ...models, [summary.id]: view(summary, models[summary.id]) }, current: current ?? summary.id, stepsSince });
  },
  setCurrent: (current) => {
    if (current in get().models) set({ current });
  },
  setWeights: (id, weights) => patch(set, get, id, { weights }),
  setActivations: (id, activations) => patch(set, get, id, { activations }),
  setData: (data) => {
    const old = get().data;
    const same = old !== null && old.name === data.name && old.trainCount === data.trainCount && old.testCount === data.testCount && old.classNames.join('\n') === data.classNames.join('\n');
    set({ data, ready: true, dataError: null, dataVersion: old === null || same ? get().dataVersion : get().dataVersion + 1 });
  },
  setDataError: (dataError) => set({ dataError }),
});

/** Changes fields of one model's view (nothing when the model is gone). */
export function patch(set: (p: Partial<AppState>) => void, get: () => AppState, id: ModelId, fields: Partial<ModelView>): void {
  const m = get().models[id];
  if (m) set({ models: { ...get().models, [id]: { ...m, ...fields } } });
}
