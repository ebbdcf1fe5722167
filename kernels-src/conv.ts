// AssemblyScript: the non-GEMM parts of convolution and dense layers (im2col, col2im, bias + ReLU epilogues,
// row sums for bias gradients, ReLU masks; max pooling is in pool.ts). Pointers are byte addresses; sizes are in elements.
import { transpose4 } from './gemm';

/** col[(ci*k + ky)*k + kx, oy*ow + ox] = x[ci, oy*s − padT + ky, ox*s − padL + kx], zero outside. */
export function im2col(x: usize, c: i32, h: i32, w: i32, k: i32, s: i32, padT: i32, padL: i32, oh: i32, ow: i32, col: usize): void {
  let dst = col;
  for (let ci = 0; ci < c; ci++) {
    const xc = x + (<usize>(ci * h * w) << 2);
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++) {
        // ox range whose input column lies inside the image: 0 ≤ ox*s − padL + kx < w.
        const off = kx - padL;
        let lo = off >= 0 ? 0 : (-off + s - 1) / s;
        let hi = (w - 1 - off) >= 0 ? (w - 1 - off) / s + 1 : 0;
        if (hi > ow) hi = ow;
        if (lo > hi) lo = hi;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * s - padT + ky;
          if (iy < 0 || iy >= h) {
            memory.fill(dst, 0, <usize>ow << 2);
          } else {
            const xr = xc + (<usize>(iy * w + off) << 2);
            for (let ox = 0; ox < lo; ox++) store<f32>(dst + (<usize>ox << 2), 0);
            if (s == 1) {
              // Rows are short (tens of floats): an inline vector loop beats memory.copy's call.
              let ox = lo;
              for (; ox + 4 <= hi; ox += 4) v128.store(dst + (<usize>ox << 2), v128.load(xr + (<usize>ox << 2)));
              for (; ox < hi; ox++) store<f32>(dst + (<usize>ox << 2), load<f32>(xr + (<usize>ox << 2)));
            } else {
              for (let ox = lo; ox < hi; ox++) store<f32>(dst + (<usize>ox << 2), load<f32>(xr + (<usize>(ox * s) << 2)));
            }
            for (let ox = hi; ox < ow; ox++) store<f32>(dst + (<usize>ox << 2), 0);
          }
          dst += <usize>ow << 2;
        }
      }
    }
  }
}

/** The adjoint of im2col: dx[ci, iy, ix] += col[...] for every window position that read it. */
export function col2im(col: usize, c: i32, h: i32, w: i32, k: i32, s: i32, padT: i32, padL: i32, oh: i32, ow: i32, dx: usize): void {
  let src = col;
  for (let ci = 0; ci < c; ci++) {
    const xc = dx + (<usize>(ci * h * w) << 2);
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++) {
        const off = kx - padL;
        let lo = off >= 0 ? 0 : (-off + s - 1) / s;
        let hi = (w - 1 - off) >= 0 ? (w - 1 - off) / s + 1 : 0;
        if (hi > ow) hi = ow;
        if (lo > hi) lo = hi;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * s - padT + ky;
          if (iy >= 0 && iy < h) {
            const xr = xc + (<usize>(iy * w + off) << 2);
            if (s == 1) {
              let ox = lo;
              for (; ox + 4 <= hi; ox += 4) {
                const d = xr + (<usize>ox << 2);
                v128.store(d, f32x4.add(v128.load(d), v128.load(src + (<usize>ox << 2))));
              }
              for (; ox < hi; ox++) {
                const d = xr + (<usize>ox << 2);
                store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>ox << 2)));
              }
            } else {
              for (let ox = lo; ox < hi; ox++) {
                const d = xr + (<usize>(ox * s) << 2);
                store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>ox << 2)));
              }
            }
          }
          src += <usize>ow << 2;
        }
      }
    }
  }
}

/** y[r, :] += bias[r] (one bias per row, as for conv output [F, P]); then max(·, 0) when relu. */
export function biasRows(y: usize, rows: i32, cols: i32, bias: usize, relu: i32): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const bv = load<f32>(bias + (<usize>r << 2));
    const b4 = f32x4.splat(bv);
    let p = y + (<usize>(r * cols) << 2);
    const end = p + (<usize>cols << 2);
    for (; p + 16 <= end; p += 16) {
      const v = f32x4.add(v128.load(p), b4);
      v128.store(p, relu ? f32x4.pmax(zero, v) : v);
    }
    for (; p < end; p += 4) {
      const v = load<f32>(p) + bv;
      store<f32>(p, relu && v < 0 ? 0 : v);
    }
  }
}

