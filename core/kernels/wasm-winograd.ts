// 3×3 and 5×5 stride-1 convolutions on the wasm kernels by Winograd F(2×2, 3×3), F(4×4, 3×3), F(6×6, 3×3) (forward
// only) or F(4×4, 5×5) (kernels-src/winograd.ts, winograd4.ts, winograd6.ts, winograd5.ts): 16, 36 or 64 GEMMs over
// channels, each over the tiles of one or more images, instead of one over channels × k², for the forward pass, the
// input gradient (a forward convolution of dy with the filters rotated and padding k − 1 − pad) and the filter gradient.
import type { FloatArray } from '../tensor.js';
import type { ConvGeom } from './backend.js';
import { get, packABytes, packBBytes, put, stageOutputGrad, type Arena, type OutputGrad } from './wasm-arena.js';
import type { WasmKernels } from './wasm-loader.js';

/**
 * Whether Winograd beats im2col + GEMM or the direct convolution for this layer: 3×3 or 5×5, stride 1, and enough
 * channels both sides that the GEMMs (k = input channels) stay efficient (a 1-channel first layer would run GEMMs
 * with k = 1). For 5×5, from 7×7 outputs (or where the direct convolution does not apply, under 4 columns): one
 * layer 8 → 16 trained by F(4×4, 5×5) 1.57× and 1.19× slower than direct at 4×4 and 6×6 outputs, 4 % faster at 7×7,
 * 1.67× faster at 28×28.
 */
export function winogradPays(g: Omit<ConvGeom, 'n'>): boolean {
  const size = g.k === 3 || (g.k === 5 && (g.oh * g.ow >= 49 || g.ow < 4));
  return size && g.stride === 1 && g.c >= 8 && g.f >= 8;
}

/** A Winograd variant's forward pass: F(m×m, r×r), its (m + r − 1)² planes and kernels (one signature for all). */
export interface WinoForward {
  m: 2 | 4 | 6;
  r: 3 | 5;
  planes: number;
  filter: WasmKernels['wgFilter'];
  input: WasmKernels['wgInput'];
  output: WasmKernels['wgOutput'];
}

/** A variant with the backward kernels too (F(6×6, 3×3) has none). */
export interface Wino extends WinoForward {
  m: 2 | 4;
  outputGrad: WasmKernels['wgOutputGrad'];
  filterGrad: WasmKernels['wgFilterGrad'];
}

/**
 * Output tile of a layer where winogradPays(g): F(4×4, 5×5) for 5×5 filters; for 3×3, F(4×4, 3×3) from 12×12 outputs
 * (K's conv2, 24×24: forward 21 % and backward 13 % faster than F(2×2); the cnn preset's conv2, 14×14: a training step
 * 12 % and inference 18 % faster, now that the GEMMs read V in place and pooling runs in the output transform),
 * F(2×2, 3×3) below (one layer 16→32 at 10×10: F(4×4) 11 % slower training; at 8×8 and below slower training).
 * NOTE: F(4×4) rounds more (transform entries up to 8 and 1⁄24): 5e-6 of the largest output against the float64
 * reference, 5e-7 for F(2×2); NNPACK and cuDNN use it in float32 (Lavin & Gray 2015, https://arxiv.org/abs/1509.09308).
 */
export const winoTile = (g: Omit<ConvGeom, 'n'>): 2 | 4 => (g.k === 5 || g.oh * g.ow >= 144 ? 4 : 2);

/** The kernels of the variant winoTile(g) picks: F(2×2, 3×3), F(4×4, 3×3) or, for 5×5 filters, F(4×4, 5×5). */
export function winoFor(k: WasmKernels, g: Omit<ConvGeom, 'n'>): Wino {
  if (winoTile(g) === 2) return { m: 2, r: 3, planes: 16, filter: k.wgFilter, input: k.wgInput, output: k.wgOutput, outputGrad: k.wgOutputGrad, filterGrad: k.wgFilterGrad };
  return g.k === 5
    ? { m: 4, r: 5, planes: 64, filter: k.wg5Filter, input: k.wg5Input, output: k.wg5Output, outputGrad: k.wg5OutputGrad, filterGrad: k.wg5FilterGrad }
    : { m: 4, r: 3, planes: 36, filter: k.wg4Filter, input: k.wg4Input, output: k.wg4Output, outputGrad: k.wg4OutputGrad, filterGrad: k.wg4FilterGrad };
}

