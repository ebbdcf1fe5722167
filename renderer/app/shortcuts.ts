// Keyboard shortcuts. In the browser host every key here maps to the same action as the desktop menu; in the
// desktop app the menu's accelerators cover open/save/export, so only the drawing keys (which have no
// accelerator there) are handled here. Keys typed into form fields are left alone.
import { useEffect } from 'react';
import type { MenuAction } from '../../core/protocol';
import type { Controller } from './controller';
import { openWorkspace, workspaceForKey } from './workspace';

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

/** Actions the page handles itself in the desktop app (its menu gives them no accelerator). */
export const DESKTOP_PAGE_ACTIONS: readonly MenuAction[] = ['draw:undo', 'draw:clear'];

/** Whether a key's action is handled by the page for this host kind. */
export function pageHandles(kind: 'desktop' | 'browser', action: MenuAction): boolean {
  return kind === 'browser' || DESKTOP_PAGE_ACTIONS.includes(action);
}

export function useBrowserShortcuts(controller: Controller): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const workspace = workspaceForKey(e);
      if (workspace) {
        e.preventDefault();
        return openWorkspace(workspace);
      }
      const action = shortcutAction(e);
      if (!action || !pageHandles(controller.host.kind, action)) return;
      e.preventDefault();
      void controller.onMenu(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);
}
