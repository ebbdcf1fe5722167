// The main window's remembered size and position, kept as JSON in userData. Pure Node: the window manager
// passes the displays' work areas, so a window saved on a monitor that is gone comes back on a visible one.
import { readFileSync } from 'node:fs';
import { atomicWriteFile } from './file-io.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect | null;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 900, height: 600 };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Reads the saved state; a missing, unreadable or malformed file means "no saved state". */
export function loadWindowState(file: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { bounds?: Partial<Rect>; maximized?: unknown };
    const b = raw.bounds;
    const ok = b && isInt(b.x) && isInt(b.y) && isInt(b.width) && isInt(b.height) && b.width > 0 && b.height > 0;
    return { bounds: ok ? { x: b.x!, y: b.y!, width: b.width!, height: b.height! } : null, maximized: raw.maximized === true };
  } catch {
    return { bounds: null, maximized: false };
  }
}

export function saveWindowState(file: string, state: WindowState): Promise<void> {
  return atomicWriteFile(file, JSON.stringify(state, null, 2));
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Bounds to open the window with: the saved ones when enough of the window is on some display (pulled inside it
 * and shrunk to fit); otherwise only the saved size, which Electron centres. No saved bounds: the default size.
 */
export function restoreBounds(saved: Rect | null, workAreas: Rect[]): Partial<Rect> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const width = Math.max(MIN_SIZE.width, saved.width);
  const height = Math.max(MIN_SIZE.height, saved.height);
  const rect = { ...saved, width, height };
  // Visible enough: a quarter of the window, or of the display when the window is larger than it.
  const visible = (a: Rect) => overlap(rect, a) >= Math.max(100 * 100, Math.min(width * height, a.width * a.height) / 4);
  const best = workAreas.filter(visible).sort((p, q) => overlap(rect, q) - overlap(rect, p))[0];
  if (!best) {
    const fit = workAreas[0];
    return fit ? { width: Math.min(width, fit.width), height: Math.min(height, fit.height) } : { width, height };
  }
  const a = best;
  const w = Math.min(width, a.width);
  const h = Math.min(height, a.height);
  return { x: Math.min(Math.max(rect.x, a.x), a.x + a.width - w), y: Math.min(Math.max(rect.y, a.y), a.y + a.height - h), width: w, height: h };
}
