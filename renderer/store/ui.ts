// UI slice: dismissible error messages, short notices, and the confusion-matrix cell chosen for drill-down.
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export interface UiMessage {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface UiSlice {
  messages: UiMessage[];
  /** [true class, predicted class] of the selected confusion-matrix cell. */
  selectedCell: [number, number] | null;
  /** True once the test images were fetched (lib/test-set.ts holds them). */
  testSetLoaded: boolean;
  showError(text: string): void;
  showInfo(text: string): void;
  dismiss(id: number): void;
  selectCell(cell: [number, number] | null): void;
}

let nextId = 1;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  messages: [],
  selectedCell: null,
  testSetLoaded: false,
  showError: (text) => set({ messages: [...get().messages.filter((m) => m.text !== text), { id: nextId++, kind: 'error', text }] }),
  showInfo: (text) => set({ messages: [...get().messages.filter((m) => m.text !== text), { id: nextId++, kind: 'info', text }] }),
  dismiss: (id) => set({ messages: get().messages.filter((m) => m.id !== id) }),
  selectCell: (selectedCell) => set({ selectedCell }),
});
