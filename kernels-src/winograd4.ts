// AssemblyScript: Winograd F(4×4, 3×3) transforms (Lavin & Gray 2015, https://arxiv.org/abs/1509.09308) with the
// interface and plane layout of winograd.ts, but 36 planes (ξ = 6r + s) and 4×4 output tiles read from 6×6 input
// tiles: 36 multiplies per 16 outputs instead of 64 (F(2×2, 3×3)) or 144 (direct). Each transform is a row pass into
// 36 vectors of scratch and a column pass; the vector paths take 4 neighbouring tiles of a tile row and store whole
// vectors, as winograd.ts's header describes (ld ≥ nb·T + 3).
//   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
//   G = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1⁄24 1⁄12 ⅙; 1⁄24 −1⁄12 ⅙; 0 0 1]   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]
import { padChannel } from './planes';

const e4 = memory.data(36 * 16, 16);
const g4 = memory.data(16 * 4, 16);

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

@inline function put(p: usize, v: f64, wide: bool): void {
  if (wide) store<f64>(p, v);
  else store<f32>(p, <f32>v);
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

/** Bᵀ·(d0 … d5) → dst + k·step for k = 0…5 (4 lanes). */
@inline function bt(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, dst: usize, step: usize): void {
  const four = f32x4.splat(4), five = f32x4.splat(5);
  const a = f32x4.sub(d4, f32x4.mul(four, d2)), b = f32x4.sub(d3, f32x4.mul(four, d1));
  const c = f32x4.sub(d4, d2), e = f32x4.add(f32x4.sub(d3, d1), f32x4.sub(d3, d1));
  v128.store(dst, f32x4.add(f32x4.sub(f32x4.mul(four, d0), f32x4.mul(five, d2)), d4));
  v128.store(dst + step, f32x4.add(a, b));
  v128.store(dst + 2 * step, f32x4.sub(a, b));
  v128.store(dst + 3 * step, f32x4.add(c, e));
  v128.store(dst + 4 * step, f32x4.sub(c, e));
  v128.store(dst + 5 * step, f32x4.add(f32x4.sub(f32x4.mul(four, d1), f32x4.mul(five, d3)), d5));
}

/**
 * V planes [36][C][ld] (one image's th·tw tiles in each row) of x [C][H][W], `stride` floats apart: Bᵀ·d·B of the
 * 6×6 patch at rows 4ty − padT…, columns 4tx − padL… (zeros outside the image), read from a zero-padded copy of each
 * channel (scratch: (4·th + 2) × (16·⌈tw/4⌉ + 4) floats).
 */
export function wg4Input(x: usize, c: i32, h: i32, w: i32, padT: i32, padL: i32, th: i32, tw: i32, v: usize, scratch: usize, stride: i32, ld: i32): void {
  const plane = <usize>stride << 2;
  const ph = 4 * th + 2;
  const pw = 16 * ((tw + 3) >> 2) + 4;
  memory.fill(scratch, 0, <usize>(ph * pw) << 2); // once: every channel overwrites the same rows and columns
  for (let ci = 0; ci < c; ci++) {
    padChannel(x + (<usize>(ci * h * w) << 2), h, w, padT, padL, ph, pw, scratch);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        // row pass: e[r][k] = (Bᵀ·row r)[k], row r's column s of tile j is float 4j + s of the 20 loaded
        for (let r = 0; r < 6; r++) {
          const p = scratch + (<usize>((4 * ty + r) * pw + 4 * tx) << 2);
          const q0 = v128.load(p), q1 = v128.load(p, 16), q2 = v128.load(p, 32), q3 = v128.load(p, 48), q4 = v128.load(p, 64);
          const t0 = v128.shuffle<f32>(q0, q1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(q2, q3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(q0, q1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(q2, q3, 2, 6, 3, 7);
          const u0 = v128.shuffle<f32>(q1, q2, 0, 4, 1, 5), u1 = v128.shuffle<f32>(q3, q4, 0, 4, 1, 5);
          bt(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), v128.shuffle<f32>(u0, u1, 0, 1, 4, 5), v128.shuffle<f32>(u0, u1, 2, 3, 6, 7), e4 + <usize>(r * 96), 16);
        }
        // column pass: V[k'][k] = (Bᵀ·column k of e)[k'] → plane 6k' + k
        const dst = v + (<usize>(ci * ld + ty * tw + tx) << 2);
        for (let k = 0; k < 6; k++) {
          const p = e4 + <usize>(k * 16);
          bt(v128.load(p), v128.load(p, 96), v128.load(p, 192), v128.load(p, 288), v128.load(p, 384), v128.load(p, 480), dst + <usize>k * plane, 6 * plane);
        }
      }
    }
  }
}

/** Aᵀ·(m0 … m5) → 4 vectors at dst, 16 bytes apart. */
@inline function at(m0: v128, m1: v128, m2: v128, m3: v128, m4: v128, m5: v128, dst: usize): void {
  const a = f32x4.add(m1, m2), b = f32x4.sub(m1, m2), c = f32x4.add(m3, m4), d = f32x4.sub(m3, m4);
  v128.store(dst, f32x4.add(f32x4.add(m0, a), c));
  v128.store(dst, f32x4.add(b, f32x4.add(d, d)), 16);
  v128.store(dst, f32x4.add(a, f32x4.mul(f32x4.splat(4), c)), 32);
  v128.store(dst, f32x4.add(f32x4.add(b, f32x4.mul(f32x4.splat(8), d)), m5), 48);
}

/**
 * Y [O][OH][OW] of one image from M planes [36][O][ld] (its th·tw tiles in each row), `stride` floats apart: Aᵀ·m·A
 * per tile, + bias[o] (bias 0 = none), ReLU when relu; rows/columns past OH/OW are dropped. pool ≠ 0: Y
 * [O][⌊OH/2⌋][⌊OW/2⌋] gets the 2×2 stride-2 max pooling instead (inference): a tile holds 2×2 windows, maxima taken
 * in registers, then bias and ReLU (monotone, so they commute with the maximum: the same floats).
 */
export function wg4Output(m: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, bias: usize, relu: i32, y: usize, stride: i32, ld: i32, pool: i32): void {
  const plane = <usize>stride << 2;
  const zero = f32x4.splat(0);
  const ph = oh >> 1;
  const pw = ow >> 1;
  for (let oi = 0; oi < o; oi++) {
    const b4 = f32x4.splat(bias ? load<f32>(bias + (<usize>oi << 2)) : <f32>0);
    const yo = y + (<usize>(oi * (pool ? ph * pw : oh * ow)) << 2);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        const src = m + (<usize>(oi * ld + ty * tw + tx) << 2);
        const n = min(4, tw - tx);
        // column pass: q[a][s] = (Aᵀ·column s of m)[a], at e4 + (4s + a)·16
        for (let s = 0; s < 6; s++) {
          const p = src + <usize>s * plane;
          at(v128.load(p), v128.load(p + 6 * plane), v128.load(p + 12 * plane), v128.load(p + 18 * plane), v128.load(p + 24 * plane), v128.load(p + 30 * plane), e4 + <usize>(s * 64));
        }
        if (pool) {
          for (let r = 0; r < 2; r++) {
            const pr = 2 * ty + r;
            if (pr >= ph) break;
            // rows 2r and 2r + 1 of the 4 tiles, column b in vector b; the maxima of column pairs 0–1 and 2–3
            const p = e4 + <usize>(2 * r * 16);
            at(v128.load(p), v128.load(p, 64), v128.load(p, 128), v128.load(p, 192), v128.load(p, 256), v128.load(p, 320), g4);
            const a0 = v128.load(g4), a1 = v128.load(g4, 16), a2 = v128.load(g4, 32), a3 = v128.load(g4, 48);
            at(v128.load(p, 16), v128.load(p, 80), v128.load(p, 144), v128.load(p, 208), v128.load(p, 272), v128.load(p, 336), g4);
            let v0 = f32x4.add(f32x4.pmax(f32x4.pmax(a0, v128.load(g4)), f32x4.pmax(a1, v128.load(g4, 16))), b4);
            let v1 = f32x4.add(f32x4.pmax(f32x4.pmax(a2, v128.load(g4, 32)), f32x4.pmax(a3, v128.load(g4, 48))), b4);
            if (relu) {
              v0 = f32x4.pmax(zero, v0);
              v1 = f32x4.pmax(zero, v1);
            }
            // tile j's two pooled values to columns 2(tx + j), 2(tx + j) + 1
            const lo = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), hi = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
            const row = yo + (<usize>(pr * pw + 2 * tx) << 2);
            if (n == 4 && 2 * tx + 8 <= pw) {
              v128.store(row, lo);
              v128.store(row, hi, 16);
            } else {
              v128.store(g4, lo);
              v128.store(g4, hi, 16);
              for (let c = 0; c < 2 * n && 2 * tx + c < pw; c++) store<f32>(row + (<usize>c << 2), load<f32>(g4 + (<usize>c << 2)));
            }
          }
          continue;
        }
        for (let a = 0; a < 4; a++) {
          const oy = 4 * ty + a;
          if (oy >= oh) break;
          // row pass: y[a][b] for b = 0…3, 4 tiles per vector
          const p = e4 + <usize>(a * 16);
          at(v128.load(p), v128.load(p, 64), v128.load(p, 128), v128.load(p, 192), v128.load(p, 256), v128.load(p, 320), g4);
          let y0 = f32x4.add(v128.load(g4), b4), y1 = f32x4.add(v128.load(g4, 16), b4);
          let y2 = f32x4.add(v128.load(g4, 32), b4), y3 = f32x4.add(v128.load(g4, 48), b4);
          if (relu) {
            y0 = f32x4.pmax(zero, y0);
            y1 = f32x4.pmax(zero, y1);
            y2 = f32x4.pmax(zero, y2);
            y3 = f32x4.pmax(zero, y3);
          }
          // transposed: vector j = tile j's 4 outputs of this row
          const row = yo + (<usize>(oy * ow + 4 * tx) << 2);
          const t0 = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(y2, y3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(y2, y3, 2, 6, 3, 7);
          const r0 = v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), r1 = v128.shuffle<f32>(t0, t1, 2, 3, 6, 7);
          const r2 = v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), r3 = v128.shuffle<f32>(t2, t3, 2, 3, 6, 7);
          if (n == 4 && 4 * tx + 16 <= ow) {
            v128.store(row, r0);
            v128.store(row, r1, 16);
            v128.store(row, r2, 32);
            v128.store(row, r3, 48);
          } else {
            v128.store(g4, r0);
            v128.store(g4, r1, 16);
            v128.store(g4, r2, 32);
            v128.store(g4, r3, 48);
            for (let j = 0; j < n; j++) {
              const p = row + (<usize>j << 4);
              if (4 * (tx + j) + 4 <= ow) v128.store(p, v128.load(g4 + (<usize>j << 4)));
              else for (let b = 0; 4 * (tx + j) + b < ow; b++) store<f32>(p + (<usize>b << 2), load<f32>(g4 + (<usize>(4 * j + b) << 2)));
            }
          }
        }
      }
    }
  }
}

