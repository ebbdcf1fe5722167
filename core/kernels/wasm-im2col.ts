// Convolutions of any stride as im2col + packed GEMM on the wasm kernels: the layers neither Winograd nor the direct
// kernel takes (wasm.ts picks), forward and backward.
import type { FloatArray } from '../tensor.js';
import type { ConvGeom } from './backend.js';
import { get, packABytes, packBBytes, put, stageOutputGrad, type Arena, type OutputGrad } from './wasm-arena.js';
import { convDirectImage, directPays, paddedFloats } from './wasm-direct.js';
import type { WasmKernels } from './wasm-loader.js';

/** Both passes' sizes (a filter's weights, an output map, an input image) and x's and w's places in kernel memory. */
function layout(arena: Arena, g: ConvGeom): { ckk: number; p: number; chw: number; X: number; W: number } {
  const [ckk, p, chw] = [g.c * g.k * g.k, g.oh * g.ow, g.c * g.h * g.w];
  arena.reset();
  return { ckk, p, chw, X: arena.floats(g.n * chw), W: arena.floats(g.f * ckk) };
}

/** y = conv(x, w) + b (ReLU when relu) into kernel memory; returns y's address there (the caller copies it out). */
export function conv2dForwardIm2col(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, b: FloatArray, relu: boolean): number {
  const { ckk, p, chw, X, W } = layout(arena, g);
  const Bias = arena.floats(g.f);
  const Y = arena.floats(g.n * g.f * p);
  // im2col straight into packed panels pays off when every 8-output panel lies in one output row.
  const direct = g.stride === 1 && g.ow % 8 === 0;
  const col = direct ? 0 : arena.floats(ckk * p);
  const Wp = arena.alloc(packABytes(g.f, ckk));
  const Cp = arena.alloc(packBBytes(ckk, p));
  const tmp = arena.floats(32);
  const mem = arena.view();
  put(mem, X, x);
  put(mem, W, w);
  put(mem, Bias, b);
  k.packA(g.f, ckk, W, ckk, 1, Wp);
  for (let i = 0; i < g.n; i++) {
    if (direct) {
      k.im2colPacked(X + i * chw * 4, g.c, g.h, g.w, g.k, g.stride, g.padT, g.padL, g.oh, g.ow, Cp);
    } else {
      k.im2col(X + i * chw * 4, g.c, g.h, g.w, g.k, g.stride, g.padT, g.padL, g.oh, g.ow, col);
      k.packB(ckk, p, col, p, 1, Cp);
    }
    const Yi = Y + i * g.f * p * 4;
    k.gemmPacked(g.f, p, ckk, Wp, Cp, Yi, p, 0, tmp);
    k.biasRows(Yi, g.f, p, Bias, relu ? 1 : 0);
  }
  return Y;
}

/**
 * The convolution that gives dx for a stride-1 layer: dy (f planes, zero-padded by k − 1 − pad on each side) with the
 * filters turned 180° and their in/out channels swapped, as a direct convolution (directPays), or null when the
 * layer's padding is wider than k − 1 or the result too small for the direct kernel.
 */
function dxGeom(g: ConvGeom): Omit<ConvGeom, 'n'> | null {
  const padB = g.oh + g.k - 1 - g.h - g.padT;
  const padR = g.ow + g.k - 1 - g.w - g.padL;
  if (g.stride !== 1 || Math.max(g.padT, g.padL, padB, padR) > g.k - 1) return null;
  const d = { c: g.f, h: g.oh, w: g.ow, f: g.c, k: g.k, stride: 1, padT: g.k - 1 - g.padT, padL: g.k - 1 - g.padL, oh: g.h, ow: g.w };
  return directPays(d) ? d : null;
}

/** w [f, c, k, k] turned 180° with in and out swapped: [c, f, k, k], the filters of dxGeom's convolution. */
function flipped(w: FloatArray, f: number, c: number, k: number): Float32Array {
  const kk = k * k;
  const out = new Float32Array(f * c * kk);
  for (let o = 0; o < f; o++) for (let i = 0; i < c; i++) for (let t = 0; t < kk; t++) out[(i * f + o) * kk + kk - 1 - t] = w[(o * c + i) * kk + t];
  return out;
}

