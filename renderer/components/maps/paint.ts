// Offscreen canvases for feature maps: each map is painted as ImageData at its natural size and shown by one
// Konva.Image scaled up (never one Rect per pixel), with image smoothing off so every value stays a crisp square.
import { paintValues, type ColorScale } from '../../lib/filters/colors';

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

/** Calls `draw` at most once per animation frame however often `request` is called; `cancel` stops it. */
export function frameThrottle(draw: () => void): { request: () => void; cancel: () => void } {
  let id: number | null = null;
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (cb: FrameRequestCallback) => setTimeout(() => cb(0), 16) as unknown as number;
  const caf = typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame : (n: number) => clearTimeout(n);
  return {
    request: () => {
      if (id !== null) return;
      id = raf(() => {
        id = null;
        draw();
      });
    },
    cancel: () => {
      if (id !== null) caf(id);
      id = null;
    },
  };
}
