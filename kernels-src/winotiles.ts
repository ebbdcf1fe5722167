// AssemblyScript: the tile passes shared by Winograd F(4×4, 3×3) (winograd4.ts) and F(4×4, 5×5) (winograd5.ts). Both
// read 4×4 output tiles, 4 input rows/columns apart; F(4×4, 3×3) from 6×6 input tiles (36 planes, ξ = 6r + s), F(4×4,
// 5×5) from 8×8 ones (64 planes, ξ = 8r + s). `eight` picks the 8-point transforms (a constant at every call, so each
// exported kernel compiles to one straight path). Each transform is a row pass into scratch vectors and a column pass;
// the vector paths take 4 neighbouring tiles of a tile row and store whole vectors, as winograd.ts's header describes
// (ld ≥ nb·T + 3). The 8-point matrices are Lavin's F(6×6, 3×3) ones (points 0, ±1, ±2, ±½, ∞), with Aᵀ cut to 4 rows:
//   Bᵀ = [1 0 −21⁄4 0 21⁄4 0 −1 0; 0 1 1 −17⁄4 −17⁄4 1 1 0; 0 −1 1 17⁄4 −17⁄4 −1 1 0; 0 ½ ¼ −5⁄2 −5⁄4 2 1 0;
//         0 −½ ¼ 5⁄2 −5⁄4 −2 1 0; 0 2 4 −5⁄2 −5 ½ 1 0; 0 −2 4 5⁄2 −5 −½ 1 0; 0 −1 0 21⁄4 0 −21⁄4 0 1]
//   Aᵀ = [1 1 1 1 1 1 1 0; 0 1 −1 2 −2 ½ −½ 0; 0 1 1 4 4 ¼ ¼ 0; 0 1 −1 8 −8 ⅛ −⅛ 1]
import { transpose4 } from './gemm';
import { padChannel } from './planes';

/** Scratch of the passes: 64 vectors (e), then 4 (g). */
const e = memory.data(68 * 16, 16);
const g = e + 64 * 16;

