// The reference backend in plain TypeScript: im2col + GEMM convolution. Works on Float32 and Float64.
import type { FloatArray } from '../tensor.js';
import type { Backend, ConvGeom, PoolGeom } from './backend.js';

/** Row-major GEMM; loop orders keep the innermost loop on contiguous memory. */
export function gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: FloatArray, b: FloatArray, c: FloatArray, beta: 0 | 1): void {
  if (beta === 0) c.fill(0, 0, m * n);
  if (!transA && !transB) {
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      const ai = i * k;
      for (let p = 0; p < k; p++) {
        const av = a[ai + p];
        if (av === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
      }
    }
  } else if (!transA && transB) {
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
        c[ci + j] += s;
      }
    }
  } else if (transA && !transB) {
    for (let p = 0; p < k; p++) {
      const ap = p * m;
      const bp = p * n;
      for (let i = 0; i < m; i++) {
        const av = a[ap + i];
        if (av === 0) continue;
        const ci = i * n;
        for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[p * m + i] * b[j * k + p];
        c[ci + j] += s;
      }
    }
  }
}

/** col[(ci*k*k + ky*k + kx), oy*ow + ox] = x[ci, oy*s - padT + ky, ox*s - padL + kx] (zero outside). */
export function im2col(g: ConvGeom, x: FloatArray, xOff: number, col: FloatArray): void {
  const { c, h, w, k, stride, padT, padL, oh, ow } = g;
  const p = oh * ow;
  for (let ci = 0; ci < c; ci++) {
    const xc = xOff + ci * h * w;
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++) {
        const row = ((ci * k + ky) * k + kx) * p;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * stride - padT + ky;
          const ro = row + oy * ow;
          if (iy < 0 || iy >= h) {
            col.fill(0, ro, ro + ow);
            continue;
          }
          const xr = xc + iy * w;
          for (let ox = 0; ox < ow; ox++) {
            const ix = ox * stride - padL + kx;
            col[ro + ox] = ix >= 0 && ix < w ? x[xr + ix] : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: dx[ci, iy, ix] += col[...] for every window position that read it. */
export function col2im(g: ConvGeom, col: FloatArray, dx: FloatArray, dxOff: number): void {
  const { c, h, w, k, stride, padT, padL, oh, ow } = g;
  const p = oh * ow;
  for (let ci = 0; ci < c; ci++) {
    const xc = dxOff + ci * h * w;
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++) {
        const row = ((ci * k + ky) * k + kx) * p;
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * stride - padT + ky;
          if (iy < 0 || iy >= h) continue;
          const xr = xc + iy * w;
          const ro = row + oy * ow;
          for (let ox = 0; ox < ow; ox++) {
            const ix = ox * stride - padL + kx;
            if (ix >= 0 && ix < w) dx[xr + ix] += col[ro + ox];
          }
        }
      }
    }
  }
}

function scratch(like: FloatArray, cache: { buf: FloatArray | null }, n: number): FloatArray {
  const buf = cache.buf;
  if (buf && buf.length >= n && buf.constructor === like.constructor) return buf.length === n ? buf : buf.subarray(0, n);
  const fresh = like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
  cache.buf = fresh;
  return fresh;
}

/** Reference backend; scratch buffers are reused across calls so a training step allocates nothing. */
export function createJsBackend(): Backend {
  const colCache = { buf: null as FloatArray | null };
  const tmpCache = { buf: null as FloatArray | null };
  const maskCache = { buf: null as FloatArray | null };
  return {
    name: 'js',
    float64: true,
    gemm,
    conv2dForward(g, x, w, b, y, relu) {
      const ckk = g.c * g.k * g.k;
      const p = g.oh * g.ow;
      const col = scratch(x, colCache, ckk * p);
      for (let i = 0; i < g.n; i++) {
        im2col(g, x, i * g.c * g.h * g.w, col);
        const yi = y.subarray(i * g.f * p, (i + 1) * g.f * p);
        gemm(false, false, g.f, p, ckk, w, col, yi, 0);
        for (let f = 0; f < g.f; f++) {
          const bf = b[f];
          const o = f * p;
          if (relu) for (let j = 0; j < p; j++) { const v = yi[o + j] + bf; yi[o + j] = v > 0 ? v : 0; }
          else for (let j = 0; j < p; j++) yi[o + j] += bf;
        }
      }
    },
    conv2dBackward(g, x, w, dyIn, dx, dw, db, reluY) {
      let dy = dyIn;
      if (reluY) {
        dy = scratch(dyIn, maskCache, dyIn.length);
        for (let i = 0; i < dy.length; i++) dy[i] = reluY[i] > 0 ? dyIn[i] : 0;
      }
      const ckk = g.c * g.k * g.k;
      const p = g.oh * g.ow;
      const chw = g.c * g.h * g.w;
      const col = scratch(x, colCache, ckk * p);
      dw.fill(0);
      db.fill(0);
      if (dx) dx.fill(0);
      for (let i = 0; i < g.n; i++) {
        const dyi = dy.subarray(i * g.f * p, (i + 1) * g.f * p);
        for (let f = 0; f < g.f; f++) {
          let s = 0;
          for (let j = 0; j < p; j++) s += dyi[f * p + j];
          db[f] += s;
        }
        im2col(g, x, i * chw, col);
        gemm(false, true, g.f, ckk, p, dyi, col, dw, 1);
        if (dx) {
          const dcol = scratch(x, tmpCache, ckk * p);
          gemm(true, false, ckk, p, g.f, w, dyi, dcol, 0);
          col2im(g, dcol, dx, i * chw);
        }
      }
    },
    maxPool2d,
    maxPool2dBackward,
  };
}

/** Max pooling's backward pass: each output gradient added at its window's winner, on a zeroed dx. */
export function maxPool2dBackward(g: PoolGeom, dy: FloatArray, argmax: Int32Array, dx: FloatArray): void {
  dx.fill(0, 0, g.nc * g.h * g.w);
  for (let i = 0, n = g.nc * g.oh * g.ow; i < n; i++) dx[argmax[i]] += dy[i];
}

/** Max pooling, ties to the first maximum in row-major window order. */
export function maxPool2d(g: PoolGeom, xd: FloatArray, yd: FloatArray, argmax: Int32Array): void {
  const { nc, h, w, size, stride, oh, ow } = g;
  let o = 0;
  for (let plane = 0; plane < nc; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let best = -Infinity;
        let bi = base + oy * stride * w + ox * stride;
        for (let ky = 0; ky < size; ky++) {
          const row = base + (oy * stride + ky) * w + ox * stride;
          for (let kx = 0; kx < size; kx++) {
            const v = xd[row + kx];
            if (v > best) {
              best = v;
              bi = row + kx;
            }
          }
        }
        yd[o] = best;
        argmax[o++] = bi;
      }
    }
  }
}
