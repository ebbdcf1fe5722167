// 3×3 stride-1 convolutions on the wasm kernels by Winograd F(2×2, 3×3) (kernels-src/winograd.ts): 16 GEMMs over
// channels, each over the tiles of several images, instead of one over channels × 9, for the forward pass, the input
// gradient (a forward convolution of dy with the filters rotated and padding 2 − pad) and the filter gradient.
import type { FloatArray } from '../tensor.js';
import type { ConvGeom } from './backend.js';
import { get, packABytes, packBBytes, put, putOutputGrad, type Arena } from './wasm-arena.js';
import type { WasmKernels } from './wasm-loader.js';

/**
 * Whether Winograd beats im2col + GEMM for this layer: 3×3, stride 1, and enough channels both sides that the 16
 * GEMMs (k = input channels) stay efficient (a 1-channel first layer would run GEMMs with k = 1).
 */
export function winogradPays(g: ConvGeom): boolean {
  return g.k === 3 && g.stride === 1 && g.c >= 8 && g.f >= 8;
}

export const tilesOf = (oh: number, ow: number) => ({ th: Math.ceil(oh / 2), tw: Math.ceil(ow / 2) });
/**
 * Floats from one transform plane to the next for planes of `floats` values: whole cache lines, an odd number of
 * them. NOTE: the transforms read or write all 16 planes at once; planes a multiple of 4 KB apart (K's second layer:
 * 64 × 144 floats) map to one L1 set and thrash it (measured here: wgOutputGrad 8× slower for 64 channels than 65).
 */
export function planeStride(floats: number): number {
  return (Math.ceil(floats / 16) | 1) * 16;
}

/** Bytes of wgInput's zero-padded plane (kernels-src/winograd.ts wgInputScratch). */
export const scratchBytes = (th: number, tw: number) => (2 * th + 2) * (8 * Math.ceil(tw / 4) + 2) * 4;

/**
 * Transforms filters w ([i][o][3][3] when flip, else [o][i][3][3]) into 16 packed A operands (o×i each);
 * returns the address of the first and the stride between them.
 */
export function packedFilters(k: WasmKernels, arena: Arena, W: number, o: number, i: number, flip: boolean): { up: number; step: number } {
  const U = arena.floats(16 * o * i);
  const step = packABytes(o, i);
  const up = arena.alloc(16 * step);
  arena.view();
  k.wgFilter(W, o, i, flip ? 1 : 0, U);
  for (let xi = 0; xi < 16; xi++) k.packA(o, i, U + xi * o * i * 4, i, 1, up + xi * step);
  return { up, step };
}

/**
 * Images whose tiles share one transform GEMM (each of the 16 planes holds their tiles side by side, so a GEMM has
 * N = nb·T, or k = nb·T for the filter gradient), given the bytes of transform planes one image needs; evened out
 * over n. NOTE: a chunk's planes must stay in L2 (2 MB per core here). K's conv2 (885 KB per image forward): 2 images
 * per GEMM as fast as 1, 4 images 5–7 % slower, 16 images 19 % (forward) / 54 % (backward) slower; the cnn preset's
 * conv2 (150 KB) runs its forward pass 8 % faster with 5.
 */
export function imagesPerGemm(n: number, planeBytes: number): number {
  const nb = Math.min(n, Math.max(1, Math.floor(2 ** 20 / planeBytes)));
  return Math.ceil(n / Math.ceil(n / nb));
}

/**
 * nb images (imageBytes apart from x) through the transformed convolution: V = input transform of each (c channels,
 * h×w, padding padT/padL) side by side in planes [16][c][nb·T], then M[ξ] = U[ξ]·V[ξ] for the 16 ξ, written as planes
 * [16][o][nb·T] at M, mStride floats apart (V's: vStride). Image i's tiles start at float i·T of every row.
 */
export function transformedConv(k: WasmKernels, x: number, imageBytes: number, nb: number, c: number, h: number, w: number, padT: number, padL: number, th: number, tw: number, o: number, filters: { up: number; step: number }, V: number, vStride: number, Vp: number, M: number, mStride: number, tmp: number, S: number): void {
  const t = th * tw;
  const ld = nb * t;
  for (let i = 0; i < nb; i++) k.wgInput(x + i * imageBytes, c, h, w, padT, padL, th, tw, V + i * t * 4, S, vStride, ld);
  for (let xi = 0; xi < 16; xi++) {
    k.packB(c, ld, V + xi * vStride * 4, ld, 1, Vp);
    k.gemmPacked(o, ld, c, filters.up + xi * filters.step, Vp, M + xi * mStride * 4, ld, 0, tmp);
  }
}

