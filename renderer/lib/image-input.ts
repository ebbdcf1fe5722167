// An image (PNG or JPEG) as the network's input, pure (no DOM): its declared size read from the file's header and
// checked before anything is decoded, then the decoded RGBA pixels turned into ink like the pad's raster (grey, ink
// high, background 0; inverted when the background is light, judged by the border) for preprocess.ts's placeInk,
// which crops, scales and centres it by mass exactly as it does a drawing.
import type { Gray } from './preprocess';

/** Files larger than this are refused before they are read (bytes). */
export const MAX_IMAGE_BYTES = 100 * 1024 * 1024;
/**
 * Images with more pixels than this are refused before decoding: decoding holds 4 bytes a pixel at full size
 * (40 megapixels: 160 MB) before it is scaled down. A 24-megapixel camera's 6000×4000 fits.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Images longer than this on a side are refused before decoding (Chromium's canvas limit is 32 767). */
export const MAX_IMAGE_SIDE = 16_384;
/** The decoded image is scaled down to at most this on its longer side before its pixels are read. */
export const WORK_SIDE = 512;
/** Ink must stand out from the background by this much (of the full grey range) to count as ink. */
export const MIN_CONTRAST = 0.1;

export type ImageFormat = 'PNG' | 'JPEG';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** A file that cannot be used as an image: its message says why, in the user's terms. */
export class ImageInputError extends Error {}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const u16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u32 = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): C0–CF except DHT C4, JPG C8 and DAC CC. */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegSize(b: Uint8Array): { width: number; height: number } {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) throw new ImageInputError(`a JPEG whose markers are damaged at byte ${i}`);
    const m = b[i + 1];
    // fill bytes, and markers without a length (TEM, RSTn)
    if (m === 0xff) {
      i++;
      continue;
    }
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2;
      continue;
    }
    if (m === 0xd9 || m === 0xda) break;
    const len = u16(b, i + 2);
    if (len < 2) throw new ImageInputError(`a JPEG with a damaged segment at byte ${i}`);
    if (isStartOfFrame(m)) {
      if (i + 8 >= b.length) break;
      return { height: u16(b, i + 5), width: u16(b, i + 7) };
    }
    i += 2 + len;
  }
  throw new ImageInputError('a JPEG without a frame header (cut short or damaged)');
}

function describeStart(b: Uint8Array): string {
  if (b.length === 0) return 'it is empty';
  const text = String.fromCharCode(...b.slice(0, 4));
  if (text === 'GIF8') return 'it is a GIF';
  if (text === 'RIFF') return 'it is a RIFF file (WebP?)';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'it is a BMP';
  return `it starts with bytes ${Array.from(b.slice(0, 4), (v) => v.toString(16).padStart(2, '0')).join(' ')}`;
}

/**
 * The format and declared size of a PNG or JPEG from its first bytes (a PNG's IHDR; a JPEG's start-of-frame segment).
 * Throws ImageInputError for anything else, or a header that is cut short or damaged.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (PNG_SIGNATURE.every((v, i) => bytes[i] === v)) {
    if (bytes.length < 24 || String.fromCharCode(...bytes.slice(12, 16)) !== 'IHDR') throw new ImageInputError('a PNG without its IHDR header (cut short or damaged)');
    return { format: 'PNG', width: u32(bytes, 16), height: u32(bytes, 20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { format: 'JPEG', ...jpegSize(bytes) };
  throw new ImageInputError(`not a PNG or JPEG image (${describeStart(bytes)})`);
}

/** Throws ImageInputError when an image of this declared size is not to be decoded (empty, too large). */
export function checkImageSize(h: ImageHeader): void {
  const { width: w, height: ht } = h;
  if (w === 0 || ht === 0) throw new ImageInputError(`the ${h.format} declares ${w}×${ht} pixels: no image to read`);
  if (w > MAX_IMAGE_SIDE || ht > MAX_IMAGE_SIDE || w * ht > MAX_IMAGE_PIXELS) {
    const mp = ((w * ht) / 1e6).toFixed(1);
    throw new ImageInputError(`the ${h.format} is ${w}×${ht} pixels (${mp} megapixels); images up to ${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS / 1e6} megapixels are read — scale it down first`);
  }
}

/** The size an image is decoded at: its own, scaled down to WORK_SIDE on the longer side (at least 1 pixel a side). */
export function workSize(width: number, height: number, side = WORK_SIDE): { width: number; height: number } {
  const k = Math.min(1, side / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

function median(values: Float32Array): number {
  const s = Float32Array.from(values).sort();
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The pixels of the outer ring, `band` pixels wide. */
function borderValues(v: Float32Array, w: number, h: number, band: number): Float32Array {
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    const edgeRow = y < band || y >= h - band;
    for (let x = 0; x < w; x++) if (edgeRow || x < band || x >= w - band) out.push(v[y * w + x]);
  }
  return Float32Array.from(out);
}

/** The ink of an image and how it was read from it. */
export interface ImageInk {
  gray: Gray;
  /** 'light': dark ink on a light background (inverted); 'dark': light ink on dark; 'transparent': opaque ink. */
  background: 'light' | 'dark' | 'transparent';
}

/**
 * Ink from RGBA pixels (row-major, 4 bytes a pixel): grey by luma (ITU-R BT.601), inverted when the border's median is
 * light; on a transparent border (median alpha under 1/2) the opacity is the ink. The background level (the border's
 * median) plus a noise margin (4 median absolute deviations of the border, at least 0.04) becomes 0 and the brightest
 * ink 1. Throws ImageInputError when nothing stands out from the background by MIN_CONTRAST (a blank image).
 */
export function imageInk(rgba: ArrayLike<number>, width: number, height: number): ImageInk {
  const n = width * height;
  if (width < 1 || height < 1 || rgba.length < 4 * n) throw new ImageInputError(`${rgba.length} bytes of pixels for a ${width}×${height} image`);
  const band = Math.max(1, Math.round(0.02 * Math.min(width, height)));
  const alpha = new Float32Array(n);
  for (let i = 0; i < n; i++) alpha[i] = rgba[4 * i + 3] / 255;
  const transparent = median(borderValues(alpha, width, height, band)) < 0.5;
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const luma = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
    // on an opaque background a partly transparent pixel is taken over white, the usual page
    v[i] = transparent ? alpha[i] : luma * alpha[i] + (1 - alpha[i]);
  }
  let border = borderValues(v, width, height, band);
  const light = !transparent && median(border) > 0.5;
  if (light) {
    for (let i = 0; i < n; i++) v[i] = 1 - v[i];
    border = border.map((b) => 1 - b);
  }
  const bg = median(border);
  const floor = bg + Math.max(0.04, 4 * median(border.map((b) => Math.abs(b - bg))));
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, v[i]);
  if (peak - bg < MIN_CONTRAST || peak <= floor) {
    const what = transparent ? 'fully transparent' : `one shade (${light ? 'light' : 'dark'} background, nothing stands out from it)`;
    throw new ImageInputError(`no ink found: the image is ${what}`);
  }
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.max(0, (v[i] - floor) / (peak - floor));
  return { gray: { data, width, height }, background: transparent ? 'transparent' : light ? 'light' : 'dark' };
}
