// Stride-1 convolutions as direct convolutions on the wasm kernels (kernels-src/direct.ts): the GEMM's 4×8 register
// tile reads the zero-padded input map in place, no im2col and no packing per image; bias and ReLU in the epilogue.
// Inference uses it per image (wasm-infer.ts, with a following 2×2 max pooling fused), training for its forward pass.
import type { FloatArray } from '../tensor.js';
import type { ConvGeom } from './backend.js';
import { packABytes, put, type Arena } from './wasm-arena.js';
import type { WasmKernels } from './wasm-loader.js';

type Geom = Omit<ConvGeom, 'n'>;

/** Stride-1 layers of ≥ 2 rows of ≥ 4 outputs run as direct convolutions. */
export const directPays = (g: Geom) => g.stride === 1 && g.oh >= 2 && g.ow >= 4;

/** Floats of a layer's zero-padded input planes, or 0 when the layer does not pad (the input is read in place). */
export const paddedFloats = (g: Geom) => (g.h === g.oh + g.k - 1 && g.w === g.ow + g.k - 1 ? 0 : g.c * (g.oh + g.k - 1) * (g.ow + g.k - 1));

/**
 * One image x through a direct convolution to y (filters packed at Wp by packA, biases at B; padded first into P,
 * whose border the caller zeroed, when the layer pads; a 2×2 stride-2 max pooling fused when `pool`).
 */
export function convDirectImage(k: WasmKernels, g: Geom, relu: boolean, pk: { Wp: number; P: number; pool: boolean }, x: number, y: number, B: number): void {
  const [hp, wp] = [g.oh + g.k - 1, g.ow + g.k - 1];
  if (pk.P) k.padPlanes(x, g.c, g.h, g.w, g.padT, g.padL, hp, wp, pk.P);
  k.convDirect(pk.P || x, g.c, hp, wp, pk.P ? g.padT : 0, pk.P ? g.h : hp, g.k, g.f, g.oh, g.ow, pk.Wp, B, relu ? 1 : 0, pk.pool ? 1 : 0, y);
}

/** y = conv(x, w) + b, ReLU when relu, for a layer where directPays(g), into kernel memory: returns y's address. */
export function conv2dForwardDirect(k: WasmKernels, arena: Arena, g: ConvGeom, x: FloatArray, w: FloatArray, b: FloatArray, relu: boolean): number {
  const ckk = g.c * g.k * g.k;
  const [chw, out] = [g.c * g.h * g.w, g.f * g.oh * g.ow];
  arena.reset();
  const X = arena.floats(g.n * chw);
  const W = arena.floats(g.f * ckk);
  const Bias = arena.floats(g.f);
  const Y = arena.floats(g.n * out);
  const Wp = arena.alloc(packABytes(g.f, ckk));
  const padded = paddedFloats(g);
  const P = padded ? arena.floats(padded) : 0;
  const mem = arena.view();
  put(mem, X, x);
  put(mem, W, w);
  put(mem, Bias, b);
  if (P) mem.fill(0, P >> 2, (P >> 2) + padded);
  k.packA(g.f, ckk, W, ckk, 1, Wp);
  for (let i = 0; i < g.n; i++) convDirectImage(k, g, relu, { Wp, P, pool: false }, X + i * chw * 4, Y + i * out * 4, Bias);
  return Y;
}
