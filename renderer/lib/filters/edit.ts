// Editing a filter grid: parsing typed values and padding text, drag-to-change, and resizing between K = 3, 5, 7.
import type { Padding } from '../../../core/spec';
import { MAX_PADDING } from './designer';

export const WEIGHT_LIMIT = 100;
/** Weight change per pixel of vertical drag (up raises, down lowers). */
export const DRAG_STEP = 0.05;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a typed weight: a finite number within ±WEIGHT_LIMIT ("−" and "," accepted as minus and decimal point). */
export function parseWeight(text: string): Parsed<number> {
  const t = text.trim().replace(/\u2212/g, '-').replace(',', '.');
  if (t === '') return { ok: false, error: 'type a number, e.g. -1, 0.25 or 2' };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return { ok: false, error: `"${text.trim()}" is not a number` };
  const v = Number(t);
  if (!Number.isFinite(v)) return { ok: false, error: `"${text.trim()}" is not a finite number` };
  if (Math.abs(v) > WEIGHT_LIMIT) return { ok: false, error: `weights must be between −${WEIGHT_LIMIT} and ${WEIGHT_LIMIT}` };
  return { ok: true, value: v };
}

/** Parses the padding control: "valid", "same" or a whole number 0–MAX_PADDING. */
export function parsePadding(text: string): Parsed<Padding> {
  const t = text.trim().toLowerCase();
  if (t === 'valid' || t === 'same') return { ok: true, value: t };
  if (/^\d+$/.test(t) && Number(t) <= MAX_PADDING) return { ok: true, value: Number(t) };
  return { ok: false, error: `padding must be valid, same or a whole number 0–${MAX_PADDING}` };
}

/** The new weight after dragging dy pixels (screen y grows downwards: dragging up raises it), rounded to the step. */
export function dragValue(start: number, dy: number): number {
  const v = Math.round((start - dy * DRAG_STEP) / DRAG_STEP) * DRAG_STEP;
  const r = Number(Math.max(-WEIGHT_LIMIT, Math.min(WEIGHT_LIMIT, v)).toFixed(4));
  return r === 0 ? 0 : r;
}

/** Resizes a K×K grid to K'×K', keeping it centred (cropping the rim or padding with zeros). */
export function resizeGrid(w: readonly number[], k: number, next: number): number[] {
  const out = new Array<number>(next * next).fill(0);
  const o = (next - k) / 2;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      const rr = r + o;
      const cc = c + o;
      if (rr >= 0 && rr < next && cc >= 0 && cc < next) out[rr * next + cc] = w[r * k + c];
    }
  }
  return out;
}

/** Which grid cell a point falls in, or null outside the grid. */
export function cellAt(px: number, py: number, cellSize: number, k: number): { row: number; col: number } | null {
  const col = Math.floor(px / cellSize);
  const row = Math.floor(py / cellSize);
  return row >= 0 && row < k && col >= 0 && col < k ? { row, col } : null;
}
