// Decoded images to the studio's input: grayscale (alpha composited onto black) and resized to side × side by area
// averaging. Decoding PNG/JPEG happens at the edge (createImageBitmap in the renderer, a PNG/JPEG library in Node).
import { CoreError } from '../assert.js';

/** A decoded image: width × height pixels of `channels` bytes each (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA), row by row. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** One byte of gray per pixel: ITU-R BT.601 luma, multiplied by alpha (transparent is black, as MNIST's background). */
export function toGray(img: DecodedImage): Uint8Array {
  const { width, height, channels, data } = img;
  const n = width * height;
  if (data.length !== n * channels) throw new CoreError(`image: ${width}×${height}×${channels} needs ${n * channels} bytes, got ${data.length}`);
  if (channels === 1) return Uint8Array.from(data);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = i * channels;
    const luma = channels >= 3 ? 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2] : data[p];
    const alpha = channels === 2 || channels === 4 ? data[p + channels - 1] / 255 : 1;
    out[i] = Math.round(luma * alpha);
  }
  return out;
}

/**
 * Resizes a w × h gray image to outW × outH into `out` (at `offset`): each output pixel is the mean of the source area
 * it covers (fractional edges weighted), which neither aliases when shrinking nor blurs more than bilinear when growing.
 */
export function resizeGray(src: ArrayLike<number>, w: number, h: number, outW: number, outH: number, out: Uint8Array = new Uint8Array(outW * outH), offset = 0): Uint8Array {
  if (w === outW && h === outH) {
    for (let i = 0; i < w * h; i++) out[offset + i] = src[i];
    return out;
  }
  const sx = w / outW;
  const sy = h / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.min(h, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(w, Math.ceil(x1)); x++) {
          const wgt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          sum += src[y * w + x] * wgt;
          area += wgt;
        }
      }
      out[offset + oy * outW + ox] = Math.round(area > 0 ? sum / area : 0);
    }
  }
  return out;
}
