// The architecture editor's keyboard map (pure, so it is tested without a DOM). On a focused row: Alt+↑/↓ moves it,
// ↑/↓ moves the focus, Delete removes it, Ctrl+D duplicates it, Insert adds a layer below. Anywhere in the editor:
// Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes. Ctrl and Cmd are treated alike.
import type { StackAction } from './stack-editor';

type Key = Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>;

/** What a key does on row `at` of `count`: an edit (with the row to focus after it), a focus move, or nothing. */
export type RowKeyResult = { action: StackAction | 'insert-below'; focus: number } | { action: null; focus: number } | null;

/** The key's effect on a focused row. 'insert-below' leaves the choice of layer to the editor (its "add" type). */
export function rowKey(e: Key, at: number, count: number): RowKeyResult {
  const mod = e.ctrlKey || e.metaKey;
  if (e.altKey && !mod && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
    const to = e.key === 'ArrowUp' ? at - 1 : at + 1;
    return to < 0 || to >= count ? { action: null, focus: at } : { action: { type: 'move', from: at, to }, focus: to };
  }
  if (e.altKey || e.shiftKey) return null;
  if (!mod && e.key === 'ArrowUp') return { action: null, focus: Math.max(0, at - 1) };
  if (!mod && e.key === 'ArrowDown') return { action: null, focus: Math.min(count - 1, at + 1) };
  if (!mod && e.key === 'Delete') return { action: { type: 'remove', at }, focus: Math.min(at, count - 2) };
  if (!mod && e.key === 'Insert') return { action: 'insert-below', focus: at + 1 };
  if (mod && e.key.toLowerCase() === 'd') return { action: { type: 'duplicate', at }, focus: at + 1 };
  return null;
}

/** Undo or redo for a key pressed anywhere in the editor, or null. */
export function historyKey(e: Key): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}
