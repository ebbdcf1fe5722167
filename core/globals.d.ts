// The only host globals core/ uses; each exists in Node, Web Workers and the renderer alike.
declare const performance: { now(): number };
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
// the training loop's yield (core/train/trainer.ts); only what it uses
declare class MessageChannel {
  readonly port1: { onmessage: ((e: unknown) => void) | null; close(): void };
  readonly port2: { postMessage(message: unknown): void };
}
// gzip decompression (core/data/gzip.ts); present in Node 18+, Web Workers and Chromium. Only what gzip.ts uses.
interface CoreReadableStreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}
interface CoreReadableStream {
  pipeThrough(t: unknown): CoreReadableStream;
  getReader(): CoreReadableStreamReader;
}