/** A·(y0 … y3) → dst + s·step for s = 0…5 (4 lanes); A = (Aᵀ)ᵀ, rows [1 0 0 0], [1 1 1 1], [1 −1 1 −1], [1 2 4 8], [1 −2 4 −8], [0 0 0 1]. */
@inline function a6(y0: v128, y1: v128, y2: v128, y3: v128, dst: usize, step: usize): void {
  const e = f32x4.add(y0, y2), f = f32x4.add(y1, y3);
  const g = f32x4.add(y0, f32x4.mul(f32x4.splat(4), y2)), h = f32x4.add(f32x4.add(y1, y1), f32x4.mul(f32x4.splat(8), y3));
  v128.store(dst, y0);
  v128.store(dst + step, f32x4.add(e, f));
  v128.store(dst + 2 * step, f32x4.sub(e, f));
  v128.store(dst + 3 * step, f32x4.add(g, h));
  v128.store(dst + 4 * step, f32x4.sub(g, h));
  v128.store(dst + 5 * step, y3);
}

/**
 * dM planes [36][O][ld] (one image's th·tw tiles in each row) from dy [O][OH][OW], `stride` floats apart: A·dY·Aᵀ
 * per 4×4 tile (values past OH/OW are 0), the gradient of the output transform.
 */
