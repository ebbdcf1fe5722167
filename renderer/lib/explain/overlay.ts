// Colours for an explanation painted over the drawing: a diverging scale whose zero is transparent (blue negative, red
// positive, more opaque the larger |value|), so the strokes stay visible under it; maps that are ≥ 0 (|gradient|,
// Grad-CAM) use its positive half. Pure: RGBA pixels, the legend's range and a checksum of what was painted.
import type { Rgb } from '../filters/colors';

/** The overlay's ends: a light blue and a light red that read on black and on white ink. */
export const OVERLAY_NEG: Rgb = [59, 130, 246];
export const OVERLAY_POS: Rgb = [239, 68, 68];
/** The opacity of the largest |value| (the strokes show through even there). */
export const OVERLAY_ALPHA = 0.8;

/** How a map is coloured: both signs around 0, or its positive half only (negative values count as 0). */
export interface OverlayScale {
  signed: boolean;
  /** The largest |value| (signed) or value (positive): full colour. 0 for a map with nothing to show. */
  max: number;
}

/** The scale of `values`: the largest |v| for a signed map, the largest v (at least 0) for a positive one. */
export function overlayScale(values: ArrayLike<number>, signed: boolean): OverlayScale {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const m = signed ? Math.abs(v) : v;
    if (m > max) max = m;
  }
  return { signed, max };
}

/** The RGBA colour of `v` (alpha 0..255): 0 (and anything on the hidden side of a positive scale) is transparent. */
export function overlayColor(v: number, scale: OverlayScale): [number, number, number, number] {
  if (!(scale.max > 0) || !Number.isFinite(v)) return [0, 0, 0, 0];
  const t = Math.max(-1, Math.min(1, v / scale.max));
  if (t === 0 || (!scale.signed && t < 0)) return [0, 0, 0, 0];
  const c = t > 0 ? OVERLAY_POS : OVERLAY_NEG;
  return [c[0], c[1], c[2], Math.round(255 * OVERLAY_ALPHA * Math.abs(t))];
}

/**
 * Paints h×w values into RGBA pixels with `scale`.
 * @returns `out` (a new Uint8ClampedArray of values.length·4 bytes when not given).
 */
export function paintOverlay(values: ArrayLike<number>, scale: OverlayScale, out = new Uint8ClampedArray(values.length * 4)): Uint8ClampedArray {
  if (out.length !== values.length * 4) throw new Error(`paintOverlay: buffer has ${out.length} bytes, ${values.length} values need ${values.length * 4}`);
  // overlayColor's arithmetic, written in place (no array per pixel: this runs with every stroke point)
  const m = scale.max;
  const a = 255 * OVERLAY_ALPHA;
  for (let i = 0, j = 0; i < values.length; i++, j += 4) {
    const v = values[i];
    const t = m > 0 && Number.isFinite(v) ? Math.max(-1, Math.min(1, v / m)) : 0;
    if (t === 0 || (!scale.signed && t < 0)) {
      out[j] = out[j + 1] = out[j + 2] = out[j + 3] = 0;
      continue;
    }
    const c = t > 0 ? OVERLAY_POS : OVERLAY_NEG;
    out[j] = c[0];
    out[j + 1] = c[1];
    out[j + 2] = c[2];
    out[j + 3] = Math.round(a * Math.abs(t));
  }
  return out;
}

/** The painted pixels of a map and their checksum, made once per map (the pad and the input preview show the same). */
const painted = new WeakMap<object, { rgba: Uint8ClampedArray; sum: string }>();

export function overlayPixels(map: { data: Float32Array; signed: boolean }): { rgba: Uint8ClampedArray; sum: string } {
  let p = painted.get(map);
  if (!p) {
    const rgba = paintOverlay(map.data, overlayScale(map.data, map.signed));
    p = { rgba, sum: checksum(rgba) };
    painted.set(map, p);
  }
  return p;
}

/** The legend of a scale: its ends and middle (−max, 0, max or 0, max/2, max) and its gradient as CSS. */
export function overlayLegend(scale: OverlayScale): { lo: number; mid: number; hi: number; gradient: string } {
  const rgba = (c: Rgb, a: number) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;
  const pos = rgba(OVERLAY_POS, OVERLAY_ALPHA);
  if (!scale.signed) return { lo: 0, mid: scale.max / 2, hi: scale.max, gradient: `linear-gradient(to right, ${rgba(OVERLAY_POS, 0)}, ${pos})` };
  return { lo: -scale.max, mid: 0, hi: scale.max, gradient: `linear-gradient(to right, ${rgba(OVERLAY_NEG, OVERLAY_ALPHA)}, ${rgba(OVERLAY_NEG, 0)} 50%, ${pos})` };
}

/** FNV-1a of bytes, as 8 hex digits: tells two painted maps apart (tests read it from a data attribute). */
export function checksum(bytes: ArrayLike<number>): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] & 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