/**
 * The forward pass's output tile (training and inference, so both give the same floats): F(6×6, 3×3) where its 64 planes
 * of 6×6 tiles cover the map with at least 10 % fewer values than F(4×4)'s 36 of 4×4 tiles (K's 24×24 layer: 1 024
 * against 1 296; not the cnn preset's 14×14: 576 each), else winoFor's. The backward passes keep winoFor's.
 */
export function forwardTile(g: Omit<ConvGeom, 'n'>): 2 | 4 | 6 {
  const tiles = (m: number) => Math.ceil(g.oh / m) * Math.ceil(g.ow / m);
  return g.k === 3 && winoTile(g) === 4 && 64 * tiles(6) <= 0.9 * 36 * tiles(4) ? 6 : winoTile(g);
}

/** The kernels of the variant forwardTile(g) picks. */
export function winoForward(k: WasmKernels, g: Omit<ConvGeom, 'n'>): WinoForward {
  return forwardTile(g) === 6 ? { m: 6, r: 3, planes: 64, filter: k.wg6Filter, input: k.wg6Input, output: k.wg6Output } : winoFor(k, g);
}

export const tilesOf = (oh: number, ow: number, m: number) => ({ th: Math.ceil(oh / m), tw: Math.ceil(ow / m) });
/**
 * Floats from one transform plane to the next for planes of `floats` values: whole cache lines, an odd number of
 * them. NOTE: the transforms read or write all planes at once; planes a multiple of 4 KB apart (K's second layer:
 * 64 × 144 floats) map to one L1 set and thrash it (measured here: wgOutputGrad 8× slower for 64 channels than 65).
 */
export function planeStride(floats: number): number {
  return (Math.ceil(floats / 16) | 1) * 16;
}

/** Bytes of the input transform's zero-padded plane: (m·th + r − 1) rows of 4m·⌈tw/4⌉ + m floats. */
export const scratchBytes = (th: number, tw: number, wino: Pick<WinoForward, 'm' | 'r'>) => (wino.m * th + wino.r - 1) * (4 * wino.m * Math.ceil(tw / 4) + wino.m) * 4;

/** Floats per plane row for nb images of t tiles: the transforms store whole vectors, 3 floats past the last tile. */
export const rowFloats = (nb: number, t: number) => nb * t + 4;

/**
 * Transforms filters w ([i][o][3][3] when flip, else [o][i][3][3]) into packed A operands (o×i each), one per plane;
 * returns the address of the first and the stride between them.
 */
export function packedFilters(k: WasmKernels, wino: WinoForward, arena: Arena, W: number, o: number, i: number, flip: boolean): { up: number; step: number } {
  const us = planeStride(o * i);
  const U = arena.floats(wino.planes * us);
  const step = packABytes(o, i);
  const up = arena.alloc(wino.planes * step);
  arena.view();
  wino.filter(W, o, i, flip ? 1 : 0, U, us);
  for (let xi = 0; xi < wino.planes; xi++) k.packA(o, i, U + xi * us * 4, i, 1, up + xi * step);
  return { up, step };
}

/**
 * Images whose tiles share one transform GEMM (each plane holds their tiles side by side, so a GEMM has N = nb·T, or
 * k = nb·T for the filter gradient), given the bytes of transform planes one image needs; evened out over n.
 * NOTE: a chunk's planes must stay in L2 (2 MB per core here). K's conv2 by F(2×2) (885 KB per image forward): 2 images
 * per GEMM as fast as 1, 4 images 5–7 % slower, 16 images 19 % (forward) / 54 % (backward) slower; by F(4×4) (498 KB,
 * T = 36) 2 images 10 % faster forward than 1; the cnn preset's conv2 (150 KB) 8 % faster forward with 5.
 */
export function imagesPerGemm(n: number, planeBytes: number): number {
  const nb = Math.min(n, Math.max(1, Math.floor(2 ** 20 / planeBytes)));
  return Math.ceil(n / Math.ceil(n / nb));
}

