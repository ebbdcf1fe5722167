// AssemblyScript: Winograd F(2×2, 3×3) transforms for 3×3 stride-1 convolutions (Lavin & Gray 2015,
// https://arxiv.org/abs/1509.09308). A 2×2 output tile costs 16 multiplies per channel pair instead of 36; the
// 16 element-wise products become 16 GEMMs over channels, run by gemm.ts. Planes are row-major [16][rows][ld]: one
// image's T = th·tw tiles (tile t = ty·tw + tx) at the caller's offset in each row of ld ≥ T floats, so several
// images' tiles can sit side by side and share one GEMM; planes lie a caller-given stride apart (see planeStride in
// core/kernels/wasm-winograd.ts). The vector paths take 4 neighbouring tiles of a tile row and store whole vectors:
// lanes past a row's last tile land on tiles written later (the next tile row, channel or image) or, after an image's
// last tile, on 3 floats of padding the caller leaves at the end of every row (ld ≥ nb·T + 3).
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]   G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]   Aᵀ = [1 1 1 0; 0 1 −1 −1]
import { padChannel } from './planes';

/**
 * U planes [16][O][I], `stride` floats apart, = G·g·Gᵀ of every 3×3 filter g[o][i]. With `flip`, g[o][i] = rot180(w[i][o]) (w is [I][O][3][3]):
 * the filters of the input gradient, which is a forward convolution of dy with padding 2 − pad.
 */
export function wgFilter(w: usize, o: i32, i: i32, flip: i32, u: usize, stride: i32): void {
  const plane = <usize>stride << 2;
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      const g = w + (<usize>((flip ? b * o + a : a * i + b) * 9) << 2);
      // t = G·g (4×3), rows of g read flipped when needed
      const t = tf;
      for (let c = 0; c < 3; c++) {
        const g0 = flip ? load<f32>(g + (<usize>(8 - c) << 2)) : load<f32>(g + (<usize>c << 2));
        const g1 = flip ? load<f32>(g + (<usize>(5 - c) << 2)) : load<f32>(g + (<usize>(3 + c) << 2));
        const g2 = flip ? load<f32>(g + (<usize>(2 - c) << 2)) : load<f32>(g + (<usize>(6 + c) << 2));
        store<f32>(t + (<usize>c << 2), g0);
        store<f32>(t + (<usize>(3 + c) << 2), 0.5 * (g0 + g1 + g2));
        store<f32>(t + (<usize>(6 + c) << 2), 0.5 * (g0 - g1 + g2));
        store<f32>(t + (<usize>(9 + c) << 2), g2);
      }
      const dst = u + (<usize>(a * i + b) << 2);
      for (let r = 0; r < 4; r++) {
        const p0 = load<f32>(t + (<usize>(r * 3) << 2));
        const p1 = load<f32>(t + (<usize>(r * 3 + 1) << 2));
        const p2 = load<f32>(t + (<usize>(r * 3 + 2) << 2));
        store<f32>(dst + <usize>(r * 4) * plane, p0);
        store<f32>(dst + <usize>(r * 4 + 1) * plane, 0.5 * (p0 + p1 + p2));
        store<f32>(dst + <usize>(r * 4 + 2) * plane, 0.5 * (p0 - p1 + p2));
        store<f32>(dst + <usize>(r * 4 + 3) * plane, p2);
      }
    }
  }
}

/**
 * Bᵀ·d·B for 4 neighbouring tiles: d is the 4×10 block of the padded plane at src (row stride pwb bytes), tile j
 * reading columns 2j…2j+3; plane ξ = 4r + s of the result goes to dst + ξ·plane (4 lanes, see the header). Written out
 * row by row on purpose: the same as loops over a scratch array measured 6 % slower for K's training.
 */
