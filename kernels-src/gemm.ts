// AssemblyScript: packed-panel f32 GEMM with a 4×8 WebAssembly SIMD register tile (8 f32x4 accumulators).
// All pointers are byte addresses into linear memory; strides and sizes are in elements. Compiled by build.mjs.

const MR = 4;
const NR = 8;

/** Packed panels are padded to an even k so the inner loop can run two steps per iteration. */
@inline function evenK(k: i32): i32 {
  return (k + 1) & ~1;
}

/** Writes the transpose of the 4×4 block with rows r0..r3 as 4 vectors, `stride` bytes apart. */
@inline export function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + stride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** Packs an m×k matrix (element (i,p) at a[i*rs + p*cs]) into MR-row panels: dst[panel][p][r], zero padded. */
export function packA(m: i32, k: i32, a: usize, rs: i32, cs: i32, dst: usize): void {
  const kp = evenK(k);
  for (let i0 = 0; i0 < m; i0 += MR) {
    const rows = min(MR, m - i0);
    if (rows == MR && cs == 1) {
      const r0 = a + (<usize>(i0 * rs) << 2);
      const r1 = r0 + (<usize>rs << 2);
      const r2 = r1 + (<usize>rs << 2);
      const r3 = r2 + (<usize>rs << 2);
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const o = <usize>p << 2;
        transpose4(v128.load(r0 + o), v128.load(r1 + o), v128.load(r2 + o), v128.load(r3 + o), dst, 16);
        dst += 64;
      }
      for (; p < k; p++) {
        const o = <usize>p << 2;
        store<f32>(dst, load<f32>(r0 + o));
        store<f32>(dst, load<f32>(r1 + o), 4);
        store<f32>(dst, load<f32>(r2 + o), 8);
        store<f32>(dst, load<f32>(r3 + o), 12);
        dst += 16;
      }
    } else {
      for (let p = 0; p < k; p++) {
        for (let r = 0; r < MR; r++) {
          store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(a + (<usize>((i0 + r) * rs + p * cs) << 2)) : 0);
        }
        dst += 16;
      }
    }
    if (kp > k) {
      v128.store(dst, f32x4.splat(0));
      dst += 16;
    }
  }
}

/** Packs a k×n matrix (element (p,j) at b[p*rs + j*cs]) into NR-column panels: dst[panel][p][q], zero padded. */
export function packB(k: i32, n: i32, b: usize, rs: i32, cs: i32, dst: usize): void {
  const kp = evenK(k);
  for (let j0 = 0; j0 < n; j0 += NR) {
    const cols = min(NR, n - j0);
    if (cols == NR && rs == 1) {
      const c0 = b + (<usize>(j0 * cs) << 2);
      const step = <usize>cs << 2;
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const o = c0 + (<usize>p << 2);
        transpose4(v128.load(o), v128.load(o + step), v128.load(o + 2 * step), v128.load(o + 3 * step), dst, 32);
        const o4 = o + 4 * step;
        transpose4(v128.load(o4), v128.load(o4 + step), v128.load(o4 + 2 * step), v128.load(o4 + 3 * step), dst + 16, 32);
        dst += 128;
      }
      for (; p < k; p++) {
        const o = c0 + (<usize>p << 2);
        for (let q = 0; q < NR; q++) store<f32>(dst + (<usize>q << 2), load<f32>(o + <usize>q * step));
        dst += 32;
      }
    } else if (cols == NR && cs == 1) {
      let src = b + (<usize>j0 << 2);
      const step = <usize>rs << 2;
      for (let p = 0; p < k; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += step;
        dst += 32;
      }
    } else {
      for (let p = 0; p < k; p++) {
        for (let q = 0; q < NR; q++) {
          store<f32>(dst + (<usize>q << 2), q < cols ? load<f32>(b + (<usize>(p * rs + (j0 + q) * cs) << 2)) : 0);
        }
        dst += 32;
      }
    }
    if (kp > k) {
      v128.store(dst, f32x4.splat(0));
      v128.store(dst, f32x4.splat(0), 16);
      dst += 32;
    }
  }
}

/**
 * acc + a·b. Built twice (kernels-src/build.mjs): with relaxed SIMD it is one `f32x4.relaxed_madd` (a fused
 * multiply-add where the CPU has one, so the tile needs half the arithmetic instructions); without, mul then add.
 */