/** 6-point Bᵀ·(d0 … d5) → dst + k·step for k = 0…5 (4 lanes). */
@inline function bt6(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, dst: usize, step: usize): void {
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

@inline export function mul(a: f32, v: v128): v128 {
  return f32x4.mul(f32x4.splat(a), v);
}

/** 8-point Bᵀ·(d0 … d7) → dst + k·step for k = 0…7 (4 lanes). */
@inline function bt8(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, d6: v128, d7: v128, dst: usize, step: usize): void {
  v128.store(dst, f32x4.add(f32x4.sub(d0, d6), mul(5.25, f32x4.sub(d4, d2))));
  let a = f32x4.sub(f32x4.add(d2, d6), mul(4.25, d4)), b = f32x4.sub(f32x4.add(d1, d5), mul(4.25, d3));
  v128.store(dst + step, f32x4.add(a, b));
  v128.store(dst + 2 * step, f32x4.sub(a, b));
  a = f32x4.add(f32x4.sub(mul(0.25, d2), mul(1.25, d4)), d6);
  b = f32x4.add(f32x4.sub(mul(0.5, d1), mul(2.5, d3)), f32x4.add(d5, d5));
  v128.store(dst + 3 * step, f32x4.add(a, b));
  v128.store(dst + 4 * step, f32x4.sub(a, b));
  a = f32x4.add(f32x4.sub(mul(4, d2), mul(5, d4)), d6);
  b = f32x4.add(f32x4.sub(f32x4.add(d1, d1), mul(2.5, d3)), mul(0.5, d5));
  v128.store(dst + 5 * step, f32x4.add(a, b));
  v128.store(dst + 6 * step, f32x4.sub(a, b));
  v128.store(dst + 7 * step, f32x4.add(f32x4.sub(d7, d1), mul(5.25, f32x4.sub(d3, d5))));
}

/** Bᵀ of the 6 or 8 vectors at p, p + src, … → dst + k·step. */
@inline export function btAt(p: usize, src: usize, dst: usize, step: usize, eight: bool): void {
  if (eight) bt8(v128.load(p), v128.load(p + src), v128.load(p + 2 * src), v128.load(p + 3 * src), v128.load(p + 4 * src), v128.load(p + 5 * src), v128.load(p + 6 * src), v128.load(p + 7 * src), dst, step);
  else bt6(v128.load(p), v128.load(p + src), v128.load(p + 2 * src), v128.load(p + 3 * src), v128.load(p + 4 * src), v128.load(p + 5 * src), dst, step);
}

/** v stored at p: as f64 when `wide` (scratch rows), else as f32 (planes). The filter transforms' store. */
@inline export function put(p: usize, v: f64, wide: bool): void {
  if (wide) store<f64>(p, v);
  else store<f32>(p, <f32>v);
}

/**
 * V planes [P][C][ld] (one image's th·tw tiles in each row) of x [C][H][W], `stride` floats apart: Bᵀ·d·B of the
 * n×n patch (n = 6, or 8 when eight) at rows 4ty − padT…, columns 4tx − padL… (zeros outside the image), read from
 * a zero-padded copy of each channel (scratch: (4·th + n − 4) × (16·⌈tw/4⌉ + 4) floats).
 */
@inline export function tilesInput(x: usize, c: i32, h: i32, w: i32, padT: i32, padL: i32, th: i32, tw: i32, v: usize, scratch: usize, stride: i32, ld: i32, eight: bool): void {
  const plane = <usize>stride << 2;
  const n = eight ? 8 : 6;
  const ph = 4 * th + n - 4;
  const pw = 16 * ((tw + 3) >> 2) + 4;
  memory.fill(scratch, 0, <usize>(ph * pw) << 2); // once: every channel overwrites the same rows and columns
  for (let ci = 0; ci < c; ci++) {
    padChannel(x + (<usize>(ci * h * w) << 2), h, w, padT, padL, ph, pw, scratch);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        // row pass: e[r][k] = (Bᵀ·row r)[k] at e + (n·r + k)·16; row r's column s of tile j is float 4j + s of the 20 loaded
        for (let r = 0; r < n; r++) {
          const p = scratch + (<usize>((4 * ty + r) * pw + 4 * tx) << 2);
          const q0 = v128.load(p), q1 = v128.load(p, 16), q2 = v128.load(p, 32), q3 = v128.load(p, 48), q4 = v128.load(p, 64);
          const t0 = v128.shuffle<f32>(q0, q1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(q2, q3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(q0, q1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(q2, q3, 2, 6, 3, 7);
          const u0 = v128.shuffle<f32>(q1, q2, 0, 4, 1, 5), u1 = v128.shuffle<f32>(q3, q4, 0, 4, 1, 5);
          const d0 = v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), d1 = v128.shuffle<f32>(t0, t1, 2, 3, 6, 7);
          const d2 = v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), d3 = v128.shuffle<f32>(t2, t3, 2, 3, 6, 7);
          const d4 = v128.shuffle<f32>(u0, u1, 0, 1, 4, 5), d5 = v128.shuffle<f32>(u0, u1, 2, 3, 6, 7);
          const row = e + <usize>(r * n * 16);
          if (eight) {
            const u2 = v128.shuffle<f32>(q1, q2, 2, 6, 3, 7), u3 = v128.shuffle<f32>(q3, q4, 2, 6, 3, 7);
            bt8(d0, d1, d2, d3, d4, d5, v128.shuffle<f32>(u2, u3, 0, 1, 4, 5), v128.shuffle<f32>(u2, u3, 2, 3, 6, 7), row, 16);
          } else bt6(d0, d1, d2, d3, d4, d5, row, 16);
        }
        // column pass: V[k'][k] = (Bᵀ·column k of e)[k'] → plane n·k' + k
        const dst = v + (<usize>(ci * ld + ty * tw + tx) << 2);
        for (let k = 0; k < n; k++) btAt(e + <usize>(k * 16), <usize>(n * 16), dst + <usize>k * plane, <usize>n * plane, eight);
      }
    }
  }
}

/** 6-point Aᵀ·(m0 … m5) → 4 vectors at dst, 16 bytes apart. */
@inline function at6(m0: v128, m1: v128, m2: v128, m3: v128, m4: v128, m5: v128, dst: usize): void {
  const a = f32x4.add(m1, m2), b = f32x4.sub(m1, m2), c = f32x4.add(m3, m4), d = f32x4.sub(m3, m4);
  v128.store(dst, f32x4.add(f32x4.add(m0, a), c));
  v128.store(dst, f32x4.add(b, f32x4.add(d, d)), 16);
  v128.store(dst, f32x4.add(a, mul(4, c)), 32);
  v128.store(dst, f32x4.add(f32x4.add(b, mul(8, d)), m5), 48);
}

