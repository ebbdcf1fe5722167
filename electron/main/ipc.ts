// IPC handlers: one per DesktopApi message. Every message is accepted only from a studio window showing the app's
// own page (sender check), and its arguments are validated before anything runs; commands go to the WorkerManager.
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { MAX_ONNX_BYTES } from '../../core/onnx/limits.js';
import { CHANNELS, type FileResult } from '../../core/protocol.js';
import type { FileActions } from './files.js';

export interface IpcOptions {
  /** True for URLs of the studio page (app://studio/… or the dev server). */
  isAppUrl: (url: string) => boolean;
  /** Validates and forwards a command (WorkerManager.send). */
  sendCommand: (raw: unknown) => void;
  files: FileActions;
  warn?: (message: string) => void;
}

/** Largest text accepted for saving (model files, CSV exports). */
export const MAX_TEXT_CHARS = 100 * 1024 * 1024;

/**
 * The BrowserWindow that sent `event`, if the message came from its main frame showing the studio page; null for
 * anything else (another webContents, a subframe, a page that navigated away).
 */
export function trustedSender(event: IpcMainEvent | IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): BrowserWindow | null {
  const win = BrowserWindow.fromWebContents(event.sender);
  const frame = event.senderFrame;
  if (!win || !frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url)) return null;
  return win;
}

function checkText(what: string, value: unknown, max = MAX_TEXT_CHARS): string | null {
  if (typeof value !== 'string') return `${what}: expected a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length > max) return `${what}: ${value.length} characters, more than ${max}`;
  return null;
}

/** Registers every handler; returns a function that removes them. */
export function registerIpc(o: IpcOptions): () => void {
  const warn = o.warn ?? ((m: string) => console.warn(m));
  const reject = (channel: string, event: IpcMainEvent | IpcMainInvokeEvent) =>
    warn(`ipc: ignored ${channel} from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);

  ipcMain.on(CHANNELS.command, (event, raw: unknown) => {
    if (!trustedSender(event, o.isAppUrl)) return reject(CHANNELS.command, event);
    o.sendCommand(raw);
  });

  /** An invoke handler taking two strings (content, suggested name), with sender and argument checks. */
  const twoStrings = (channel: string, what: string, run: (win: BrowserWindow, a: string, b: string) => Promise<FileResult>) =>
    ipcMain.handle(channel, async (event, a: unknown, b: unknown, ...rest: unknown[]): Promise<FileResult> => {
      const win = trustedSender(event, o.isAppUrl);
      if (!win) {
        reject(channel, event);
        return { ok: false, error: `${channel}: rejected (not sent by the studio window)` };
      }
      const bad = (rest.length ? `${channel}: expected 2 arguments, got ${2 + rest.length}` : null) ?? checkText(`${channel} ${what}`, a) ?? checkText(`${channel} suggestedName`, b, 1000);
      if (bad) return { ok: false, error: bad };
      return run(win, a as string, b as string).catch((e: Error) => ({ ok: false, error: e.message }));
    });

  ipcMain.handle(CHANNELS.openModel, async (event, ...args: unknown[]) => {
    const win = trustedSender(event, o.isAppUrl);
    if (!win) {
      reject(CHANNELS.openModel, event);
      return { ok: false, error: `${CHANNELS.openModel}: rejected (not sent by the studio window)` };
    }
    if (args.length) return { ok: false, error: `${CHANNELS.openModel}: expected no arguments, got ${args.length}` };
    return o.files.openModel(win).catch((e: Error) => ({ ok: false, error: e.message }));
  });
  twoStrings(CHANNELS.saveModel, 'text', (w, text, name) => o.files.saveModel(w, text, name));
  twoStrings(CHANNELS.exportPng, 'dataUrl', (w, url, name) => o.files.exportPng(w, url, name));
  twoStrings(CHANNELS.exportText, 'text', (w, text, name) => o.files.exportText(w, text, name));
  ipcMain.handle(CHANNELS.exportOnnx, async (event, bytes: unknown, name: unknown, ...rest: unknown[]): Promise<FileResult> => {
    const channel = CHANNELS.exportOnnx;
    const win = trustedSender(event, o.isAppUrl);
    if (!win) {
      reject(channel, event);
      return { ok: false, error: `${channel}: rejected (not sent by the studio window)` };
    }
    const bad =
      (rest.length ? `${channel}: expected 2 arguments, got ${2 + rest.length}` : null) ??
      (!(bytes instanceof Uint8Array) ? `${channel} bytes: expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}` : null) ??
      ((bytes as Uint8Array).length > MAX_ONNX_BYTES ? `${channel} bytes: ${(bytes as Uint8Array).length} bytes, more than ${MAX_ONNX_BYTES}` : null) ??
      checkText(`${channel} suggestedName`, name, 1000);
    if (bad) return { ok: false, error: bad };
    return o.files.exportOnnx(win, bytes as Uint8Array, name as string).catch((e: Error) => ({ ok: false, error: e.message }));
  });

  ipcMain.handle(CHANNELS.openData, async (event, mode: unknown, hint: unknown, ...rest: unknown[]) => {
    const channel = CHANNELS.openData;
    const win = trustedSender(event, o.isAppUrl);
    if (!win) {
      reject(channel, event);
      return { ok: false, error: `${channel}: rejected (not sent by the studio window)` };
    }
    if (rest.length) return { ok: false, error: `${channel}: expected 2 arguments, got ${2 + rest.length}` };
    if (mode !== 'folder' && mode !== 'files') return { ok: false, error: `${channel} mode: expected "folder" or "files"` };
    if (hint !== 'fashion-mnist' && hint !== 'any') return { ok: false, error: `${channel} hint: expected "fashion-mnist" or "any"` };
    return o.files.openData(win, mode, hint).catch((e: Error) => ({ ok: false, error: e.message }));
  });

  return () => {
    ipcMain.removeAllListeners(CHANNELS.command);
    for (const ch of [CHANNELS.openData, CHANNELS.openModel, CHANNELS.saveModel, CHANNELS.exportPng, CHANNELS.exportText, CHANNELS.exportOnnx]) ipcMain.removeHandler(ch);
  };
}
