// The browser host: core's TrainingSession in a Web Worker (session.worker.ts); files through an
// <input type=file> and download links. Used by the web build and whenever window.desktop is absent.
import { MAX_ONNX_BYTES } from '../../core/onnx/limits';
import type { Command, FileResult, MenuAction, OpenModelResult, OpenResult, SessionEvent } from '../../core/protocol';
import { checkedSend, Emitter, type Host } from './host';
import { pickDataFiles } from './pick-data';
import { RestartingWorker } from './restarting-worker';
import type { WorkerInit } from './session.worker';

/** What Open model… offers: model files and ONNX files. */
export const MODEL_ACCEPT = '.json,.cnnmodel,.onnx,application/json';
const isOnnx = (name: string) => /\.onnx$/i.test(name);

/** Lets the user pick a file and reads it as text; resolves canceled when the dialog closes without one. */
export function pickTextFile(accept: string): Promise<OpenResult> {
  return pickFile(accept, () => false) as Promise<OpenResult>;
}

/** Lets the user pick a model file (read as text) or an ONNX file (read as bytes, at most MAX_ONNX_BYTES). */
export function pickModelFile(): Promise<OpenModelResult> {
  return pickFile(MODEL_ACCEPT, isOnnx);
}

/** A file's content as the open dialogs return it: bytes when `binary`, else text; a read failure names the file. */
export function readPicked(file: File, binary: boolean): Promise<OpenModelResult> {
  if (binary && file.size > MAX_ONNX_BYTES) return Promise.resolve({ ok: false, error: `${file.name} is ${file.size} bytes; an ONNX model to import is at most ${MAX_ONNX_BYTES}` });
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(binary ? { ok: true, path: file.name, bytes: new Uint8Array(reader.result as ArrayBuffer) } : { ok: true, path: file.name, text: String(reader.result) });
    reader.onerror = () => resolve({ ok: false, error: `could not read ${file.name}: ${reader.error?.message ?? 'unknown error'}` });
    if (binary) reader.readAsArrayBuffer(file);
    else reader.readAsText(file);
  });
}

function pickFile(accept: string, binary: (name: string) => boolean): Promise<OpenModelResult> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.dataset.testid = 'host.file-input';
    let settled = false;
    const done = (r: OpenModelResult) => {
      if (settled) return;
      settled = true;
      input.remove();
      resolve(r);
    };
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return done({ ok: false, canceled: true });
      void readPicked(file, binary(file.name)).then(done);
    });
    input.addEventListener('cancel', () => done({ ok: false, canceled: true }));
    document.body.appendChild(input);
    input.click();
  });
}

/** Offers a download of `url` named `name`; a browser that refuses it is an error naming the file, not a throw. */
export function download(url: string, name: string): FileResult {
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return { ok: true, path: name };
  } catch (e) {
    return { ok: false, error: `the browser could not start the download of ${name} (${(e as Error).message})` };
  }
}

/**
 * Offers `data` as a download named `name`. Making the file can fail (a Blob or object URL past the browser's memory,
 * a page that may not download): the answer then says why, and nothing else changes (the model stays, unsaved).
 */
export function downloadText(data: string | Uint8Array<ArrayBuffer>, name: string, type: string): FileResult {
  let url: string;
  try {
    url = URL.createObjectURL(new Blob([data], { type }));
  } catch (e) {
    return { ok: false, error: `the browser could not make the file ${name} (${(e as Error).message})` };
  }
  const r = download(url, name);
  setTimeout(() => URL.revokeObjectURL(url), r.ok ? 10_000 : 0);
  return r;
}

export function createBrowserHost(): Host {
  const events = new Emitter<SessionEvent>();
  const menu = new Emitter<MenuAction>();
  const init: WorkerInit = { type: 'init', mnistBase: new URL('mnist/', document.baseURI).href };
  const worker = new RestartingWorker({
    create: () => {
      const w = new Worker(new URL('./session.worker.ts', import.meta.url), { type: 'module', name: 'cnn-studio-session' });
      w.postMessage(init);
      return w;
    },
    onEvent: (e) => events.emit(e),
  });
  return {
    kind: 'browser',
    send: checkedSend((cmd: Command) => worker.post(cmd), (e) => events.emit(e)),
    onEvent: (cb) => events.on(cb),
    onMenu: (cb) => menu.on(cb),
    openModel: () => pickModelFile(),
    openText: (accept) => pickTextFile(accept),
    openData: (mode) => pickDataFiles(mode),
    saveModel: async (text, name) => downloadText(text, name, 'application/json'),
    exportPng: async (dataUrl, name) => download(dataUrl, name),
    exportText: async (text, name) => downloadText(text, name, name.endsWith('.csv') ? 'text/csv' : 'text/plain'),
    exportOnnx: async (bytes, name) => downloadText(new Uint8Array(bytes), name, 'application/octet-stream'),
    crashWorker: (how) => worker.crash(how),
    dispose: () => worker.dispose(),
  };
}
