// The wasm backend's Winograd paths, F(2×2, 3×3), from 12×12 outputs F(4×4, 3×3), forward F(6×6, 3×3) where its
// tiles fit, and F(4×4, 5×5) (3×3 or 5×5, stride 1, ≥ 8 channels both sides), against the reference backend: forward with and without fused ReLU, input and filter gradients, on odd and even sizes, 'valid', 'same',
// asymmetric and wide padding, channel counts that are not multiples of the GEMM panels, batch > 1 (transform GEMMs
// over the tiles of several images, in chunks).
import { describe, expect, test } from 'vitest';
import { referenceBackend, type ConvGeom } from '../../core/kernels/index.js';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import { forwardTile, imagesPerGemm, winogradPays, winoTile } from '../../core/kernels/wasm-winograd.js';
import { Rng } from '../../core/rng.js';
import { relDiff } from './helpers/compare.js';

const wasm = createWasmBackend();
const ref = referenceBackend();

const rand = (n: number, rng: Rng) => Float32Array.from({ length: n }, () => rng.normal());

function geom(n: number, c: number, h: number, w: number, f: number, pads: [number, number, number, number], k = 3): ConvGeom {
  const [t, l, b, r] = pads;
  return { n, c, h, w, f, k, stride: 1, padT: t, padL: l, oh: h + t + b - k + 1, ow: w + l + r - k + 1 };
}

/** Name, geometry, the backward passes' tile (winoTile), the forward pass's when it differs (forwardTile). */
const cases: [string, ConvGeom, 2 | 4, 6?][] = [
  ['F(4×4, 5×5): S conv2: 8→16, 14×14 same, batch 3', geom(3, 8, 14, 14, 16, [2, 2, 2, 2], 5), 4],
  ['F(4×4, 5×5): odd sizes, odd channels: 9→10, 19×21 valid (15×17 out), batch 3', geom(3, 9, 19, 21, 10, [0, 0, 0, 0], 5), 4],
  ['F(4×4, 5×5): asymmetric and wide padding (input gradient with negative padding), 8→12, 11×9', geom(2, 8, 11, 9, 12, [1, 5, 3, 0], 5), 4],
  ['F(4×4, 5×5): small maps in one GEMM, 8→8, 7×7 same, batch 5', geom(5, 8, 7, 7, 8, [2, 2, 2, 2], 5), 4],
  ['F(4×4, 5×5): under 4 columns (no direct convolution), 8→8, 9×3 same', geom(2, 8, 9, 3, 8, [2, 2, 2, 2], 5), 4],
  ['F(4×4, 5×5): wide rows with several 4-tile groups and a tail: 8→9, 7×70 same', geom(1, 8, 7, 70, 9, [2, 2, 2, 2], 5), 4],
  ['F(6×6) forward, F(4×4) backward: K conv2: 32→64, 26×26 valid, batch 3 (GEMMs over 2 + 1 images)', geom(3, 32, 26, 26, 64, [0, 0, 0, 0]), 4, 6],
  ['F(6×6) forward: odd sizes, odd channels: 9→10, 31×29 same, batch 2 (a partial last tile row and 4-tile group)', geom(2, 9, 31, 29, 10, [1, 1, 1, 1]), 4, 6],
  ['F(6×6) forward: asymmetric and wide padding, 8→12, 22×25 (23×26 out)', geom(2, 8, 22, 25, 12, [2, 0, 1, 3]), 4, 6],
  ['F(6×6) forward: wide rows, 10 tiles a row (groups of 4, 4, 2): 8→8, 26×62 valid', geom(1, 8, 26, 62, 8, [0, 0, 0, 0]), 4, 6],
  ['F(4×4): odd sizes, odd channels: 9→10, 15×17 valid (13×15 out), batch 3', geom(3, 9, 15, 17, 10, [0, 0, 0, 0]), 4],
  ['F(4×4): same padding, 8→12, 16×15, batch 2', geom(2, 8, 16, 15, 12, [1, 1, 1, 1]), 4],
  ['F(4×4): wide padding 2 and 3 (input gradient with negative padding), 8→8, 12×10', geom(1, 8, 12, 10, 8, [2, 3, 3, 2]), 4],
  ['F(4×4): wide rows with several 4-tile groups and a tail: 8→9, 8×70 same', geom(1, 8, 8, 70, 9, [1, 1, 1, 1]), 4],
  ['F(4×4): cnn conv2: 16→32, 14×14 same, batch 7', geom(7, 16, 14, 14, 32, [1, 1, 1, 1]), 4],
  ['16→32, 10×10 same, batch 7 (forward GEMMs over all 7 images, backward over 4 + 3)', geom(7, 16, 10, 10, 32, [1, 1, 1, 1]), 2],
  ['small maps, batch 5 in one GEMM: 8→8, 5×5 same', geom(5, 8, 5, 5, 8, [1, 1, 1, 1]), 2],
  ['odd sizes, odd channels: 9→10, 9×11 valid, batch 3', geom(3, 9, 9, 11, 10, [0, 0, 0, 0]), 2],
  ['asymmetric padding 0/1/1/0, 8→8, 8×10', geom(2, 8, 8, 10, 8, [0, 1, 1, 0]), 2],
  ['wide padding 2 and 3 (input gradient with negative padding), 8→12, 10×7', geom(1, 8, 10, 7, 12, [2, 3, 3, 2]), 2],
  ['output 1×1 (3×3 input, valid), 12→8', geom(2, 12, 3, 3, 8, [0, 0, 0, 0]), 2],
  ['wide rows with several 4-tile groups and a tail: 8→9, 4×30 same', geom(1, 8, 4, 30, 9, [1, 1, 1, 1]), 2],
];