/**
 * nb images (imageBytes apart from x) through the transformed convolution: V = input transform of each (c channels,
 * h×w, padding padT/padL) side by side in planes [P][c][ld], then M[ξ] = U[ξ]·V[ξ] for the P planes ξ, written as
 * planes [P][o][ld] at M (ld = rowFloats(nb, T)), mStride floats apart (V's: vStride). Image i's tiles start at
 * float i·T of every row. When nb·T is a multiple of 8 the GEMMs read V in place (gemmRowB), with no packB pass: K's
 * conv2 (2 images of 36 tiles) trains 7 % and infers 2–3 % faster so.
 */
export function transformedConv(k: WasmKernels, wino: WinoForward, x: number, imageBytes: number, nb: number, c: number, h: number, w: number, padT: number, padL: number, th: number, tw: number, o: number, filters: { up: number; step: number }, V: number, vStride: number, Vp: number, M: number, mStride: number, tmp: number, S: number): void {
  const t = th * tw;
  const ld = rowFloats(nb, t);
  for (let i = 0; i < nb; i++) wino.input(x + i * imageBytes, c, h, w, padT, padL, th, tw, V + i * t * 4, S, vStride, ld);
  const inPlace = (nb * t) % 8 === 0;
  for (let xi = 0; xi < wino.planes; xi++) {
    if (inPlace) {
      k.gemmRowB(o, nb * t, c, filters.up + xi * filters.step, V + xi * vStride * 4, ld, M + xi * mStride * 4, ld, 0, tmp);
      continue;
    }
    k.packB(c, nb * t, V + xi * vStride * 4, ld, 1, Vp);
    k.gemmPacked(o, nb * t, c, filters.up + xi * filters.step, Vp, M + xi * mStride * 4, ld, 0, tmp);
  }
}

/** y = conv(x, w) + b (ReLU when relu) for a layer where winogradPays(g), into kernel memory: returns y's address. */
export function conv2dForwardWinograd(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, b: FloatArray, relu: boolean): number {
  const wino = winoForward(k, g);
  const P = wino.planes;
  const { th, tw } = tilesOf(g.oh, g.ow, wino.m);
  const t = th * tw;
  const nb = imagesPerGemm(g.n, 4 * P * (g.c + g.f) * t);
  const chw = g.c * g.h * g.w;
  const fp = g.f * g.oh * g.ow;
  arena.reset();
  const X = arena.floats(g.n * chw);
  const W = arena.floats(g.f * g.c * g.k * g.k);
  const Bias = arena.floats(g.f);
  const Y = arena.floats(g.n * fp);
  const vs = planeStride(g.c * rowFloats(nb, t));
  const ms = planeStride(g.f * rowFloats(nb, t));
  const V = arena.floats(P * vs);
  const Vp = arena.alloc(packBBytes(g.c, nb * t));
  const M = arena.floats(P * ms + 16); // + slack: the output transform reads whole vectors at a row's end
  const tmp = arena.floats(32);
  const S = arena.alloc(scratchBytes(th, tw, wino));
  const mem = arena.view();
  put(mem, X, x);
  put(mem, W, w);
  put(mem, Bias, b);
  const filters = packedFilters(k, wino, arena, W, g.f, g.c, false);
  for (let i0 = 0; i0 < g.n; i0 += nb) {
    const m = Math.min(nb, g.n - i0);
    transformedConv(k, wino, X + i0 * chw * 4, chw * 4, m, g.c, g.h, g.w, g.padT, g.padL, th, tw, g.f, filters, V, vs, Vp, M, ms, tmp, S);
    for (let i = 0; i < m; i++) wino.output(M + i * t * 4, g.f, g.oh, g.ow, th, tw, Bias, relu ? 1 : 0, Y + (i0 + i) * fp * 4, ms, rowFloats(m, t), 0);
  }
  return Y;
}

/**
 * dw, db (and dx when given) for a layer where winogradPays(g), from the output gradient src. dw by the
 * transposed transform: dU[ξ] = Σ dM[ξ]·V[ξ]ᵀ with dM = A·dY·Aᵀ, one GEMM per ξ over the tiles of nb images, then
 * dw = Gᵀ·dU·G.
 */
