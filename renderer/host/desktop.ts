// The desktop host: a thin wrapper around the `window.desktop` bridge that Electron's preload exposes.
import type { DesktopApi, SessionEvent } from '../../core/protocol';
import { checkedSend, Emitter, type Host } from './host';

export function createDesktopHost(api: DesktopApi): Host {
  // answers to commands refused before they were sent (checkedSend)
  const local = new Emitter<SessionEvent>();
  return {
    kind: 'desktop',
    send: checkedSend((cmd) => api.sendCommand(cmd), (e) => local.emit(e)),
    onEvent: (cb) => {
      const offBridge = api.onEvent(cb);
      const offLocal = local.on(cb);
      return () => {
        offBridge();
        offLocal();
      };
    },
    onMenu: (cb) => api.onMenu(cb),
    openModel: () => api.openModel(),
    // NOTE: main's open dialog (model:open) reads any JSON file and returns its text unparsed, so it serves every
    // "open a JSON file" here for now; `accept` is not passed on until main has a dialog of its own for it.
    openText: async () => {
      const r = await api.openModel();
      return r.ok && 'bytes' in r ? { ok: false, error: `${r.path} is not a text file` } : r;
    },
    openData: (mode, hint) => api.openData(mode, hint),
    saveModel: (text, name) => api.saveModel(text, name),
    exportPng: (dataUrl, name) => api.exportPng(dataUrl, name),
    exportText: (text, name) => api.exportText(text, name),
    exportOnnx: (bytes, name) => api.exportOnnx(bytes, name),
    dispose: () => undefined,
  };
}