/** 8-point Aᵀ·(m0 … m7) → 4 vectors at dst, 16 bytes apart. */
@inline function at8(m0: v128, m1: v128, m2: v128, m3: v128, m4: v128, m5: v128, m6: v128, m7: v128, dst: usize): void {
  const a1 = f32x4.add(m1, m2), b1 = f32x4.sub(m1, m2), a2 = f32x4.add(m3, m4), b2 = f32x4.sub(m3, m4);
  const a3 = f32x4.add(m5, m6), b3 = f32x4.sub(m5, m6);
  v128.store(dst, f32x4.add(f32x4.add(m0, a1), f32x4.add(a2, a3)));
  v128.store(dst, f32x4.add(f32x4.add(b1, f32x4.add(b2, b2)), mul(0.5, b3)), 16);
  v128.store(dst, f32x4.add(f32x4.add(a1, mul(4, a2)), mul(0.25, a3)), 32);
  v128.store(dst, f32x4.add(f32x4.add(f32x4.add(b1, mul(8, b2)), mul(0.125, b3)), m7), 48);
}

/** Aᵀ of the 6 or 8 vectors at p, p + src, … → 4 vectors at dst. */
@inline function atAt(p: usize, src: usize, dst: usize, eight: bool): void {
  if (eight) at8(v128.load(p), v128.load(p + src), v128.load(p + 2 * src), v128.load(p + 3 * src), v128.load(p + 4 * src), v128.load(p + 5 * src), v128.load(p + 6 * src), v128.load(p + 7 * src), dst);
  else at6(v128.load(p), v128.load(p + src), v128.load(p + 2 * src), v128.load(p + 3 * src), v128.load(p + 4 * src), v128.load(p + 5 * src), dst);
}

/**
 * Y [O][OH][OW] of one image from M planes [P][O][ld] (its th·tw tiles in each row), `stride` floats apart: Aᵀ·m·A
 * per tile, + bias[o] (bias 0 = none), ReLU when relu; rows/columns past OH/OW are dropped. pool ≠ 0: Y
 * [O][⌊OH/2⌋][⌊OW/2⌋] gets the 2×2 stride-2 max pooling instead (inference): a tile holds 2×2 windows, maxima taken
 * in registers, then bias and ReLU (monotone, so they commute with the maximum: the same floats).
 */
@inline export function tilesOutput(m: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, bias: usize, relu: i32, y: usize, stride: i32, ld: i32, pool: i32, eight: bool): void {
  const plane = <usize>stride << 2;
  const np = eight ? 8 : 6;
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
        // column pass: q[a][s] = (Aᵀ·column s of m)[a], at e + (4s + a)·16
        for (let s = 0; s < np; s++) atAt(src + <usize>s * plane, <usize>np * plane, e + <usize>(s * 64), eight);
        if (pool) {
          for (let r = 0; r < 2; r++) {
            const pr = 2 * ty + r;
            if (pr >= ph) break;
            // rows 2r and 2r + 1 of the 4 tiles, column b in vector b; the maxima of column pairs 0–1 and 2–3
            const p = e + <usize>(2 * r * 16);
            atAt(p, 64, g, eight);
            const a0 = v128.load(g), a1 = v128.load(g, 16), a2 = v128.load(g, 32), a3 = v128.load(g, 48);
            atAt(p + 16, 64, g, eight);
            let v0 = f32x4.add(f32x4.pmax(f32x4.pmax(a0, v128.load(g)), f32x4.pmax(a1, v128.load(g, 16))), b4);
            let v1 = f32x4.add(f32x4.pmax(f32x4.pmax(a2, v128.load(g, 32)), f32x4.pmax(a3, v128.load(g, 48))), b4);
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
              v128.store(g, lo);
              v128.store(g, hi, 16);
              for (let c = 0; c < 2 * n && 2 * tx + c < pw; c++) store<f32>(row + (<usize>c << 2), load<f32>(g + (<usize>c << 2)));
            }
          }
          continue;
        }
        for (let a = 0; a < 4; a++) {
          const oy = 4 * ty + a;
          if (oy >= oh) break;
          // row pass: y[a][b] for b = 0…3, 4 tiles per vector
          atAt(e + <usize>(a * 16), 64, g, eight);
          let y0 = f32x4.add(v128.load(g), b4), y1 = f32x4.add(v128.load(g, 16), b4);
          let y2 = f32x4.add(v128.load(g, 32), b4), y3 = f32x4.add(v128.load(g, 48), b4);
          if (relu) {
            y0 = f32x4.pmax(zero, y0);
            y1 = f32x4.pmax(zero, y1);
            y2 = f32x4.pmax(zero, y2);
            y3 = f32x4.pmax(zero, y3);
          }
          // transposed: vector j = tile j's 4 outputs of this row, straight to the row when all 4 tiles fit
          const row = yo + (<usize>(oy * ow + 4 * tx) << 2);
          const whole = n == 4 && 4 * tx + 16 <= ow;
          transpose4(y0, y1, y2, y3, whole ? row : g, 16);
          if (!whole) {
            for (let j = 0; j < n; j++) {
              const p = row + (<usize>j << 4);
              if (4 * (tx + j) + 4 <= ow) v128.store(p, v128.load(g + (<usize>j << 4)));
              else for (let b = 0; 4 * (tx + j) + b < ow; b++) store<f32>(p + (<usize>b << 2), load<f32>(g + (<usize>(4 * j + b) << 2)));
            }
          }
        }
      }
    }
  }
}

