// Draws the app icon (build/icon.png, 512×512 RGBA) with no dependencies: a dark rounded tile, a 7×7 grid of
// "pixels" forming a digit 7, and an orange 3×3 convolution window over it. Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 512;
const px = new Float64Array(S * S * 4); // straight RGBA in 0..1

/** Coverage (0..1) of pixel (x,y) by a shape, 4×4 supersampled. */
function coverage(x, y, inside) {
  let n = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) n++;
  return n / 16;
}

/** Alpha-composites colour [r,g,b] with `alpha` (times coverage) over the pixels of a shape's bounding box. */
function fill(x0, y0, x1, y1, inside, color, alpha = 1) {
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(S, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(S, Math.ceil(x1)); x++) {
      const a = coverage(x, y, inside) * alpha;
      if (a === 0) continue;
      const k = (y * S + x) * 4;
      const c = typeof color === 'function' ? color(x, y) : color;
      const outA = a + px[k + 3] * (1 - a);
      for (let ch = 0; ch < 3; ch++) px[k + ch] = (c[ch] * a + px[k + ch] * px[k + 3] * (1 - a)) / outA;
      px[k + 3] = outA;
    }
  }
}

const roundRect = (x, y, w, h, r) => (u, v) => {
  const cx = Math.min(Math.max(u, x + r), x + w - r);
  const cy = Math.min(Math.max(v, y + r), y + h - r);
  return u >= x && u <= x + w && v >= y && v <= y + h && (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
};
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

// Background tile with a vertical gradient.
const top = hex('#1d3347');
const bottom = hex('#0d141c');
fill(16, 16, 496, 496, roundRect(16, 16, 480, 480, 96), (_x, y) => mix(top, bottom, (y - 16) / 480));

// A 7×7 digit "7": 1 = ink. Ink cells are teal, background cells faint.
const DIGIT = ['1111111', '0000011', '0000110', '0001100', '0011000', '0011000', '0011000'];
const cell = 52;
const gap = 6;
const origin = (S - (7 * cell + 6 * gap)) / 2;
const at = (i) => origin + i * (cell + gap);
const ink = hex('#38d6c4');
const faint = hex('#2a4157');
for (let r = 0; r < 7; r++) {
  for (let c = 0; c < 7; c++) {
    const on = DIGIT[r][c] === '1';
    fill(at(c), at(r), at(c) + cell, at(r) + cell, roundRect(at(c), at(r), cell, cell, 8), on ? ink : faint, on ? 1 : 0.9);
  }
}

// The 3×3 kernel window: an orange frame over rows 0..2, columns 3..5, with a translucent fill.
const kx = at(3) - gap;
const ky = at(0) - gap;
const kw = 3 * cell + 4 * gap;
const frame = 10;
const orange = hex('#ff9f1c');
fill(kx, ky, kx + kw, ky + kw, roundRect(kx, ky, kw, kw, 14), orange, 0.22);
fill(kx - frame, ky - frame, kx + kw + frame, ky + kw + frame, (u, v) => roundRect(kx - frame, ky - frame, kw + 2 * frame, kw + 2 * frame, 20)(u, v) && !roundRect(kx, ky, kw, kw, 12)(u, v), orange);

// PNG encoding: IHDR, one IDAT (filter 0 per row), IEND.
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S * 4; x++) raw[y * (S * 4 + 1) + 1 + x] = Math.round(Math.min(1, Math.max(0, px[y * S * 4 + x])) * 255);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const out = new URL('./icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`icon: wrote ${out.pathname} (${S}×${S}, ${png.length} bytes)`);
