// The native file dialogs behind DesktopApi.openModel/saveModel/exportPng/exportText/exportOnnx. Every outcome is a
// value: {ok:true,path}, {ok:false,canceled:true} or {ok:false,error} with a message naming the file.
import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_ONNX_BYTES } from '../../core/onnx/limits.js';
import type { DataPickMode, FileResult, OpenDataResult, OpenModelResult } from '../../core/protocol.js';
import { openDataDialog } from './data-files.js';
import { atomicWriteFile, decodePngDataUrl, safeFileName } from './file-io.js';

/** What the IPC handlers call; main passes the real dialogs, tests a fake. */
export interface FileActions {
  openModel(win: BrowserWindow): Promise<OpenModelResult>;
  saveModel(win: BrowserWindow, text: string, suggestedName: string): Promise<FileResult>;
  exportPng(win: BrowserWindow, dataUrl: string, suggestedName: string): Promise<FileResult>;
  exportText(win: BrowserWindow, text: string, suggestedName: string): Promise<FileResult>;
  exportOnnx(win: BrowserWindow, bytes: Uint8Array, suggestedName: string): Promise<FileResult>;
  openData(win: BrowserWindow, mode: DataPickMode, hint: 'fashion-mnist' | 'any'): Promise<OpenDataResult>;
}

/** Model files larger than this are refused before reading (the biggest preset is a few MB). */
export const MAX_MODEL_BYTES = 100 * 1024 * 1024;

const MODEL_FILTERS: FileFilter[] = [
  { name: 'CNN Studio model', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];
/** Open model… also takes ONNX files, read as bytes (imported in the renderer, core/onnx/import.ts). */
const OPEN_FILTERS: FileFilter[] = [{ name: 'Model (CNN Studio or ONNX)', extensions: ['json', 'onnx'] }, ...MODEL_FILTERS];
const isOnnx = (file: string) => file.toLowerCase().endsWith('.onnx');
const TEXT_EXTS = ['.csv', '.json', '.txt'];

const fail = (e: unknown): { ok: false; error: string } => ({ ok: false, error: (e as Error).message });

/** How the dialogs write a chosen file: atomicWriteFile (tests inject failures: a full disk, an unprivileged writer). */
export type WriteFile = (file: string, data: string | Uint8Array) => Promise<void>;

/** `dataStateFile`: where Open a data set… remembers its last folder (userData/data-location.json). */
export function dialogFileActions(write: WriteFile = atomicWriteFile, dataStateFile = join(app.getPath('userData'), 'data-location.json')): FileActions {
  let lastDir: string | null = null;
  const dir = () => lastDir ?? app.getPath('documents');

  async function saveAs(win: BrowserWindow, name: string, filters: FileFilter[], data: string | Uint8Array): Promise<FileResult> {
    const r = await dialog.showSaveDialog(win, { defaultPath: join(dir(), name), filters, properties: ['showOverwriteConfirmation', 'createDirectory'] });
    if (r.canceled || !r.filePath) return { ok: false, canceled: true };
    await write(r.filePath, data);
    lastDir = join(r.filePath, '..');
    return { ok: true, path: r.filePath };
  }

  return {
    async openModel(win) {
      const r = await dialog.showOpenDialog(win, { title: 'Open model', defaultPath: dir(), filters: OPEN_FILTERS, properties: ['openFile'] });
      const file = r.filePaths[0];
      if (r.canceled || !file) return { ok: false, canceled: true };
      try {
        const size = (await stat(file)).size;
        const max = isOnnx(file) ? MAX_ONNX_BYTES : MAX_MODEL_BYTES;
        if (size > max) return { ok: false, error: `${file} is ${size} bytes; ${isOnnx(file) ? 'an ONNX model to import' : 'a model file'} is at most ${max}` };
        lastDir = join(file, '..');
        if (isOnnx(file)) return { ok: true, path: file, bytes: new Uint8Array(await readFile(file)) };
        return { ok: true, path: file, text: await readFile(file, 'utf8') };
      } catch (e) {
        return { ok: false, error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
      }
    },
    async saveModel(win, text, suggestedName) {
      return saveAs(win, safeFileName(suggestedName, '.json', 'model'), MODEL_FILTERS, text).catch(fail);
    },
    async exportPng(win, dataUrl, suggestedName) {
      try {
        const bytes = decodePngDataUrl(dataUrl);
        return await saveAs(win, safeFileName(suggestedName, '.png', 'image'), [{ name: 'PNG image', extensions: ['png'] }], bytes);
      } catch (e) {
        return fail(e);
      }
    },
    async exportText(win, text, suggestedName) {
      const ext = TEXT_EXTS.find((x) => typeof suggestedName === 'string' && suggestedName.toLowerCase().endsWith(x)) ?? '.txt';
      const filters = [{ name: `${ext.slice(1).toUpperCase()} file`, extensions: [ext.slice(1)] }];
      return saveAs(win, safeFileName(suggestedName, ext, 'export'), filters, text).catch(fail);
    },
    openData: (win, mode, hint) => openDataDialog(win, mode, hint, dataStateFile),
    async exportOnnx(win, bytes, suggestedName) {
      return saveAs(win, safeFileName(suggestedName, '.onnx', 'model'), [{ name: 'ONNX model', extensions: ['onnx'] }], bytes).catch(fail);
    },
  };
}
