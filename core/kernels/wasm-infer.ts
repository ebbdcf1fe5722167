// Inference in one call on the wasm kernels: a whole stack (conv, max pooling, ReLU, dense) run inside the kernel
// instance's memory, images in and class scores out. The layer-by-layer path copies every layer's input and output
// in and out of that memory and records what a backward pass needs; this keeps each image's maps (or a small group's,
// where a Winograd layer's GEMMs span the group's tiles) in the instance's memory and in cache from the first conv to
// the flat features, then runs the dense layers as GEMMs over chunks of images. Weights are packed once per call, so a call sees the weights as they are now (training may move them).
import type { ClaimImages, InferStep } from './backend.js';
import { packABytes, packBBytes, put, type Arena } from './wasm-arena.js';
import type { WasmKernels } from './wasm-loader.js';
import { convDirectImage, directPays, paddedFloats } from './wasm-direct.js';
import { imagesPerGemm, packedFilters, planeStride, rowFloats, scratchBytes, tilesOf, transformedConv, winoForward, winogradPays } from './wasm-winograd.js';

/** Images whose flat features go through the dense layers together (one GEMM per layer). */
const CHUNK = 64;

type Conv = Extract<InferStep, { op: 'conv' }>;
type Pool = Extract<InferStep, { op: 'maxpool' | 'avgpool' }>;
type Dense = Extract<InferStep, { op: 'dense' }>;

const convOut = (s: Conv) => s.g.f * s.g.oh * s.g.ow;
const poolOut = (s: Pool) => s.g.c * s.g.oh * s.g.ow;

