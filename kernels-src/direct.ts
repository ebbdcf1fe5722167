// AssemblyScript: direct stride-1 convolution for inference, without im2col. The GEMM's register tile (4 filters × 2
// vectors of 4 outputs) reads its B operand in place from a zero-padded input map: for each (channel, ky, kx) the
// inputs under 4 neighbouring windows of a row are 4 consecutive floats, one unaligned vector load.
import { padChannel } from './planes';

/** acc + a·b (as in gemm.ts: relaxed_madd in the relaxed build). */
@inline function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * dst[ci, padT + iy, padL + ix] = x[ci, iy, ix] for planes of hp×wp; rows and columns outside the copied block keep
 * what dst held (the caller zeroes the border once).
 */
export function padPlanes(x: usize, c: i32, h: i32, w: i32, padT: i32, padL: i32, hp: i32, wp: i32, dst: usize): void {
  for (let ci = 0; ci < c; ci++) padChannel(x + (<usize>(ci * h * w) << 2), h, w, padT, padL, hp, wp, dst + (<usize>(ci * hp * wp) << 2));
}

/** max(v, 0) when relu. */
@inline function epilogue(v: v128, relu: i32): v128 {
  return relu ? f32x4.pmax(v, f32x4.splat(0)) : v;
}

/** One filter's two vectors (ReLU) to its plane: v0 to the row at yr, v1 to the one rowb bytes on. */
@inline function storeRows(v0: v128, v1: v128, relu: i32, yr: usize, rowb: usize): void {
  v128.store(yr, epilogue(v0, relu));
  v128.store(yr + rowb, epilogue(v1, relu));
}

/**
 * Two filters' 2×4 outputs (a0 a1, b0 b1) pooled (2×2 windows, stride 2) to 2 values each, ReLU, stored to planes
 * at y0 and y0 + plane. Max pooling commutes with ReLU (monotone), so that comes after it.
 */
@inline function storePooled(a0: v128, a1: v128, b0: v128, b1: v128, relu: i32, y0: usize, plane: usize, both: bool): void {
  const ma = f32x4.pmax(a0, a1);
  const mb = f32x4.pmax(b0, b1);
  const m = f32x4.pmax(v128.shuffle<f32>(ma, mb, 0, 2, 4, 6), v128.shuffle<f32>(ma, mb, 1, 3, 5, 7));
  const v = epilogue(m, relu);
  v128.store64_lane(y0, v, 0);
  if (both) v128.store64_lane(y0 + plane, v, 1);
}

/**
 * One filter's 2-column tail vectors to its plane at yp: v0 holds rows y0, y0 + 1 of columns x, x + 1, v1 rows y1,
 * y1 + 1. With pool each vector is one 2×2 window, its maximum goes to pooled row y / 2.
 */
@inline function storeTail(v0: v128, v1: v128, relu: i32, pool: i32, yp: usize, rowb: usize, y0: i32, y1: i32, x: i32): void {
  for (let v = 0; v < 2; v++) {
    let s = v ? v1 : v0;
    const yv = v ? y1 : y0;
    if (pool) {
      s = f32x4.pmax(s, v128.shuffle<f32>(s, s, 2, 3, 0, 1));
      s = f32x4.pmax(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2));
      v128.store32_lane(yp + <usize>(yv >> 1) * rowb + (<usize>(x >> 1) << 2), epilogue(s, relu), 0);
    } else {
      const e = epilogue(s, relu);
      const d = yp + <usize>yv * rowb + (<usize>x << 2);
      v128.store64_lane(d, e, 0);
      v128.store64_lane(d + rowb, e, 1);
    }
  }
}

