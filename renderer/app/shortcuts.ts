// Keyboard shortcuts for the browser host (the desktop app gets the same actions from its menu accelerators).
import { useEffect } from 'react';
import type { MenuAction } from '../../core/protocol';
import type { Controller } from './controller';

/** The action for a key press, or null. Ctrl and Cmd are treated alike. */
export function shortcutAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): MenuAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && key === 'z' && !e.shiftKey) return 'draw:undo';
  if (mod && key === 'o') return 'model:open';
  if (mod && key === 's') return 'model:save';
  if (!mod && key === 'delete') return 'draw:clear';
  return null;
}

export function useBrowserShortcuts(controller: Controller): void {
  useEffect(() => {
    if (controller.host.kind !== 'browser') return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const action = shortcutAction(e);
      if (!action) return;
      e.preventDefault();
      void controller.onMenu(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);
}
