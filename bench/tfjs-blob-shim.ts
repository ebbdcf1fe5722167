// Lets tfjs-backend-wasm's multi-threaded (Emscripten pthreads) build start in Node: it creates its pthread workers
// from blob: URLs, which Node's Worker refuses (ERR_WORKER_PATH). Blobs it makes are written to files instead.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Installs the shim in this thread; call before the wasm backend initialises. The pthread bootstrap and the module
 * factory tfjs sends to each pthread become CommonJS files; the factory's source refers to its bundle's scope
 * (rollup's `require$$N` names, `commonjsGlobal`, `__dirname`), so those are defined in front of it.
 */
export function installTfjsBlobShim(bundleDir: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-threads-'));
  let count = 0;
  const toFile = (text: string): string => {
    const file = join(dir, `blob-${count++}.cjs`);
    writeFileSync(file, text);
    return file;
  };
  const BaseBlob = globalThis.Blob;
  class RecordingBlob extends BaseBlob {
    readonly text0: string;
    constructor(parts: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      this.text0 = parts.map(String).join('');
    }
  }
  globalThis.Blob = RecordingBlob as typeof Blob;
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob) => (obj instanceof RecordingBlob ? toFile(obj.text0) : createObjectURL(obj));
  const post = Worker.prototype.postMessage;
  const scope = `var require$$0=require('fs'),require$$1=require('path'),require$$3=require('perf_hooks'),require$$4=require('os'),commonjsGlobal=globalThis,__dirname=${JSON.stringify(bundleDir)};\n`;
  Worker.prototype.postMessage = function (this: Worker, msg: unknown, transfer?: readonly Transferable[]) {
    const m = msg as { cmd?: string; urlOrBlob?: unknown } | null;
    if (m && m.cmd === 'load' && m.urlOrBlob instanceof RecordingBlob) msg = { ...m, urlOrBlob: toFile(scope + m.urlOrBlob.text0) };
    return post.call(this, msg, transfer as never);
  };
}