/**
 * One tile: for the n ≤ 4 filters of the packed panel at a (biases at bias, planes from y, plane bytes apart),
 * window steps over c channels × kyN rows × k, vector v (0, 1) starting at input xv; then the epilogue. T = f32:
 * a vector is 4 neighbours in one row, vector 1 the row below vector 0's, outputs at row oy, column ox. T = f64: 2
 * neighbours in each of two rows wpb bytes apart, vector 0 at output rows oy, oy + 1 and vector 1 at oy1, oy1 + 1,
 * columns ox, ox + 1. After a window row the inputs move wpb on, after a channel skipRow more, A skipA more.
 */
@inline function tile<T>(x0: usize, x1: usize, wpb: usize, a: usize, c: i32, k: i32, kyN: i32, skipRow: usize, skipA: usize,
  n: i32, bias: usize, relu: i32, pool: i32, y: usize, plane: usize, rowb: usize, oy: i32, oy1: i32, ox: i32): void {
  // the sums start at the filters' biases (max pooling commutes with adding one)
  const zero = f32x4.splat(0);
  let c00 = v128.load32_splat(bias), c01 = c00;
  let c10 = n > 1 ? v128.load32_splat(bias, 4) : zero, c11 = c10;
  let c20 = n > 2 ? v128.load32_splat(bias, 8) : zero, c21 = c20;
  let c30 = n > 3 ? v128.load32_splat(bias, 12) : zero, c31 = c30;
  const kb = <usize>k << 2;
  for (let ci = 0; ci < c; ci++) {
    for (let ky = 0; ky < kyN; ky++) {
      for (let o: usize = 0; o < kb; o += 4) {
        let b0: v128, b1: v128;
        if (sizeof<T>() == 8) {
          b0 = v128.load64_lane(x0 + o + wpb, v128.load64_zero(x0 + o), 1);
          b1 = v128.load64_lane(x1 + o + wpb, v128.load64_zero(x1 + o), 1);
        } else {
          b0 = v128.load(x0 + o);
          b1 = v128.load(x1 + o);
        }
        let av = v128.load32_splat(a);
        c00 = madd(av, b0, c00);
        c01 = madd(av, b1, c01);
        av = v128.load32_splat(a, 4);
        c10 = madd(av, b0, c10);
        c11 = madd(av, b1, c11);
        av = v128.load32_splat(a, 8);
        c20 = madd(av, b0, c20);
        c21 = madd(av, b1, c21);
        av = v128.load32_splat(a, 12);
        c30 = madd(av, b0, c30);
        c31 = madd(av, b1, c31);
        a += 16;
      }
      x0 += wpb;
      x1 += wpb;
    }
    x0 += skipRow;
    x1 += skipRow;
    a += skipA;
  }
  if (sizeof<T>() == 8) {
    storeTail(c00, c01, relu, pool, y, rowb, oy, oy1, ox);
    if (n > 1) storeTail(c10, c11, relu, pool, y + plane, rowb, oy, oy1, ox);
    if (n > 2) storeTail(c20, c21, relu, pool, y + 2 * plane, rowb, oy, oy1, ox);
    if (n > 3) storeTail(c30, c31, relu, pool, y + 3 * plane, rowb, oy, oy1, ox);
  } else if (pool) {
    const y0 = y + <usize>(oy >> 1) * rowb + (<usize>(ox >> 1) << 2);
    storePooled(c00, c01, c10, c11, relu, y0, plane, n > 1);
    if (n > 2) storePooled(c20, c21, c30, c31, relu, y0 + 2 * plane, plane, n > 3);
  } else {
    const yr = y + <usize>oy * rowb + (<usize>ox << 2);
    storeRows(c00, c01, relu, yr, rowb);
    if (n > 1) storeRows(c10, c11, relu, yr + plane, rowb);
    if (n > 2) storeRows(c20, c21, relu, yr + 2 * plane, rowb);
    if (n > 3) storeRows(c30, c31, relu, yr + 3 * plane, rowb);
  }
}