@inline function inputGroup(src: usize, pwb: i32, dst: usize, plane: usize): void {
  const l0 = src + <usize>(0 * pwb);
  const a0 = v128.load(l0), b0 = v128.load(l0, 16), m0 = v128.load(l0, 8), n0 = v128.load(l0, 24);
  const x00 = v128.shuffle<f32>(a0, b0, 0, 2, 4, 6), x01 = v128.shuffle<f32>(a0, b0, 1, 3, 5, 7);
  const x02 = v128.shuffle<f32>(m0, n0, 0, 2, 4, 6), x03 = v128.shuffle<f32>(m0, n0, 1, 3, 5, 7);
  const e00 = f32x4.sub(x00, x02), e01 = f32x4.add(x01, x02), e02 = f32x4.sub(x02, x01), e03 = f32x4.sub(x01, x03);
  const l1 = src + <usize>(1 * pwb);
  const a1 = v128.load(l1), b1 = v128.load(l1, 16), m1 = v128.load(l1, 8), n1 = v128.load(l1, 24);
  const x10 = v128.shuffle<f32>(a1, b1, 0, 2, 4, 6), x11 = v128.shuffle<f32>(a1, b1, 1, 3, 5, 7);
  const x12 = v128.shuffle<f32>(m1, n1, 0, 2, 4, 6), x13 = v128.shuffle<f32>(m1, n1, 1, 3, 5, 7);
  const e10 = f32x4.sub(x10, x12), e11 = f32x4.add(x11, x12), e12 = f32x4.sub(x12, x11), e13 = f32x4.sub(x11, x13);
  const l2 = src + <usize>(2 * pwb);
  const a2 = v128.load(l2), b2 = v128.load(l2, 16), m2 = v128.load(l2, 8), n2 = v128.load(l2, 24);
  const x20 = v128.shuffle<f32>(a2, b2, 0, 2, 4, 6), x21 = v128.shuffle<f32>(a2, b2, 1, 3, 5, 7);
  const x22 = v128.shuffle<f32>(m2, n2, 0, 2, 4, 6), x23 = v128.shuffle<f32>(m2, n2, 1, 3, 5, 7);
  const e20 = f32x4.sub(x20, x22), e21 = f32x4.add(x21, x22), e22 = f32x4.sub(x22, x21), e23 = f32x4.sub(x21, x23);
  const l3 = src + <usize>(3 * pwb);
  const a3 = v128.load(l3), b3 = v128.load(l3, 16), m3 = v128.load(l3, 8), n3 = v128.load(l3, 24);
  const x30 = v128.shuffle<f32>(a3, b3, 0, 2, 4, 6), x31 = v128.shuffle<f32>(a3, b3, 1, 3, 5, 7);
  const x32 = v128.shuffle<f32>(m3, n3, 0, 2, 4, 6), x33 = v128.shuffle<f32>(m3, n3, 1, 3, 5, 7);
  const e30 = f32x4.sub(x30, x32), e31 = f32x4.add(x31, x32), e32 = f32x4.sub(x32, x31), e33 = f32x4.sub(x31, x33);
  v128.store(dst + <usize>0 * plane, f32x4.sub(e00, e20));
  v128.store(dst + <usize>4 * plane, f32x4.add(e10, e20));
  v128.store(dst + <usize>8 * plane, f32x4.sub(e20, e10));
  v128.store(dst + <usize>12 * plane, f32x4.sub(e10, e30));
  v128.store(dst + <usize>1 * plane, f32x4.sub(e01, e21));
  v128.store(dst + <usize>5 * plane, f32x4.add(e11, e21));
  v128.store(dst + <usize>9 * plane, f32x4.sub(e21, e11));
  v128.store(dst + <usize>13 * plane, f32x4.sub(e11, e31));
  v128.store(dst + <usize>2 * plane, f32x4.sub(e02, e22));
  v128.store(dst + <usize>6 * plane, f32x4.add(e12, e22));
  v128.store(dst + <usize>10 * plane, f32x4.sub(e22, e12));
  v128.store(dst + <usize>14 * plane, f32x4.sub(e12, e32));
  v128.store(dst + <usize>3 * plane, f32x4.sub(e03, e23));
  v128.store(dst + <usize>7 * plane, f32x4.add(e13, e23));
  v128.store(dst + <usize>11 * plane, f32x4.sub(e23, e13));
  v128.store(dst + <usize>15 * plane, f32x4.sub(e13, e33));
}

/** Bytes of scratch wgInput needs: one zero-padded plane that every 4-tile group can read whole. */
export function wgInputScratch(th: i32, tw: i32): i32 {
  return (2 * th + 2) * (8 * ((tw + 3) >> 2) + 2) * 4;
}

