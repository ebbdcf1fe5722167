// AssemblyScript: direct stride-1 convolution for inference, without im2col. The GEMM's 4×8 register tile (4 filters
// × 8 neighbouring outputs of one row) reads its B operand in place from a zero-padded input map: for each
// (channel, ky, kx) the 8 inputs under the 8 windows are 8 consecutive floats, two unaligned vector loads.

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
  const rows = min(h, hp - padT);
  const cols = min(w, wp - padL);
  for (let ci = 0; ci < c; ci++) {
    for (let iy = 0; iy < rows; iy++) {
      const src = x + (<usize>((ci * h + iy) * w) << 2);
      const d = dst + (<usize>((ci * hp + padT + iy) * wp + padL) << 2);
      let ix = 0;
      for (; ix + 4 <= cols; ix += 4) v128.store(d + (<usize>ix << 2), v128.load(src + (<usize>ix << 2)));
      for (; ix < cols; ix++) store<f32>(d + (<usize>ix << 2), load<f32>(src + (<usize>ix << 2)));
    }
  }
}

/** v + bias, then max(·, 0) when relu. */
@inline function epilogue(v: v128, b: v128, relu: i32): v128 {
  const s = f32x4.add(v, b);
  return relu ? f32x4.pmax(s, f32x4.splat(0)) : s;
}

/**
 * y[f, oy, ox] = bias[f] + Σ w[f, ci, ky, kx] · xp[ci, oy + ky, ox + kx] (max(·, 0) when relu) for f filters of
 * k×k over c planes of hp×wp (already padded: oh = hp − k + 1, ow = wp − k + 1, ow ≥ 8). ap: the filters as packA
 * panels (m = f, k = c·k·k). A row's last 8 outputs start at ow − 8, so no window leaves the map; the outputs they
 * share with the group before are written twice, with the same values.
 */
export function convDirect(xp: usize, c: i32, hp: i32, wp: i32, k: i32, f: i32, oh: i32, ow: i32, ap: usize, bias: usize, relu: i32, y: usize): void {
  const kk = c * k * k;
  const aPanel = <usize>((kk + 1) & ~1) << 4;
  const plane = <usize>(oh * ow) << 2;
  for (let oy = 0; oy < oh; oy++) {
    for (let g = 0; g < ow; g += 8) {
      const ox = min(g, ow - 8);
      const xo = xp + (<usize>(oy * wp + ox) << 2);
      const yo = y + (<usize>(oy * ow + ox) << 2);
      let apan = ap;
      for (let f0 = 0; f0 < f; f0 += 4) {
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        let a = apan;
        // the k×k window of each channel: k rows of k steps, each step 8 neighbouring inputs
        let row = xo;
        for (let ci = 0; ci < c; ci++) {
          for (let ky = 0; ky < k; ky++) {
            const rend = row + (<usize>k << 2);
            for (let bp = row; bp < rend; bp += 4) {
              const b0 = v128.load(bp);
              const b1 = v128.load(bp, 16);
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
            row += <usize>wp << 2;
          }
          row += <usize>((hp - k) * wp) << 2;
        }
        const rows = min(4, f - f0);
        let yr = yo + <usize>f0 * plane;
        let bv = v128.load32_splat(bias + (<usize>f0 << 2));
        v128.store(yr, epilogue(c00, bv, relu));
        v128.store(yr, epilogue(c01, bv, relu), 16);
        if (rows > 1) {
          yr += plane;
          bv = v128.load32_splat(bias + (<usize>(f0 + 1) << 2));
          v128.store(yr, epilogue(c10, bv, relu));
          v128.store(yr, epilogue(c11, bv, relu), 16);
        }
        if (rows > 2) {
          yr += plane;
          bv = v128.load32_splat(bias + (<usize>(f0 + 2) << 2));
          v128.store(yr, epilogue(c20, bv, relu));
          v128.store(yr, epilogue(c21, bv, relu), 16);
        }
        if (rows > 3) {
          yr += plane;
          bv = v128.load32_splat(bias + (<usize>(f0 + 3) << 2));
          v128.store(yr, epilogue(c30, bv, relu));
          v128.store(yr, epilogue(c31, bv, relu), 16);
        }
        apan += aPanel;
      }
    }
  }
}