/** Window rows [lo, lo + count) that reach into the image for output rows r0…r1 (the rest read padding only). */
@inline function kyLo(padT: i32, r1: i32): i32 {
  return max(0, padT - r1);
}
@inline function kyCount(padT: i32, h: i32, k: i32, r0: i32, r1: i32): i32 {
  return max(0, min(k, padT + h - r0) - kyLo(padT, r1));
}

/**
 * y[f, oy, ox] = bias[f] + Σ w[f, ci, ky, kx] · xp[ci, oy + ky, ox + kx] (max(·, 0) when relu) for f filters of
 * k×k over c planes of hp×wp (already padded: oh = hp − k + 1 ≥ 2, ow = wp − k + 1 ≥ 4; rows padT to padT + h − 1
 * hold the image, the others zeros). ap: the filters as packA panels (m = f, k = c·k·k). pool: y gets the 2×2
 * maxima (stride 2) instead, f × ⌊oh/2⌋ × ⌊ow/2⌋. Window rows that see only padding are skipped.
 * A tile is 4 filters × 2 rows × 4 columns; the last one of a row (and with pool = 0 the last row pair) starts early
 * enough to stay inside the map, the outputs it shares with the one before written twice, alike. When the columns
 * are 4j + 2, the last 2 columns of two row pairs are one tile (2 columns × 2 rows per vector) instead.
 */
export function convDirect(xp: usize, c: i32, hp: i32, wp: i32, padT: i32, h: i32, k: i32, f: i32, oh: i32, ow: i32, ap: usize, bias: usize, relu: i32, pool: i32, y: usize): void {
  const aPanel = <usize>((c * k * k + 1) & ~1) << 4;
  const wpb = <usize>wp << 2;
  // extent of the outputs computed: with pool, the conv outputs under whole windows
  const rows = pool ? oh & ~1 : oh;
  const cols = pool ? ow & ~1 : ow;
  const tail = (cols & 3) == 2;
  const main = tail ? cols - 2 : cols;
  const yw = pool ? ow >> 1 : ow;
  const rowb = <usize>yw << 2;
  const plane = <usize>((pool ? oh >> 1 : oh) * yw) << 2;
  for (let t = 0; t < rows; t += 2) {
    const oy = min(t, rows - 2);
    const lo = kyLo(padT, oy + 1);
    const kyN = kyCount(padT, h, k, oy, oy + 1);
    const skipA = <usize>((k - kyN) * k) << 4;
    const skipRow = <usize>(hp - kyN) * wpb;
    for (let g = 0; g < main; g += 4) {
      const ox = min(g, main - 4);
      const xo = xp + (<usize>((oy + lo) * wp + ox) << 2);
      let apan = ap + (<usize>(lo * k) << 4);
      for (let f0 = 0; f0 < f; f0 += 4) {
        tile<f32>(xo, xo + wpb, wpb, apan, c, k, kyN, skipRow, skipA, min(4, f - f0), bias + (<usize>f0 << 2), relu, pool, y + <usize>f0 * plane, plane, rowb, oy, oy + 1, ox);
        apan += aPanel;
      }
    }
    if (tail && (t & 2) == 0) {
      // the last 2 columns of this row pair and the next (or of this one twice, at the end)
      const oy1 = min(oy + 2, rows - 2);
      const lo2 = kyLo(padT, oy1 + 1);
      const kyN2 = kyCount(padT, h, k, oy, oy1 + 1);
      const x0 = xp + (<usize>((oy + lo2) * wp + main) << 2);
      let apan = ap + (<usize>(lo2 * k) << 4);
      for (let f0 = 0; f0 < f; f0 += 4) {
        tile<f64>(x0, x0 + <usize>(oy1 - oy) * wpb, wpb, apan, c, k, kyN2, <usize>(hp - kyN2) * wpb, <usize>((k - kyN2) * k) << 4, min(4, f - f0), bias + (<usize>f0 << 2), relu, pool, y + <usize>f0 * plane, plane, rowb, oy, oy1, main);
        apan += aPanel;
      }
    }
  }
}