describe.skipIf(!wasm)('wasm Winograd convolution', () => {
  test.each(cases)('%s', (_name, g, tile, forward) => {
    expect(winogradPays(g)).toBe(true);
    expect(winoTile(g)).toBe(tile);
    expect(forwardTile(g)).toBe(forward ?? tile);
    const rng = new Rng(g.c * 100 + g.f + g.h);
    const x = rand(g.n * g.c * g.h * g.w, rng);
    const w = rand(g.f * g.c * g.k * g.k, rng);
    const b = rand(g.f, rng);
    const dy = rand(g.n * g.f * g.oh * g.ow, rng);
    for (const relu of [false, true]) {
      const y0 = new Float32Array(g.n * g.f * g.oh * g.ow);
      const y1 = new Float32Array(y0.length).fill(NaN);
      ref.conv2dForward(g, x, w, b, y0, relu);
      wasm!.conv2dForward(g, x, w, b, y1, relu);
      expect(relDiff(y1, y0)).toBeLessThan(2e-5);
      const grads = () => ({ dx: new Float32Array(x.length).fill(NaN), dw: new Float32Array(w.length).fill(NaN), db: new Float32Array(g.f).fill(NaN) });
      const r0 = grads();
      const r1 = grads();
      ref.conv2dBackward(g, x, w, dy, r0.dx, r0.dw, r0.db, relu ? y0 : null);
      wasm!.conv2dBackward(g, x, w, dy, r1.dx, r1.dw, r1.db, relu ? y0 : null);
      expect(relDiff(r1.dx, r0.dx)).toBeLessThan(2e-5);
      expect(relDiff(r1.dw, r0.dw)).toBeLessThan(2e-5);
      expect(relDiff(r1.db, r0.db)).toBeLessThan(2e-5);
      const r2 = grads();
      wasm!.conv2dBackward(g, x, w, dy, null, r2.dw, r2.db, relu ? y0 : null);
      expect(Array.from(r2.dw)).toEqual(Array.from(r1.dw));
    }
  });

  test('chunks of images per transform GEMM keep the planes within 1 MB, evened out over the batch', () => {
    expect(imagesPerGemm(32, 885_000)).toBe(1);
    expect(imagesPerGemm(7, 150_000)).toBe(4);
    expect(imagesPerGemm(7, 300_000)).toBe(3);
    expect(imagesPerGemm(5, 25_000)).toBe(5);
  });

  test('F(6×6, 3×3) only where its tiles cover the map with ≥ 10 % fewer values than F(4×4)', () => {
    expect(forwardTile(geom(1, 32, 26, 26, 64, [0, 0, 0, 0]))).toBe(6); // 24×24: 1 024 against 1 296
    expect(forwardTile(geom(1, 16, 14, 14, 32, [1, 1, 1, 1]))).toBe(4); // the cnn preset's 14×14: 576 each
    expect(forwardTile(geom(1, 16, 28, 28, 32, [1, 1, 1, 1]))).toBe(4); // 28×28: 1 600 against 1 764, 9 % fewer
    expect(forwardTile(geom(1, 16, 30, 30, 32, [1, 1, 1, 1]))).toBe(6);
    expect(forwardTile(geom(1, 16, 28, 28, 32, [2, 2, 2, 2], 5))).toBe(4);
    expect(forwardTile(geom(1, 16, 10, 10, 32, [1, 1, 1, 1]))).toBe(2);
  });

  test('is used only where it pays: 3×3 or 5×5, stride 1, with ≥ 8 channels in and out', () => {
    expect(winogradPays(geom(1, 1, 28, 28, 32, [0, 0, 0, 0]))).toBe(false);
    expect(winogradPays(geom(1, 8, 28, 28, 4, [0, 0, 0, 0]))).toBe(false);
    expect(winogradPays({ ...geom(1, 16, 28, 28, 16, [0, 0, 0, 0]), stride: 2, oh: 13, ow: 13 })).toBe(false);
    expect(winogradPays(geom(1, 16, 28, 28, 16, [0, 0, 0, 0], 5))).toBe(true);
    expect(winogradPays(geom(1, 16, 6, 6, 16, [2, 2, 2, 2], 5))).toBe(false);
    expect(winogradPays(geom(1, 16, 7, 7, 16, [2, 2, 2, 2], 5))).toBe(true);
    expect(winogradPays(geom(1, 1, 28, 28, 8, [2, 2, 2, 2], 5))).toBe(false);
    expect(winogradPays(geom(1, 16, 28, 28, 16, [0, 0, 0, 0], 7))).toBe(false);
  });
});