/**
 * V planes [16][C][ld] (one image's th·tw tiles in each row) of x [C][H][W], `stride` floats apart: Bᵀ·d·B of the 4×4 patch at
 * rows 2ty − padT…, columns 2tx − padL… (zeros outside the image). Each channel is first copied into a zero-padded
 * plane (scratch, see wgInputScratch) so that every group of 4 tiles is read with whole vectors.
 */
export function wgInput(x: usize, c: i32, h: i32, w: i32, padT: i32, padL: i32, th: i32, tw: i32, v: usize, scratch: usize, stride: i32, ld: i32): void {
  const plane = <usize>stride << 2;
  const ph = 2 * th + 2;
  const pw = 8 * ((tw + 3) >> 2) + 2;
  memory.fill(scratch, 0, <usize>(ph * pw) << 2); // once: every channel overwrites the same rows and columns
  for (let ci = 0; ci < c; ci++) {
    padChannel(x + (<usize>(ci * h * w) << 2), h, w, padT, padL, ph, pw, scratch);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        inputGroup(scratch + (<usize>(2 * ty * pw + 2 * tx) << 2), pw << 2, v + (<usize>(ci * ld + ty * tw + tx) << 2), plane);
      }
    }
  }
}


/**
 * Y [O][OH][OW] of one image from M planes [16][O][ld] (its th·tw tiles in each row), `stride` floats apart: Aᵀ·m·A per tile, + bias[o]
 * (bias 0 = none), ReLU when relu; rows/columns past OH/OW (odd sizes) are dropped. pool ≠ 0: Y [O][⌊OH/2⌋][⌊OW/2⌋]
 * gets the 2×2 stride-2 max pooling instead (inference), one tile per window.
 */
export function wgOutput(m: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, bias: usize, relu: i32, y: usize, stride: i32, ld: i32, pool: i32): void {
  const plane = <usize>stride << 2;
  const zero = f32x4.splat(0);
  const ph = oh >> 1;
  const pw = ow >> 1;
  for (let oi = 0; oi < o; oi++) {
    const bv = bias ? load<f32>(bias + (<usize>oi << 2)) : <f32>0;
    const b4 = f32x4.splat(bv);
    const yo = y + (<usize>(oi * (pool ? ph * pw : oh * ow)) << 2);
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx += 4) {
        const src = m + (<usize>(oi * ld + ty * tw + tx) << 2);
        const n = min(4, tw - tx);
        // q = Aᵀ·m (2×4), then y = q·A (2×2), 4 tiles per vector (lanes past n are ignored)
        const m00 = v128.load(src), m01 = v128.load(src + plane), m02 = v128.load(src + 2 * plane), m03 = v128.load(src + 3 * plane);
        const m10 = v128.load(src + 4 * plane), m11 = v128.load(src + 5 * plane), m12 = v128.load(src + 6 * plane), m13 = v128.load(src + 7 * plane);
        const m20 = v128.load(src + 8 * plane), m21 = v128.load(src + 9 * plane), m22 = v128.load(src + 10 * plane), m23 = v128.load(src + 11 * plane);
        const m30 = v128.load(src + 12 * plane), m31 = v128.load(src + 13 * plane), m32 = v128.load(src + 14 * plane), m33 = v128.load(src + 15 * plane);
        const q00 = f32x4.add(f32x4.add(m00, m10), m20), q01 = f32x4.add(f32x4.add(m01, m11), m21);
        const q02 = f32x4.add(f32x4.add(m02, m12), m22), q03 = f32x4.add(f32x4.add(m03, m13), m23);
        const q10 = f32x4.sub(f32x4.sub(m10, m20), m30), q11 = f32x4.sub(f32x4.sub(m11, m21), m31);
        const q12 = f32x4.sub(f32x4.sub(m12, m22), m32), q13 = f32x4.sub(f32x4.sub(m13, m23), m33);
        let y00 = f32x4.add(f32x4.add(f32x4.add(q00, q01), q02), b4);
        let y01 = f32x4.add(f32x4.sub(f32x4.sub(q01, q02), q03), b4);
        let y10 = f32x4.add(f32x4.add(f32x4.add(q10, q11), q12), b4);
        let y11 = f32x4.add(f32x4.sub(f32x4.sub(q11, q12), q13), b4);
        if (relu) {
          y00 = f32x4.pmax(zero, y00);
          y01 = f32x4.pmax(zero, y01);
          y10 = f32x4.pmax(zero, y10);
          y11 = f32x4.pmax(zero, y11);
        }
        if (pool) {
          // this tile is pooled window (ty, tx + lane): bias and ReLU, applied above, commute with the maximum
          const np = min(n, pw - tx);
          if (ty >= ph || np <= 0) continue;
          const v = f32x4.pmax(f32x4.pmax(y00, y01), f32x4.pmax(y10, y11));
          const dst = yo + (<usize>(ty * pw + tx) << 2);
          if (np == 4) v128.store(dst, v);
          else for (let j = 0; j < np; j++) store<f32>(dst + (<usize>j << 2), lane(v, j));
          continue;
        }
        const oy = 2 * ty;
        const ox = 2 * tx;
        if (n == 4 && oy + 2 <= oh && ox + 8 <= ow) {
          const r0 = yo + (<usize>(oy * ow + ox) << 2);
          const r1 = r0 + (<usize>ow << 2);
          v128.store(r0, v128.shuffle<f32>(y00, y01, 0, 4, 1, 5));
          v128.store(r0, v128.shuffle<f32>(y00, y01, 2, 6, 3, 7), 16);
          v128.store(r1, v128.shuffle<f32>(y10, y11, 0, 4, 1, 5));
          v128.store(r1, v128.shuffle<f32>(y10, y11, 2, 6, 3, 7), 16);
        } else {
          for (let j = 0; j < n; j++) {
            const cx = ox + 2 * j;
            const r0 = yo + (<usize>(oy * ow + cx) << 2);
            store<f32>(r0, lane(y00, j));
            if (cx + 1 < ow) store<f32>(r0, lane(y01, j), 4);
            if (oy + 1 < oh) {
              const r1 = r0 + (<usize>ow << 2);
              store<f32>(r1, lane(y10, j));
              if (cx + 1 < ow) store<f32>(r1, lane(y11, j), 4);
            }
          }
        }
      }
    }
  }
}

