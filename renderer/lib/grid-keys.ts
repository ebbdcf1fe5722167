// Keyboard handling for the canvas grids (the filter designer's weights, a layer's feature maps), as pure functions:
// which cell a key moves to, how much a key raises or lowers a weight, and how a cell is described to a screen reader.

/** Keys that move between the cells of a grid laid out row by row in `cols` columns (`count` cells in all). */
export function gridMove(index: number, key: string, count: number, cols: number, ctrl = false): number | null {
  if (count <= 0 || cols <= 0) return null;
  const i = Math.min(Math.max(index, 0), count - 1);
  const rowStart = i - (i % cols);
  switch (key) {
    case 'ArrowLeft':
      return i % cols > 0 ? i - 1 : i;
    case 'ArrowRight':
      return i % cols < cols - 1 && i + 1 < count ? i + 1 : i;
    case 'ArrowUp':
      return i - cols >= 0 ? i - cols : i;
    case 'ArrowDown':
      return i + cols < count ? i + cols : i;
    case 'Home':
      return ctrl ? 0 : rowStart;
    case 'End':
      return ctrl ? count - 1 : Math.min(rowStart + cols, count) - 1;
    default:
      return null;
  }
}

/** A weight's keyboard steps: + and − change it by one drag step, PageUp and PageDown by a larger one. */
export const KEY_STEP = 0.05;
export const KEY_STEP_LARGE = 0.5;

/** How much a key changes a weight: + (or =) and PageUp raise it, − (or _) and PageDown lower it; null for other keys. */
export function weightKeyDelta(key: string): number | null {
  if (key === '+' || key === '=') return KEY_STEP;
  if (key === '-' || key === '_' || key === '\u2212') return -KEY_STEP;
  if (key === 'PageUp') return KEY_STEP_LARGE;
  if (key === 'PageDown') return -KEY_STEP_LARGE;
  return null;
}

/** A weight after adding `delta`, rounded to the step's precision and kept within ±limit. */
export function stepWeight(value: number, delta: number, limit: number): number {
  const v = Number(Math.max(-limit, Math.min(limit, value + delta)).toFixed(4));
  return v === 0 ? 0 : v;
}

/** "row 2, column 3" for cell `index` of a grid with `cols` columns (1-based, as read out). */
export function cellPosition(index: number, cols: number): string {
  return `row ${Math.floor(index / cols) + 1}, column ${(index % cols) + 1}`;
}
