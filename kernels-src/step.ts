// AssemblyScript, a module of its own (build.mjs): the optimizer step of data-parallel training over one shared
// memory that holds the weights, the gradient sum, the optimizer state and every replica's gradients. Each thread
// instantiates it on that memory and updates its range. It has no data or stack of its own, so instances on one
// memory share nothing else. Arithmetic in float64 lanes, the same IEEE operations in the same order as
// core/optim.ts's loops (fill, add, step), so the floats are the same bit for bit: g = fround(0 + (sa·ga + sb·gb)) is
// stored to the sum, then SGD (v = μv + g; w −= lr·v) or Adam (see adamPair). Addresses are in bytes, lo and hi in floats.

@inline function lo2(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi2(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
@inline function f32s(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}
/** fround(0 + (sa·a + sb·b)) on two float64 lanes. */
@inline function mean2(a: v128, b: v128, sa: v128, sb: v128): v128 {
  return f64x2.add(f64x2.splat(0), f64x2.add(f64x2.mul(sa, a), f64x2.mul(sb, b)));
}

export function sgdPair(w: usize, g: usize, m: usize, ga: usize, gb: usize, sa: f64, sb: f64, mu: f64, lr: f64, lo: i32, hi: i32): void {
  const vsa = f64x2.splat(sa), vsb = f64x2.splat(sb), vmu = f64x2.splat(mu), vlr = f64x2.splat(lr);
  let j = lo;
  for (; j < hi && (j & 3) != 0; j++) sgdOne(w, g, m, ga, gb, sa, sb, mu, lr, j);
  for (; j + 4 <= hi; j += 4) {
    const o = <usize>j << 2;
    const a = v128.load(ga + o), b = v128.load(gb + o), mv = v128.load(m + o), wv = v128.load(w + o);
    const gf = f32s(mean2(lo2(a), lo2(b), vsa, vsb), mean2(hi2(a), hi2(b), vsa, vsb));
    v128.store(g + o, gf);
    const v0 = f64x2.add(f64x2.mul(vmu, lo2(mv)), lo2(gf));
    const v1 = f64x2.add(f64x2.mul(vmu, hi2(mv)), hi2(gf));
    v128.store(m + o, f32s(v0, v1));
    v128.store(w + o, f32s(f64x2.sub(lo2(wv), f64x2.mul(vlr, v0)), f64x2.sub(hi2(wv), f64x2.mul(vlr, v1))));
  }
  for (; j < hi; j++) sgdOne(w, g, m, ga, gb, sa, sb, mu, lr, j);
}

@inline function sgdOne(w: usize, g: usize, m: usize, ga: usize, gb: usize, sa: f64, sb: f64, mu: f64, lr: f64, j: i32): void {
  const o = <usize>j << 2;
  const gj = <f64><f32>(0 + (sa * <f64>load<f32>(ga + o) + sb * <f64>load<f32>(gb + o)));
  store<f32>(g + o, <f32>gj);
  const vj = mu * <f64>load<f32>(m + o) + gj;
  store<f32>(m + o, <f32>vj);
  store<f32>(w + o, <f32>(<f64>load<f32>(w + o) - lr * vj));
}

/**
 * Adam: m = β₁m + c₁g; v = β₂v + (c₂g)g; w −= ((lr·m)·ms) / (√(v·vs) + ε), with the unrounded m and v; c₁, c₂ and the
 * bias corrections ms, vs come from optim.ts (adamScales), so they are its floats too.
 */
export function adamPair(w: usize, g: usize, m: usize, v: usize, ga: usize, gb: usize, sa: f64, sb: f64, b1: f64, b2: f64, c1: f64, c2: f64, ms: f64, vs: f64, lr: f64, eps: f64, lo: i32, hi: i32): void {
  const vsa = f64x2.splat(sa), vsb = f64x2.splat(sb);
  let j = lo;
  for (; j < hi && (j & 3) != 0; j++) adamOne(w, g, m, v, ga, gb, sa, sb, b1, b2, c1, c2, lr, ms, vs, eps, j);
  for (; j + 4 <= hi; j += 4) {
    const o = <usize>j << 2;
    const a = v128.load(ga + o), b = v128.load(gb + o);
    const gf = f32s(mean2(lo2(a), lo2(b), vsa, vsb), mean2(hi2(a), hi2(b), vsa, vsb));
    v128.store(g + o, gf);
    const mv = v128.load(m + o), vv = v128.load(v + o), wv = v128.load(w + o);
    const m0 = adamM(lo2(mv), lo2(gf), b1, c1), m1 = adamM(hi2(mv), hi2(gf), b1, c1);
    const v0 = adamV(lo2(vv), lo2(gf), b2, c2), v1 = adamV(hi2(vv), hi2(gf), b2, c2);
    v128.store(m + o, f32s(m0, m1));
    v128.store(v + o, f32s(v0, v1));
    v128.store(w + o, f32s(adamW(lo2(wv), m0, v0, lr, ms, vs, eps), adamW(hi2(wv), m1, v1, lr, ms, vs, eps)));
  }
  for (; j < hi; j++) adamOne(w, g, m, v, ga, gb, sa, sb, b1, b2, c1, c2, lr, ms, vs, eps, j);
}

@inline function adamM(m: v128, g: v128, b1: f64, c1: f64): v128 {
  return f64x2.add(f64x2.mul(f64x2.splat(b1), m), f64x2.mul(f64x2.splat(c1), g));
}
@inline function adamV(v: v128, g: v128, b2: f64, c2: f64): v128 {
  return f64x2.add(f64x2.mul(f64x2.splat(b2), v), f64x2.mul(f64x2.mul(f64x2.splat(c2), g), g));
}
@inline function adamW(w: v128, m: v128, v: v128, lr: f64, ms: f64, vs: f64, eps: f64): v128 {
  const num = f64x2.mul(f64x2.mul(f64x2.splat(lr), m), f64x2.splat(ms));
  return f64x2.sub(w, f64x2.div(num, f64x2.add(f64x2.sqrt(f64x2.mul(v, f64x2.splat(vs))), f64x2.splat(eps))));
}

@inline function adamOne(w: usize, g: usize, m: usize, v: usize, ga: usize, gb: usize, sa: f64, sb: f64, b1: f64, b2: f64, c1: f64, c2: f64, lr: f64, ms: f64, vs: f64, eps: f64, j: i32): void {
  const o = <usize>j << 2;
  const gj = <f64><f32>(0 + (sa * <f64>load<f32>(ga + o) + sb * <f64>load<f32>(gb + o)));
  store<f32>(g + o, <f32>gj);
  const mj = b1 * <f64>load<f32>(m + o) + c1 * gj;
  const vj = b2 * <f64>load<f32>(v + o) + c2 * gj * gj;
  store<f32>(m + o, <f32>mj);
  store<f32>(v + o, <f32>vj);
  store<f32>(w + o, <f32>(<f64>load<f32>(w + o) - (lr * mj * ms) / (Math.sqrt(vj * vs) + eps)));
}
