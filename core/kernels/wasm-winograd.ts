// 3×3 stride-1 convolutions on the wasm kernels by Winograd F(2×2, 3×3) (kernels-src/winograd.ts): 16 GEMMs over
// channels per image instead of one over channels × 9, for the forward pass, the input gradient (a forward
// convolution of dy with the filters rotated and padding 2 − pad) and the filter gradient. 2.25× fewer multiplies.
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
 * One image through the transformed convolution: V = input transform of x (c channels, h×w, padding padT/padL),
 * M[ξ] = U[ξ]·V[ξ] for the 16 ξ, written as planes [16][o][T] at M, planeStride(o·T) apart (V's: planeStride(c·T)).
 */
export function transformedConv(k: WasmKernels, x: number, c: number, h: number, w: number, padT: number, padL: number, th: number, tw: number, o: number, filters: { up: number; step: number }, V: number, Vp: number, M: number, tmp: number, S: number): void {
  const t = th * tw;
  const vs = planeStride(c * t);
  const ms = planeStride(o * t);
  k.wgInput(x, c, h, w, padT, padL, th, tw, V, S, vs);
  for (let xi = 0; xi < 16; xi++) {
    k.packB(c, t, V + xi * vs * 4, t, 1, Vp);
    k.gemmPacked(o, t, c, filters.up + xi * filters.step, Vp, M + xi * ms * 4, t, 0, tmp);
  }
}

/** y = conv(x, w) + b (ReLU when relu) for a layer where winogradPays(g). */
export function conv2dForwardWinograd(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, relu: boolean): void {
  const { th, tw } = tilesOf(g.oh, g.ow);
  const t = th * tw;
  const chw = g.c * g.h * g.w;
  const fp = g.f * g.oh * g.ow;
  arena.reset();
  const X = arena.floats(g.n * chw);
  const W = arena.floats(g.f * g.c * 9);
  const Bias = arena.floats(g.f);
  const Y = arena.floats(g.n * fp);
  const V = arena.floats(16 * planeStride(g.c * t));
  const Vp = arena.alloc(packBBytes(g.c, t));
  const M = arena.floats(16 * planeStride(g.f * t) + 16); // + slack: the output transform reads whole vectors at a row's end
  const tmp = arena.floats(32);
  const S = arena.alloc(scratchBytes(th, tw));
  const mem = arena.view();
  put(mem, X, x);
  put(mem, W, w);
  put(mem, Bias, b);
  const filters = packedFilters(k, arena, W, g.f, g.c, false);
  for (let i = 0; i < g.n; i++) {
    transformedConv(k, X + i * chw * 4, g.c, g.h, g.w, g.padT, g.padL, th, tw, g.f, filters, V, Vp, M, tmp, S);
    k.wgOutput(M, g.f, g.oh, g.ow, th, tw, Bias, relu ? 1 : 0, Y + i * fp * 4, planeStride(g.f * t));
  }
  get(arena.view(), Y, y);
}

/**
 * dw, db (and dx when given) for a layer where winogradPays(g); dy is masked by reluY first when given. dw by the
 * transposed transform: dU[ξ] = Σ_images dM[ξ]·V[ξ]ᵀ with dM = A·dY·Aᵀ, then dw = Gᵀ·dU·G.
 */
export function conv2dBackwardWinograd(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, dy: FloatArray, dx: FloatArray | null, dw: FloatArray, db: FloatArray, reluY: FloatArray | null): void {
  const { th, tw } = tilesOf(g.oh, g.ow);
  const t = th * tw;
  const back = tilesOf(g.h, g.w);
  const t2 = back.th * back.tw;
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
  const vs = planeStride(g.c * t);
  const dms = planeStride(g.f * t);
  const V = arena.floats(16 * vs);
  const DM = arena.floats(16 * dms);
  const Ap = arena.alloc(packABytes(g.f, t));
  const Bp = arena.alloc(packBBytes(t, g.c));
  const DX = dx ? arena.floats(g.n * chw) : 0;
  const V2 = dx ? arena.floats(16 * planeStride(g.f * t2)) : 0;
  const V2p = dx ? arena.alloc(packBBytes(g.f, t2)) : 0;
  const M2 = dx ? arena.floats(16 * planeStride(g.c * t2) + 16) : 0;
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
  for (let i = 0; i < g.n; i++) {
    const DYi = DY + i * fp * 4;
    k.rowSumsAdd(DYi, g.f, g.oh * g.ow, DB);
    k.wgInput(X + i * chw * 4, g.c, g.h, g.w, g.padT, g.padL, th, tw, V, S, vs);
    k.wgOutputGrad(DYi, g.f, g.oh, g.ow, th, tw, DM, dms);
    for (let xi = 0; xi < 16; xi++) {
      // dU[ξ] (f×c) += dM[ξ] (f×T) · V[ξ]ᵀ (T×c)
      k.packA(g.f, t, DM + xi * dms * 4, t, 1, Ap);
      k.packB(t, g.c, V + xi * vs * 4, 1, t, Bp);
      k.gemmPacked(g.f, g.c, t, Ap, Bp, DU + xi * g.f * g.c * 4, g.c, 1, tmp);
    }
    if (flipped) {
      transformedConv(k, DYi, g.f, g.oh, g.ow, 2 - g.padT, 2 - g.padL, back.th, back.tw, g.c, flipped, V2, V2p, M2, tmp, S);
      k.wgOutput(M2, g.c, g.h, g.w, back.th, back.tw, 0, 0, DX + i * chw * 4, planeStride(g.c * t2));
    }
  }
  k.wgFilterGrad(DU, g.f, g.c, DW);
  const out = arena.view();
  get(out, DW, dw);
  get(out, DB, db);
  if (dx) get(out, DX, dx);
}