/** 6-point A·(y0 … y3) → dst + s·step for s = 0…5 (4 lanes); A = (Aᵀ)ᵀ, rows [1 0 0 0], [1 1 1 1], [1 −1 1 −1], [1 2 4 8], [1 −2 4 −8], [0 0 0 1]. */
@inline function a6(y0: v128, y1: v128, y2: v128, y3: v128, dst: usize, step: usize): void {
  const e = f32x4.add(y0, y2), f = f32x4.add(y1, y3);
  const g = f32x4.add(y0, mul(4, y2)), h = f32x4.add(f32x4.add(y1, y1), mul(8, y3));
  v128.store(dst, y0);
  v128.store(dst + step, f32x4.add(e, f));
  v128.store(dst + 2 * step, f32x4.sub(e, f));
  v128.store(dst + 3 * step, f32x4.add(g, h));
  v128.store(dst + 4 * step, f32x4.sub(g, h));
  v128.store(dst + 5 * step, y3);
}

/** 8-point A·(y0 … y3) → dst + s·step for s = 0…7: a6's rows, then [1 ½ ¼ ⅛], [1 −½ ¼ −⅛] before [0 0 0 1]. */
@inline function a8(y0: v128, y1: v128, y2: v128, y3: v128, dst: usize, step: usize): void {
  const e = f32x4.add(y0, y2), f = f32x4.add(y1, y3);
  const g = f32x4.add(y0, mul(4, y2)), h = f32x4.add(f32x4.add(y1, y1), mul(8, y3));
  const i = f32x4.add(y0, mul(0.25, y2)), j = f32x4.add(mul(0.5, y1), mul(0.125, y3));
  v128.store(dst, y0);
  v128.store(dst + step, f32x4.add(e, f));
  v128.store(dst + 2 * step, f32x4.sub(e, f));
  v128.store(dst + 3 * step, f32x4.add(g, h));
  v128.store(dst + 4 * step, f32x4.sub(g, h));
  v128.store(dst + 5 * step, f32x4.add(i, j));
  v128.store(dst + 6 * step, f32x4.sub(i, j));
  v128.store(dst + 7 * step, y3);
}

@inline function aOf(y0: v128, y1: v128, y2: v128, y3: v128, dst: usize, step: usize, eight: bool): void {
  if (eight) a8(y0, y1, y2, y3, dst, step);
  else a6(y0, y1, y2, y3, dst, step);
}

/**
 * dM planes [P][O][ld] (one image's th·tw tiles in each row) from dy [O][OH][OW], `stride` floats apart: A·dY·Aᵀ
 * per 4×4 tile (values past OH/OW are 0), the gradient of the output transform.
 */
@inline export function tilesOutputGrad(dy: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, dm: usize, stride: i32, ld: i32, eight: bool): void {
  const plane = <usize>stride << 2;
  const np = eight ? 8 : 6;
  for (let oi = 0; oi < o; oi++) {
    const dyo = dy + (<usize>(oi * oh * ow) << 2);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        const n = min(4, tw - tx);
        // row pass: e[a][s] = (A·row a of the tile)[s] at e + (np·a + s)·16, row a's column l of tile j in lane j
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
          aOf(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), e + <usize>(a * np * 16), 16, eight);
        }
        // column pass: dM[r][s] = (A·column s of e)[r] → plane np·r + s
        const dst = dm + (<usize>(oi * ld + ty * tw + tx) << 2);
        for (let s = 0; s < np; s++) {
          const p = e + <usize>(s * 16);
          const step = <usize>(np * 16);
          aOf(v128.load(p), v128.load(p + step), v128.load(p + 2 * step), v128.load(p + 3 * step), dst + <usize>s * plane, <usize>np * plane, eight);
        }
      }
    }
  }
}

/** Tile j's 4 values of a dy row at p, of which `left` (from tile 0 on) lie inside the image; 0 past them. */
@inline function tileRow(p: usize, j: i32, left: i32): v128 {
  if (4 * j + 4 <= left) return v128.load(p + (<usize>j << 4));
  for (let b = 0; b < 4; b++) store<f32>(g + (<usize>b << 2), 4 * j + b < left ? load<f32>(p + (<usize>(4 * j + b) << 2)) : 0);
  return v128.load(g);
}
