// Canvases for feature maps: maps are painted as ImageData at their natural size and enlarged when shown (never one
// Rect per pixel), with image smoothing off so every value stays a crisp square.
import type Konva from 'konva';
import type { TileLayout } from '../../lib/filters/maps';
import { NEG, POS, ZERO, paintValues, type ColorScale } from '../../lib/filters/colors';
import { cancelFrameTask, inRun, requestFrameTask } from '../../lib/frame';

export function makeCanvas(w: number, h: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = Math.max(1, w);
  c.height = Math.max(1, h);
  return c;
}

/** Paints h×w values (from `offset`) into `canvas`, resizing it when needed. */
export function paintCanvas(canvas: HTMLCanvasElement, values: ArrayLike<number>, w: number, h: number, scale: ColorScale, offset = 0): void {
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  paintValues(values, w, h, scale, offset, img.data);
  ctx.putImageData(img, 0, 0);
}

/** A fresh canvas holding the painted values. */
export function valuesCanvas(values: ArrayLike<number>, w: number, h: number, scale: ColorScale, offset = 0): HTMLCanvasElement {
  const c = makeCanvas(w, h);
  paintCanvas(c, values, w, h, scale, offset);
  return c;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** An opaque RGBA pixel as one 32-bit word in the platform's byte order (ImageData is R, G, B, A in memory). */
function rgba(r: number, g: number, b: number): number {
  return LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}

/**
 * colorOf(values[i], scale) for i in [from, to) into px32[i], without allocating: the same arithmetic as
 * lib/filters/colors (diverging: ZERO→POS/NEG by |v|/maxAbs, rounded; gray: 255·(v−min)/(max−min), rounded).
 */
function paintRun(values: ArrayLike<number>, from: number, to: number, scale: ColorScale, px32: Uint32Array): void {
  if (scale.kind === 'diverging') {
    const m = scale.maxAbs;
    const white = rgba(ZERO[0], ZERO[1], ZERO[2]);
    if (!(m > 0)) {
      px32.fill(white, from, to);
      return;
    }
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        px32[i] = white;
        continue;
      }
      const t = v / m;
      const u = t >= 0 ? Math.min(1, t) : Math.min(1, -t);
      const c = t >= 0 ? POS : NEG;
      px32[i] = rgba(Math.round(ZERO[0] + (c[0] - ZERO[0]) * u), Math.round(ZERO[1] + (c[1] - ZERO[1]) * u), Math.round(ZERO[2] + (c[2] - ZERO[2]) * u));
    }
    return;
  }
  const { min, max } = scale;
  const mid = rgba(128, 128, 128);
  const black = rgba(0, 0, 0);
  const flat = !(max > min);
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) px32[i] = mid;
    else if (flat) px32[i] = v > 0 ? mid : black;
    else {
      const g = Math.round(255 * Math.max(0, Math.min(1, (v - min) / (max - min))));
      px32[i] = rgba(g, g, g);
    }
  }
}

/**
 * Paints `channels` planes of `plane` values into RGBA pixels `out` (plane c with scales[c]), pixel for pixel what
 * paintValues gives for each plane, without allocating. `out` must start on a 4-byte boundary (ImageData does).
 */
export function paintPlanes(values: ArrayLike<number>, channels: number, plane: number, scales: readonly ColorScale[], out: Uint8ClampedArray): void {
  if (out.length !== channels * plane * 4) throw new Error(`paintPlanes: buffer has ${out.length} bytes, ${channels} planes of ${plane} need ${channels * plane * 4}`);
  if (scales.length !== channels) throw new Error(`paintPlanes: ${scales.length} scales for ${channels} planes`);
  const px32 = new Uint32Array(out.buffer, out.byteOffset, channels * plane);
  for (let c = 0; c < channels; c++) paintRun(values, c * plane, (c + 1) * plane, scales[c], px32);
}

/**
 * Copies plane c of `planes` (channels × h×w RGBA pixels, plane after plane) to pos(c) in `out`, an RGBA image
 * `width` pixels wide, row by row; pixels of `out` outside the tiles are left as they are.
 */
