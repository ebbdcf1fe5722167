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

/** Filter r's two output rows (4 columns each) to y (pool = 0), plane r of the tile's first filter at yr. */
@inline function storeRows(r0: v128, r1: v128, bias: usize, relu: i32, yr: usize, rowb: usize): void {
  const b = v128.load32_splat(bias);
  v128.store(yr, epilogue(r0, b, relu));
  v128.store(yr + rowb, epilogue(r1, b, relu));
}

/**
 * Two filters' 2×4 outputs pooled (2×2 windows, stride 2) to 2 values each, + bias, ReLU, stored to planes at y0
 * and y0 + plane. Max pooling commutes with adding a bias and with ReLU (both monotone), so they come after it.
 */
@inline function storePooled(a0: v128, a1: v128, b0: v128, b1: v128, bias: usize, relu: i32, y0: usize, plane: usize, both: bool): void {
  const ma = f32x4.pmax(a0, a1);
  const mb = f32x4.pmax(b0, b1);
  const m = f32x4.pmax(v128.shuffle<f32>(ma, mb, 0, 2, 4, 6), v128.shuffle<f32>(ma, mb, 1, 3, 5, 7));
  const bv = v128.shuffle<f32>(v128.load32_splat(bias), v128.load32_splat(bias + (both ? 4 : 0)), 0, 1, 4, 5);
  const v = epilogue(m, bv, relu);
  v128.store64_lane(y0, v, 0);
  if (both) v128.store64_lane(y0 + plane, v, 1);
}

/**
 * y[f, oy, ox] = bias[f] + Σ w[f, ci, ky, kx] · xp[ci, oy + ky, ox + kx] (max(·, 0) when relu) for f filters of
 * k×k over c planes of hp×wp (already padded: oh = hp − k + 1 ≥ 2, ow = wp − k + 1 ≥ 4; rows padT to padT + h − 1
 * hold the image, the others zeros). ap: the filters as packA panels (m = f, k = c·k·k). pool: y gets the 2×2 maxima (stride 2) instead, f × ⌊oh/2⌋ × ⌊ow/2⌋.
 * One tile: 4 filters × 2 rows × 4 columns. The last tile of a row (and with pool = 0 the last row pair) starts
 * early enough to stay inside the map; the outputs it shares with the one before are written twice, alike.
 */
export function convDirect(xp: usize, c: i32, hp: i32, wp: i32, padT: i32, h: i32, k: i32, f: i32, oh: i32, ow: i32, ap: usize, bias: usize, relu: i32, pool: i32, y: usize): void {
  const aPanel = <usize>((c * k * k + 1) & ~1) << 4;
  const wpb = <usize>wp << 2;
  // extent of the outputs computed: with pool, the conv outputs under whole windows
  const rows = pool ? oh & ~1 : oh;
  const cols = pool ? ow & ~1 : ow;
  const yw = pool ? ow >> 1 : ow;
  const plane = <usize>((pool ? oh >> 1 : oh) * yw) << 2;
  for (let t = 0; t < rows; t += 2) {
    const oy = min(t, rows - 2);
    // window rows that are padding for both output rows add nothing: skipped (rows ky of every channel)
    const kyLo = max(0, padT - oy - 1);
    const kyN = max(0, min(k, padT + h - oy) - kyLo);
    const skipA = <usize>((k - kyN) * k) << 4;
    const skipRow = <usize>(hp - kyN) * wpb;
    for (let g = 0; g < cols; g += 4) {
      const ox = min(g, cols - 4);
      const xo = xp + (<usize>((oy + kyLo) * wp + ox) << 2);
      let apan = ap;
      for (let f0 = 0; f0 < f; f0 += 4) {
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        let a = apan + (<usize>(kyLo * k) << 4);
        // the k×k window of each channel: k rows of k steps, each step 4 neighbouring inputs in 2 rows
        let row = xo;
        for (let ci = 0; ci < c; ci++) {
          for (let ky = 0; ky < kyN; ky++) {
            const rend = row + (<usize>k << 2);
            for (let bp = row; bp < rend; bp += 4) {
              const b0 = v128.load(bp);
              const b1 = v128.load(bp + wpb);
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
            row += wpb;
          }
          row += skipRow;
          a += skipA;
        }
        const n = min(4, f - f0);
        const bf = bias + (<usize>f0 << 2);
        if (pool) {
          const y0 = y + <usize>f0 * plane + (<usize>((oy >> 1) * yw + (ox >> 1)) << 2);
          storePooled(c00, c01, c10, c11, bf, relu, y0, plane, n > 1);
          if (n > 2) storePooled(c20, c21, c30, c31, bf + 8, relu, y0 + 2 * plane, plane, n > 3);
        } else {
          const yr = y + <usize>f0 * plane + (<usize>(oy * ow + ox) << 2);
          const rowb = <usize>ow << 2;
          storeRows(c00, c01, bf, relu, yr, rowb);
          if (n > 1) storeRows(c10, c11, bf + 4, relu, yr + plane, rowb);
          if (n > 2) storeRows(c20, c21, bf + 8, relu, yr + 2 * plane, rowb);
          if (n > 3) storeRows(c30, c31, bf + 12, relu, yr + 3 * plane, rowb);
        }
        apan += aPanel;
      }
    }
  }
}
