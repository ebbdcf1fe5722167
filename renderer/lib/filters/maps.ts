// Pure helpers for the feature-map panel: per-map or shared colour scales, tile layout, pooling winners,
// the learned-filter mosaic and the output-shape label (one-line layer descriptions: core/layers/registry.ts).
import type { LayerInfo } from '../../../core/spec';
import { paintValues, rangeOf, scaleFor, type ColorScale } from './colors';

export type ScaleMode = 'per-map' | 'shared';

/**
 * One colour scale per channel of a [C, H, W] activation: each map's own range ('per-map'), or the whole
 * layer's range for every map ('shared', so brightness compares across channels).
 */
export function mapScales(data: ArrayLike<number>, channels: number, plane: number, mode: ScaleMode, diverging = false): ColorScale[] {
  if (data.length !== channels * plane) throw new Error(`mapScales: ${data.length} values are not ${channels} maps of ${plane}`);
  if (mode === 'shared') {
    const s = scaleFor(rangeOf(data), diverging);
    return Array.from({ length: channels }, () => s);
  }
  return Array.from({ length: channels }, (_, c) => scaleFor(rangeOf(data, c * plane, plane), diverging));
}

/** Display pixels per map value: maps are shown 36–64 px wide (28×28 → 2×, 14×14 → 3×, 7×7 → 7×). */
export function tileScale(side: number): number {
  return Math.max(1, Math.min(Math.floor(64 / side), Math.round(48 / side)));
}

export interface TileLayout {
  cols: number;
  rows: number;
  tile: number;
  gap: number;
  width: number;
  height: number;
  /** Top-left corner of tile i. */
  pos: (i: number) => { x: number; y: number };
  /** The tile under a point, or −1. */
  hit: (x: number, y: number) => number;
}

/** Lays `count` square tiles of `tile` px in rows that fit `maxWidth`. */
export function gridLayout(count: number, tile: number, gap: number, maxWidth: number): TileLayout {
  const cols = Math.max(1, Math.min(count, Math.floor((maxWidth + gap) / (tile + gap))));
  const rows = Math.ceil(count / cols);
  const step = tile + gap;
  return {
    cols,
    rows,
    tile,
    gap,
    width: cols * step - gap,
    height: rows * step - gap,
    pos: (i) => ({ x: (i % cols) * step, y: Math.floor(i / cols) * step }),
    hit: (x, y) => {
      const c = Math.floor(x / step);
      const r = Math.floor(y / step);
      const i = r * cols + c;
      return c >= 0 && c < cols && r >= 0 && x - c * step < tile && y - r * step < tile && i < count ? i : -1;
    },
  };
}

/**
 * The winners of one channel's max pooling, as (row, col) in that channel's input map.
 * @param argmax core's maxPool2d argmax: flat indices into the layer input [1, C, H, W]
 */
export function poolWinners(argmax: Int32Array, inShape: readonly number[], channel: number, outPlane: number): { iy: number; ix: number }[] {
  const [, h, w] = inShape;
  const base = channel * h * w;
  return Array.from(argmax.subarray(channel * outPlane, (channel + 1) * outPlane), (flat) => {
    const local = flat - base;
    return { iy: Math.floor(local / w), ix: local % w };
  });
}

export interface Mosaic {
  w: number;
  h: number;
  rgba: Uint8ClampedArray;
  scale: ColorScale;
}

const GAP_RGB = [18, 25, 35] as const;

/**
 * The filters of a conv layer, weights [F, C, K, K], as one image of K×K tiles with 1 px gaps: one row per
 * filter with its C input-channel kernels side by side, or, when C = 1, up to `perRow` filters a row.
 * 'shared' uses one diverging scale for the layer, 'per-map' one per filter.
 */
export function filterMosaic(data: ArrayLike<number>, shape: readonly number[], mode: ScaleMode, perRow = 16): Mosaic {
  const [f, c, k] = shape;
  if (shape.length !== 4 || data.length !== f * c * k * k) throw new Error(`filterMosaic: expected weights [F,C,K,K], got [${shape.join(',')}] with ${data.length} values`);
  const per = c * k * k;
  const cols = c > 1 ? c : Math.max(1, Math.min(f, perRow));
  const rows = Math.ceil((f * c) / cols);
  const layerScale = scaleFor(rangeOf(data), true);
  const w = cols * (k + 1) - 1;
  const h = rows * (k + 1) - 1;
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([...GAP_RGB, 255], i * 4);
  const tile = new Uint8ClampedArray(k * k * 4);
  for (let fi = 0; fi < f; fi++) {
    const scale = mode === 'shared' ? layerScale : scaleFor(rangeOf(data, fi * per, per), true);
    for (let ci = 0; ci < c; ci++) {
      const t = fi * c + ci;
      const x0 = (t % cols) * (k + 1);
      const y0 = Math.floor(t / cols) * (k + 1);
      paintValues(data, k, k, scale, fi * per + ci * k * k, tile);
      for (let r = 0; r < k; r++) rgba.set(tile.subarray(r * k * 4, (r + 1) * k * 4), ((y0 + r) * w + x0) * 4);
    }
  }
  return { w, h, rgba, scale: layerScale };
}

export function fmtShape(info: LayerInfo): string {
  return `[${info.outShape.join('×')}]`;
}

/**
 * Where filter `i` is in a filterMosaic of weights [F, C, K, K] laid out `cols` kernels wide (mosaic pixels, one per
 * weight, a 1-pixel gap): one cell per filter when C = 1, a whole row (its C kernels) when C > 1.
 */
export function mosaicFilterBox(i: number, shape: readonly number[], cols: number): { x: number; y: number; w: number; h: number } {
  const [, c, k] = shape;
  if (c > 1) return { x: 0, y: i * (k + 1), w: c * (k + 1) - 1, h: k };
  return { x: (i % cols) * (k + 1), y: Math.floor(i / cols) * (k + 1), w: k, h: k };
}

/** The filter under mosaic pixel (x, y) of a filterMosaic (see mosaicFilterBox), or -1 (a gap, or outside). */
export function mosaicFilterAt(x: number, y: number, shape: readonly number[], cols: number): number {
  const [f, c, k] = shape;
  if (x < 0 || y < 0) return -1;
  const col = Math.floor(x / (k + 1));
  const row = Math.floor(y / (k + 1));
  if (x % (k + 1) === k || y % (k + 1) === k) return -1;
  const i = c > 1 ? (col < c ? row : -1) : col < cols ? row * cols + col : -1;
  return i >= 0 && i < f ? i : -1;
}
