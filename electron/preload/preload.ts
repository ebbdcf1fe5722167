// The only bridge between the studio page and the main process: exposes exactly core's DesktopApi as
// window.desktop, one method per message. Listeners are wrapped (the page never sees the IPC event or
// event.sender) and every on* returns its unsubscribe function. Bundled to one CommonJS file (sandboxed preload).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type Command, type DataPickMode, type DesktopApi, type MenuAction, type SessionEvent } from '../../core/protocol.js';

declare const __APP_VERSION__: string;

function subscribe<T>(channel: string, cb: (value: T) => void): () => void {
  if (typeof cb !== 'function') throw new TypeError(`desktop: listener for ${channel} must be a function`);
  const listener = (_event: IpcRendererEvent, value: T) => cb(value);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const api: DesktopApi = {
  sendCommand: (cmd: Command) => ipcRenderer.send(CHANNELS.command, cmd),
  onEvent: (cb: (e: SessionEvent) => void) => subscribe(CHANNELS.event, cb),
  onMenu: (cb: (action: MenuAction) => void) => subscribe(CHANNELS.menu, cb),
  openModel: () => ipcRenderer.invoke(CHANNELS.openModel),
  saveModel: (text: string, suggestedName: string) => ipcRenderer.invoke(CHANNELS.saveModel, text, suggestedName),
  exportPng: (dataUrl: string, suggestedName: string) => ipcRenderer.invoke(CHANNELS.exportPng, dataUrl, suggestedName),
  exportText: (text: string, suggestedName: string) => ipcRenderer.invoke(CHANNELS.exportText, text, suggestedName),
  exportOnnx: (bytes: Uint8Array, suggestedName: string) => ipcRenderer.invoke(CHANNELS.exportOnnx, bytes, suggestedName),
  openData: (mode: DataPickMode, hint: 'fashion-mnist' | 'any') => ipcRenderer.invoke(CHANNELS.openData, mode, hint),
  versions: { app: __APP_VERSION__, electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node },
};

contextBridge.exposeInMainWorld('desktop', api);