/** y[:, c] += bias[c] (one bias per column, as for dense output [N, out]); then max(·, 0) when relu. */
export function biasCols(y: usize, rows: i32, cols: i32, bias: usize, relu: i32): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const row = y + (<usize>(r * cols) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const p = row + (<usize>j << 2);
      const v = f32x4.add(v128.load(p), v128.load(bias + (<usize>j << 2)));
      v128.store(p, relu ? f32x4.pmax(zero, v) : v);
    }
    for (; j < cols; j++) {
      const p = row + (<usize>j << 2);
      const v = load<f32>(p) + load<f32>(bias + (<usize>j << 2));
      store<f32>(p, relu && v < 0 ? 0 : v);
    }
  }
}

/** out[r] += Σ_j a[r, j] (bias gradient of conv: rows = filters). */
export function rowSumsAdd(a: usize, rows: i32, cols: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    let p = a + (<usize>(r * cols) << 2);
    const end = p + (<usize>cols << 2);
    let acc = f32x4.splat(0);
    for (; p + 16 <= end; p += 16) acc = f32x4.add(acc, v128.load(p));
    let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; p < end; p += 4) s += load<f32>(p);
    const o = out + (<usize>r << 2);
    store<f32>(o, load<f32>(o) + s);
  }
}

/** out[j] += Σ_r a[r, j] (bias gradient of dense: rows = batch). */
export function colSumsAdd(a: usize, rows: i32, cols: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = a + (<usize>(r * cols) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = out + (<usize>j << 2);
      v128.store(o, f32x4.add(v128.load(o), v128.load(row + (<usize>j << 2))));
    }
    for (; j < cols; j++) {
      const o = out + (<usize>j << 2);
      store<f32>(o, load<f32>(o) + load<f32>(row + (<usize>j << 2)));
    }
  }
}

/** dst[c, r] += src[r, c] for an r×c source. */
export function transposeAdd(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = dst + (<usize>(c * rows + r) << 2);
      store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>(r * cols + c) << 2)));
    }
  }
}

