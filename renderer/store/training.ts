// Training slice: every run the session reported, keyed by id (state, config, batch series, per-epoch results), the
// hyper-parameter form and "wait while I draw". Batch events arrive dozens of times a second: a run's `lastBatch` is
// read through transient subscriptions (store.subscribe into refs) and its `series` is an append-only buffer mutated in
// place, so no React component re-renders per batch.
import type { StateCreator } from 'zustand';
import type { ModelId, RunId, RunSummary } from '../../core/protocol';
import type { BatchEvent, EpochEvent, RunState } from '../../core/train/trainer';
import { DEFAULT_CONFIG, type TrainConfig } from '../../core/train/config';
import { toForm, type ConfigForm } from '../lib/config-form';
import type { AppState } from './index';
import { patch } from './model';

/** A model's training status: its latest run's state, 'starting' while train:start is answered, else 'idle'. */
export type TrainStatus = 'idle' | 'starting' | RunState;

/** Every batch's loss and accuracy in arrival order; `step` counts batches across epochs. */
export class BatchSeries {
  readonly loss: number[] = [];
  readonly accuracy: number[] = [];
  /** Batch step at which each epoch ended (for epoch marks on the x axis). */
  readonly epochEnds: number[] = [];
  batchesPerEpoch = 0;

  push(e: BatchEvent): void {
    this.loss.push(e.loss);
    this.accuracy.push(e.accuracy);
    this.batchesPerEpoch = e.batches;
  }

  get length(): number {
    return this.loss.length;
  }
}

export interface RunView {
  id: RunId;
  model: ModelId;
  status: RunState;
  /** Message of a failed run, or of a run the trainer paused because it diverged (e.g. the loss became NaN). */
  statusMessage: string | null;
  /** How the run trains, when the user should know (e.g. why on one thread). */
  note: string | null;
  config: TrainConfig;
  lastBatch: BatchEvent | null;
  series: BatchSeries;
  epochs: EpochEvent[];
  /** Bumped on every batch; subscribe transiently, don't select it in components. */
  batchTick: number;
  /** The data set it trained on: its name and class names, and the store's dataVersion then (results of a run on another set show no test images). */
  data: { name: string; classNames: string[]; version: number } | null;
}

export interface TrainingSlice {
  runs: Record<RunId, RunView>;
  /** The hyper-parameter form's text, validated on use (lib/config-form.ts). */
  form: ConfigForm;
  /** Whether a running training waits between batches while the user draws (controller.ts: holdForDrawing). */
  giveWay: boolean;
  setGiveWay(on: boolean): void;
  setFormField<K extends keyof ConfigForm>(field: K, value: ConfigForm[K]): void;
  /** Several fields at once (a recipe button). */
  setFormFields(fields: Partial<ConfigForm>): void;
  /** train:start was sent for `model`: its status is 'starting' until the session answers. */
  beginRun(model: ModelId): void;
  /** The session's answer to train:start was an error: the model is idle again. */
  runNotStarted(model: ModelId): void;
  /** A run the session reported (its answer to train:start, or session:describe): the model's latest run. */
  putRun(run: RunSummary): void;
  /** Several batches of one run at once, in order: one store update for all. */
  addBatches(run: RunId, es: readonly BatchEvent[]): void;
  addEpoch(run: RunId, e: EpochEvent): void;
  setRunState(run: RunId, state: RunState, message?: string): void;
  /** The run's config changed (a new learning rate the session accepted). */
  setRunConfig(run: RunId, config: TrainConfig): void;
  /** Forgets a model's link to its results (the model was replaced). */
  clearResults(model: ModelId): void;
}

/** This machine's cores, at most 8: the threads a run gets unless the user says otherwise. */
const machineThreads = Math.max(1, Math.min(8, globalThis.navigator?.hardwareConcurrency ?? 1));

/** The config a run starts from before the user changed anything (a short first run on 10 000 images, every core). */
export const START_CONFIG: TrainConfig = { ...DEFAULT_CONFIG, trainSize: 10000, epochs: 2, threads: machineThreads };

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => {
  const putRunView = (r: RunView) => set({ runs: { ...get().runs, [r.id]: r } });
  const update = (id: RunId, fields: Partial<RunView>) => {
    const r = get().runs[id];
    if (r) putRunView({ ...r, ...fields });
  };
  return {
    runs: {},
    form: toForm(START_CONFIG),
    giveWay: true,
    setGiveWay: (giveWay) => set({ giveWay }),
    setFormField: (field, value) => set({ form: { ...get().form, [field]: value } }),
    setFormFields: (fields) => set({ form: { ...get().form, ...fields } }),
    beginRun: (model) => patch(set, get, model, { starting: true }),
    runNotStarted: (model) => patch(set, get, model, { starting: false }),
    putRun: (run) => {
      const old = get().runs[run.id];
      const note = run.note ?? null;
      const d = get().data;
      const data = d ? { name: d.name, classNames: d.classNames, version: get().dataVersion } : null;
      // the session's message for the run's state (a diverged run's pause survives a reload); the one shown stays while the state does
      const statusMessage = run.message ?? (old?.status === run.state ? old.statusMessage : null);
      putRunView(old ? { ...old, status: run.state, statusMessage, config: run.config, note } : { id: run.id, model: run.model, status: run.state, statusMessage, note, config: run.config, lastBatch: null, series: new BatchSeries(), epochs: [], batchTick: 0, data });
      patch(set, get, run.model, { run: run.id, starting: false });
    },
    addBatches: (id, es) => {
      const r = get().runs[id];
      if (!r || es.length === 0) return;
      for (const e of es) r.series.push(e);
      update(id, { lastBatch: es[es.length - 1], batchTick: r.batchTick + es.length });
    },
    addEpoch: (id, e) => {
      const r = get().runs[id];
      if (!r) return;
      r.series.epochEnds.push(r.series.length);
      update(id, { epochs: [...r.epochs, e] });
    },
    setRunState: (id, status, message) => update(id, { status, statusMessage: message ?? null }),
    setRunConfig: (id, config) => update(id, { config }),
    clearResults: (model) => patch(set, get, model, { run: null }),
  };
};
