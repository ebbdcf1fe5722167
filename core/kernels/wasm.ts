// The WebAssembly SIMD backend: copies operands into the kernel instance's memory, runs packed-panel GEMM,
// im2col/col2im and fused bias+ReLU there, and copies results out. Float32 only (float64 goes to the reference).
import type { Backend, ConvGeom, PoolGeom } from './backend.js';
import type { FloatArray } from '../tensor.js';
import { Arena, get, put, stageOutputGrad, type OutputGrad } from './wasm-arena.js';
import { gemmWasm } from './wasm-gemm.js';
import { kernelBuild, loadKernels, loadKernelsSync, type KernelBuild, type WasmKernels } from './wasm-loader.js';
import { inferWasm } from './wasm-infer.js';
import { conv2dForwardDirect, directPays } from './wasm-direct.js';
import { conv2dBackwardIm2col, conv2dForwardIm2col } from './wasm-im2col.js';
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
  /** The layer's forward pass by the fastest path for it, left in kernel memory: returns y's address. */
  const forward = (g: ConvGeom, x: FloatArray, w: FloatArray, b: FloatArray, relu: boolean): number => {
    arena.reset();
    if (winograd(g)) return conv2dForwardWinograd(k, arena, g, x, w, b, relu);
    if (directPays(g)) return conv2dForwardDirect(k, arena, g, x, w, b, relu);
    return conv2dForwardIm2col(k, arena, g, x, w, b, relu);
  };
  const backward = (g: ConvGeom, x: FloatArray, w: FloatArray, src: OutputGrad, dx: FloatArray | null, dw: FloatArray, db: FloatArray): void => {
    arena.reset();
    if (winograd(g)) return conv2dBackwardWinograd(k, arena, g, x, w, src, dx, dw, db);
    return conv2dBackwardIm2col(k, arena, g, x, w, src, dx, dw, db);
  };
  return {
    name: `wasm${build === 'relaxed' ? ' + relaxed SIMD' : ''}${useWinograd ? '' : ' (no Winograd)'}`,
    float64: false,

    gemm(transA, transB, m, n, kk, a, b, c, beta) {
      gemmWasm(k, arena, transA, transB, m, n, kk, a, b, c, beta);
    },

    conv2dForward(g: ConvGeom, x, w, b, y, relu) {
      const Y = forward(g, x, w, b, relu);
      get(arena.view(), Y, y);
    },

    conv2dPool(g: ConvGeom, p: PoolGeom, x, w, b, relu, y, argmax) {
      const Y = forward(g, x, w, b, relu);
      const n = p.nc * p.oh * p.ow;
      const P = arena.floats(n);
      const A = arena.floats(n);
      const mem = arena.view();
      k.maxPool2d(Y, p.nc, p.h, p.w, p.size, p.stride, p.oh, p.ow, P, A);
      get(mem, P, y.subarray(0, n));
      argmax.set(new Int32Array(mem.buffer, A, n));
    },

    conv2dBackward(g: ConvGeom, x, w, dy, dx, dw, db, reluY) {
      backward(g, x, w, { dy, reluY }, dx, dw, db);
    },

    conv2dPoolBackward(g: ConvGeom, p: PoolGeom, x, w, pooled, argmax, pooledY, dx, dw, db) {
      backward(g, x, w, { pooled, argmax, pooledY, p }, dx, dw, db);
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

    maxPool2dBackward(g: PoolGeom, dy, argmax, dx) {
      // the pooling half of a conv's pooled output gradient (stageOutputGrad), on its own
      const n = g.nc * g.h * g.w;
      arena.reset();
      const DX = arena.floats(n);
      const fill = stageOutputGrad(k, arena, { pooled: dy, argmax, pooledY: null, p: g }, n);
      const mem = arena.view();
      fill(mem, DX);
      get(mem, DX, dx.subarray(0, n));
    },

    infer(steps, x, n, out, claim) {
      return inferWasm(k, arena, steps, x, n, out, useWinograd, claim);
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
