// Loads the embedded WebAssembly SIMD kernels (kernels-src/, compiled by kernels-src/build.mjs) without fs or fetch.
// Sync loading works in Node, workers and Electron; a browser main thread must use the async path (4 KB limit).
import { WASM_KERNELS_BASE64 } from './wasm-module.js';

/** The kernels' exports; pointers are byte offsets into `memory`, sizes are element counts. */
export interface WasmKernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  packA(m: number, k: number, a: number, rs: number, cs: number, dst: number): void;
  packB(k: number, n: number, b: number, rs: number, cs: number, dst: number): void;
  gemmPacked(m: number, n: number, k: number, ap: number, bp: number, c: number, ldc: number, beta: number, tmp: number): void;
  im2col(x: number, c: number, h: number, w: number, k: number, s: number, padT: number, padL: number, oh: number, ow: number, col: number): void;
  im2colPacked(x: number, c: number, h: number, w: number, k: number, s: number, padT: number, padL: number, oh: number, ow: number, dst: number): void;
  col2im(col: number, c: number, h: number, w: number, k: number, s: number, padT: number, padL: number, oh: number, ow: number, dx: number): void;
  biasRows(y: number, rows: number, cols: number, bias: number, relu: number): void;
  biasCols(y: number, rows: number, cols: number, bias: number, relu: number): void;
  rowSumsAdd(a: number, rows: number, cols: number, out: number): void;
  colSumsAdd(a: number, rows: number, cols: number, out: number): void;
  transposeAdd(src: number, rows: number, cols: number, dst: number): void;
  reluMask(dy: number, y: number, n: number): void;
  maxPool2d(x: number, nc: number, h: number, w: number, size: number, s: number, oh: number, ow: number, y: number, argmax: number): void;
}

/** The part of the WebAssembly JS API used here (core compiles without DOM or Node types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

function wasmApi(): WasmApi | null {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 (no whitespace). */
export function decodeBase64(s: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < B64.length; i++) lookup[B64.charCodeAt(i)] = i;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n = (lookup[s.charCodeAt(i)] << 18) | (lookup[s.charCodeAt(i + 1)] << 12) | (lookup[s.charCodeAt(i + 2)] << 6) | lookup[s.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

let bytes: Uint8Array | null = null;
let compiled: object | null = null;

function kernelBytes(): Uint8Array {
  return (bytes ??= decodeBase64(WASM_KERNELS_BASE64));
}

/** True when this host runs WebAssembly with the SIMD proposal (Node ≥ 16.4, Chrome ≥ 91, every Electron we ship). */
export function wasmSimdSupported(): boolean {
  const api = wasmApi();
  try {
    return !!api && api.validate(kernelBytes());
  } catch {
    return false;
  }
}

function instantiate(api: WasmApi, module: object): WasmKernels {
  return new api.Instance(module, {}).exports as WasmKernels;
}

/** A fresh kernel instance (own memory), compiled synchronously; null without WebAssembly SIMD. */
export function loadKernelsSync(): WasmKernels | null {
  const api = wasmApi();
  if (!api || !wasmSimdSupported()) return null;
  compiled ??= new api.Module(kernelBytes());
  return instantiate(api, compiled);
}

/** Compiles asynchronously (required on a browser main thread); then loadKernelsSync() is instant everywhere. */
export async function loadKernels(): Promise<WasmKernels | null> {
  const api = wasmApi();
  if (!api || !wasmSimdSupported()) return null;
  compiled ??= await api.compile(kernelBytes());
  return instantiate(api, compiled);
}
