// AssemblyScript: the non-GEMM parts of convolution and dense layers (im2col, col2im, bias + ReLU epilogues,
// row sums for bias gradients, ReLU masks, max pooling). Pointers are byte addresses; sizes are in elements.

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

/** a where the mask m (all ones or all zeros per lane, from a comparison) is set, else b: one blend with relaxed SIMD. */
// @ts-ignore: decorator
@inline
function pick(a: v128, b: v128, m: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_laneselect<i32>(a, b, m);
  return v128.bitselect(a, b, m);
}

/** 2×2 windows, stride 2, four outputs per step: the first maximum in order (0,0), (0,1), (1,0), (1,1). */
function maxPool2x2(x: usize, nc: i32, h: i32, w: i32, oh: i32, ow: i32, y: usize, argmax: usize): void {
  let o: usize = 0;
  const step = i32x4(0, 2, 4, 6);
  // each lane's winner as an offset from its window's first element: 0, 1, w or w + 1
  const one = i32x4.splat(1);
  const below = i32x4.splat(w);
  const belowRight = i32x4.splat(w + 1);
  for (let plane = 0; plane < nc; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const r0 = base + 2 * oy * w;
      const p0 = x + (<usize>r0 << 2);
      const p1 = p0 + (<usize>w << 2);
      let ox = 0;
      let first = i32x4.add(i32x4.splat(r0), step);
      for (; ox + 4 <= ow; ox += 4) {
        const off = <usize>(2 * ox) << 2;
        const u0 = v128.load(p0 + off);
        const u1 = v128.load(p0 + off, 16);
        const l0 = v128.load(p1 + off);
        const l1 = v128.load(p1 + off, 16);
        const a = v128.shuffle<f32>(u0, u1, 0, 2, 4, 6);
        const b = v128.shuffle<f32>(u0, u1, 1, 3, 5, 7);
        const c = v128.shuffle<f32>(l0, l1, 0, 2, 4, 6);
        const d = v128.shuffle<f32>(l0, l1, 1, 3, 5, 7);
        let m = f32x4.gt(b, a);
        let best = pick(b, a, m);
        let q = v128.and(m, one);
        m = f32x4.gt(c, best);
        best = pick(c, best, m);
        q = pick(below, q, m);
        m = f32x4.gt(d, best);
        best = pick(d, best, m);
        q = pick(belowRight, q, m);
        const idx = i32x4.add(first, q);
        first = i32x4.add(first, i32x4.splat(8));
        v128.store(y + o, best);
        v128.store(argmax + o, idx);
        o += 16;
      }
      for (; ox < ow; ox++) {
        let bi = r0 + 2 * ox;
        let best = load<f32>(x + (<usize>bi << 2));
        for (let q = 1; q < 4; q++) {
          const i = r0 + 2 * ox + (q >> 1) * w + (q & 1);
          const v = load<f32>(x + (<usize>i << 2));
          const better = v > best;
          best = select<f32>(v, best, better);
          bi = select<i32>(i, bi, better);
        }
        store<f32>(y + o, best);
        store<i32>(argmax + o, bi);
        o += 4;
      }
    }
  }
}

/** 2×2 windows, stride 2, maxima only (inference: no winners recorded), four outputs per step. */
function maxPool2x2Values(x: usize, nc: i32, h: i32, w: i32, oh: i32, ow: i32, y: usize): void {
  let o = y;
  for (let plane = 0; plane < nc; plane++) {
    const base = x + (<usize>(plane * h * w) << 2);
    for (let oy = 0; oy < oh; oy++) {
      const p0 = base + (<usize>(2 * oy * w) << 2);
      const p1 = p0 + (<usize>w << 2);
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4) {
        const off = <usize>(2 * ox) << 2;
        // the larger of the two rows, then of each even/odd column pair (pmax: one instruction, where max's NaN and
        // −0 rules take several)
        const m0 = f32x4.pmax(v128.load(p0 + off), v128.load(p1 + off));
        const m1 = f32x4.pmax(v128.load(p0 + off, 16), v128.load(p1 + off, 16));
        v128.store(o, f32x4.pmax(v128.shuffle<f32>(m0, m1, 0, 2, 4, 6), v128.shuffle<f32>(m0, m1, 1, 3, 5, 7)));
        o += 16;
      }
      for (; ox < ow; ox++) {
        const off = <usize>(2 * ox) << 2;
        const u0 = load<f32>(p0 + off);
        const u1 = load<f32>(p0 + off, 4);
        const l0 = load<f32>(p1 + off);
        const l1 = load<f32>(p1 + off, 4);
        const a = select<f32>(u1, u0, u1 > u0);
        const b = select<f32>(l1, l0, l1 > l0);
        store<f32>(o, select<f32>(b, a, b > a));
        o += 4;
      }
    }
  }
}

/**
 * Max pooling over nc planes of h×w; argmax[o] = flat index into x of the window's first maximum. argmax = 0: the
 * maxima only (inference).
 */