/** y = conv(x, w) + b (ReLU when relu) for a layer where winogradPays(g). */
export function conv2dForwardWinograd(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, relu: boolean): void {
  const { th, tw } = tilesOf(g.oh, g.ow);
  const t = th * tw;
  const nb = imagesPerGemm(g.n, 64 * (g.c + g.f) * t);
  const chw = g.c * g.h * g.w;
  const fp = g.f * g.oh * g.ow;
  arena.reset();
  const X = arena.floats(g.n * chw);
  const W = arena.floats(g.f * g.c * 9);
  const Bias = arena.floats(g.f);
  const Y = arena.floats(g.n * fp);
  const vs = planeStride(g.c * nb * t);
  const ms = planeStride(g.f * nb * t);
  const V = arena.floats(16 * vs);
  const Vp = arena.alloc(packBBytes(g.c, nb * t));
  const M = arena.floats(16 * ms + 16); // + slack: the output transform reads whole vectors at a row's end
  const tmp = arena.floats(32);
  const S = arena.alloc(scratchBytes(th, tw));
  const mem = arena.view();
  put(mem, X, x);
  put(mem, W, w);
  put(mem, Bias, b);
  const filters = packedFilters(k, arena, W, g.f, g.c, false);
  for (let i0 = 0; i0 < g.n; i0 += nb) {
    const m = Math.min(nb, g.n - i0);
    transformedConv(k, X + i0 * chw * 4, chw * 4, m, g.c, g.h, g.w, g.padT, g.padL, th, tw, g.f, filters, V, vs, Vp, M, ms, tmp, S);
    for (let i = 0; i < m; i++) k.wgOutput(M + i * t * 4, g.f, g.oh, g.ow, th, tw, Bias, relu ? 1 : 0, Y + (i0 + i) * fp * 4, ms, m * t);
  }
  get(arena.view(), Y, y);
}

/**
 * dw, db (and dx when given) for a layer where winogradPays(g); dy is masked by reluY first when given. dw by the
 * transposed transform: dU[ξ] = Σ dM[ξ]·V[ξ]ᵀ with dM = A·dY·Aᵀ, one GEMM per ξ over the tiles of nb images, then
 * dw = Gᵀ·dU·G.
 */
export function conv2dBackwardWinograd(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, dy: FloatArray, dx: FloatArray | null, dw: FloatArray, db: FloatArray, reluY: FloatArray | null): void {
  const { th, tw } = tilesOf(g.oh, g.ow);
  const t = th * tw;
  const back = tilesOf(g.h, g.w);
  const t2 = back.th * back.tw;
  const nb = imagesPerGemm(g.n, 64 * (g.c + g.f) * (t + t2));
  const chw = g.c * g.h * g.w;
  const fp = g.f * g.oh * g.ow;
  arena.reset();
  const X = arena.floats(g.n * chw);
  const W = arena.floats(g.f * g.c * 9);
  const DY = arena.floats(g.n * fp);
  const Y = reluY ? arena.floats(g.n * fp) : 0;
  const DW = arena.floats(g.f * g.c * 9);
  const DB = arena.floats(g.f);
  const DU = arena.floats(16 * g.f * g.c);
  const vs = planeStride(g.c * nb * t);
  const dms = planeStride(g.f * nb * t);
  const V = arena.floats(16 * vs);
  const DM = arena.floats(16 * dms);
  const Ap = arena.alloc(packABytes(g.f, nb * t));
  const Bp = arena.alloc(packBBytes(nb * t, g.c));
  const DX = dx ? arena.floats(g.n * chw) : 0;
  const v2s = planeStride(g.f * nb * t2);
  const m2s = planeStride(g.c * nb * t2);
  const V2 = dx ? arena.floats(16 * v2s) : 0;
  const V2p = dx ? arena.alloc(packBBytes(g.f, nb * t2)) : 0;
  const M2 = dx ? arena.floats(16 * m2s + 16) : 0;
  const tmp = arena.floats(32);
  const S = arena.alloc(Math.max(scratchBytes(th, tw), scratchBytes(back.th, back.tw)));
  const mem = arena.view();
  put(mem, X, x);
  put(mem, W, w);
  putOutputGrad(k, mem, DY, dy, Y, reluY, g.n * fp);
  mem.fill(0, DU >> 2, (DU >> 2) + 16 * g.f * g.c);
  mem.fill(0, DW >> 2, (DW >> 2) + g.f * g.c * 9);
  mem.fill(0, DB >> 2, (DB >> 2) + g.f);
  const flipped = dx ? packedFilters(k, arena, W, g.c, g.f, true) : null;
  for (let i0 = 0; i0 < g.n; i0 += nb) {
    const m = Math.min(nb, g.n - i0);
    const ld = m * t;
    const DYc = DY + i0 * fp * 4;
    for (let i = 0; i < m; i++) {
      k.rowSumsAdd(DYc + i * fp * 4, g.f, g.oh * g.ow, DB);
      k.wgInput(X + (i0 + i) * chw * 4, g.c, g.h, g.w, g.padT, g.padL, th, tw, V + i * t * 4, S, vs, ld);
      k.wgOutputGrad(DYc + i * fp * 4, g.f, g.oh, g.ow, th, tw, DM + i * t * 4, dms, ld);
    }
    for (let xi = 0; xi < 16; xi++) {
      // dU[ξ] (f×c) += dM[ξ] (f×m·T) · V[ξ]ᵀ (m·T×c)
      k.packA(g.f, ld, DM + xi * dms * 4, ld, 1, Ap);
      k.packB(ld, g.c, V + xi * vs * 4, 1, ld, Bp);
      k.gemmPacked(g.f, g.c, ld, Ap, Bp, DU + xi * g.f * g.c * 4, g.c, 1, tmp);
    }
    if (flipped) {
      transformedConv(k, DYc, fp * 4, m, g.f, g.oh, g.ow, 2 - g.padT, 2 - g.padL, back.th, back.tw, g.c, flipped, V2, v2s, V2p, M2, m2s, tmp, S);
      for (let i = 0; i < m; i++) k.wgOutput(M2 + i * t2 * 4, g.c, g.h, g.w, back.th, back.tw, 0, 0, DX + (i0 + i) * chw * 4, m2s, m * t2);
    }
  }
  k.wgFilterGrad(DU, g.f, g.c, DW);
  const out = arena.view();
  get(out, DW, dw);
  get(out, DB, db);
  if (dx) get(out, DX, dx);
}
