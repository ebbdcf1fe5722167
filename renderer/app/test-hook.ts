// The window.__app dev/test hook (excalidraw's window.h): store and controller access for Playwright and the UI
// benchmark. Its getState() adds the current model's fields at the top level (model, weights, activations, its run's
// status, config, epochs, batches), so a test reads the one model the studio shows without knowing the keyed slices.
import type { ModelSummary } from '../../core/protocol';
import type { NamedWeights, Activations } from '../../core/model';
import type { BatchEvent, EpochEvent } from '../../core/train/trainer';
import type { TrainConfig } from '../../core/train/config';
import { useStore, type AppState } from '../store';
import { currentRun, currentStatus, currentView } from '../store/select';
import { BatchSeries, START_CONFIG, type TrainStatus } from '../store/training';

export interface CurrentModelFields {
  model: ModelSummary | null;
  weights: NamedWeights[] | null;
  activations: Activations | null;
  status: TrainStatus;
  epochs: EpochEvent[];
  lastBatch: BatchEvent | null;
  series: BatchSeries;
  /** The current run's config (the start config before any run). */
  config: TrainConfig;
}

/** What a model that never trained shows: no batches. */
const NO_SERIES = new BatchSeries();

export type TestState = AppState & CurrentModelFields;

export function testState(s: AppState): TestState {
  const m = currentView(s);
  const run = currentRun(s);
  return { ...s, model: m?.summary ?? null, weights: m?.weights ?? null, activations: m?.activations ?? null, status: currentStatus(s), epochs: run?.epochs ?? [], lastBatch: run?.lastBatch ?? null, series: run?.series ?? NO_SERIES, config: run?.config ?? START_CONFIG };
}

/** The store as the hook shows it. */
export const testStore = {
  getState: (): TestState => testState(useStore.getState()),
  setState: useStore.setState,
  subscribe: useStore.subscribe,
};
