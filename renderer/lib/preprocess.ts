// MNIST-style preprocessing of a drawing, pure (no DOM): rasterise the strokes anti-aliased, crop to the ink's
// bounding box, scale it to fit a box of INK_BOX of the input's side keeping the aspect ratio (area averaging), then
// place it in the model's H×W input so its centre of mass sits at the centre, as LeCun et al. did for MNIST (a
// 20×20 box in 28×28, centre (14, 14)). Any input size works; each of its channels gets the same grey image.

export const PAD_SIZE = 280;
export const BRUSH_WIDTH = 18;
/** The ink's box as a fraction of the input's shorter side: MNIST's 20 pixels of 28. */
export const INK_BOX = 5 / 7;

/** A model's per-image input shape [channels, height, width]. */
export type InputShape = readonly [number, number, number];

export interface Gray {
  data: Float32Array;
  width: number;
  height: number;
}

/** One stroke as flat [x0, y0, x1, y1, ...] pad pixels. */
export interface StrokeLike {
  points: readonly number[];
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Rasterises round-capped strokes of `brushWidth` pad pixels into a size×size image with values in [0, 1]
 * (pixel coverage, so edges are anti-aliased). Pad coordinates are scaled by size / padSize.
 */
export function rasterizeStrokes(strokes: readonly StrokeLike[], padSize = PAD_SIZE, size = 140, brushWidth = BRUSH_WIDTH): Gray {
  const out = new Float32Array(size * size);
  drawStrokesInto(out, size, strokes, padSize, brushWidth);
  return { data: out, width: size, height: size };
}

/**
 * Draws `strokes` into the size×size raster `out` as rasterizeStrokes does, keeping the larger coverage per pixel:
 * drawing strokes into a raster that holds others gives exactly the raster of all of them together.
 */
export function drawStrokesInto(out: Float32Array, size: number, strokes: readonly StrokeLike[], padSize = PAD_SIZE, brushWidth = BRUSH_WIDTH): void {
  const k = size / padSize;
  const r = (brushWidth / 2) * k;
  for (const s of strokes) {
    const p = s.points;
    const n = Math.floor(p.length / 2);
    for (let i = 0; i < n; i++) {
      const ax = p[2 * i] * k;
      const ay = p[2 * i + 1] * k;
      const bx = (i + 1 < n ? p[2 * i + 2] : p[2 * i]) * k;
      const by = (i + 1 < n ? p[2 * i + 3] : p[2 * i + 1]) * k;
      if (i + 1 >= n && n > 1) break;
      const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1));
      const x1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx) + r + 1));
      const y0 = Math.max(0, Math.floor(Math.min(ay, by) - r - 1));
      const y1 = Math.min(size - 1, Math.ceil(Math.max(ay, by) + r + 1));
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const cover = Math.min(1, Math.max(0, r + 0.5 - distToSegment(x + 0.5, y + 0.5, ax, ay, bx, by)));
          const j = y * size + x;
          if (cover > out[j]) out[j] = cover;
        }
      }
    }
  }
}

/** Bounding box of pixels above `threshold`, or null for an empty image. x1/y1 are exclusive. */
export function inkBounds(img: Gray, threshold = 0.02): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Area-averaging weights mapping `n` source samples onto `m` destination samples (anti-aliased downscale). */
function areaWeights(n: number, m: number): { start: number; w: number[] }[] {
  const scale = n / m;
  return Array.from({ length: m }, (_, i) => {
    const a = i * scale;
    const b = (i + 1) * scale;
    const start = Math.floor(a);
    const w: number[] = [];
    for (let s = start; s < Math.min(n, Math.ceil(b)); s++) w.push((Math.min(b, s + 1) - Math.max(a, s)) / scale);
    return { start, w };
  });
}

/** Resamples the region [x0,x1)×[y0,y1) of `img` to dw×dh by area averaging (separable box filter). */
export function resizeArea(img: Gray, box: { x0: number; y0: number; x1: number; y1: number }, dw: number, dh: number): Gray {
  const sw = box.x1 - box.x0;
  const sh = box.y1 - box.y0;
  const wx = areaWeights(sw, dw);
  const wy = areaWeights(sh, dh);
  const rows = new Float32Array(sh * dw);
  for (let y = 0; y < sh; y++) {
    const src = (box.y0 + y) * img.width + box.x0;
    for (let x = 0; x < dw; x++) {
      let v = 0;
      wx[x].w.forEach((w, k) => (v += w * img.data[src + wx[x].start + k]));
      rows[y * dw + x] = v;
    }
  }
  const out = new Float32Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      let v = 0;
      wy[y].w.forEach((w, k) => (v += w * rows[(wy[y].start + k) * dw + x]));
      out[y * dw + x] = v;
    }
  }
  return { data: out, width: dw, height: dh };
}

