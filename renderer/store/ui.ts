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
/** Info messages go away by themselves after this long; errors stay until dismissed. */
export const INFO_MS = 6000;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  messages: [],
  selectedCell: null,
  testSetLoaded: false,
  showError: (text) => set({ messages: [...get().messages.filter((m) => m.text !== text), { id: nextId++, kind: 'error', text }] }),
  showInfo: (text) => {
    const id = nextId++;
    set({ messages: [...get().messages.filter((m) => m.text !== text), { id, kind: 'info', text }] });
    setTimeout(() => get().dismiss(id), INFO_MS);
  },
  dismiss: (id) => set({ messages: get().messages.filter((m) => m.id !== id) }),
  selectCell: (selectedCell) => set({ selectedCell }),
});
