// Loads the embedded WebAssembly SIMD kernels (kernels-src/, compiled by kernels-src/build.mjs) without fs or fetch.
// Sync loading works in Node, workers and Electron; a browser main thread must use the async path (4 KB limit).
import { fromBase64 } from '../base64.js';
import { WASM_KERNELS_BASE64, WASM_KERNELS_RELAXED_BASE64, WASM_STEP_BASE64 } from './wasm-module.js';

/** The kernels' exports; pointers are byte offsets into `memory`, sizes are element counts. */
export interface WasmKernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  packA(m: number, k: number, a: number, rs: number, cs: number, dst: number): void;
  packB(k: number, n: number, b: number, rs: number, cs: number, dst: number): void;
  gemmPacked(m: number, n: number, k: number, ap: number, bp: number, c: number, ldc: number, beta: number, tmp: number): void;
  gemmRowB(m: number, n: number, k: number, ap: number, b: number, ldb: number, c: number, ldc: number, beta: number, tmp: number): void;
  im2col(x: number, c: number, h: number, w: number, k: number, s: number, padT: number, padL: number, oh: number, ow: number, col: number): void;
  im2colPacked(x: number, c: number, h: number, w: number, k: number, s: number, padT: number, padL: number, oh: number, ow: number, dst: number): void;
  im2colPackedA(xp: number, c: number, hp: number, wp: number, k: number, oh: number, ow: number, dst: number): void;
  col2im(col: number, c: number, h: number, w: number, k: number, s: number, padT: number, padL: number, oh: number, ow: number, dx: number): void;
  biasRows(y: number, rows: number, cols: number, bias: number, relu: number): void;
  biasCols(y: number, rows: number, cols: number, bias: number, relu: number): void;
  rowSumsAdd(a: number, rows: number, cols: number, out: number): void;
  colSumsAdd(a: number, rows: number, cols: number, out: number): void;
  transposeAdd(src: number, rows: number, cols: number, dst: number): void;
  reluMask(dy: number, y: number, n: number): void;
  maxPool2d(x: number, nc: number, h: number, w: number, size: number, s: number, oh: number, ow: number, y: number, argmax: number): void;
  maxPoolBackward(dy: number, argmax: number, mask: number, nc: number, h: number, w: number, size: number, s: number, oh: number, ow: number, dx: number): void;
  padPlanes(x: number, c: number, h: number, w: number, padT: number, padL: number, hp: number, wp: number, dst: number): void;
  convDirect(xp: number, c: number, hp: number, wp: number, padT: number, h: number, k: number, f: number, oh: number, ow: number, ap: number, bias: number, relu: number, pool: number, y: number): void;
  wgFilter(w: number, o: number, i: number, flip: number, u: number, stride: number): void;
  wgInput(x: number, c: number, h: number, w: number, padT: number, padL: number, th: number, tw: number, v: number, scratch: number, stride: number, ld: number): void;
  wgOutput(m: number, o: number, oh: number, ow: number, th: number, tw: number, bias: number, relu: number, y: number, stride: number, ld: number, pool: number): void;
  wgOutputGrad(dy: number, o: number, oh: number, ow: number, th: number, tw: number, dm: number, stride: number, ld: number): void;
  wgFilterGrad(du: number, f: number, c: number, dw: number, stride: number): void;
  wg4Filter: WasmKernels['wgFilter'];
  wg4Input: WasmKernels['wgInput'];
  wg4Output: WasmKernels['wgOutput'];
  wg4OutputGrad: WasmKernels['wgOutputGrad'];
  wg4FilterGrad: WasmKernels['wgFilterGrad'];
  wg5Filter: WasmKernels['wgFilter'];
  wg5Input: WasmKernels['wgInput'];
  wg5Output: WasmKernels['wgOutput'];
  wg5OutputGrad: WasmKernels['wgOutputGrad'];
  wg5FilterGrad: WasmKernels['wgFilterGrad'];
  wg6Filter: WasmKernels['wgFilter'];
  wg6Input: WasmKernels['wgInput'];
  wg6Output: WasmKernels['wgOutput'];
}

/** The part of the WebAssembly JS API used here (core compiles without DOM or Node types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: SharedArrayBuffer };
}

/** The data-parallel optimizer step (kernels-src/step.ts) on a shared memory: byte addresses, ranges in floats. */
export interface StepKernels {
  sgdPair(w: number, g: number, m: number, ga: number, gb: number, sa: number, sb: number, mu: number, lr: number, lo: number, hi: number): void;
  adamPair(w: number, g: number, m: number, v: number, ga: number, gb: number, sa: number, sb: number, b1: number, b2: number, c1: number, c2: number, ms: number, vs: number, lr: number, eps: number, lo: number, hi: number): void;
}

/**
 * A shared WebAssembly memory of at least `bytes` for the step kernels, and its buffer; null where the host has none
 * or cannot give that much (then the caller takes a plain SharedArrayBuffer and the JavaScript step).
 */
