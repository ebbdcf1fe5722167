// Memory of one wasm kernel instance as the backend uses it: a bump allocator reset per call, copies in and out,
// and the sizes of packed GEMM panels (A in 4-row panels, B in 8-column panels, k padded to even).
import type { FloatArray } from '../tensor.js';
import type { PoolGeom } from './backend.js';
import type { WasmKernels } from './wasm-loader.js';

const PAGE = 65536;
export const panels = (n: number, r: number) => Math.ceil(n / r) * r;
export const evenK = (k: number) => (k + 1) & ~1;
/** Bytes of packed panels: A is packed in 4-row panels, B in 8-column panels. */
export const packABytes = (m: number, k: number) => panels(m, 4) * evenK(k) * 4;
export const packBBytes = (k: number, n: number) => panels(n, 8) * evenK(k) * 4;

/** A bump allocator over the instance's memory, reset at the start of every kernel call. */
export class Arena {
  private readonly base: number;
  private top: number;
  private f32: Float32Array;
  constructor(private readonly k: WasmKernels) {
    this.base = this.top = k.heapBase();
    this.f32 = new Float32Array(k.memory.buffer);
  }
  reset(): void {
    this.top = this.base;
  }
  /** Reserves bytes (64-byte aligned) and returns the byte offset; call view() after the last alloc. */
  alloc(bytes: number): number {
    const p = this.top;
    this.top = (p + bytes + 63) & ~63;
    return p;
  }
  floats(n: number): number {
    return this.alloc(n * 4);
  }
  /** Grows memory to cover every allocation so far and returns a fresh Float32 view. */
  view(): Float32Array {
    const need = this.top - this.k.memory.buffer.byteLength;
    if (need > 0) this.k.memory.grow(Math.ceil(need / PAGE));
    if (this.f32.buffer !== this.k.memory.buffer) this.f32 = new Float32Array(this.k.memory.buffer);
    return this.f32;
  }
}

export function put(mem: Float32Array, ptr: number, src: FloatArray): void {
  mem.set(src as Float32Array, ptr >> 2);
}

export function get(mem: Float32Array, ptr: number, dst: FloatArray): void {
  dst.set(mem.subarray(ptr >> 2, (ptr >> 2) + dst.length));
}

/**
 * A conv layer's output gradient as its backward pass gets it: whole (dy; reluY: the output of a fused ReLU, whose
 * backward pass zeroes dy where it was ≤ 0), or at the output of a max pooling fused after the layer
 * (Backend.conv2dPoolBackward: the pooled gradient, the winners, and with a fused ReLU the pooled outputs).
 */
export type OutputGrad =
  | { dy: FloatArray; reluY: FloatArray | null }
  | { pooled: FloatArray; argmax: Int32Array; pooledY: FloatArray | null; p: PoolGeom };

/**
 * Reserves the kernel memory `src` needs besides the count floats at DY (call before arena.view()), and returns what
 * writes the whole output gradient to DY once the view is taken: a copy masked by the fused ReLU, or the pooling's
 * backward pass (and the ReLU's, on the pooled side) run in kernel memory.
 */
export function stageOutputGrad(k: WasmKernels, arena: Arena, src: OutputGrad, count: number): (mem: Float32Array, DY: number) => void {
  if ('dy' in src) {
    const Y = src.reluY ? arena.floats(count) : 0;
    return (mem, DY) => {
      put(mem, DY, src.dy.subarray(0, count));
      if (!src.reluY) return;
      put(mem, Y, src.reluY.subarray(0, count));
      k.reluMask(DY, Y, count);
    };
  }
  const { p, pooled, argmax, pooledY } = src;
  const n = p.nc * p.oh * p.ow;
  const DP = arena.floats(n);
  const A = arena.floats(n);
  const PY = pooledY ? arena.floats(n) : 0;
  return (mem, DY) => {
    put(mem, DP, pooled.subarray(0, n));
    new Int32Array(mem.buffer, A, n).set(argmax.subarray(0, n));
    if (pooledY) put(mem, PY, pooledY.subarray(0, n));
    k.maxPoolBackward(DP, A, PY, p.nc, p.h, p.w, p.size, p.stride, p.oh, p.ow, DY);
  };
}
