// The WebAssembly SIMD backend: copies operands into the kernel instance's memory, runs packed-panel GEMM,
// im2col/col2im and fused bias+ReLU there, and copies results out. Float32 only (float64 goes to the reference).
import type { Backend, ConvGeom, PoolGeom } from './backend.js';
import { Arena, get, packABytes, packBBytes, put, putOutputGrad } from './wasm-arena.js';
import { kernelBuild, loadKernels, loadKernelsSync, type KernelBuild, type WasmKernels } from './wasm-loader.js';
import { inferWasm } from './wasm-infer.js';
import { conv2dForwardDirect, directPays } from './wasm-direct.js';
import { conv2dBackwardWinograd, conv2dForwardWinograd, winogradPays } from './wasm-winograd.js';

/** Options of a wasm backend; each backend value carries its own (nothing global). */
export interface WasmOptions {
  /** 3×3 stride-1 layers by Winograd F(2×2, 3×3) or F(4×4, 3×3) where it pays (default true); false: im2col + GEMM. */
  winograd?: boolean;
  /**
   * Relaxed SIMD (the GEMM tile's multiply-adds as `f32x4.relaxed_madd`, fused where the CPU can) where the host
   * validates it (default true); false: the plain SIMD build everywhere. Results differ from the plain build by
   * float32 rounding only.
   */
  relaxed?: boolean;
}

