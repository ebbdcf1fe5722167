// A weight's label that fits its grid cell on one line: as many significant digits as the cell has room for, a
// leading "0." shortened to ".", then compact exponent notation (2.4e-4) — chosen by the text's width (Arial's
// estimated, or what the browser measures when it draws wider).

/**
 * Advance widths in em of the characters a number label uses, in Arial / Liberation Sans (Konva's default font;
 * metric-compatible): digits and "e" 0.556, "." 0.278, "-" 0.333, "+" 0.584.
 */
const EM: Record<string, number> = { '.': 0.278, '-': 0.333, '+': 0.584, e: 0.556 };
const DIGIT_EM = 0.556;

/** The text's width in px at `fontSize` (Arial metrics; other characters count as a digit). */
export function labelWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += EM[ch] ?? DIGIT_EM;
  return em * fontSize;
}

/** Horizontal room a label leaves on each side of its cell (px). */
export const LABEL_INSET = 2;

const trim = (s: string) => String(Number(s));
const noLeadingZero = (s: string) => s.replace(/^(-?)0\./, '$1.');
const exp = (v: number, digits: number) => v.toExponential(digits).replace('e+', 'e');

/** Ways to write v, most precise first (3, 2, then 1 significant digits; each plain, without "0.", then as 1.2e-4). */
function candidates(v: number): string[] {
  const out: string[] = [];
  for (const p of [3, 2, 1]) {
    const plain = trim(v.toPrecision(p));
    out.push(plain, noLeadingZero(plain), exp(v, p - 1));
  }
  return out;
}

/** A label's width in px at a font size: labelWidth's estimate, or a drawnLabelWidths measure. */
export type TextWidth = (text: string, fontSize: number) => number;

/**
 * A TextWidth: the wider of labelWidth's estimate and the text's width as this browser draws it in Konva's default
 * font, Arial, on a 2D canvas of its own (made at first use). Where Arial is missing the browser draws a substitute;
 * DejaVu Sans (what Debian gives once GTK is installed) has digits 14 % wider, and the estimate alone let 5×5 labels
 * overflow their cells. Where no 2D canvas exists (Node), the estimate.
 */
export function drawnLabelWidths(): TextWidth {
  let measure: CanvasRenderingContext2D | null | undefined;
  return (text, fontSize) => {
    const estimate = labelWidth(text, fontSize);
    if (measure === undefined) measure = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    if (!measure) return estimate;
    measure.font = `${fontSize}px Arial`;
    return Math.max(estimate, measure.measureText(text).width);
  };
}

/** The most precise candidate for v that fits `room` px at `fontSize`, else the narrowest; with its width (each measured once). */
function bestLabel(v: number, room: number, fontSize: number, width: TextWidth): { text: string; px: number } {
  if (!Number.isFinite(v)) return { text: String(v), px: width(String(v), fontSize) };
  if (v === 0) return { text: '0', px: width('0', fontSize) };
  const all = candidates(v).map((text) => ({ text, px: width(text, fontSize) }));
  return all.find((c) => c.px <= room) ?? all.reduce((a, b) => (b.px < a.px ? b : a));
}

/**
 * The most precise label for v whose width at `fontSize` (by `width`: the Arial estimate unless given) fits a cell
 * `cell` px wide (less LABEL_INSET each side); the narrowest candidate when none fits. 0 is "0"; non-finite values are
 * written as they are.
 */
export function cellLabel(v: number, cell: number, fontSize: number, width: TextWidth = labelWidth): string {
  return bestLabel(v, cell - 2 * LABEL_INSET, fontSize, width).text;
}

/**
 * The largest font size from `size` down to `min` at which every value's label (cellLabel) fits a `cell` px cell by
 * `width`; `min` when even there some do not. With Arial every preset fits at the grid's own size; a wider substitute
 * font can need a point or two less at 7×7 (-2e-4 is the narrowest way to write -1/4096).
 */
export function labelFont(values: readonly number[], cell: number, size: number, width: TextWidth = labelWidth, min = size - 3): number {
  const room = cell - 2 * LABEL_INSET;
  for (let s = size; s > min; s--) if (values.every((v) => bestLabel(v, room, s, width).px <= room)) return s;
  return min;
}