/** dw, db (and dx when given) from the output gradient src. */
export function conv2dBackwardIm2col(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, src: OutputGrad, dx: FloatArray | null, dw: FloatArray, db: FloatArray): void {
  const { ckk, p, chw, X, W } = layout(arena, g);
  const DY = arena.floats(g.n * g.f * p);
  const DW = arena.floats(g.f * ckk);
  const DWt = arena.floats(ckk * g.f);
  const DB = arena.floats(g.f);
  // dx by a direct convolution of dy where it can (no GEMM into columns, no col2im), else dcol = Wᵀ·dy and col2im
  const gd = dx ? dxGeom(g) : null;
  // dw's A operand (the image's columns, packed): for stride 1 written packed from the zero-padded image
  // (im2colPackedA), else im2col, then packA
  const [hp, wp] = [g.oh + g.k - 1, g.ow + g.k - 1];
  const direct = g.stride === 1;
  const xPad = direct ? paddedFloats(g) : 0;
  const XP = xPad ? arena.floats(xPad) : 0;
  const col = !direct || (dx && !gd) ? arena.floats(ckk * p) : 0;
  const colP = arena.alloc(packABytes(ckk, p));
  const dyT = arena.alloc(packBBytes(p, g.f));
  const DX = dx ? arena.floats(g.n * chw) : 0;
  const Wt = dx && !gd ? arena.alloc(packABytes(ckk, g.f)) : 0;
  const dyP = dx && !gd ? arena.alloc(packBBytes(g.f, p)) : 0;
  const Wf = gd ? arena.floats(g.f * ckk) : 0;
  const WfP = gd ? arena.alloc(packABytes(g.c, g.f * g.k * g.k)) : 0;
  const padded = gd ? paddedFloats(gd) : 0;
  const P = padded ? arena.floats(padded) : 0;
  const Zero = gd ? arena.floats(g.c) : 0;
  const fillDy = stageOutputGrad(k, arena, src, g.n * g.f * p);
  const tmp = arena.floats(32);
  const mem = arena.view();
  put(mem, X, x);
  put(mem, W, w);
  fillDy(mem, DY);
  mem.fill(0, DW >> 2, (DW >> 2) + g.f * ckk);
  mem.fill(0, DWt >> 2, (DWt >> 2) + g.f * ckk);
  mem.fill(0, DB >> 2, (DB >> 2) + g.f);
  if (XP) mem.fill(0, XP >> 2, (XP >> 2) + xPad);
  if (gd) {
    put(mem, Wf, flipped(w, g.f, g.c, g.k));
    k.packA(g.c, g.f * g.k * g.k, Wf, g.f * g.k * g.k, 1, WfP);
    if (P) mem.fill(0, P >> 2, (P >> 2) + padded);
    mem.fill(0, Zero >> 2, (Zero >> 2) + g.c);
  } else if (dx) {
    mem.fill(0, DX >> 2, (DX >> 2) + g.n * chw);
    k.packA(ckk, g.f, W, 1, ckk, Wt);
  }
  for (let i = 0; i < g.n; i++) {
    const DYi = DY + i * g.f * p * 4;
    k.rowSumsAdd(DYi, g.f, p, DB);
    const Xi = X + i * chw * 4;
    if (direct) {
      if (XP) k.padPlanes(Xi, g.c, g.h, g.w, g.padT, g.padL, hp, wp, XP);
      k.im2colPackedA(XP || Xi, g.c, hp, wp, g.k, g.oh, g.ow, colP);
    } else {
      k.im2col(Xi, g.c, g.h, g.w, g.k, g.stride, g.padT, g.padL, g.oh, g.ow, col);
      k.packA(ckk, p, col, p, 1, colP);
    }
    // dWᵀ[ckk, F] += col[ckk, P] · dyᵢᵀ[P, F]
    k.packB(p, g.f, DYi, 1, p, dyT);
    k.gemmPacked(ckk, g.f, p, colP, dyT, DWt, g.f, 1, tmp);
    if (gd) convDirectImage(k, gd, false, { Wp: WfP, P, pool: false }, DYi, DX + i * chw * 4, Zero);
    else if (dx) {
      // dcol[ckk, P] = Wᵀ[ckk, F] · dyᵢ[F, P], then scattered back onto the image.
      k.packB(g.f, p, DYi, p, 1, dyP);
      k.gemmPacked(ckk, p, g.f, Wt, dyP, col, p, 0, tmp);
      k.col2im(col, g.c, g.h, g.w, g.k, g.stride, g.padT, g.padL, g.oh, g.ow, DX + i * chw * 4);
    }
  }
  k.transposeAdd(DWt, ckk, g.f, DW);
  get(mem, DW, dw);
  get(mem, DB, db);
  if (dx) get(mem, DX, dx);
}
