// How much ink there is: none at all (an empty pad gives all zeros: nothing to show but biases), or too little to
// read as a digit (a dot or a short dash, which preprocessing would blow up into a blob).
import { BRUSH_WIDTH } from './preprocess';

/** True when some value of the input is above 0. */
export function hasInk(input: ArrayLike<number>): boolean {
  for (let i = 0; i < input.length; i++) if (input[i] > 0) return true;
  return false;
}

/**
 * The smallest ink box (its longer side, pad px, brush included) read as a digit: 48 px, 17 % of the 280 px pad,
 * 2.7 brush widths. Measured with the bundled cnn on drawings scaled to 20 px as preprocessing does: below it every
 * drawing tried was misread with confidence (a dot, 18 px: "0" at 93 %; a 10 px dash: "0" at 94 %; a 20 px bar,
 * 38 px of ink: "8" at 72 %; a "7" 20 px wide, 38 px of ink: "8" at 96 %), from it on the shapes are read (a 30 px bar,
 * 48 px: "1"; the "7" at 58 px: "7" at 99 %; a ring at 48×60: "0" at 99.8 %). test/renderer/ink.test.ts keeps them.
 */
export const MIN_INK_SIDE = 48;

/** The ink's box on the pad: the stroke points' extent plus the brush's width (pad px); null without points. */
export function inkBox(strokes: readonly { points: readonly number[] }[], brush = BRUSH_WIDTH): { width: number; height: number } | null {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of strokes) {
    for (let i = 0; i + 1 < s.points.length; i += 2) {
      x0 = Math.min(x0, s.points[i]);
      x1 = Math.max(x1, s.points[i]);
      y0 = Math.min(y0, s.points[i + 1]);
      y1 = Math.max(y1, s.points[i + 1]);
    }
  }
  return x1 >= x0 ? { width: x1 - x0 + brush, height: y1 - y0 + brush } : null;
}

/** True when there are strokes but their ink is too small to read as a digit (longer side < MIN_INK_SIDE). */
export function inkTooSmall(strokes: readonly { points: readonly number[] }[], brush = BRUSH_WIDTH): boolean {
  const box = inkBox(strokes, brush);
  return box !== null && Math.max(box.width, box.height) < MIN_INK_SIDE;
}
