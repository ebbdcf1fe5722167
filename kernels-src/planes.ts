// AssemblyScript: copying an image channel into a zero-padded plane, shared by the direct and Winograd kernels.

/**
 * dst[padT + iy][padL + ix] = src[iy][ix] (src h×w, dst ph×pw) for every pixel that lands inside dst (padding may be
 * negative: what falls outside is skipped); the rest of dst keeps what it held, so callers zero it once per call.
 * Rows are copied with vector loads: a memory.copy call per short row measured slower (im2col, issue #5).
 */
export function padChannel(src: usize, h: i32, w: i32, padT: i32, padL: i32, ph: i32, pw: i32, dst: usize): void {
  const r0 = max(0, padT);
  const r1 = min(ph, h + padT);
  const c0 = max(0, padL);
  const len = min(pw, w + padL) - c0;
  if (len <= 0) return;
  for (let r = r0; r < r1; r++) {
    const s = src + (<usize>((r - padT) * w + c0 - padL) << 2);
    const d = dst + (<usize>(r * pw + c0) << 2);
    let j = 0;
    for (; j + 4 <= len; j += 4) v128.store(d + (<usize>j << 2), v128.load(s + (<usize>j << 2)));
    for (; j < len; j++) store<f32>(d + (<usize>j << 2), load<f32>(s + (<usize>j << 2)));
  }
}