/** Backend over one kernel instance (one per thread; instances share nothing). */
export function createWasmBackendFrom(k: WasmKernels, opts: WasmOptions = {}, build: KernelBuild = 'simd'): Backend {
  const arena = new Arena(k);
  const useWinograd = opts.winograd ?? true;
  const winograd = (g: ConvGeom) => useWinograd && winogradPays(g);
  return {
    name: `wasm${build === 'relaxed' ? ' + relaxed SIMD' : ''}${useWinograd ? '' : ' (no Winograd)'}`,
    float64: false,

    gemm(transA, transB, m, n, kk, a, b, c, beta) {
      // A row-major B that few rows of A use (dense dX = dy·W at batch ≤ 32, W 128×9216 in K) is read in place: its
      // packB pass would cost as much as the product. Measured 20 % faster for 16×9216×128, equal at m = 128.
      const inPlaceB = !transB && n % 8 === 0 && m <= 32;
      arena.reset();
      const A = arena.floats(m * kk);
      const B = arena.floats(kk * n);
      const C = arena.floats(m * n);
      const Ap = arena.alloc(packABytes(m, kk));
      const Bp = inPlaceB ? 0 : arena.alloc(packBBytes(kk, n));
      const tmp = arena.floats(32);
      const mem = arena.view();
      put(mem, A, a.subarray(0, m * kk));
      put(mem, B, b.subarray(0, kk * n));
      if (beta) put(mem, C, c.subarray(0, m * n));
      k.packA(m, kk, A, transA ? 1 : kk, transA ? m : 1, Ap);
      if (inPlaceB) {
        k.gemmRowB(m, n, kk, Ap, B, n, C, n, beta, tmp);
      } else {
        k.packB(kk, n, B, transB ? 1 : n, transB ? kk : 1, Bp);
        k.gemmPacked(m, n, kk, Ap, Bp, C, n, beta, tmp);
      }
      get(mem, C, c.subarray(0, m * n));
    },

    conv2dForward(g: ConvGeom, x, w, b, y, relu) {
      if (winograd(g)) return conv2dForwardWinograd(k, arena, g, x, w, b, y, relu);
      if (directPays(g)) return conv2dForwardDirect(k, arena, g, x, w, b, y, relu);
      const ckk = g.c * g.k * g.k;
      const p = g.oh * g.ow;
      const chw = g.c * g.h * g.w;
      arena.reset();
      const X = arena.floats(g.n * chw);
      const W = arena.floats(g.f * ckk);
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
      get(mem, Y, y);
    },

    conv2dBackward(g: ConvGeom, x, w, dy, dx, dw, db, reluY) {
      if (winograd(g)) return conv2dBackwardWinograd(k, arena, g, x, w, dy, dx, dw, db, reluY);
      const ckk = g.c * g.k * g.k;
      const p = g.oh * g.ow;
      const chw = g.c * g.h * g.w;
      arena.reset();
      const X = arena.floats(g.n * chw);
      const W = arena.floats(g.f * ckk);
      const DY = arena.floats(g.n * g.f * p);
      const DW = arena.floats(g.f * ckk);
      const DWt = arena.floats(ckk * g.f);
      const DB = arena.floats(g.f);
      const col = arena.floats(ckk * p);
      const colP = arena.alloc(packABytes(ckk, p));
      const dyT = arena.alloc(packBBytes(p, g.f));
      const DX = dx ? arena.floats(g.n * chw) : 0;
      const Wt = dx ? arena.alloc(packABytes(ckk, g.f)) : 0;
      const dyP = dx ? arena.alloc(packBBytes(g.f, p)) : 0;
      const Y = reluY ? arena.floats(g.n * g.f * p) : 0;
      const tmp = arena.floats(32);
      const mem = arena.view();
      put(mem, X, x);
      put(mem, W, w);
      putOutputGrad(k, mem, DY, dy, Y, reluY, g.n * g.f * p);
      mem.fill(0, DW >> 2, (DW >> 2) + g.f * ckk);
      mem.fill(0, DWt >> 2, (DWt >> 2) + g.f * ckk);
      mem.fill(0, DB >> 2, (DB >> 2) + g.f);
      if (dx) {
        mem.fill(0, DX >> 2, (DX >> 2) + g.n * chw);
        k.packA(ckk, g.f, W, 1, ckk, Wt);
      }
      for (let i = 0; i < g.n; i++) {
        const DYi = DY + i * g.f * p * 4;
        k.rowSumsAdd(DYi, g.f, p, DB);
        k.im2col(X + i * chw * 4, g.c, g.h, g.w, g.k, g.stride, g.padT, g.padL, g.oh, g.ow, col);
        // dWᵀ[ckk, F] += col[ckk, P] · dyᵢᵀ[P, F]
        k.packA(ckk, p, col, p, 1, colP);
        k.packB(p, g.f, DYi, 1, p, dyT);
        k.gemmPacked(ckk, g.f, p, colP, dyT, DWt, g.f, 1, tmp);
        if (dx) {
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
    },

    maxPool2d(g: PoolGeom, x, y, argmax) {
      arena.reset();
      const X = arena.floats(g.nc * g.h * g.w);
      const Y = arena.floats(g.nc * g.oh * g.ow);
      const A = arena.floats(g.nc * g.oh * g.ow);
      const mem = arena.view();
      put(mem, X, x);
      k.maxPool2d(X, g.nc, g.h, g.w, g.size, g.stride, g.oh, g.ow, Y, A);
      get(mem, Y, y);
      argmax.set(new Int32Array(mem.buffer, A, argmax.length));
    },

    infer(steps, x, n, out) {
      return inferWasm(k, arena, steps, x, n, out, useWinograd);
    },
  };
}

/** A wasm backend compiled synchronously (Node, workers, Electron); null when WebAssembly SIMD is unavailable. */
export function createWasmBackend(opts: WasmOptions = {}): Backend | null {
  const build = kernelBuild(opts.relaxed ?? true);
  const k = build && loadKernelsSync(build);
  return k ? createWasmBackendFrom(k, opts, build!) : null;
}

/** The same, compiled asynchronously: use this on a browser main thread (sync compile is capped at 4 KB there). */
export async function createWasmBackendAsync(opts: WasmOptions = {}): Promise<Backend | null> {
  const build = kernelBuild(opts.relaxed ?? true);
  const k = build && (await loadKernels(build));
  return k ? createWasmBackendFrom(k, opts, build!) : null;
}