export function maxPool2d(x: usize, nc: i32, h: i32, w: i32, size: i32, s: i32, oh: i32, ow: i32, y: usize, argmax: usize): void {
  if (size == 2 && s == 2) {
    if (argmax == 0) maxPool2x2Values(x, nc, h, w, oh, ow, y);
    else maxPool2x2(x, nc, h, w, oh, ow, y, argmax);
    return;
  }
  let o: usize = 0;
  for (let plane = 0; plane < nc; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let bi = base + oy * s * w + ox * s;
        let best = load<f32>(x + (<usize>bi << 2));
        for (let ky = 0; ky < size; ky++) {
          const row = base + (oy * s + ky) * w + ox * s;
          for (let kx = 0; kx < size; kx++) {
            const v = load<f32>(x + (<usize>(row + kx) << 2));
            const better = v > best;
            best = select<f32>(v, best, better);
            bi = select<i32>(row + kx, bi, better);
          }
        }
        store<f32>(y + o, best);
        if (argmax != 0) store<i32>(argmax + o, bi);
        o += 4;
      }
    }
  }
}

/**
 * Max pooling's backward pass: dx (nc planes of h×w, every value written) gets each output gradient dy[o] at argmax[o],
 * the flat index into dx that maxPool2d recorded, 0 elsewhere (a sum where windows overlap). mask ≠ 0: the pooled
 * outputs of a ReLU'd map; dy[o] counts only where mask[o] > 0 (the ReLU's backward pass, done on the pooled side).
 */
export function maxPoolBackward(dy: usize, argmax: usize, mask: usize, nc: i32, h: i32, w: i32, size: i32, s: i32, oh: i32, ow: i32, dx: usize): void {
  if (size == 2 && s == 2) {
    maxPoolBackward2x2(dy, argmax, mask, nc, h, w, oh, ow, dx);
    return;
  }
  memory.fill(dx, 0, <usize>(nc * h * w) << 2);
  const n = nc * oh * ow;
  for (let o = 0; o < n; o++) {
    const i = <usize>o << 2;
    if (mask != 0 && !(load<f32>(mask + i) > 0)) continue;
    const at = dx + (<usize>load<i32>(argmax + i) << 2);
    store<f32>(at, load<f32>(at) + load<f32>(dy + i));
  }
}

/**
 * 2×2 windows, stride 2 (they do not overlap): each window's four values written at once, four windows per step, no
 * separate zeroing pass. The + 0 turns a −0 gradient into +0, as the reference's zero-then-add does.
 */
function maxPoolBackward2x2(dy: usize, argmax: usize, mask: usize, nc: i32, h: i32, w: i32, oh: i32, ow: i32, dx: usize): void {
  const step = i32x4(0, 2, 4, 6);
  const zero = f32x4.splat(0);
  let o: usize = 0;
  for (let plane = 0; plane < nc; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const r0 = base + 2 * oy * w;
      const p0 = dx + (<usize>r0 << 2);
      const p1 = p0 + (<usize>w << 2);
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4) {
        let g = v128.load(dy + o);
        if (mask != 0) g = v128.and(g, f32x4.gt(v128.load(mask + o), zero));
        const id = v128.load(argmax + o);
        const i00 = i32x4.add(i32x4.splat(r0 + 2 * ox), step);
        const i10 = i32x4.add(i00, i32x4.splat(w));
        const one = i32x4.splat(1);
        const a = f32x4.add(zero, v128.and(g, i32x4.eq(id, i00)));
        const b = f32x4.add(zero, v128.and(g, i32x4.eq(id, i32x4.add(i00, one))));
        const c = f32x4.add(zero, v128.and(g, i32x4.eq(id, i10)));
        const d = f32x4.add(zero, v128.and(g, i32x4.eq(id, i32x4.add(i10, one))));
        const off = <usize>(2 * ox) << 2;
        v128.store(p0 + off, v128.shuffle<f32>(a, b, 0, 4, 1, 5));
        v128.store(p0 + off, v128.shuffle<f32>(a, b, 2, 6, 3, 7), 16);
        v128.store(p1 + off, v128.shuffle<f32>(c, d, 0, 4, 1, 5));
        v128.store(p1 + off, v128.shuffle<f32>(c, d, 2, 6, 3, 7), 16);
        o += 16;
      }
      for (; ox < ow; ox++) {
        const g = mask != 0 && !(load<f32>(mask + o) > 0) ? <f32>0 : load<f32>(dy + o) + 0;
        const id = load<i32>(argmax + o);
        const i00 = r0 + 2 * ox;
        const off = <usize>(2 * ox) << 2;
        store<f32>(p0 + off, select<f32>(g, 0, id == i00));
        store<f32>(p0 + off, select<f32>(g, 0, id == i00 + 1), 4);
        store<f32>(p1 + off, select<f32>(g, 0, id == i00 + w));
        store<f32>(p1 + off, select<f32>(g, 0, id == i00 + w + 1), 4);
        o += 4;
      }
      // an odd width's last column is in no window
      for (let x = 2 * ow; x < w; x++) {
        store<f32>(p0 + (<usize>x << 2), 0);
        store<f32>(p1 + (<usize>x << 2), 0);
      }
    }
    // and so is an odd height's last row
    const done = 2 * oh * w;
    memory.fill(dx + (<usize>(base + done) << 2), 0, <usize>(h * w - done) << 2);
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
