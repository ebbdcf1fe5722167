// Colour scales for weights and feature maps, and painting a value grid into RGBA pixels (one ImageData per map).
// Diverging: blue (negative) – white (0) – red (positive), symmetric about zero. Gray: black (min) – white (max).

export type Rgb = readonly [number, number, number];

/** ColorBrewer RdBu end points: strong blue, white, strong red. */
export const NEG: Rgb = [33, 102, 172];
export const ZERO: Rgb = [247, 247, 247];
export const POS: Rgb = [178, 24, 43];

export type ColorScale = { kind: 'diverging'; maxAbs: number } | { kind: 'gray'; min: number; max: number };

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

/** Maps v in [−maxAbs, maxAbs] to blue–white–red; values outside are clamped, maxAbs 0 gives white. */
export function diverging(v: number, maxAbs: number): Rgb {
  if (!(maxAbs > 0) || !Number.isFinite(v)) return ZERO;
  const t = Math.max(-1, Math.min(1, v / maxAbs));
  return t >= 0 ? mix(ZERO, POS, t) : mix(ZERO, NEG, -t);
}

/** Maps v in [min, max] to black–white; in a flat range 0 (or less) is black and anything else mid grey. */
export function gray(v: number, min: number, max: number): Rgb {
  if (!Number.isFinite(v)) return [128, 128, 128];
  if (!(max > min)) return v > 0 ? [128, 128, 128] : [0, 0, 0];
  const g = Math.round(255 * Math.max(0, Math.min(1, (v - min) / (max - min))));
  return [g, g, g];
}

export function colorOf(v: number, scale: ColorScale): Rgb {
  return scale.kind === 'diverging' ? diverging(v, scale.maxAbs) : gray(v, scale.min, scale.max);
}

export function cssColor(rgb: Rgb): string {
  return `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;
}

export interface Range {
  min: number;
  max: number;
}

/** min and max of values[offset, offset+length) (finite values only; 0..0 when there are none). */
export function rangeOf(values: ArrayLike<number>, offset = 0, length = values.length - offset): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < offset + length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : { min: 0, max: 0 };
}

/**
 * The scale for a map with this value range: diverging around 0 when it has negative values,
 * gray from 0 (or its min) to max when it does not (e.g. after ReLU, or an input image).
 */
export function scaleFor(r: Range, preferDiverging = false): ColorScale {
  if (preferDiverging || r.min < 0) return { kind: 'diverging', maxAbs: Math.max(Math.abs(r.min), Math.abs(r.max)) };
  return { kind: 'gray', min: Math.min(0, r.min), max: r.max };
}

/**
 * Paints h×w values (row-major, from `offset`) into RGBA pixels.
 * @returns a new Uint8ClampedArray of h·w·4 bytes, or fills `out` when given.
 */
export function paintValues(values: ArrayLike<number>, w: number, h: number, scale: ColorScale, offset = 0, out?: Uint8ClampedArray): Uint8ClampedArray {
  const px = out ?? new Uint8ClampedArray(w * h * 4);
  if (px.length !== w * h * 4) throw new Error(`paintValues: buffer has ${px.length} bytes, a ${w}×${h} image needs ${w * h * 4}`);
  for (let i = 0; i < w * h; i++) {
    const [r, g, b] = colorOf(values[offset + i], scale);
    px[i * 4] = r;
    px[i * 4 + 1] = g;
    px[i * 4 + 2] = b;
    px[i * 4 + 3] = 255;
  }
  return px;
}

/** Readable text colour (black or white) on a background. */
export function textOn(rgb: Rgb): string {
  return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 140 ? '#111' : '#fff';
}

/** A short label for a scale's end points, for legends: ["−1.2", "0", "1.2"] or ["0", "0.5", "1"]. */
export function legendStops(scale: ColorScale): [number, number, number] {
  if (scale.kind === 'diverging') return [-scale.maxAbs, 0, scale.maxAbs];
  return [scale.min, (scale.min + scale.max) / 2, scale.max];
}

/** Compact number format for cells and legends: 3 significant digits, no trailing zeros. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.001) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