export function stepMemory(bytes: number): { memory: object; buffer: SharedArrayBuffer } | null {
  const api = wasmApi();
  const pages = Math.ceil(bytes / 65536);
  if (!api || !stepModule()) return null;
  try {
    const memory = new api.Memory({ initial: pages, maximum: pages, shared: true });
    return { memory, buffer: memory.buffer };
  } catch {
    return null;
  }
}

let stepCompiled: object | null | undefined;
function stepModule(): object | null {
  const api = wasmApi();
  if (stepCompiled !== undefined) return stepCompiled;
  try {
    return (stepCompiled = api && new api.Module(fromBase64(WASM_STEP_BASE64)));
  } catch {
    return (stepCompiled = null);
  }
}

/** The step kernels on `memory` (from stepMemory, possibly another thread's): one instance per thread; null if they do not load here. */
export function loadStepKernels(memory: object): StepKernels | null {
  const module = stepModule();
  return module && (new (wasmApi()!.Instance)(module, { env: { memory } }).exports as StepKernels);
}

/** One thread's compiled WebAssembly modules: the kernel builds it has compiled, and the step kernels. */
export interface CompiledModules {
  kernels: Partial<Record<KernelBuild, object>>;
  step: object | null;
}

/**
 * This thread's compiled modules, to post to another thread of the same process: a thread that adopts them
 * (adoptCompiledModules) compiles nothing, and code that V8 optimises for a hot kernel in either thread is there for
 * both, so a new replica thread starts on the main thread's warm code.
 */
export function compiledModules(): CompiledModules {
  return { kernels: { ...compiled }, step: stepModule() };
}

/**
 * Takes another thread's compiled modules (from compiledModules) for the builds not compiled here yet. Anything that
 * is not a WebAssembly.Module is ignored (that build then compiles from its bytes as before).
 */
export function adoptCompiledModules(m: CompiledModules | undefined): void {
  const Module = (wasmApi() as unknown as { Module?: abstract new (...a: never[]) => object } | null)?.Module;
  if (!m || !Module) return;
  const isModule = (o: unknown): o is object => o instanceof Module;
  for (const build of ['simd', 'relaxed'] as const) if (compiled[build] === undefined && isModule(m.kernels?.[build])) compiled[build] = m.kernels[build];
  if (stepCompiled === undefined && isModule(m.step)) stepCompiled = m.step;
}

function wasmApi(): WasmApi | null {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

/** The two builds of the kernels: plain SIMD, and SIMD + relaxed SIMD (the GEMM tile's multiply-adds fused). */
export type KernelBuild = 'simd' | 'relaxed';

const bytes: Partial<Record<KernelBuild, Uint8Array>> = {};
const compiled: Partial<Record<KernelBuild, object>> = {};
const valid: Partial<Record<KernelBuild, boolean>> = {};

function kernelBytes(build: KernelBuild): Uint8Array {
  return (bytes[build] ??= fromBase64(build === 'relaxed' ? WASM_KERNELS_RELAXED_BASE64 : WASM_KERNELS_BASE64));
}

function validates(build: KernelBuild): boolean {
  if (valid[build] !== undefined) return valid[build];
  const api = wasmApi();
  try {
    return (valid[build] = !!api && api.validate(kernelBytes(build)));
  } catch {
    return (valid[build] = false);
  }
}

/** True when this host runs WebAssembly with the SIMD proposal (Node ≥ 16.4, Chrome ≥ 91, every Electron we ship). */
export function wasmSimdSupported(): boolean {
  return validates('simd');
}

/**
 * True when this host also validates relaxed SIMD (`f32x4.relaxed_madd`): Chromium ≥ 114 and the Electrons we ship;
 * Node 20 only with --experimental-wasm-relaxed-simd.
 */
export function relaxedSimdSupported(): boolean {
  return validates('relaxed');
}

/** The build a backend gets: relaxed where it validates unless `relaxed: false`; null without SIMD at all. */
export function kernelBuild(relaxed = true): KernelBuild | null {
  if (relaxed && relaxedSimdSupported()) return 'relaxed';
  return wasmSimdSupported() ? 'simd' : null;
}

function instantiate(api: WasmApi, module: object): WasmKernels {
  return new api.Instance(module, {}).exports as WasmKernels;
}

/** A fresh kernel instance (own memory) of `build`, compiled synchronously; null when it does not validate here. */
export function loadKernelsSync(build: KernelBuild = 'simd'): WasmKernels | null {
  const api = wasmApi();
  if (!api || !validates(build)) return null;
  compiled[build] ??= new api.Module(kernelBytes(build));
  return instantiate(api, compiled[build]);
}

/** Compiles asynchronously (required on a browser main thread); then loadKernelsSync() is instant everywhere. */
export async function loadKernels(build: KernelBuild = 'simd'): Promise<WasmKernels | null> {
  const api = wasmApi();
  if (!api || !validates(build)) return null;
  compiled[build] ??= await api.compile(kernelBytes(build));
  return instantiate(api, compiled[build]);
}
