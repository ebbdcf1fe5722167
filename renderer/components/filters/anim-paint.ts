// Canvases for the sliding-filter animation: a map that fills in cell by cell (only the rows that changed are put on
// its canvas) and the input with its padding border of zeros. Both at the maps' own resolution, enlarged when shown.
import type { Pads } from '../../../core/spec';
import { colorOf, type ColorScale, type Rgb } from '../../lib/filters/colors';
import type { Plane } from '../../lib/filters/designer';
import { makeCanvas } from '../maps/paint';

/** A cell not computed yet: a slate that is on neither palette (not black, white, grey, blue or red). */
export const EMPTY_RGB: Rgb = [58, 72, 96];
/** The padding's zeros: the input palette's black, tinted so the border reads as added, not as image. */
export const PAD_RGB: Rgb = [16, 36, 66];

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const word = ([r, g, b]: Rgb): number => (LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0);

/**
 * One output map as the animation shows it: cells [0, n) filled with their value's colour (the same colour as the
 * designer's whole map), the others EMPTY_RGB. `values` holds what was filled in (NaN where empty), so the filled map
 * can be compared with the designer's.
 */
export class FillingMap {
  readonly canvas: HTMLCanvasElement;
  readonly values: Float32Array;
  private readonly img: ImageData | null;
  private readonly px: Uint32Array | null;
  private shown = 0;

  /** `valueAt(i)`: cell i's value as the animation computes it (animation.ts stepAt); `canvas`: w×h, else a new one. */
  constructor(
    readonly w: number,
    readonly h: number,
    private readonly scale: ColorScale,
    private readonly valueAt: (i: number) => number,
    canvas?: HTMLCanvasElement,
  ) {
    this.canvas = canvas ?? makeCanvas(w, h);
    this.values = new Float32Array(w * h).fill(NaN);
    const ctx = this.canvas.getContext('2d');
    this.img = ctx ? ctx.createImageData(w, h) : null;
    this.px = this.img ? new Uint32Array(this.img.data.buffer) : null;
    this.px?.fill(word(EMPTY_RGB));
    if (ctx && this.img) ctx.putImageData(this.img, 0, 0);
  }

  /** Fills cells [0, n) and empties the rest, putting on the canvas only the rows that changed. */
  fill(n: number): void {
    n = Math.max(0, Math.min(this.w * this.h, n));
    if (n === this.shown) return;
    const [from, to] = n > this.shown ? [this.shown, n] : [n, this.shown];
    for (let i = from; i < to; i++) {
      const v = n > this.shown ? this.valueAt(i) : NaN;
      this.values[i] = v;
      if (this.px) this.px[i] = Number.isNaN(v) ? word(EMPTY_RGB) : word(colorOf(v, this.scale));
    }
    this.shown = n;
    const ctx = this.canvas.getContext('2d');
    if (ctx && this.img) {
      const y0 = Math.floor(from / this.w);
      const y1 = Math.floor((to - 1) / this.w) + 1;
      ctx.putImageData(this.img, 0, 0, 0, y0, this.w, y1 - y0);
    }
  }

  get filled(): number {
    return this.shown;
  }
}

/** The input with its padding: (top + h + bottom) × (left + w + right) cells, the border's zeros in PAD_RGB. */
export function paddedCanvas(input: Plane, pads: Pads, scale: ColorScale): HTMLCanvasElement {
  const pw = pads.left + input.w + pads.right;
  const ph = pads.top + input.h + pads.bottom;
  const c = makeCanvas(pw, ph);
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const img = ctx.createImageData(pw, ph);
  const px = new Uint32Array(img.data.buffer);
  px.fill(word(PAD_RGB));
  for (let y = 0; y < input.h; y++) {
    for (let x = 0; x < input.w; x++) px[(y + pads.top) * pw + x + pads.left] = word(colorOf(input.data[y * input.w + x], scale));
  }
  ctx.putImageData(img, 0, 0);
  return c;
}
