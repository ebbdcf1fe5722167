// UI slice: dismissible error messages, short notices (some with an action, e.g. Undo), and the confusion-matrix cell
// chosen for drill-down.
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/** A button on a message (e.g. Undo); running it dismisses the message. */
export interface MessageAction {
  label: string;
  run: () => void;
}

export interface UiMessage {
  id: number;
  kind: 'error' | 'info';
  text: string;
  action?: MessageAction;
}

export interface UiSlice {
  messages: UiMessage[];
  /** [true class, predicted class] of the selected confusion-matrix cell. */
  selectedCell: [number, number] | null;
  /** True once the test images were fetched (lib/test-set.ts holds them). */
  testSetLoaded: boolean;
  showError(text: string, action?: MessageAction): void;
  /** An info message; one with an action stays ACTION_MS (or until dismissed), others INFO_MS. */
  showInfo(text: string, action?: MessageAction): void;
  dismiss(id: number): void;
  selectCell(cell: [number, number] | null): void;
}

let nextId = 1;
/** Info messages go away by themselves after this long; errors stay until dismissed. */
export const INFO_MS = 6000;
/** An info message with an action (Undo) stays this long, so the button can be reached. */
export const ACTION_MS = 20000;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  messages: [],
  selectedCell: null,
  testSetLoaded: false,
  showError: (text, action) => set({ messages: [...get().messages.filter((m) => m.text !== text), { id: nextId++, kind: 'error', text, ...(action ? { action } : {}) }] }),
  showInfo: (text, action) => {
    const id = nextId++;
    set({ messages: [...get().messages.filter((m) => m.text !== text), { id, kind: 'info', text, ...(action ? { action } : {}) }] });
    setTimeout(() => get().dismiss(id), action ? ACTION_MS : INFO_MS);
  },
  dismiss: (id) => set({ messages: get().messages.filter((m) => m.id !== id) }),
  selectCell: (selectedCell) => set({ selectedCell }),
});
