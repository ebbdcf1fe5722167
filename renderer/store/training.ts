// Training slice: run status, the hyper-parameters, per-epoch results and the batch series. Batch events
// arrive dozens of times a second: `lastBatch` is read through transient subscriptions (store.subscribe into
// refs) and `series` is an append-only buffer mutated in place, so no React component re-renders per batch.
import type { StateCreator } from 'zustand';
import type { BatchEvent, EpochEvent, RunState, TrainConfig } from '../../core/train/trainer';
import { DEFAULT_CONFIG } from '../../core/train/trainer';
import { toForm, type ConfigForm } from '../lib/config-form';
import type { AppState } from './index';

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

export interface TrainingSlice {
  status: TrainStatus;
  /** Message of the last failed run (e.g. loss became NaN). */
  statusMessage: string | null;
  /** The last config sent to (or accepted for) a run. */
  config: TrainConfig;
  /** The hyper-parameter form's text, validated on use (lib/config-form.ts). */
  form: ConfigForm;
  lastBatch: BatchEvent | null;
  series: BatchSeries;
  epochs: EpochEvent[];
  /** Bumped on every batch; subscribe transiently, don't select it in components. */
  batchTick: number;
  /** Whether a running training waits between batches while the user draws (controller.ts: holdForDrawing). */
  giveWay: boolean;
  setGiveWay(on: boolean): void;
  setConfig(config: TrainConfig): void;
  setFormField<K extends keyof ConfigForm>(field: K, value: ConfigForm[K]): void;
  setStatus(status: TrainStatus, message?: string): void;
  /** Clears curves and results for a new run. */
  beginRun(): void;
  addBatch(e: BatchEvent): void;
  /** Several batches at once, in order: one store update for all. */
  addBatches(es: readonly BatchEvent[]): void;
  addEpoch(e: EpochEvent): void;
  /** Forget results (the model they describe was replaced). */
  clearResults(): void;
}

const START_CONFIG: TrainConfig = { ...DEFAULT_CONFIG, trainSize: 10000, epochs: 2 };

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => ({
  status: 'idle',
  statusMessage: null,
  config: START_CONFIG,
  form: toForm(START_CONFIG),
  lastBatch: null,
  series: new BatchSeries(),
  epochs: [],
  batchTick: 0,
  giveWay: true,
  setGiveWay: (giveWay) => set({ giveWay }),
  setConfig: (config) => set({ config }),
  setFormField: (field, value) => set({ form: { ...get().form, [field]: value } }),
  setStatus: (status, message) => set({ status, statusMessage: message ?? null }),
  beginRun: () => set({ status: 'starting', statusMessage: null, lastBatch: null, series: new BatchSeries(), epochs: [], batchTick: 0 }),
  addBatch: (e) => get().addBatches([e]),
  addBatches: (es) => {
    if (es.length === 0) return;
    for (const e of es) get().series.push(e);
    set({ lastBatch: es[es.length - 1], batchTick: get().batchTick + es.length });
  },
  addEpoch: (e) => {
    const s = get().series;
    s.epochEnds.push(s.length);
    set({ epochs: [...get().epochs, e] });
  },
  clearResults: () => set({ epochs: [], lastBatch: null, series: new BatchSeries(), batchTick: 0 }),
});
