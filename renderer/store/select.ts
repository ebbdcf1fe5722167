// Selectors over the keyed slices: a model's view, its latest run and training status, and the current model's.
// Components take the model id they show and read through these (narrow selectors, as zustand's docs advise).
import type { ModelId } from '../../core/protocol';
import type { AppState } from './index';
import type { ModelView } from './model';
import type { RunView, TrainStatus } from './training';

export function modelView(s: AppState, id: ModelId | null): ModelView | null {
  return id === null ? null : (s.models[id] ?? null);
}

/** The model's latest run, or null. */
export function runOf(s: AppState, id: ModelId | null): RunView | null {
  const run = modelView(s, id)?.run;
  return run ? (s.runs[run] ?? null) : null;
}

export function statusOf(s: AppState, id: ModelId | null): TrainStatus {
  const m = modelView(s, id);
  if (!m) return 'idle';
  if (m.starting) return 'starting';
  return runOf(s, id)?.status ?? 'idle';
}

/** Training is under way (or about to be): the model may not be changed. */
export function isBusy(status: TrainStatus): boolean {
  return status === 'running' || status === 'paused' || status === 'starting';
}

export const currentView = (s: AppState): ModelView | null => modelView(s, s.current);
export const currentRun = (s: AppState): RunView | null => runOf(s, s.current);
export const currentStatus = (s: AppState): TrainStatus => statusOf(s, s.current);
