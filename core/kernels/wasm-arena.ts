// Memory of one wasm kernel instance as the backend uses it: a bump allocator reset per call, copies in and out,
// and the sizes of packed GEMM panels (A in 4-row panels, B in 8-column panels, k padded to even).
import type { FloatArray } from '../tensor.js';
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
 * Copies a layer's output gradient dy into kernel memory at DY and, when the layer's ReLU was fused (reluY: its
 * output, copied to Y), zeroes dy where that output was ≤ 0 — the ReLU's backward pass.
 */
export function putOutputGrad(k: WasmKernels, mem: Float32Array, DY: number, dy: FloatArray, Y: number, reluY: FloatArray | null, count: number): void {
  put(mem, DY, dy);
  if (!reluY) return;
  put(mem, Y, reluY);
  k.reluMask(DY, Y, count);
}
