// AssemblyScript: Winograd F(6×6, 3×3) for the forward pass (training and inference): 6×6 output tiles from 8×8 input
// tiles, 64 multiplies per 36 outputs instead of 36 per 16 (F(4×4, 3×3)), so 21 % fewer where tiles fit the map (K's
// 24×24 layer: 16 tiles of 64 planes against 36 of 36). Planes as winograd5.ts's (64, ξ = 8r + s). Lavin's matrices for
// points 0, ±1, ±2, ±½, ∞; Bᵀ is winotiles.ts's 8-point one, and
//   G = [1 0 0; −2⁄9 (1 1 1); −2⁄9 (1 −1 1); (1 2 4)⁄90; (1 −2 4)⁄90; (32 16 8)⁄45; (32 −16 8)⁄45; 0 0 1]
//   Aᵀ = [1 1 1 1 1 1 1 0; 0 1 −1 2 −2 ½ −½ 0; 0 1 1 4 4 ¼ ¼ 0; 0 1 −1 8 −8 ⅛ −⅛ 0; 0 1 1 16 16 1⁄16 1⁄16 0;
//         0 1 −1 32 −32 1⁄32 −1⁄32 1]
// NOTE: float32 rounding measured on random 32-channel tiles (/usr/bin/python3 numpy): 2.7e-6 (median) and 1.0e-5
// (worst) of the largest output against float64 (F(4×4, 3×3): 0.6e-6 and 2.6e-6). NNPACK uses F(6×6, 3×3) in float32.
// The backward passes stay on F(4×4, 3×3) (core/kernels/wasm-winograd.ts winoFor). The vector paths take 4
// neighbouring tiles of a tile row (lane j = tile j), as winotiles.ts's, but tiles lie 6 floats apart, so each tile's
// row is read and written with unaligned loads and stores and transposed in registers.
import { transpose4 } from './gemm';
import { padChannel } from './planes';
import { btAt, mul, put } from './winotiles';

/** Scratch: 64 vectors (the row pass's 8×8, the column pass's 6×8), then 8 (one output row). */
const e = memory.data(72 * 16, 16);
const g = e + 64 * 16;

/**
 * V planes [64][C][ld] of x [C][H][W] (one image's th·tw tiles in each row), `stride` floats apart: Bᵀ·d·B of the
 * 8×8 patch at rows 6ty − padT…, columns 6tx − padL… (zeros outside the image), read from a zero-padded copy of
 * each channel (scratch: (6·th + 2) × (24·⌈tw/4⌉ + 4) floats).
 */
export function wg6Input(x: usize, c: i32, h: i32, w: i32, padT: i32, padL: i32, th: i32, tw: i32, v: usize, scratch: usize, stride: i32, ld: i32): void {
  const plane = <usize>stride << 2;
  const ph = 6 * th + 2;
  const pw = 24 * ((tw + 3) >> 2) + 4;
  memory.fill(scratch, 0, <usize>(ph * pw) << 2); // once: every channel overwrites the same rows and columns
  for (let ci = 0; ci < c; ci++) {
    padChannel(x + (<usize>(ci * h * w) << 2), h, w, padT, padL, ph, pw, scratch);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        // row pass: e[r][k] = (Bᵀ·row r)[k] at e + (8r + k)·16; tile j's row at p + 24j (columns 0–3, then 4–7)
        for (let r = 0; r < 8; r++) {
          const p = scratch + (<usize>((6 * ty + r) * pw + 6 * tx) << 2);
          // (transposed, so that vector k holds column k of the 4 tiles)
          transpose4(v128.load(p), v128.load(p, 24), v128.load(p, 48), v128.load(p, 72), g, 16);
          transpose4(v128.load(p, 16), v128.load(p, 40), v128.load(p, 64), v128.load(p, 88), g + 64, 16);
          btAt(g, 16, e + <usize>(r * 128), 16, true);
        }
        // column pass: V[k'][k] = (Bᵀ·column k of e)[k'] → plane 8k' + k
        const dst = v + (<usize>(ci * ld + ty * tw + tx) << 2);
        for (let k = 0; k < 8; k++) btAt(e + <usize>(k * 16), 128, dst + <usize>k * plane, 8 * plane, true);
      }
    }
  }
}