export function wg4OutputGrad(dy: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, dm: usize, stride: i32, ld: i32): void {
  const plane = <usize>stride << 2;
  for (let oi = 0; oi < o; oi++) {
    const dyo = dy + (<usize>(oi * oh * ow) << 2);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        const n = min(4, tw - tx);
        // row pass: e[a][s] = (A·row a of the tile)[s], row a's column l of tile j gathered into lane j
        for (let a = 0; a < 4; a++) {
          const oy = 4 * ty + a;
          const row = dyo + (<usize>(oy * ow + 4 * tx) << 2);
          let q0 = f32x4.splat(0), q1 = q0, q2 = q0, q3 = q0;
          if (n == 4 && oy < oh && 4 * tx + 16 <= ow) {
            q0 = v128.load(row);
            q1 = v128.load(row, 16);
            q2 = v128.load(row, 32);
            q3 = v128.load(row, 48);
          } else if (oy < oh) {
            const left = min(4 * n, ow - 4 * tx);
            q0 = tileRow(row, 0, left);
            q1 = tileRow(row, 1, left);
            q2 = tileRow(row, 2, left);
            q3 = tileRow(row, 3, left);
          }
          const t0 = v128.shuffle<f32>(q0, q1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(q2, q3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(q0, q1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(q2, q3, 2, 6, 3, 7);
          a6(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), e4 + <usize>(a * 96), 16);
        }
        // column pass: dM[r][s] = (A·column s of e)[r] → plane 6r + s
        const dst = dm + (<usize>(oi * ld + ty * tw + tx) << 2);
        for (let s = 0; s < 6; s++) {
          const p = e4 + <usize>(s * 16);
          a6(v128.load(p), v128.load(p, 96), v128.load(p, 192), v128.load(p, 288), dst + <usize>s * plane, 6 * plane);
        }
      }
    }
  }
}

/** Tile j's 4 values of a dy row at p, of which `left` (from tile 0 on) lie inside the image; 0 past them. */
@inline function tileRow(p: usize, j: i32, left: i32): v128 {
  if (4 * j + 4 <= left) return v128.load(p + (<usize>j << 4));
  for (let b = 0; b < 4; b++) store<f32>(g4 + (<usize>b << 2), 4 * j + b < left ? load<f32>(p + (<usize>(4 * j + b) << 2)) : 0);
  return v128.load(g4);
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
