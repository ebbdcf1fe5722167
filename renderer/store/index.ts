// The one app store, combined from slices (zustand slices pattern). Components read narrow selectors;
// high-frequency data (batches) is read with useStore.subscribe into refs.
import { create } from 'zustand';
import { createCompareSlice, type CompareSlice } from './compare';
import { createDrawingSlice, type DrawingSlice } from './drawing';
import { createExplainSlice, type ExplainSlice } from './explain';
import { createFiltersSlice, type FiltersSlice } from './filters';
import { createLabSlice, type LabSlice } from './lab';
import { createLessonSlice, type LessonSlice } from './lesson';
import { createModelSlice, type ModelSlice } from './model';
import { createTrainingSlice, type TrainingSlice } from './training';
import { createUiSlice, type UiSlice } from './ui';

export type AppState = ModelSlice & TrainingSlice & DrawingSlice & UiSlice & FiltersSlice & LabSlice & CompareSlice & ExplainSlice & LessonSlice;

export const useStore = create<AppState>()((...a) => ({
  ...createModelSlice(...a),
  ...createTrainingSlice(...a),
  ...createDrawingSlice(...a),
  ...createUiSlice(...a),
  ...createFiltersSlice(...a),
  ...createLabSlice(...a),
  ...createCompareSlice(...a),
  ...createExplainSlice(...a),
  ...createLessonSlice(...a),
}));

/** The initial state, for resetting between tests. */
export const initialState = useStore.getState();

export function resetStore(): void {
  useStore.setState(initialState, true);
}