/** Aᵀ·(m0 … m7) → 6 vectors at dst, step bytes apart. */
@inline function at(m0: v128, m1: v128, m2: v128, m3: v128, m4: v128, m5: v128, m6: v128, m7: v128, dst: usize, step: usize): void {
  const a1 = f32x4.add(m1, m2), b1 = f32x4.sub(m1, m2), a2 = f32x4.add(m3, m4), b2 = f32x4.sub(m3, m4);
  const a3 = f32x4.add(m5, m6), b3 = f32x4.sub(m5, m6);
  v128.store(dst, f32x4.add(f32x4.add(m0, a1), f32x4.add(a2, a3)));
  v128.store(dst + step, f32x4.add(f32x4.add(b1, f32x4.add(b2, b2)), mul(0.5, b3)));
  v128.store(dst + 2 * step, f32x4.add(f32x4.add(a1, mul(4, a2)), mul(0.25, a3)));
  v128.store(dst + 3 * step, f32x4.add(f32x4.add(b1, mul(8, b2)), mul(0.125, b3)));
  v128.store(dst + 4 * step, f32x4.add(f32x4.add(a1, mul(16, a2)), mul(0.0625, a3)));
  v128.store(dst + 5 * step, f32x4.add(f32x4.add(f32x4.add(b1, mul(32, b2)), mul(0.03125, b3)), m7));
}

/** Aᵀ of the 8 vectors at p, p + src, … → 6 vectors at dst, step bytes apart. */
@inline function atAt(p: usize, src: usize, dst: usize, step: usize): void {
  at(v128.load(p), v128.load(p + src), v128.load(p + 2 * src), v128.load(p + 3 * src), v128.load(p + 4 * src), v128.load(p + 5 * src), v128.load(p + 6 * src), v128.load(p + 7 * src), dst, step);
}

/** Output row a of the 4 tiles (e holds the column pass) + bias, ReLU when relu → 6 vectors at g (lane j = tile j). */
@inline function outRow(a: i32, b4: v128, relu: i32): void {
  atAt(e + <usize>(a * 16), 96, g, 16);
  for (let b = 0; b < 6; b++) {
    const q = g + <usize>(b * 16);
    const y = f32x4.add(v128.load(q), b4);
    v128.store(q, relu ? f32x4.pmax(f32x4.splat(0), y) : y);
  }
}

/**
 * Y [O][OH][OW] of one image from M planes [64][O][ld] (its th·tw tiles in each row), `stride` floats apart: Aᵀ·m·A
 * per tile, + bias[o] (bias 0 = none), ReLU when relu; rows/columns past OH/OW are dropped. pool ≠ 0: Y
 * [O][⌊OH/2⌋][⌊OW/2⌋] gets the 2×2 stride-2 max pooling instead (a tile holds 3×3 windows; bias and ReLU after the
 * maximum, with which they commute: the same floats).
 */
