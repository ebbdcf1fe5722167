// Compare slice: the Lab's compared models (2–4 trained side by side, or the two shipped ones), each with its colour
// and wall-clock times, and the shift test's results and progress per model. The runs themselves live in `runs`.
import type { StateCreator } from 'zustand';
import type { ModelId, ShiftResult } from '../../core/protocol';
import type { AppState } from './index';

export interface CompareEntry {
  model: ModelId;
  /** What the user chose: a preset's name, "current stack", or "shipped mlp". */
  label: string;
  color: string;
  /** 'shipped': loaded from a model file, not trained here (its numbers come from the file). */
  kind: 'trained' | 'shipped';
  /** performance.now() when its run started and ended (null before). */
  startedAt: number | null;
  endedAt: number | null;
}

export interface ShiftProgress {
  done: number;
  total: number;
}

export interface CompareSlice {
  compare: CompareEntry[];
  /** The last shift test of each model. */
  shiftResults: Record<ModelId, ShiftResult>;
  /** How far each running shift test has got. */
  shiftProgress: Record<ModelId, ShiftProgress>;
  setCompare(entries: CompareEntry[]): void;
  patchCompare(model: ModelId, fields: Partial<CompareEntry>): void;
  setShiftResult(model: ModelId, result: ShiftResult): void;
  setShiftProgress(model: ModelId, p: ShiftProgress | null): void;
  clearShiftResults(): void;
}

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set, get) => ({
  compare: [],
  shiftResults: {},
  shiftProgress: {},
  setCompare: (compare) => set({ compare, shiftResults: {}, shiftProgress: {} }),
  patchCompare: (model, fields) => set({ compare: get().compare.map((e) => (e.model === model ? { ...e, ...fields } : e)) }),
  setShiftResult: (model, result) => set({ shiftResults: { ...get().shiftResults, [model]: result } }),
  setShiftProgress: (model, p) => {
    const { [model]: _old, ...rest } = get().shiftProgress;
    set({ shiftProgress: p ? { ...rest, [model]: p } : rest });
  },
  clearShiftResults: () => set({ shiftResults: {}, shiftProgress: {} }),
});