@inline function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * One 4×8 tile: c (row stride ldcb bytes) = beta·c + Apanel·B over `steps` k steps; B's 8 columns for one k are at
 * bp, the next k's `bstep` bytes on (32 in a packed panel, a row's bytes when read in place from a row-major B).
 */
@inline function tile(steps: i32, ap: usize, bp: usize, bstep: usize, c: usize, ldcb: usize, beta: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = ap + (<usize>steps << 4);
  // One k step per iteration: unrolling by two measured ~35 % slower under V8 (register pressure).
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 16;
    bp += bstep;
  }
  if (beta) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldcb));
    c11 = f32x4.add(c11, v128.load(c + ldcb, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldcb));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldcb, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldcb));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldcb, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldcb, c10);
  v128.store(c + ldcb, c11, 16);
  v128.store(c + 2 * ldcb, c20);
  v128.store(c + 2 * ldcb, c21, 16);
  v128.store(c + 3 * ldcb, c30);
  v128.store(c + 3 * ldcb, c31, 16);
}

/** Copies the first rows×cols of a 4×8 tile computed into tmp to c (row stride ldcb bytes), added when beta. */
@inline function edgeTile(tmp: usize, rows: i32, cols: i32, c: usize, ldcb: usize, beta: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const dst = c + <usize>r * ldcb + (<usize>q << 2);
      const v = load<f32>(tmp + (<usize>(r * NR + q) << 2));
      store<f32>(dst, beta ? load<f32>(dst) + v : v);
    }
  }
}

/**
 * C[m,n] (row stride ldc) = (beta ? C : 0) + A·B from packed panels (packA/packB with the same k).
 * tmp: 32 floats of scratch for edge tiles.
 */
export function gemmPacked(m: i32, n: i32, k: i32, ap: usize, bp: usize, c: usize, ldc: i32, beta: i32, tmp: usize): void {
  const kp = evenK(k);
  const aPanel = <usize>(kp * MR) << 2;
  const bPanel = <usize>(kp * NR) << 2;
  const ldcb = <usize>ldc << 2;
  let bpan = bp;
  for (let j0 = 0; j0 < n; j0 += NR) {
    const cols = min(NR, n - j0);
    let apan = ap;
    for (let i0 = 0; i0 < m; i0 += MR) {
      const rows = min(MR, m - i0);
      const ct = c + <usize>i0 * ldcb + (<usize>j0 << 2);
      if (rows == MR && cols == NR) {
        tile(kp, apan, bpan, 32, ct, ldcb, beta);
      } else {
        tile(kp, apan, bpan, 32, tmp, 32, 0);
        edgeTile(tmp, rows, cols, ct, ldcb, beta);
      }
      apan += aPanel;
    }
    bpan += bPanel;
  }
}

/**
 * C[m,n] (row stride ldc) = (beta ? C : 0) + A·B with A packed (packA) and B [k,n] read in place, row stride ldb,
 * for n a multiple of 8: no packB pass over a B that is used once per call (dense dX = dy·W reads K's 128×9216
 * weights so). tmp: 32 floats of scratch for a last tile of fewer than 4 rows.
 */
export function gemmRowB(m: i32, n: i32, k: i32, ap: usize, b: usize, ldb: i32, c: usize, ldc: i32, beta: i32, tmp: usize): void {
  const aPanel = <usize>(evenK(k) * MR) << 2;
  const ldbb = <usize>ldb << 2;
  const ldcb = <usize>ldc << 2;
  for (let j0 = 0; j0 < n; j0 += NR) {
    const bcol = b + (<usize>j0 << 2);
    let apan = ap;
    for (let i0 = 0; i0 < m; i0 += MR) {
      const rows = min(MR, m - i0);
      const ct = c + <usize>i0 * ldcb + (<usize>j0 << 2);
      if (rows == MR) {
        tile(k, apan, bcol, ldbb, ct, ldcb, beta);
      } else {
        tile(k, apan, bcol, ldbb, tmp, 32, 0);
        edgeTile(tmp, rows, NR, ct, ldcb, beta);
      }
      apan += aPanel;
    }
  }
}

/** Bytes packA needs for an m×k operand. */
export function packASize(m: i32, k: i32): i32 {
  return ((m + MR - 1) / MR) * MR * evenK(k) * 4;
}

/** Bytes packB needs for a k×n operand. */
export function packBSize(k: i32, n: i32): i32 {
  return ((n + NR - 1) / NR) * NR * evenK(k) * 4;
}