export function conv2dBackwardWinograd(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, src: OutputGrad, dx: FloatArray | null, dw: FloatArray, db: FloatArray): void {
  const wino = winoFor(k, g);
  const P = wino.planes;
  const { th, tw } = tilesOf(g.oh, g.ow, wino.m);
  const t = th * tw;
  const back = tilesOf(g.h, g.w, wino.m);
  const t2 = back.th * back.tw;
  const nb = imagesPerGemm(g.n, 4 * P * (g.c + g.f) * (t + t2));
  const chw = g.c * g.h * g.w;
  const fp = g.f * g.oh * g.ow;
  arena.reset();
  const X = arena.floats(g.n * chw);
  const W = arena.floats(g.f * g.c * g.k * g.k);
  const DY = arena.floats(g.n * fp);
  const fillDy = stageOutputGrad(k, arena, src, g.n * fp);
  const DW = arena.floats(g.f * g.c * g.k * g.k);
  const DB = arena.floats(g.f);
  const dus = planeStride(g.f * g.c);
  const DU = arena.floats(P * dus);
  const vs = planeStride(g.c * rowFloats(nb, t));
  const dms = planeStride(g.f * rowFloats(nb, t));
  const V = arena.floats(P * vs);
  const DM = arena.floats(P * dms);
  const Ap = arena.alloc(packABytes(g.f, nb * t));
  const Bp = arena.alloc(packBBytes(nb * t, g.c));
  const DX = dx ? arena.floats(g.n * chw) : 0;
  const v2s = planeStride(g.f * rowFloats(nb, t2));
  const m2s = planeStride(g.c * rowFloats(nb, t2));
  const V2 = dx ? arena.floats(P * v2s) : 0;
  const V2p = dx ? arena.alloc(packBBytes(g.f, nb * t2)) : 0;
  const M2 = dx ? arena.floats(P * m2s + 16) : 0;
  const tmp = arena.floats(32);
  const S = arena.alloc(Math.max(scratchBytes(th, tw, wino), scratchBytes(back.th, back.tw, wino)));
  const mem = arena.view();
  put(mem, X, x);
  put(mem, W, w);
  fillDy(mem, DY);
  mem.fill(0, DU >> 2, (DU >> 2) + P * dus);
  mem.fill(0, DW >> 2, (DW >> 2) + g.f * g.c * g.k * g.k);
  mem.fill(0, DB >> 2, (DB >> 2) + g.f);
  const flipped = dx ? packedFilters(k, wino, arena, W, g.c, g.f, true) : null;
  for (let i0 = 0; i0 < g.n; i0 += nb) {
    const m = Math.min(nb, g.n - i0);
    const ld = rowFloats(m, t);
    const DYc = DY + i0 * fp * 4;
    for (let i = 0; i < m; i++) {
      k.rowSumsAdd(DYc + i * fp * 4, g.f, g.oh * g.ow, DB);
      wino.input(X + (i0 + i) * chw * 4, g.c, g.h, g.w, g.padT, g.padL, th, tw, V + i * t * 4, S, vs, ld);
      wino.outputGrad(DYc + i * fp * 4, g.f, g.oh, g.ow, th, tw, DM + i * t * 4, dms, ld);
    }
    for (let xi = 0; xi < P; xi++) {
      // dU[ξ] (f×c) += dM[ξ] (f×m·T) · V[ξ]ᵀ (m·T×c)
      k.packA(g.f, m * t, DM + xi * dms * 4, ld, 1, Ap);
      k.packB(m * t, g.c, V + xi * vs * 4, 1, ld, Bp);
      k.gemmPacked(g.f, g.c, m * t, Ap, Bp, DU + xi * dus * 4, g.c, 1, tmp);
    }
    if (flipped) {
      transformedConv(k, wino, DYc, fp * 4, m, g.f, g.oh, g.ow, g.k - 1 - g.padT, g.k - 1 - g.padL, back.th, back.tw, g.c, flipped, V2, v2s, V2p, M2, m2s, tmp, S);
      for (let i = 0; i < m; i++) wino.output(M2 + i * t2 * 4, g.c, g.h, g.w, back.th, back.tw, 0, 0, DX + (i0 + i) * chw * 4, m2s, rowFloats(m, t2), 0);
    }
  }
  wino.filterGrad(DU, g.f, g.c, DW, dus);
  const out = arena.view();
  get(out, DW, dw);
  get(out, DB, db);
  if (dx) get(out, DX, dx);
}
