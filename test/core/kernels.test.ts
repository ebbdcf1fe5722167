// Every fast backend against the reference (js) backend: GEMM in all transpose modes, conv2d forward/backward
// (odd strides, asymmetric padding, even kernels, 1×1, batch > 1, fused ReLU; the direct, Winograd and im2col forward
// paths, dx by a direct convolution or by col2im) and max pooling, on random shapes.
import { afterEach, describe, expect, test } from 'vitest';
import { referenceBackend, setBackend, type Backend, type ConvGeom, type PoolGeom } from '../../core/kernels/index.js';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import { fromBase64 } from '../../core/base64.js';
import { relaxedSimdSupported, wasmSimdSupported } from '../../core/kernels/wasm-loader.js';
import { WASM_KERNELS_BASE64 } from '../../core/kernels/wasm-module.js';
import { Rng } from '../../core/rng.js';
import { relDiff } from './helpers/compare.js';

// the plain SIMD build, and the relaxed SIMD build where this runtime validates it (the core-relaxed vitest project)
const fast: Backend[] = [createWasmBackend({ relaxed: false }), relaxedSimdSupported() ? createWasmBackend() : null].filter((b): b is Backend => b !== null);
const ref = referenceBackend();

function rand(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

function geom(n: number, c: number, h: number, w: number, f: number, k: number, s: number, pads: [number, number, number, number]): ConvGeom {
  const [t, l, b, r] = pads;
  return { n, c, h, w, f, k, stride: s, padT: t, padL: l, oh: Math.floor((h + t + b - k) / s) + 1, ow: Math.floor((w + l + r - k) / s) + 1 };
}

const convCases: ConvGeom[] = [
  geom(1, 1, 5, 5, 1, 3, 1, [0, 0, 0, 0]),
  geom(3, 2, 8, 8, 4, 2, 2, [0, 0, 1, 1]),
  geom(2, 3, 7, 9, 5, 3, 1, [1, 1, 1, 1]),
  geom(2, 4, 9, 7, 3, 4, 3, [1, 2, 2, 1]),
  geom(2, 3, 5, 5, 6, 1, 1, [0, 0, 0, 0]),
  geom(1, 2, 6, 6, 7, 1, 2, [0, 0, 1, 1]),
  geom(4, 1, 28, 28, 8, 5, 1, [2, 2, 2, 2]),
  geom(2, 8, 14, 14, 16, 5, 1, [2, 2, 2, 2]),
  geom(2, 16, 13, 11, 9, 3, 2, [1, 0, 1, 2]),
  geom(1, 5, 4, 4, 3, 4, 1, [0, 0, 0, 0]),
  // ow % 8 == 0 at stride 1: the forward conv writes im2col straight into packed panels.
  geom(2, 3, 16, 16, 4, 3, 1, [1, 1, 1, 1]),
  geom(2, 2, 10, 10, 3, 3, 1, [0, 0, 0, 0]),
  geom(1, 3, 9, 17, 2, 2, 1, [1, 0, 0, 0]),
  geom(2, 2, 16, 16, 3, 4, 1, [1, 1, 2, 2]),
  // the smallest maps a stride-1 forward runs as a direct convolution (≥ 2 rows of ≥ 4 outputs), odd filter counts
  geom(3, 3, 3, 6, 5, 2, 1, [0, 0, 0, 0]),
  geom(2, 1, 6, 4, 9, 3, 1, [1, 1, 1, 1]),
  // dx of a stride-1 layer as a direct convolution of dy (wasm-im2col.ts dxGeom): asymmetric padding, an even kernel,
  // a dx map too narrow for it (3 columns), and padding wider than k − 1 (both of the last two by col2im instead)
  geom(2, 3, 9, 8, 4, 4, 1, [1, 2, 2, 1]),
  geom(2, 5, 6, 3, 6, 3, 1, [1, 1, 1, 1]),
  geom(1, 2, 6, 6, 3, 3, 1, [3, 3, 3, 3]),
];
const convName = (g: ConvGeom) => `x=[${g.n},${g.c},${g.h},${g.w}] w=[${g.f},${g.c},${g.k},${g.k}] s=${g.stride} pad=${g.padT},${g.padL}`;

afterEach(() => setBackend(ref));

test('WebAssembly SIMD is available in this Node, so the wasm backend is under test', () => {
  expect(wasmSimdSupported()).toBe(true);
  expect(fast.map((b) => b.name)).toContain('wasm');
});

test('the embedded base64 decodes to the same bytes as Node does', () => {
  const ours = fromBase64(WASM_KERNELS_BASE64);
  const node = new Uint8Array(Buffer.from(WASM_KERNELS_BASE64, 'base64'));
  expect(ours.length).toBe(node.length);
  expect(Buffer.compare(Buffer.from(ours), Buffer.from(node))).toBe(0);
  expect(Array.from(ours.subarray(0, 4))).toEqual([0, 0x61, 0x73, 0x6d]);
});

describe.each(fast.map((b) => [b.name, b] as const))('%s backend vs reference', (_, be) => {
  const gemmCases: [boolean, boolean, number, number, number][] = [];
  // [6, 24, 5] and [30, 64, 128] (B row-major, n a multiple of 8, m ≤ 32): the wasm backend reads B in place (gemmRowB).
  // The last three pass 2¹⁸ floats in B or C, so the wasm backend goes in chunks of 1 024 (core/kernels/wasm-gemm.ts),
  // each with a shorter last chunk: of depth (odd: 759) for A·Bᵀ, of columns read in place (8) for [7, 2056, 130],
  // of columns of a big C (652, not a multiple of 8) for [100, 2700, 9].
  for (const [m, n, k] of [[1, 1, 1], [5, 13, 7], [4, 8, 2], [9, 17, 3], [33, 8, 64], [64, 50, 288], [3, 130, 31], [6, 24, 5], [30, 64, 128], [5, 24, 10999], [7, 2056, 130], [100, 2700, 9]] as const) {
    for (const ta of [false, true]) for (const tb of [false, true]) gemmCases.push([ta, tb, m, n, k]);
  }
  test.each(gemmCases)('gemm transA=%s transB=%s m=%i n=%i k=%i, beta 0 and 1', (ta, tb, m, n, k) => {
    const rng = new Rng(m * 1000 + n * 10 + k);
    const a = rand(m * k, rng);
    const b = rand(k * n, rng);
    for (const beta of [0, 1] as const) {
      const c0 = rand(m * n, rng);
      const c1 = c0.slice();
      ref.gemm(ta, tb, m, n, k, a, b, c0, beta);
      be.gemm(ta, tb, m, n, k, a, b, c1, beta);
      expect(relDiff(c1, c0)).toBeLessThan(1e-5);
    }
  });

  test.each(convCases.map((g) => [convName(g), g] as const))('conv2d forward and backward %s', (_, g) => {
    const rng = new Rng(g.n * 7 + g.c * 13 + g.k);
    const x = rand(g.n * g.c * g.h * g.w, rng);
    const w = rand(g.f * g.c * g.k * g.k, rng);
    const b = rand(g.f, rng);
    const ny = g.n * g.f * g.oh * g.ow;
    for (const relu of [false, true]) {
      const y0 = new Float32Array(ny);
      const y1 = new Float32Array(ny);
      ref.conv2dForward(g, x, w, b, y0, relu);
      be.conv2dForward(g, x, w, b, y1, relu);
      expect(relDiff(y1, y0)).toBeLessThan(1e-5);
      const dy = rand(ny, rng);
      const dyCopy = dy.slice();
      const out = () => ({ dx: new Float32Array(x.length).fill(9), dw: new Float32Array(w.length).fill(9), db: new Float32Array(g.f).fill(9) });
      const r0 = out();
      const r1 = out();
      ref.conv2dBackward(g, x, w, dy, r0.dx, r0.dw, r0.db, relu ? y0 : null);
      be.conv2dBackward(g, x, w, dy, r1.dx, r1.dw, r1.db, relu ? y0 : null);
      expect(Array.from(dy)).toEqual(Array.from(dyCopy));
      expect(relDiff(r1.dx, r0.dx)).toBeLessThan(1e-5);
      expect(relDiff(r1.dw, r0.dw)).toBeLessThan(1e-5);
      expect(relDiff(r1.db, r0.db)).toBeLessThan(1e-5);
      const r2 = { dw: new Float32Array(w.length), db: new Float32Array(g.f) };
      be.conv2dBackward(g, x, w, dy, null, r2.dw, r2.db, relu ? y0 : null);
      expect(relDiff(r2.dw, r0.dw)).toBeLessThan(1e-5);
    }
  });

  const pools: PoolGeom[] = [
    { nc: 6, h: 8, w: 8, size: 2, stride: 2, oh: 4, ow: 4 },
    { nc: 3, h: 7, w: 9, size: 3, stride: 1, oh: 5, ow: 7 },
    { nc: 2, h: 9, w: 9, size: 3, stride: 2, oh: 4, ow: 4 },
    { nc: 4, h: 5, w: 5, size: 2, stride: 2, oh: 2, ow: 2 },
    { nc: 3, h: 12, w: 13, size: 2, stride: 2, oh: 6, ow: 6 },
    { nc: 5, h: 28, w: 28, size: 2, stride: 2, oh: 14, ow: 14 },
    { nc: 2, h: 15, w: 18, size: 2, stride: 2, oh: 7, ow: 9 },
  ];
  test.each(pools.map((p) => [`${p.nc}×${p.h}×${p.w} size ${p.size} stride ${p.stride}`, p] as const))('maxPool2d %s, with ties', (_, p) => {
    const rng = new Rng(p.h * p.w + p.size);
    // Rounded values make ties common; both must pick the first maximum in row-major window order.
    const x = Float32Array.from(rand(p.nc * p.h * p.w, rng), (v) => Math.round(v * 2) / 2);
    const n = p.nc * p.oh * p.ow;
    const y0 = new Float32Array(n);
    const y1 = new Float32Array(n);
    const a0 = new Int32Array(n);
    const a1 = new Int32Array(n);
    ref.maxPool2d(p, x, y0, a0);
    be.maxPool2d(p, x, y1, a1);
    expect(Array.from(y1)).toEqual(Array.from(y0));
    expect(Array.from(a1)).toEqual(Array.from(a0));
  });

  test.each(pools.map((p) => [`${p.nc}×${p.h}×${p.w} size ${p.size} stride ${p.stride}`, p] as const))('maxPool2dBackward %s writes every value of dx', (_, p) => {
    const rng = new Rng(p.h * p.w + p.size + 1);
    const x = Float32Array.from(rand(p.nc * p.h * p.w, rng), (v) => Math.round(v * 2) / 2);
    const n = p.nc * p.oh * p.ow;
    const argmax = new Int32Array(n);
    ref.maxPool2d(p, x, new Float32Array(n), argmax);
    const dy = rand(n, rng);
    dy[0] = -0; // comes out as +0, as from the reference's zero-then-add
    const dx0 = new Float32Array(x.length).fill(Number.NaN);
    const dx1 = new Float32Array(x.length).fill(Number.NaN);
    ref.maxPool2dBackward(p, dy, argmax, dx0);
    be.maxPool2dBackward(p, dy, argmax, dx1);
    expect(Array.from(dx1)).toEqual(Array.from(dx0));
    expect(dx0.some(Number.isNaN)).toBe(false);
    // every output gradient lands somewhere: the totals agree
    expect(dx1.reduce((a, v) => a + v, 0)).toBeCloseTo(dy.reduce((a, v) => a + v, 0), 4);
  });

  test('large operands grow the kernel memory and stay correct', () => {
    const g = geom(16, 32, 26, 26, 64, 3, 1, [0, 0, 0, 0]);
    const rng = new Rng(5);
    const x = rand(g.n * g.c * g.h * g.w, rng);
    const w = rand(g.f * g.c * 9, rng);
    const b = rand(g.f, rng);
    const y0 = new Float32Array(g.n * g.f * g.oh * g.ow);
    const y1 = new Float32Array(y0.length);
    ref.conv2dForward(g, x, w, b, y0, true);
    be.conv2dForward(g, x, w, b, y1, true);
    expect(relDiff(y1, y0)).toBeLessThan(1e-5);
  });
});
