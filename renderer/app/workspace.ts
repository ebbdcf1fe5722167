// Workspaces (STYLE.md §11): Explore is the studio's four panels, Lab the architecture editor, the comparison and the
// shift test. Each has a route in the URL hash (#/explore, #/lab), so a reload, a screenshot script or the lesson can
// open any of them, and a shortcut (Alt+1, Alt+2).
import { useEffect, useState } from 'react';

export const WORKSPACES = [
  { id: 'explore', label: 'Explore', key: '1', title: 'Draw, design filters, train: the four panels' },
  { id: 'lab', label: 'Lab', key: '2', title: 'Build your own stack, race models, test them on shifted digits' },
] as const;

export type Workspace = (typeof WORKSPACES)[number]['id'];

/** The workspace a hash names (#/lab → lab); Explore for anything else. */
export function workspaceFromHash(hash: string): Workspace {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return WORKSPACES.find((w) => w.id === id)?.id ?? 'explore';
}

/** Opens a workspace by setting the hash (the hook follows it; the browser's back button too). */
export function openWorkspace(w: Workspace): void {
  if (workspaceFromHash(location.hash) !== w) location.hash = `#/${w}`;
}

/** The workspace of the current hash, following its changes. */
export function useWorkspace(): Workspace {
  const [w, setW] = useState(() => workspaceFromHash(location.hash));
  useEffect(() => {
    const on = () => setW(workspaceFromHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return w;
}

/** The workspace an Alt+digit key opens, or null. */
export function workspaceForKey(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): Workspace | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  return WORKSPACES.find((w) => w.key === e.key)?.id ?? null;
}