/** Backend.infer on one kernel instance: false when a step has no kernel here (average pooling). */
export function inferWasm(k: WasmKernels, arena: Arena, steps: readonly InferStep[], x: Float32Array, n: number, out: Float32Array, winograd: boolean, claim: ClaimImages = whole(n)): boolean {
  const pixels = x.length / n;
  if (steps.some((s) => s.op === 'avgpool')) return false;
  const firstDense = steps.findIndex((s) => s.op === 'dense');
  const spatial = firstDense < 0 ? steps : steps.slice(0, firstDense);
  const dense = (firstDense < 0 ? [] : steps.slice(firstDense)) as (Dense | Extract<InferStep, { op: 'relu' }>)[];
  if (dense.some((s) => s.op !== 'dense' && s.op !== 'relu')) return false;

  arena.reset();
  // weights, copied in and packed
  const convs = spatial.filter((s): s is Conv => s.op === 'conv');
  const convW = convs.map((s) => ({ W: arena.floats(s.w.length), B: arena.floats(s.b.length) }));
  const denses = dense.filter((s): s is Dense => s.op === 'dense');
  const denseW = denses.map((s) => ({ W: arena.floats(s.w.length), B: arena.floats(s.b.length), Bp: arena.alloc(packBBytes(s.inputs, s.units)) }));
  let mem = arena.view();
  convs.forEach((s, i) => (put(mem, convW[i].W, s.w), put(mem, convW[i].B, s.b)));
  denses.forEach((s, i) => (put(mem, denseW[i].W, s.w), put(mem, denseW[i].B, s.b), k.packB(s.inputs, s.units, denseW[i].W, 1, s.inputs, denseW[i].Bp)));
  const packed = convs.map((s, i) => {
    const g = s.g;
    const ckk = g.c * g.k * g.k;
    const out = convOut(s);
    // a 2×2 stride-2 max pooling right after a Winograd or direct convolution runs in its epilogue
    const next = spatial[spatial.indexOf(s) + 1];
    const pool2 = next?.op === 'maxpool' && next.g.size === 2 && next.g.stride === 2;
    if (winograd && winogradPays(g)) {
      const wino = winoForward(k, g);
      return { wino, wg: packedFilters(k, wino, arena, convW[i].W, g.f, g.c, false), Wp: 0, direct: false, P: 0, pool: pool2, out: pool2 ? poolOut(next as Pool) : out };
    }
    const Wp = arena.alloc(packABytes(g.f, ckk));
    // the padded input of a direct convolution: its border is zeroed once below, each image fills the inside
    const direct = directPays(g);
    const pool = direct && pool2;
    const P = direct && paddedFloats(g) ? arena.floats(paddedFloats(g)) : 0;
    mem = arena.view();
    k.packA(g.f, ckk, convW[i].W, ckk, 1, Wp);
    if (P) mem.fill(0, P >> 2, (P >> 2) + paddedFloats(g));
    return { wino: null, wg: null, Wp, direct, P, pool, out: pool ? poolOut(next as Pool) : out };
  });

  // nb images go through the spatial layers together, so that a Winograd layer's GEMMs span their tiles (1 without
  // one: each image's maps then stay in cache from the first conv to the flat features)
  const wgLayers = spatial.filter((s): s is Conv => s.op === 'conv' && winograd && winogradPays(s.g));
  const nb = Math.min(CHUNK, ...wgLayers.map((s) => imagesPerGemm(CHUNK, 4 * winoForward(k, s.g).planes * (s.g.c + s.g.f) * tileCount(k, s))));
  const group = wgLayers.length > 0 ? nb : 1;
  // scratch for a group: two maps to ping-pong between, im2col or Winograd buffers sized for the largest layer
  let maxMap = pixels;
  let col = 0;
  let colP = 0;
  let wgV = 0;
  let wgM = 0;
  let wgVp = 0;
  let wgS = 0;
  for (const s of spatial) {
    if (s.op === 'conv') {
      maxMap = Math.max(maxMap, convOut(s));
      const ckk = s.g.c * s.g.k * s.g.k;
      const p = s.g.oh * s.g.ow;
      if (winograd && winogradPays(s.g)) {
        const wino = winoForward(k, s.g);
        const { th, tw } = tilesOf(s.g.oh, s.g.ow, wino.m);
        const planes = wino.planes;
        wgV = Math.max(wgV, planes * planeStride(s.g.c * rowFloats(group, th * tw)));
        wgVp = Math.max(wgVp, packBBytes(s.g.c, group * th * tw));
        wgM = Math.max(wgM, planes * planeStride(s.g.f * rowFloats(group, th * tw)) + 16);
        wgS = Math.max(wgS, scratchBytes(th, tw, wino));
      } else if (!directPays(s.g)) {
        col = Math.max(col, ckk * p);
        colP = Math.max(colP, packBBytes(ckk, p));
      }
    } else if (s.op === 'maxpool') {
      maxMap = Math.max(maxMap, poolOut(s));
    }
  }
  const mapA = arena.floats(group * maxMap);
  const mapB = arena.floats(group * maxMap);
  const Col = arena.floats(col);
  const ColP = arena.alloc(colP);
  const V = arena.floats(wgV);
  const Vp = arena.alloc(wgVp);
  const M = arena.floats(wgM);
  const S = arena.alloc(wgS);
  const tmp = arena.floats(32);
  // per chunk: its input images, the flat features and the dense layers' outputs
  const features = spatial.reduce((size, s) => stepSize(s, size), pixels);
  const widest = Math.max(features, ...denses.map((s) => s.units));
  const X = arena.floats(CHUNK * pixels);
  const H0 = arena.floats(CHUNK * widest);
  const H1 = arena.floats(CHUNK * widest);
  const Ap = arena.alloc(packABytes(CHUNK, widest));
  mem = arena.view();
  const classes = denses.length > 0 ? denses[denses.length - 1].units : features;

  // The images this call computes (the whole batch, or what `claim` hands it, whole Winograd groups at a time) go
  // through the spatial layers at most CHUNK at a time into rows of H0. The dense layers run on CHUNK filled rows (or
  // on what is left at the end), so small claims still make full GEMMs, and write each row to its image's place in out.
  const rows: { start: number; count: number; row: number }[] = [];
  let filled = 0;
  const denseRows = () => {
    let h = H0;
    let width = features;
    let di = 0;
    for (const s of dense) {
      if (s.op === 'relu') {
        k.reluMask(h, h, filled * width);
        continue;
      }
      const next = h === H0 ? H1 : H0;
      k.packA(filled, s.inputs, h, s.inputs, 1, Ap);
      k.gemmPacked(filled, s.units, s.inputs, Ap, denseW[di].Bp, next, s.units, 0, tmp);
      k.biasCols(next, filled, s.units, denseW[di].B, s.relu ? 1 : 0);
      di++;
      h = next;
      width = s.units;
    }
    for (const r of rows) out.set(mem.subarray((h >> 2) + r.row * classes, (h >> 2) + (r.row + r.count) * classes), r.start * classes);
    rows.length = 0;
    filled = 0;
  };
  for (let r = claim(group); r; r = claim(group)) {
    for (let start = r.start; start < r.start + r.count; ) {
      const m = Math.min(CHUNK - filled, r.start + r.count - start);
      put(mem, X, x.subarray(start * pixels, (start + m) * pixels));
      for (let i = 0; i < m; i += group) {
        const q = Math.min(group, m - i);
        let cur = X + i * pixels * 4;
        let size = pixels;
        let ci = 0;
        let pooled = false;
        for (const s of spatial) {
          const dst = cur === mapA ? mapB : mapA;
          if (s.op === 'conv') {
            const g = s.g;
            const pk = packed[ci];
            if (pk.wino && pk.wg) {
              const { th, tw } = tilesOf(g.oh, g.ow, pk.wino.m);
              const t = th * tw;
              const vs = planeStride(g.c * rowFloats(group, t));
              const ms = planeStride(g.f * rowFloats(group, t));
              transformedConv(k, pk.wino, cur, size * 4, q, g.c, g.h, g.w, g.padT, g.padL, th, tw, g.f, pk.wg, V, vs, Vp, M, ms, tmp, S);
              for (let j = 0; j < q; j++) pk.wino.output(M + j * t * 4, g.f, g.oh, g.ow, th, tw, convW[ci].B, s.relu ? 1 : 0, dst + j * pk.out * 4, ms, rowFloats(q, t), pk.pool ? 1 : 0);
              pooled = pk.pool;
            } else if (pk.direct) {
              for (let j = 0; j < q; j++) convDirectImage(k, s.g, s.relu, pk, cur + j * size * 4, dst + j * pk.out * 4, convW[ci].B);
              pooled = pk.pool;
            } else {
              for (let j = 0; j < q; j++) convIm2col(k, s, cur + j * size * 4, pk.Wp, Col, ColP, dst + j * convOut(s) * 4, convW[ci].B, tmp);
            }
            ci++;
            cur = dst;
          } else if (s.op === 'maxpool' && pooled) {
            pooled = false;
          } else if (s.op === 'maxpool') {
            k.maxPool2d(cur, s.g.c * q, s.g.h, s.g.w, s.g.size, s.g.stride, s.g.oh, s.g.ow, dst, 0);
            cur = dst;
          } else if (s.op === 'relu') {
            // in place, unless cur is the chunk's input (which stays as it was)
            if (cur !== mapA && cur !== mapB) {
              mem.copyWithin(dst >> 2, cur >> 2, (cur >> 2) + q * size);
              cur = dst;
            }
            k.reluMask(cur, cur, q * size);
          }
          size = stepSize(s, size);
        }
        mem.copyWithin((H0 >> 2) + (filled + i) * features, cur >> 2, (cur >> 2) + q * features);
      }
      rows.push({ start, count: m, row: filled });
      filled += m;
      start += m;
      if (filled === CHUNK) denseRows();
    }
  }
  if (filled > 0) denseRows();
  return true;
}

