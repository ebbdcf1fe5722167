// The editor's keyboard map: row keys (move, focus, remove, duplicate, insert) and undo/redo.
import { describe, expect, test } from 'vitest';
import { historyKey, rowKey } from '../../../../renderer/lib/lab/stack-keys';

const key = (k: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });

describe('stack keys', () => {
  test('Alt+↑/↓ moves the row and the focus with it, not past the ends', () => {
    expect(rowKey(key('ArrowUp', { altKey: true }), 2, 4)).toEqual({ action: { type: 'move', from: 2, to: 1 }, focus: 1 });
    expect(rowKey(key('ArrowDown', { altKey: true }), 2, 4)).toEqual({ action: { type: 'move', from: 2, to: 3 }, focus: 3 });
    expect(rowKey(key('ArrowDown', { altKey: true }), 3, 4)).toEqual({ action: null, focus: 3 });
    expect(rowKey(key('ArrowUp', { altKey: true }), 0, 4)).toEqual({ action: null, focus: 0 });
  });

  test('↑/↓ move the focus; Delete removes, Ctrl+D (or Cmd+D) duplicates, Insert adds below', () => {
    expect(rowKey(key('ArrowUp'), 0, 3)).toEqual({ action: null, focus: 0 });
    expect(rowKey(key('ArrowDown'), 1, 3)).toEqual({ action: null, focus: 2 });
    expect(rowKey(key('Delete'), 2, 3)).toEqual({ action: { type: 'remove', at: 2 }, focus: 1 });
    expect(rowKey(key('d', { ctrlKey: true }), 1, 3)).toEqual({ action: { type: 'duplicate', at: 1 }, focus: 2 });
    expect(rowKey(key('D', { metaKey: true }), 0, 3)).toEqual({ action: { type: 'duplicate', at: 0 }, focus: 1 });
    expect(rowKey(key('Insert'), 1, 3)).toEqual({ action: 'insert-below', focus: 2 });
    expect(rowKey(key('x'), 1, 3)).toBeNull();
    expect(rowKey(key('Delete', { shiftKey: true }), 1, 3)).toBeNull();
  });

  test('Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo; plain keys do neither', () => {
    expect(historyKey(key('z', { ctrlKey: true }))).toBe('undo');
    expect(historyKey(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(historyKey(key('z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(historyKey(key('y', { ctrlKey: true }))).toBe('redo');
    expect(historyKey(key('z'))).toBeNull();
    expect(historyKey(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});