/** Centre of mass in continuous coordinates (pixel i covers [i, i+1)); the centre of an H×W image is (W/2, H/2). */
export function centerOfMass(img: Gray): { x: number; y: number; mass: number } {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x];
      mass += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass, mass } : { x: img.width / 2, y: img.height / 2, mass: 0 };
}

/**
 * Where the ink of a grey image went in the model's input: its box in the image (pixels, x1/y1 exclusive), the size it
 * was scaled to (dw×dh input pixels) and where that landed (top-left corner ox, oy), for mapping input pixels back.
 */
export interface InkPlacement {
  box: { x0: number; y0: number; x1: number; y1: number };
  dw: number;
  dh: number;
  ox: number;
  oy: number;
}

/**
 * MNIST preprocessing of a grey image (ink high, values ≥ 0) for an input of `shape` [C, H, W]: crop to the ink, fit
 * into a box of INK_BOX of the shorter side keeping aspect, normalise the peak to 1 and shift so the centre of mass is
 * at (W/2, H/2); the H×W plane is repeated in each channel. Returns C·H·W values in [0, 1]; an empty image gives zeros.
 */
export function toModelInput(img: Gray, shape: InputShape): Float32Array {
  return placeInk(img, shape).input;
}

/** toModelInput's input and where the ink went (null for an empty image). */
export function placeInk(img: Gray, shape: InputShape): { input: Float32Array; placement: InkPlacement | null } {
  const [c, h, w] = shape;
  const out = new Float32Array(c * h * w);
  const box = inkBounds(img);
  if (!box) return { input: out, placement: null };
  const fit = Math.max(1, Math.round(INK_BOX * Math.min(h, w)));
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const s = fit / Math.max(bw, bh);
  const dw = Math.max(1, Math.min(fit, Math.round(bw * s)));
  const dh = Math.max(1, Math.min(fit, Math.round(bh * s)));
  const small = resizeArea(img, box, dw, dh);
  let peak = 0;
  for (const v of small.data) peak = Math.max(peak, v);
  if (peak <= 0) return { input: out, placement: null };
  const com = centerOfMass(small);
  const ox = Math.max(0, Math.min(w - dw, Math.round(w / 2 - com.x)));
  const oy = Math.max(0, Math.min(h - dh, Math.round(h / 2 - com.y)));
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) out[(oy + y) * w + ox + x] = Math.min(1, small.data[y * dw + x] / peak);
  }
  for (let ch = 1; ch < c; ch++) out.copyWithin(ch * h * w, 0, h * w);
  return { input: out, placement: { box, dw, dh, ox, oy } };
}

/**
 * How the input's pixels lie on the pad: input pixel (x, y) covers pad pixels [ax·x + bx, ax·(x+1) + bx) ×
 * [ay·y + by, ay·(y+1) + by) — for painting something computed on the input (an explanation) over the drawing.
 */
export interface PadPlacement {
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/**
 * The pad placement of an input made by placeInk from a `rasterSize` raster of a `padSize` pad, then shifted by
 * (dx, dy) input pixels.
 */
export function padPlacement(p: InkPlacement, rasterSize: number, shift: { dx: number; dy: number } = { dx: 0, dy: 0 }, padSize = PAD_SIZE): PadPlacement {
  const k = padSize / rasterSize;
  const sx = (p.box.x1 - p.box.x0) / p.dw;
  const sy = (p.box.y1 - p.box.y0) / p.dh;
  return { ax: sx * k, ay: sy * k, bx: (p.box.x0 - (p.ox + shift.dx) * sx) * k, by: (p.box.y0 - (p.oy + shift.dy) * sy) * k };
}

/** Strokes on the pad → the network input of `shape` [C, H, W]. */
export function preprocessStrokes(strokes: readonly StrokeLike[], shape: InputShape, padSize = PAD_SIZE, brushWidth = BRUSH_WIDTH): Float32Array {
  if (strokes.length === 0) return new Float32Array(shape[0] * shape[1] * shape[2]);
  return toModelInput(rasterizeStrokes(strokes, padSize, 140, brushWidth), shape);
}
