// AssemblyScript: Winograd F(4×4, 5×5) transforms with the interface of winograd4.ts, but 64 planes (ξ = 8r + s):
// 4×4 output tiles from 8×8 input tiles, 64 multiplies per 16 outputs instead of 400 (direct). The tile passes are
// winotiles.ts's (Lavin's 8-point Bᵀ and Aᵀ, points 0, ±1, ±2, ±½, ∞); G follows from them:
//   G = [1 0 0 0 0; −2⁄9 (1 1 1 1 1); −2⁄9 (1 −1 1 −1 1); (1 2 4 8 16)⁄90; (1 −2 4 −8 16)⁄90; (32 16 8 4 2)⁄45;
//        (32 −16 8 −4 2)⁄45; 0 0 0 0 1]
// NOTE: float32 rounding measured on random 8-channel tiles (/usr/bin/python3 numpy): 1.2e-6 (median) and 5.5e-6
// (worst) of the largest output against float64, as F(4×4, 3×3)'s 0.6e-6 and 2.6e-6.
import { put, tilesInput, tilesOutput, tilesOutputGrad } from './winotiles';

/** V planes [64][C][ld] of x [C][H][W]: tilesInput with 8×8 patches. */
export function wg5Input(x: usize, c: i32, h: i32, w: i32, padT: i32, padL: i32, th: i32, tw: i32, v: usize, scratch: usize, stride: i32, ld: i32): void {
  tilesInput(x, c, h, w, padT, padL, th, tw, v, scratch, stride, ld, true);
}

/** Y [O][OH][OW] (or its 2×2 max pooling) from M planes [64][O][ld]: tilesOutput with 8-point Aᵀ. */
export function wg5Output(m: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, bias: usize, relu: i32, y: usize, stride: i32, ld: i32, pool: i32): void {
  tilesOutput(m, o, oh, ow, th, tw, bias, relu, y, stride, ld, pool, true);
}

/** dM planes [64][O][ld] from dy [O][OH][OW]: tilesOutputGrad with 8-point A. */
export function wg5OutputGrad(dy: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, dm: usize, stride: i32, ld: i32): void {
  tilesOutputGrad(dy, o, oh, ow, th, tw, dm, stride, ld, true);
}

/** G·(x0 … x4) → 8 values at dst, step bytes apart (as f32 into planes, or as f64 into scratch when wide). */
@inline function gCol(x0: f64, x1: f64, x2: f64, x3: f64, x4: f64, dst: usize, step: usize, wide: bool): void {
  const e1 = x0 + x2 + x4, o1 = x1 + x3;
  const e2 = x0 + 4 * x2 + 16 * x4, o2 = 2 * x1 + 8 * x3;
  const e3 = 32 * x0 + 8 * x2 + 2 * x4, o3 = 16 * x1 + 4 * x3;
  put(dst, x0, wide);
  put(dst + step, (e1 + o1) * (-2.0 / 9), wide);
  put(dst + 2 * step, (e1 - o1) * (-2.0 / 9), wide);
  put(dst + 3 * step, (e2 + o2) / 90, wide);
  put(dst + 4 * step, (e2 - o2) / 90, wide);
  put(dst + 5 * step, (e3 + o3) / 45, wide);
  put(dst + 6 * step, (e3 - o3) / 45, wide);
  put(dst + 7 * step, x4, wide);
}

/** U planes [64][O][I] (`stride` floats apart) = G·g·Gᵀ of every 5×5 filter g[o][i]; with `flip`, g[o][i] = rot180(w[i][o]) (see wgFilter). */
export function wg5Filter(w: usize, o: i32, i: i32, flip: i32, u: usize, stride: i32): void {
  const plane = <usize>stride << 2;
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      const g = w + (<usize>((flip ? b * o + a : a * i + b) * 25) << 2);
      // t = G·g (8×5, column c at tg + 8c, rows 40 bytes apart), then row k of U = G·(row k of t)
      for (let c = 0; c < 5; c++) gCol(tap(g, c, flip), tap(g, 5 + c, flip), tap(g, 10 + c, flip), tap(g, 15 + c, flip), tap(g, 20 + c, flip), tg + <usize>(c * 8), 40, true);
      const dst = u + (<usize>(a * i + b) << 2);
      for (let k = 0; k < 8; k++) {
        const t = tg + <usize>(k * 40);
        gCol(load<f64>(t), load<f64>(t, 8), load<f64>(t, 16), load<f64>(t, 24), load<f64>(t, 32), dst + <usize>(8 * k) * plane, plane, false);
      }
    }
  }
}
const tg = memory.data(40 * 8, 16);

/** Tap j (row-major) of the 5×5 filter at g, rotated by 180° when flip. */
@inline function tap(g: usize, j: i32, flip: i32): f64 {
  return <f64>load<f32>(g + (<usize>(flip ? 24 - j : j) << 2));
}

/** Column r of G times (u0 … u7): row r of Gᵀ·u. */
@inline function gtRow(r: i32, u0: f64, u1: f64, u2: f64, u3: f64, u4: f64, u5: f64, u6: f64, u7: f64): f64 {
  const s: f64 = r & 1 ? -1 : 1;
  const v = (u1 + s * u2) * (-2.0 / 9) + (u3 + s * u4) * (<f64>(1 << r) / 90) + (u5 + s * u6) * (<f64>(32 >> r) / 45);
  return v + (r == 0 ? u0 : 0) + (r == 4 ? u7 : 0);
}

/** dw [F][C][5][5] += Gᵀ·dU·G for dU planes [64][F][C], `stride` floats apart. */
export function wg5FilterGrad(du: usize, f: i32, c: i32, dw: usize, stride: i32): void {
  const plane = <usize>stride << 2;
  for (let a = 0; a < f; a++) {
    for (let b = 0; b < c; b++) {
      const src = du + (<usize>(a * c + b) << 2);
      const out = dw + (<usize>((a * c + b) * 25) << 2);
      for (let r = 0; r < 5; r++) {
        // t[l] = (Gᵀ·dU)[r][l] at tg + 8l, then dw[r][q] += t · (column q of G)
        for (let l = 0; l < 8; l++) {
          store<f64>(tg + (<usize>l << 3), gtRow(r, dU(src, l, plane), dU(src, 8 + l, plane), dU(src, 16 + l, plane), dU(src, 24 + l, plane), dU(src, 32 + l, plane), dU(src, 40 + l, plane), dU(src, 48 + l, plane), dU(src, 56 + l, plane)));
        }
        for (let q = 0; q < 5; q++) {
          const o = out + (<usize>(r * 5 + q) << 2);
          const t = gtRow(q, load<f64>(tg), load<f64>(tg, 8), load<f64>(tg, 16), load<f64>(tg, 24), load<f64>(tg, 32), load<f64>(tg, 40), load<f64>(tg, 48), load<f64>(tg, 56));
          store<f32>(o, load<f32>(o) + <f32>t);
        }
      }
    }
  }
}

@inline function dU(src: usize, xi: i32, plane: usize): f64 {
  return <f64>load<f32>(src + <usize>xi * plane);
}