/** dy[i] = y[i] > 0 ? dy[i] : 0 (backward of a ReLU fused into the layer that produced y). */
export function reluMask(dy: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dy + o, v128.and(v128.load(dy + o), f32x4.gt(v128.load(y + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    if (!(load<f32>(y + o) > 0)) store<f32>(dy + o, 0);
  }
}

/**
 * im2col written straight into packB's 8-column panel layout (B = col [c·k·k, oh·ow]), so the forward GEMM needs
 * no separate packing pass. When a panel's 8 outputs lie in one output row (stride 1, inside the image) each
 * panel row is two unaligned vector loads; other panels fall back to per-element bounds checks.
 */
export function im2colPacked(x: usize, c: i32, h: i32, w: i32, k: i32, s: i32, padT: i32, padL: i32, oh: i32, ow: i32, dst: usize): void {
  const ckk = c * k * k;
  const kp = (ckk + 1) & ~1;
  const p = oh * ow;
  for (let j0 = 0; j0 < p; j0 += 8) {
    const oy = j0 / ow;
    const ox0 = j0 - oy * ow;
    const oneRow = s == 1 && ox0 + 8 <= ow && j0 + 8 <= p;
    let out = dst + (<usize>(j0 >> 3) * <usize>kp << 5);
    for (let ci = 0; ci < c; ci++) {
      const xc = x + (<usize>(ci * h * w) << 2);
      for (let ky = 0; ky < k; ky++) {
        for (let kx = 0; kx < k; kx++) {
          const iy = oy * s - padT + ky;
          const ix0 = ox0 * s - padL + kx;
          if (oneRow && iy >= 0 && iy < h && ix0 >= 0 && ix0 + 8 <= w) {
            const src = xc + (<usize>(iy * w + ix0) << 2);
            v128.store(out, v128.load(src));
            v128.store(out, v128.load(src, 16), 16);
          } else if (oneRow) {
            if (iy < 0 || iy >= h) {
              v128.store(out, f32x4.splat(0));
              v128.store(out, f32x4.splat(0), 16);
            } else {
              const row = xc + (<usize>(iy * w) << 2);
              for (let q = 0; q < 8; q++) {
                const xx = ix0 + q;
                store<f32>(out + (<usize>q << 2), xx >= 0 && xx < w ? load<f32>(row + (<usize>xx << 2)) : 0);
              }
            }
          } else {
            for (let q = 0; q < 8; q++) {
              const jq = j0 + q;
              let v: f32 = 0;
              if (jq < p) {
                const qy = jq / ow;
                const yy = qy * s - padT + ky;
                const xx = (jq - qy * ow) * s - padL + kx;
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) v = load<f32>(xc + (<usize>(yy * w + xx) << 2));
              }
              store<f32>(out + (<usize>q << 2), v);
            }
          }
          out += 32;
        }
      }
    }
    if (kp > ckk) {
      v128.store(out, f32x4.splat(0));
      v128.store(out, f32x4.splat(0), 16);
    }
  }
}

/** Byte address in xp (c planes of hp×wp) of the first input under row r = (ci·k + ky)·k + kx of the columns. */
@inline function windowAt(xp: usize, r: i32, k: i32, hp: i32, wp: i32): usize {
  const ci = r / (k * k);
  const ky = (r - ci * k * k) / k;
  const kx = r - ci * k * k - ky * k;
  return xp + (<usize>((ci * hp + ky) * wp + kx) << 2);
}

/**
 * im2col of a stride-1 layer written straight into packA's 4-row panel layout (A = col [c·k·k, oh·ow], k padded to
 * even), for the filter gradient's GEMM: no col matrix and no packing pass. xp: c planes of hp×wp already zero-padded
 * (hp ≥ oh + k − 1, wp ≥ ow + k − 1), so every window is read without bounds checks: 4 outputs of a row are one
 * unaligned load per panel row, 4 rows transposed to 4 panel columns. Rows of ≥ 4 outputs end with an overlapping
 * group (the same values, written twice).
 */
export function im2colPackedA(xp: usize, c: i32, hp: i32, wp: i32, k: i32, oh: i32, ow: i32, dst: usize): void {
  const ckk = c * k * k;
  const p = oh * ow;
  const panel = <usize>((p + 1) & ~1) << 4;
  const zero = f32x4.splat(0);
  for (let r0 = 0; r0 < ckk; r0 += 4) {
    // each panel row's window origin in xp (bytes); rows past ckk read as zeros
    const n = min(4, ckk - r0);
    const o0 = windowAt(xp, r0, k, hp, wp);
    const o1 = n > 1 ? windowAt(xp, r0 + 1, k, hp, wp) : 0;
    const o2 = n > 2 ? windowAt(xp, r0 + 2, k, hp, wp) : 0;
    const o3 = n > 3 ? windowAt(xp, r0 + 3, k, hp, wp) : 0;
    const out = dst + <usize>(r0 >> 2) * panel;
    for (let oy = 0; oy < oh; oy++) {
      const row = <usize>(oy * wp) << 2;
      const q0 = out + (<usize>(oy * ow) << 4);
      if (ow >= 4) {
        for (let g = 0; g < ow; g += 4) {
          const ox = min(g, ow - 4);
          const at = row + (<usize>ox << 2);
          const v0 = v128.load(o0 + at);
          const v1 = n > 1 ? v128.load(o1 + at) : zero;
          const v2 = n > 2 ? v128.load(o2 + at) : zero;
          const v3 = n > 3 ? v128.load(o3 + at) : zero;
          transpose4(v0, v1, v2, v3, q0 + (<usize>ox << 4), 16);
        }
      } else {
        for (let ox = 0; ox < ow; ox++) {
          const at = row + (<usize>ox << 2);
          const d = q0 + (<usize>ox << 4);
          store<f32>(d, load<f32>(o0 + at));
          store<f32>(d, n > 1 ? load<f32>(o1 + at) : 0, 4);
          store<f32>(d, n > 2 ? load<f32>(o2 + at) : 0, 8);
          store<f32>(d, n > 3 ? load<f32>(o3 + at) : 0, 12);
        }
      }
    }
    if (p & 1) v128.store(out + (<usize>p << 4), zero);
  }
}