@inline function lane(v: v128, j: i32): f32 {
  return j == 0 ? f32x4.extract_lane(v, 0) : j == 1 ? f32x4.extract_lane(v, 1) : j == 2 ? f32x4.extract_lane(v, 2) : f32x4.extract_lane(v, 3);
}

/**
 * dM planes [16][O][ld] (one image's th·tw tiles in each row) from dy [O][OH][OW], `stride` floats apart: A·dY·Aᵀ per 2×2 tile (values
 * past OH/OW are 0), the gradient of the output transform.
 */
export function wgOutputGrad(dy: usize, o: i32, oh: i32, ow: i32, th: i32, tw: i32, dm: usize, stride: i32, ld: i32): void {
  const plane = <usize>stride << 2;
  for (let oi = 0; oi < o; oi++) {
    const dyo = dy + (<usize>(oi * oh * ow) << 2);
    for (let ty = 0; ty < th; ty++) {
      const oy = 2 * ty;
      let tx = 0;
      if (oy + 2 <= oh) {
        for (; tx + 4 <= tw && 2 * tx + 8 <= ow; tx += 4) {
          const r0 = dyo + (<usize>(oy * ow + 2 * tx) << 2);
          const r1 = r0 + (<usize>ow << 2);
          const u0 = v128.load(r0), u1 = v128.load(r0, 16), w0 = v128.load(r1), w1 = v128.load(r1, 16);
          gradTile(v128.shuffle<f32>(u0, u1, 0, 2, 4, 6), v128.shuffle<f32>(u0, u1, 1, 3, 5, 7), v128.shuffle<f32>(w0, w1, 0, 2, 4, 6), v128.shuffle<f32>(w0, w1, 1, 3, 5, 7), dm + (<usize>(oi * ld + ty * tw + tx) << 2), plane);
        }
      }
      for (; tx < tw; tx++) {
        const ox = 2 * tx;
        gradTile(f32x4.splat(at(dyo, oh, ow, oy, ox)), f32x4.splat(at(dyo, oh, ow, oy, ox + 1)), f32x4.splat(at(dyo, oh, ow, oy + 1, ox)), f32x4.splat(at(dyo, oh, ow, oy + 1, ox + 1)), dm + (<usize>(oi * ld + ty * tw + tx) << 2), plane);
      }
    }
  }
}

