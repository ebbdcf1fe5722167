// Model slice: the session's current model (spec, layer infos, parameter count, metadata) and the latest
// weights the renderer mirrors for live inference and for drawing filters.
import type { StateCreator } from 'zustand';
import type { NamedWeights } from '../../core/model';
import type { ModelSummary } from '../../core/protocol';
import type { AppState } from './index';

export interface ModelSlice {
  /** null until the session announced its model. */
  model: ModelSummary | null;
  /** The mirror's weights (replaced wholesale, never mutated). */
  weights: NamedWeights[] | null;
  /** Training/test set sizes once MNIST has loaded; 0 before. */
  trainCount: number;
  testCount: number;
  ready: boolean;
  /** Why the data could not be loaded (the session then cannot train). */
  dataError: string | null;
  setModel(model: ModelSummary): void;
  setWeights(weights: NamedWeights[]): void;
  setReady(trainCount: number, testCount: number): void;
  setDataError(message: string): void;
}

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set) => ({
  model: null,
  weights: null,
  trainCount: 0,
  testCount: 0,
  ready: false,
  dataError: null,
  setModel: (model) => set({ model }),
  setWeights: (weights) => set({ weights }),
  setReady: (trainCount, testCount) => set({ ready: true, trainCount, testCount, dataError: null }),
  setDataError: (dataError) => set({ dataError }),
});
