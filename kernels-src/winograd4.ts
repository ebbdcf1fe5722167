// AssemblyScript: Winograd F(4×4, 3×3) transforms (Lavin & Gray 2015, https://arxiv.org/abs/1509.09308) with the
// interface and plane layout of winograd.ts, but 36 planes (ξ = 6r + s) and 4×4 output tiles read from 6×6 input
// tiles: 36 multiplies per 16 outputs instead of 64 (F(2×2, 3×3)) or 144 (direct). The tile passes are winotiles.ts's.
//   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
//   G = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1⁄24 1⁄12 ⅙; 1⁄24 −1⁄12 ⅙; 0 0 1]   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]
import { put, tilesInput, tilesOutput, tilesOutputGrad } from './winotiles';

/** V planes [36][C][ld] of x [C][H][W]: tilesInput with 6×6 patches. */
export function wg4Input(x: usize, c: i32, h: i32, w: i32, padT: i32, padL: i32, th: i32, tw: i32, v: usize, scratch: usize, stride: i32, ld: i32): void {
  tilesInput(x, c, h, w, padT, padL, th, tw, v, scratch, stride, ld, false);
}

/** Y [O][OH][OW] (or its 2×2 max pooling) from M planes [36][O][ld]: tilesOutput with 6-point Aᵀ. */
export function wg4Output(m: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, bias: usize, relu: i32, y: usize, stride: i32, ld: i32, pool: i32): void {
  tilesOutput(m, o, oh, ow, th, tw, bias, relu, y, stride, ld, pool, false);
}

/** dM planes [36][O][ld] from dy [O][OH][OW]: tilesOutputGrad with 6-point A. */
export function wg4OutputGrad(dy: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, dm: usize, stride: i32, ld: i32): void {
  tilesOutputGrad(dy, o, oh, ow, th, tw, dm, stride, ld, false);
}

/** G·(x0, x1, x2) → 6 values at dst, step bytes apart (as f32 into planes, or as f64 into scratch when wide). */
@inline function gCol(x0: f64, x1: f64, x2: f64, dst: usize, step: usize, wide: bool): void {
  const sixth: f64 = 1.0 / 6;
  const a = x0 * (sixth / 4) + x2 * sixth, b = x1 * (sixth / 2);
  put(dst, x0 * 0.25, wide);
  put(dst + step, -(x0 + x1 + x2) * sixth, wide);
  put(dst + 2 * step, -(x0 - x1 + x2) * sixth, wide);
  put(dst + 3 * step, a + b, wide);
  put(dst + 4 * step, a - b, wide);
  put(dst + 5 * step, x2, wide);
}

/** U planes [36][O][I] (`stride` floats apart) = G·g·Gᵀ of every 3×3 filter g[o][i]; with `flip`, g[o][i] = rot180(w[i][o]) (see wgFilter). */
export function wg4Filter(w: usize, o: i32, i: i32, flip: i32, u: usize, stride: i32): void {
  const plane = <usize>stride << 2;
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      const g = w + (<usize>((flip ? b * o + a : a * i + b) * 9) << 2);
      // t = G·g (6×3, column c at tg + 8c, rows 24 bytes apart), then row k of U = G·(row k of t)
      for (let c = 0; c < 3; c++) gCol(tap(g, c, flip), tap(g, 3 + c, flip), tap(g, 6 + c, flip), tg + <usize>(c * 8), 24, true);
      const dst = u + (<usize>(a * i + b) << 2);
      for (let k = 0; k < 6; k++) {
        const t = tg + <usize>(k * 24);
        gCol(load<f64>(t), load<f64>(t, 8), load<f64>(t, 16), dst + <usize>(6 * k) * plane, plane, false);
      }
    }
  }
}
const tg = memory.data(18 * 8, 16);

/** Tap j (row-major) of the 3×3 filter at g, rotated by 180° when flip. */
@inline function tap(g: usize, j: i32, flip: i32): f64 {
  return <f64>load<f32>(g + (<usize>(flip ? 8 - j : j) << 2));
}

/** Column r of G times (u0 … u5): row r of Gᵀ·u. */
@inline function gtRow(r: i32, u0: f64, u1: f64, u2: f64, u3: f64, u4: f64, u5: f64): f64 {
  const sixth: f64 = 1.0 / 6;
  if (r == 0) return u0 * 0.25 - (u1 + u2) * sixth + (u3 + u4) * (sixth / 4);
  if (r == 1) return (u2 - u1) * sixth + (u3 - u4) * (sixth / 2);
  return (u3 + u4 - u1 - u2) * sixth + u5;
}

/** dw [F][C][3][3] += Gᵀ·dU·G for dU planes [36][F][C], `stride` floats apart. */
export function wg4FilterGrad(du: usize, f: i32, c: i32, dw: usize, stride: i32): void {
  const plane = <usize>stride << 2;
  for (let a = 0; a < f; a++) {
    for (let b = 0; b < c; b++) {
      const src = du + (<usize>(a * c + b) << 2);
      const out = dw + (<usize>((a * c + b) * 9) << 2);
      for (let r = 0; r < 3; r++) {
        // t[l] = (Gᵀ·dU)[r][l], then dw[r][q] += t · (column q of G)
        const t0 = gtRow(r, dU(src, 0, plane), dU(src, 6, plane), dU(src, 12, plane), dU(src, 18, plane), dU(src, 24, plane), dU(src, 30, plane));
        const t1 = gtRow(r, dU(src, 1, plane), dU(src, 7, plane), dU(src, 13, plane), dU(src, 19, plane), dU(src, 25, plane), dU(src, 31, plane));
        const t2 = gtRow(r, dU(src, 2, plane), dU(src, 8, plane), dU(src, 14, plane), dU(src, 20, plane), dU(src, 26, plane), dU(src, 32, plane));
        const t3 = gtRow(r, dU(src, 3, plane), dU(src, 9, plane), dU(src, 15, plane), dU(src, 21, plane), dU(src, 27, plane), dU(src, 33, plane));
        const t4 = gtRow(r, dU(src, 4, plane), dU(src, 10, plane), dU(src, 16, plane), dU(src, 22, plane), dU(src, 28, plane), dU(src, 34, plane));
        const t5 = gtRow(r, dU(src, 5, plane), dU(src, 11, plane), dU(src, 17, plane), dU(src, 23, plane), dU(src, 29, plane), dU(src, 35, plane));
        for (let q = 0; q < 3; q++) {
          const o = out + (<usize>(r * 3 + q) << 2);
          store<f32>(o, load<f32>(o) + <f32>gtRow(q, t0, t1, t2, t3, t4, t5));
        }
      }
    }
  }
}

@inline function dU(src: usize, xi: i32, plane: usize): f64 {
  return <f64>load<f32>(src + <usize>xi * plane);
}
