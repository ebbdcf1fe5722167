// A weight's label that fits its grid cell on one line: as many significant digits as the cell has room for, a
// leading "0." shortened to ".", then compact exponent notation (2.4e-4) — chosen by the text's estimated width.

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

/**
 * The most precise label for v whose width at `fontSize` fits a cell `cell` px wide (less LABEL_INSET each side);
 * the narrowest candidate when none fits. 0 is "0"; non-finite values are written as they are.
 */
export function cellLabel(v: number, cell: number, fontSize: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const room = cell - 2 * LABEL_INSET;
  const all = candidates(v);
  return all.find((t) => labelWidth(t, fontSize) <= room) ?? all.reduce((a, b) => (labelWidth(b, fontSize) < labelWidth(a, fontSize) ? b : a));
}