export function wg6Output(m: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, bias: usize, relu: i32, y: usize, stride: i32, ld: i32, pool: i32): void {
  const plane = <usize>stride << 2;
  const ph = oh >> 1;
  const pw = ow >> 1;
  const none = f32x4.splat(0);
  for (let oi = 0; oi < o; oi++) {
    const b4 = f32x4.splat(bias ? load<f32>(bias + (<usize>oi << 2)) : <f32>0);
    const yo = y + (<usize>(oi * (pool ? ph * pw : oh * ow)) << 2);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        const src = m + (<usize>(oi * ld + ty * tw + tx) << 2);
        const n = min(4, tw - tx);
        // column pass: q[a][s] = (Aᵀ·column s of m)[a], at e + (6s + a)·16
        for (let s = 0; s < 8; s++) atAt(src + <usize>s * plane, 8 * plane, e + <usize>(s * 96), 16);
        if (pool) {
          for (let r = 0; r < 3; r++) {
            const pr = 3 * ty + r;
            if (pr >= ph) break;
            // rows 2r and 2r + 1, the maxima of column pairs (0, 1), (2, 3), (4, 5): 3 vectors, lane j = tile j
            outRow(2 * r, none, 0);
            const u0 = f32x4.pmax(v128.load(g), v128.load(g, 16)), u1 = f32x4.pmax(v128.load(g, 32), v128.load(g, 48)), u2 = f32x4.pmax(v128.load(g, 64), v128.load(g, 80));
            outRow(2 * r + 1, none, 0);
            let v0 = f32x4.add(f32x4.pmax(u0, f32x4.pmax(v128.load(g), v128.load(g, 16))), b4);
            let v1 = f32x4.add(f32x4.pmax(u1, f32x4.pmax(v128.load(g, 32), v128.load(g, 48))), b4);
            let v2 = f32x4.add(f32x4.pmax(u2, f32x4.pmax(v128.load(g, 64), v128.load(g, 80))), b4);
            if (relu) {
              v0 = f32x4.pmax(none, v0);
              v1 = f32x4.pmax(none, v1);
              v2 = f32x4.pmax(none, v2);
            }
            // tile j's 3 pooled values to columns 3(tx + j) … 3(tx + j) + 2: 12 floats in a row
            const w0 = v128.shuffle<f32>(v128.shuffle<f32>(v0, v2, 0, 4, 1, 5), v1, 0, 4, 1, 2);
            const w1 = v128.shuffle<f32>(v128.shuffle<f32>(v1, v2, 1, 5, 2, 6), v0, 0, 1, 6, 2);
            const w2 = v128.shuffle<f32>(v2, v128.shuffle<f32>(v0, v1, 3, 7, 3, 7), 2, 4, 5, 3);
            const row = yo + (<usize>(pr * pw + 3 * tx) << 2);
            if (n == 4 && 3 * tx + 12 <= pw) {
              v128.store(row, w0);
              v128.store(row, w1, 16);
              v128.store(row, w2, 32);
            } else {
              v128.store(g, w0);
              v128.store(g, w1, 16);
              v128.store(g, w2, 32);
              for (let c = 0; c < 3 * n && 3 * tx + c < pw; c++) store<f32>(row + (<usize>c << 2), load<f32>(g + (<usize>c << 2)));
            }
          }
          continue;
        }
        for (let a = 0; a < 6; a++) {
          const oy = 6 * ty + a;
          if (oy >= oh) break;
          outRow(a, b4, relu);
          const row = yo + (<usize>(oy * ow + 6 * tx) << 2);
          const y4 = v128.load(g, 64), y5 = v128.load(g, 80);
          if (n == 4 && 6 * tx + 24 <= ow) {
            // tile j's outputs 0–3 at row + 24j, then 4–5 as one 64-bit lane
            transpose4(v128.load(g), v128.load(g, 16), v128.load(g, 32), v128.load(g, 48), row, 24);
            const lo = v128.shuffle<f32>(y4, y5, 0, 4, 1, 5), hi = v128.shuffle<f32>(y4, y5, 2, 6, 3, 7);
            v128.store64_lane(row + 16, lo, 0);
            v128.store64_lane(row + 40, lo, 1);
            v128.store64_lane(row + 64, hi, 0);
            v128.store64_lane(row + 88, hi, 1);
            continue;
          }
          for (let j = 0; j < n; j++) {
            for (let b = 0; b < 6 && 6 * (tx + j) + b < ow; b++) store<f32>(row + (<usize>(6 * j + b) << 2), load<f32>(g + (<usize>(16 * b + 4 * j))));
          }
        }
      }
    }
  }
}

/** G·(x0, x1, x2) → 8 values at dst, step bytes apart (as f32 into planes, or as f64 into scratch when wide). */
@inline function gCol(x0: f64, x1: f64, x2: f64, dst: usize, step: usize, wide: bool): void {
  const e1 = x0 + x2, e2 = x0 + 4 * x2, e3 = 32 * x0 + 8 * x2;
  put(dst, x0, wide);
  put(dst + step, (e1 + x1) * (-2.0 / 9), wide);
  put(dst + 2 * step, (e1 - x1) * (-2.0 / 9), wide);
  put(dst + 3 * step, (e2 + 2 * x1) / 90, wide);
  put(dst + 4 * step, (e2 - 2 * x1) / 90, wide);
  put(dst + 5 * step, (e3 + 16 * x1) / 45, wide);
  put(dst + 6 * step, (e3 - 16 * x1) / 45, wide);
  put(dst + 7 * step, x2, wide);
}

/** U planes [64][O][I] (`stride` floats apart) = G·g·Gᵀ of every 3×3 filter g[o][i]; with `flip`, g[o][i] = rot180(w[i][o]) (see wgFilter). */
export function wg6Filter(w: usize, o: i32, i: i32, flip: i32, u: usize, stride: i32): void {
  const plane = <usize>stride << 2;
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      const f = w + (<usize>((flip ? b * o + a : a * i + b) * 9) << 2);
      // t = G·g (8×3, column c at tg + 8c, rows 24 bytes apart), then row k of U = G·(row k of t)
      for (let c = 0; c < 3; c++) gCol(tap(f, c, flip), tap(f, 3 + c, flip), tap(f, 6 + c, flip), tg + <usize>(c * 8), 24, true);
      const dst = u + (<usize>(a * i + b) << 2);
      for (let k = 0; k < 8; k++) {
        const t = tg + <usize>(k * 24);
        gCol(load<f64>(t), load<f64>(t, 8), load<f64>(t, 16), dst + <usize>(8 * k) * plane, plane, false);
      }
    }
  }
}
const tg = memory.data(24 * 8, 16);

/** Tap j (row-major) of the 3×3 filter at f, rotated by 180° when flip. */
@inline function tap(f: usize, j: i32, flip: i32): f64 {
  return <f64>load<f32>(f + (<usize>(flip ? 8 - j : j) << 2));
}