/** The ClaimImages of a call that computes all n images itself: [0, n) once. */
function whole(n: number): ClaimImages {
  let taken = false;
  return () => (taken || n === 0 ? null : ((taken = true), { start: 0, count: n }));
}

/** Values per image after step `s` (given `size` before it). */
function stepSize(s: InferStep, size: number): number {
  if (s.op === 'conv') return convOut(s);
  if (s.op === 'maxpool' || s.op === 'avgpool') return poolOut(s);
  if (s.op === 'dense') return s.units;
  return size;
}

/** Tiles of one image's output in a Winograd layer. */
function tileCount(k: WasmKernels, s: Conv): number {
  const { th, tw } = tilesOf(s.g.oh, s.g.ow, winoForward(k, s.g).m);
  return th * tw;
}

/** One image through a conv layer by im2col (packed directly where each 8-output panel lies in one row) and GEMM. */
function convIm2col(k: WasmKernels, s: Conv, x: number, Wp: number, Col: number, ColP: number, y: number, B: number, tmp: number): void {
  const g = s.g;
  const ckk = g.c * g.k * g.k;
  const p = g.oh * g.ow;
  if (g.stride === 1 && g.ow % 8 === 0) k.im2colPacked(x, g.c, g.h, g.w, g.k, g.stride, g.padT, g.padL, g.oh, g.ow, ColP);
  else {
    k.im2col(x, g.c, g.h, g.w, g.k, g.stride, g.padT, g.padL, g.oh, g.ow, Col);
    k.packB(ckk, p, Col, p, 1, ColP);
  }
  k.gemmPacked(g.f, p, ckk, Wp, ColP, y, p, 0, tmp);
  k.biasRows(y, g.f, p, B, s.relu ? 1 : 0);
}