/** dy[yy, xx] of an oh×ow plane, 0 outside. */
@inline function at(p: usize, oh: i32, ow: i32, yy: i32, xx: i32): f32 {
  return yy < oh && xx < ow ? load<f32>(p + (<usize>(yy * ow + xx) << 2)) : 0;
}

/** A·[a b; c d]·Aᵀ → 16 planes (4 lanes). Rows of A·dY: [a b], [a+c b+d], [a−c b−d], [−c −d]; each row
 * [p q] then becomes [p, p+q, p−q, −q]. */
@inline function gradTile(a: v128, b: v128, c: v128, d: v128, dst: usize, plane: usize): void {
  const p1 = f32x4.add(a, c), q1 = f32x4.add(b, d), p2 = f32x4.sub(a, c), q2 = f32x4.sub(b, d);
  const p3 = f32x4.neg(c), q3 = f32x4.neg(d);
  v128.store(dst, a);
  v128.store(dst + plane, f32x4.add(a, b));
  v128.store(dst + 2 * plane, f32x4.sub(a, b));
  v128.store(dst + 3 * plane, f32x4.neg(b));
  v128.store(dst + 4 * plane, p1);
  v128.store(dst + 5 * plane, f32x4.add(p1, q1));
  v128.store(dst + 6 * plane, f32x4.sub(p1, q1));
  v128.store(dst + 7 * plane, f32x4.neg(q1));
  v128.store(dst + 8 * plane, p2);
  v128.store(dst + 9 * plane, f32x4.add(p2, q2));
  v128.store(dst + 10 * plane, f32x4.sub(p2, q2));
  v128.store(dst + 11 * plane, f32x4.neg(q2));
  v128.store(dst + 12 * plane, p3);
  v128.store(dst + 13 * plane, f32x4.add(p3, q3));
  v128.store(dst + 14 * plane, f32x4.sub(p3, q3));
  v128.store(dst + 15 * plane, f32x4.neg(q3));
}


/** dw [F][C][3][3] += Gᵀ·dU·G for dU planes [16][F][C], `stride` floats apart. */
export function wgFilterGrad(du: usize, f: i32, c: i32, dw: usize, stride: i32): void {
  const plane = <usize>stride << 2;
  for (let a = 0; a < f; a++) {
    for (let b = 0; b < c; b++) {
      const src = du + (<usize>(a * c + b) << 2);
      const out = dw + (<usize>((a * c + b) * 9) << 2);
      // t = Gᵀ·dU (3×4): rows u0 + ½u1 + ½u2, ½u1 − ½u2, ½u1 + ½u2 + u3
      for (let s = 0; s < 4; s++) {
        const u0 = load<f32>(src + <usize>s * plane);
        const u1 = load<f32>(src + <usize>(4 + s) * plane);
        const u2 = load<f32>(src + <usize>(8 + s) * plane);
        const u3 = load<f32>(src + <usize>(12 + s) * plane);
        store<f32>(tg + (<usize>s << 2), u0 + 0.5 * (u1 + u2));
        store<f32>(tg + (<usize>(4 + s) << 2), 0.5 * (u1 - u2));
        store<f32>(tg + (<usize>(8 + s) << 2), 0.5 * (u1 + u2) + u3);
      }
      for (let r = 0; r < 3; r++) {
        const p0 = load<f32>(tg + (<usize>(r * 4) << 2));
        const p1 = load<f32>(tg + (<usize>(r * 4 + 1) << 2));
        const p2 = load<f32>(tg + (<usize>(r * 4 + 2) << 2));
        const p3 = load<f32>(tg + (<usize>(r * 4 + 3) << 2));
        const o = out + (<usize>(r * 3) << 2);
        store<f32>(o, load<f32>(o) + p0 + 0.5 * (p1 + p2));
        store<f32>(o, load<f32>(o, 4) + 0.5 * (p1 - p2), 4);
        store<f32>(o, load<f32>(o, 8) + 0.5 * (p1 + p2) + p3, 8);
      }
    }
  }
}

const tg = memory.data(48);
const tf = memory.data(48);