export function placeTiles(planes: Uint8ClampedArray, channels: number, h: number, w: number, out: Uint8ClampedArray, width: number, pos: (c: number) => { x: number; y: number }): void {
  if (planes.length !== channels * h * w * 4) throw new Error(`placeTiles: ${planes.length} bytes of planes, ${channels} planes of ${h}×${w} need ${channels * h * w * 4}`);
  const src = new Uint32Array(planes.buffer, planes.byteOffset, channels * h * w);
  const dst = new Uint32Array(out.buffer, out.byteOffset, out.length / 4);
  const rows = dst.length / width;
  for (let c = 0; c < channels; c++) {
    const p = pos(c);
    if (p.x < 0 || p.y < 0 || p.x + w > width || p.y + h > rows) throw new Error(`placeTiles: tile ${c} at (${p.x}, ${p.y}) is outside the ${width}×${rows} image`);
    for (let y = 0; y < h; y++) dst.set(src.subarray((c * h + y) * w, (c * h + y + 1) * w), (p.y + y) * width + p.x);
  }
}

/**
 * A layer's maps as the grid shows them, at the maps' own resolution, in one reused ImageData: each repaint colours
 * the planes, places them in their tiles (gaps stay transparent) and puts the grid on its canvas with a single
 * putImageData — not one per map (a call costs ~15 µs in Chromium whatever its size: 150 maps on screen, 2 ms).
 */
export class GridImage {
  private img: ImageData | null = null;
  private readonly planes: Uint8ClampedArray;

  constructor(
    readonly channels: number,
    readonly h: number,
    readonly w: number,
    readonly grid: { width: number; height: number; pos: (i: number) => { x: number; y: number } },
  ) {
    this.planes = new Uint8ClampedArray(channels * h * w * 4);
  }

  /** Paints every tile one flat colour (no values to show, e.g. no ink yet), gaps transparent. */
  fill(ctx: CanvasRenderingContext2D, rgb: readonly [number, number, number]): void {
    new Uint32Array(this.planes.buffer).fill(rgba(rgb[0], rgb[1], rgb[2]));
    const img = (this.img ??= ctx.createImageData(this.grid.width, this.grid.height));
    placeTiles(this.planes, this.channels, this.h, this.w, img.data, this.grid.width, this.grid.pos);
    ctx.putImageData(img, 0, 0);
  }

  /** Paints `channels` planes of h×w values (plane i with scales[i]) onto `ctx`'s canvas, grid-sized, at (0, 0). */
  paint(ctx: CanvasRenderingContext2D, values: ArrayLike<number>, scales: readonly ColorScale[]): void {
    paintPlanes(values, this.channels, this.h * this.w, scales, this.planes);
    const img = (this.img ??= ctx.createImageData(this.grid.width, this.grid.height));
    placeTiles(this.planes, this.channels, this.h, this.w, img.data, this.grid.width, this.grid.pos);
    ctx.putImageData(img, 0, 0);
  }
}

/** The gap between maps shown `scale` times enlarged: at least `min` px and a whole number of map pixels. */
export function gridGap(min: number, scale: number): number {
  return scale * Math.ceil(min / scale);
}

/** `layout` (screen px, tiles `scale` times the maps' size) at the maps' own resolution: canvas size and positions. */
export function nativeGrid(layout: TileLayout, scale: number): { width: number; height: number; pos: (i: number) => { x: number; y: number } } {
  if (layout.tile % scale !== 0 || layout.gap % scale !== 0) throw new Error(`nativeGrid: tile ${layout.tile} and gap ${layout.gap} must be multiples of the scale ${scale}`);
  return {
    width: Math.max(1, layout.width / scale),
    height: Math.max(1, layout.height / scale),
    pos: (i) => {
      const p = layout.pos(i);
      return { x: p.x / scale, y: p.y / scale };
    },
  };
}

/** A width×height copy of `src` enlarged without smoothing (what the screen shows), e.g. for a PNG export. */
export function scaledCopy(src: HTMLCanvasElement, width: number, height: number): HTMLCanvasElement {
  const out = makeCanvas(width, height);
  const ctx = out.getContext('2d');
  if (ctx) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(src, 0, 0, width, height);
  }
  return out;
}

/**
 * Calls `draw` at most once per run of the frame queue however often `request` is called; `cancel` stops it. Requests
 * made while a run goes on (e.g. from the controller's inference) are drawn in that same run.
 */
export function frameThrottle(draw: () => void): { request: () => void; cancel: () => void } {
  const task = () => draw();
  return {
    request: () => requestFrameTask(task),
    cancel: () => cancelFrameTask(task),
  };
}

/** Draws a Konva layer now when inside a run of the frame queue (so the next paint shows it), else batched to a frame. */
export function drawLayer(layer: Konva.Layer | null | undefined): void {
  if (!layer) return;
  if (inRun()) layer.draw();
  else layer.batchDraw();
}
