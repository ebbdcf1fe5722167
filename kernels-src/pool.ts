// AssemblyScript: max pooling, forward (with or without the winners) and backward (each pooled gradient routed to its
// winner, optionally masked by a ReLU on the pooled side). Pointers are byte addresses; sizes are in elements.

/** a where the mask m (all ones or all zeros per lane, from a comparison) is set, else b: one blend with relaxed SIMD. */
// @ts-ignore: decorator
@inline
function pick(a: v128, b: v128, m: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_laneselect<i32>(a, b, m);
  return v128.bitselect(a, b, m);
}

/** 2×2 windows, stride 2, four outputs per step: the first maximum in order (0,0), (0,1), (1,0), (1,1). */
function maxPool2x2(x: usize, nc: i32, h: i32, w: i32, oh: i32, ow: i32, y: usize, argmax: usize): void {
  const step = i32x4(0, 2, 4, 6);
  // each lane's winner as an offset from its window's first element: 0, 1, w or w + 1
  const one = i32x4.splat(1);
  const below = i32x4.splat(w);
  const belowRight = i32x4.splat(w + 1);
  // rows of ≥ 4 outputs end with a vector that starts early and overlaps the one before (the same values, written twice)
  const main = ow >= 4 ? ow : 0;
  for (let plane = 0; plane < nc; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const r0 = base + 2 * oy * w;
      const p0 = x + (<usize>r0 << 2);
      const p1 = p0 + (<usize>w << 2);
      const o = <usize>((plane * oh + oy) * ow) << 2;
      for (let g = 0; g < main; g += 4) {
        const ox = min(g, ow - 4);
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
        const at = <usize>ox << 2;
        v128.store(y + o + at, best);
        v128.store(argmax + o + at, i32x4.add(i32x4.add(i32x4.splat(r0 + 2 * ox), step), q));
      }
      for (let ox = main; ox < ow; ox++) {
        let bi = r0 + 2 * ox;
        let best = load<f32>(x + (<usize>bi << 2));
        for (let q = 1; q < 4; q++) {
          const i = r0 + 2 * ox + (q >> 1) * w + (q & 1);
          const v = load<f32>(x + (<usize>i << 2));
          const better = v > best;
          best = select<f32>(v, best, better);
          bi = select<i32>(i, bi, better);
        }
        const at = o + (<usize>ox << 2);
        store<f32>(y + at, best);
        store<i32>(argmax + at, bi);
      }
    }
  }
}

/** 2×2 windows, stride 2, maxima only (inference: no winners recorded), four outputs per step. */
function maxPool2x2Values(x: usize, nc: i32, h: i32, w: i32, oh: i32, ow: i32, y: usize): void {
  // as maxPool2x2: rows of ≥ 4 outputs end with an overlapping vector
  const main = ow >= 4 ? ow : 0;
  for (let plane = 0; plane < nc; plane++) {
    const base = x + (<usize>(plane * h * w) << 2);
    for (let oy = 0; oy < oh; oy++) {
      const p0 = base + (<usize>(2 * oy * w) << 2);
      const p1 = p0 + (<usize>w << 2);
      const o = y + (<usize>((plane * oh + oy) * ow) << 2);
      for (let g = 0; g < main; g += 4) {
        const ox = min(g, ow - 4);
        const off = <usize>(2 * ox) << 2;
        // the larger of the two rows, then of each even/odd column pair (pmax: one instruction, where max's NaN and
        // −0 rules take several)
        const m0 = f32x4.pmax(v128.load(p0 + off), v128.load(p1 + off));
        const m1 = f32x4.pmax(v128.load(p0 + off, 16), v128.load(p1 + off, 16));
        v128.store(o + (<usize>ox << 2), f32x4.pmax(v128.shuffle<f32>(m0, m1, 0, 2, 4, 6), v128.shuffle<f32>(m0, m1, 1, 3, 5, 7)));
      }
      for (let ox = main; ox < ow; ox++) {
        const off = <usize>(2 * ox) << 2;
        const u0 = load<f32>(p0 + off);
        const u1 = load<f32>(p0 + off, 4);
        const l0 = load<f32>(p1 + off);
        const l1 = load<f32>(p1 + off, 4);
        const a = select<f32>(u1, u0, u1 > u0);
        const b = select<f32>(l1, l0, l1 > l0);
        store<f32>(o + (<usize>ox << 2), select<f32>(b, a, b > a));
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
 * separate zeroing pass; rows of ≥ 4 windows end with a step that overlaps the one before (the same values, written
 * twice). The + 0 turns a −0 gradient into +0, as the reference's zero-then-add does.
 */
function maxPoolBackward2x2(dy: usize, argmax: usize, mask: usize, nc: i32, h: i32, w: i32, oh: i32, ow: i32, dx: usize): void {
  const step = i32x4(0, 2, 4, 6);
  const zero = f32x4.splat(0);
  const one = i32x4.splat(1);
  const main = ow >= 4 ? ow : 0;
  for (let plane = 0; plane < nc; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const r0 = base + 2 * oy * w;
      const p0 = dx + (<usize>r0 << 2);
      const p1 = p0 + (<usize>w << 2);
      const row = <usize>((plane * oh + oy) * ow) << 2;
      for (let g = 0; g < main; g += 4) {
        const ox = min(g, ow - 4);
        const o = row + (<usize>ox << 2);
        let gv = v128.load(dy + o);
        if (mask != 0) gv = v128.and(gv, f32x4.gt(v128.load(mask + o), zero));
        const id = v128.load(argmax + o);
        const i00 = i32x4.add(i32x4.splat(r0 + 2 * ox), step);
        const i10 = i32x4.add(i00, i32x4.splat(w));
        const a = f32x4.add(zero, v128.and(gv, i32x4.eq(id, i00)));
        const b = f32x4.add(zero, v128.and(gv, i32x4.eq(id, i32x4.add(i00, one))));
        const c = f32x4.add(zero, v128.and(gv, i32x4.eq(id, i10)));
        const d = f32x4.add(zero, v128.and(gv, i32x4.eq(id, i32x4.add(i10, one))));
        const off = <usize>(2 * ox) << 2;
        v128.store(p0 + off, v128.shuffle<f32>(a, b, 0, 4, 1, 5));
        v128.store(p0 + off, v128.shuffle<f32>(a, b, 2, 6, 3, 7), 16);
        v128.store(p1 + off, v128.shuffle<f32>(c, d, 0, 4, 1, 5));
        v128.store(p1 + off, v128.shuffle<f32>(c, d, 2, 6, 3, 7), 16);
      }
      for (let ox = main; ox < ow; ox++) {
        const o = row + (<usize>ox << 2);
        const gs = mask != 0 && !(load<f32>(mask + o) > 0) ? <f32>0 : load<f32>(dy + o) + 0;
        const id = load<i32>(argmax + o);
        const i00 = r0 + 2 * ox;
        const off = <usize>(2 * ox) << 2;
        store<f32>(p0 + off, select<f32>(gs, 0, id == i00));
        store<f32>(p0 + off, select<f32>(gs, 0, id == i00 + 1), 4);
        store<f32>(p1 + off, select<f32>(gs, 0, id == i00 + w));
        store<f32>(p1 + off, select<f32>(gs, 0, id == i00 + w + 1), 4);
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
