// The browser host: core's TrainingSession in a Web Worker (session.worker.ts); files through an
// <input type=file> and download links. Used by the web build and whenever window.desktop is absent.
import type { Command, FileResult, MenuAction, OpenResult, SessionEvent } from '../../core/protocol';
import { checkedSend, Emitter, type Host } from './host';
import type { WorkerInit } from './session.worker';

/** Lets the user pick a file and reads it as text; resolves canceled when the dialog closes without one. */
export function pickTextFile(accept: string): Promise<OpenResult> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.dataset.testid = 'host.file-input';
    let settled = false;
    const done = (r: OpenResult) => {
      if (settled) return;
      settled = true;
      input.remove();
      resolve(r);
    };
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return done({ ok: false, canceled: true });
      const reader = new FileReader();
      reader.onload = () => done({ ok: true, path: file.name, text: String(reader.result) });
      reader.onerror = () => done({ ok: false, error: `could not read ${file.name}: ${reader.error?.message ?? 'unknown error'}` });
      reader.readAsText(file);
    });
    input.addEventListener('cancel', () => done({ ok: false, canceled: true }));
    document.body.appendChild(input);
    input.click();
  });
}

/** Offers a download of `url` named `name`. */
export function download(url: string, name: string): FileResult {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return { ok: true, path: name };
}

function downloadText(text: string, name: string, type: string): FileResult {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const r = download(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return r;
}

export function createBrowserHost(): Host {
  const events = new Emitter<SessionEvent>();
  const menu = new Emitter<MenuAction>();
  const worker = new Worker(new URL('./session.worker.ts', import.meta.url), { type: 'module', name: 'cnn-studio-session' });
  worker.onmessage = (m: MessageEvent<SessionEvent>) => events.emit(m.data);
  worker.onerror = (e) => events.emit({ type: 'error', code: 'worker', message: `training worker: ${e.message || 'failed to start'}` });
  const init: WorkerInit = { type: 'init', mnistBase: new URL('mnist/', document.baseURI).href };
  worker.postMessage(init);
  return {
    kind: 'browser',
    send: checkedSend((cmd: Command) => worker.postMessage(cmd), (e) => events.emit(e)),
    onEvent: (cb) => events.on(cb),
    onMenu: (cb) => menu.on(cb),
    openModel: () => pickTextFile('.json,.cnnmodel,application/json'),
    openText: (accept) => pickTextFile(accept),
    saveModel: async (text, name) => downloadText(text, name, 'application/json'),
    exportPng: async (dataUrl, name) => download(dataUrl, name),
    exportText: async (text, name) => downloadText(text, name, name.endsWith('.csv') ? 'text/csv' : 'text/plain'),
    dispose: () => worker.terminate(),
  };
}
