// Loads the embedded WebAssembly SIMD kernels (kernels-src/, compiled by kernels-src/build.mjs) without fs or fetch.
// Sync loading works in Node, workers and Electron; a browser main thread must use the async path (4 KB limit).
import { fromBase64 } from '../base64.js';
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
  wgFilter(w: number, o: number, i: number, flip: number, u: number): void;
  wgInput(x: number, c: number, h: number, w: number, padT: number, padL: number, th: number, tw: number, v: number, scratch: number): void;
  wgOutput(m: number, o: number, oh: number, ow: number, th: number, tw: number, bias: number, relu: number, y: number): void;
  wgOutputGrad(dy: number, o: number, oh: number, ow: number, th: number, tw: number, dm: number): void;
  wgFilterGrad(du: number, f: number, c: number, dw: number): void;
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

let bytes: Uint8Array | null = null;
let compiled: object | null = null;

function kernelBytes(): Uint8Array {
  return (bytes ??= fromBase64(WASM_KERNELS_BASE64));
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
