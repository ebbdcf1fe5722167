// Lab slice: the architecture editor's stack and its undo history (lib/lab/stack-editor.ts reduces every edit), and
// whether the editor has been given its starting stack yet (the current model's, the first time the Lab opens).
import type { StateCreator } from 'zustand';
import type { ModelSpec } from '../../core/spec';
import { emptySpec, initStack, stackReducer, type StackAction, type StackState } from '../lib/lab/stack-editor';
import type { AppState } from './index';

export interface LabSlice {
  stack: StackState;
  /** False until the editor was given a stack to start from. */
  stackStarted: boolean;
  /** Applies one edit (or undo/redo) to the stack. */
  editStack(action: StackAction): void;
  /** Starts the editor on `spec` with no history (the first time the Lab opens). */
  startStack(spec: ModelSpec): void;
}

export const createLabSlice: StateCreator<AppState, [], [], LabSlice> = (set, get) => ({
  stack: initStack(emptySpec()),
  stackStarted: false,
  editStack: (action) => {
    const stack = stackReducer(get().stack, action);
    if (stack !== get().stack) set({ stack, stackStarted: true });
  },
  startStack: (spec) => set({ stack: initStack(spec), stackStarted: true }),
});
