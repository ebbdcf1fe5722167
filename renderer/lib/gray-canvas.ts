// Paints grey images (floats in [0,1] or bytes 0..255) onto canvases: white ink on black, like MNIST.

/** Writes `values` (w×h, ink = 1 or 255) into `canvas` at its natural size (through `context`, if given: its own). */
export function paintGray(canvas: HTMLCanvasElement, values: ArrayLike<number>, w: number, h: number, max = 1, context?: CanvasRenderingContext2D | null): void {
  // setting the size clears the canvas and its state even when unchanged
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = context ?? canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const v = Math.max(0, Math.min(255, Math.round((values[i] / max) * 255)));
    img.data[4 * i] = v;
    img.data[4 * i + 1] = v;
    img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** A new canvas holding the image (for Konva.Image or data URLs). */
export function grayCanvas(values: ArrayLike<number>, w: number, h: number, max = 1): HTMLCanvasElement {
  const c = document.createElement('canvas');
  paintGray(c, values, w, h, max);
  return c;
}
