// Open a data set… in the desktop app: a native dialog for a folder (class folders or IDX files) or IDX files, the
// picked files listed and checked against core's limits before any byte is read (core/data/pick.ts), then read.
// The folder last opened is remembered in userData/data-location.json and the next dialog starts there.
import { dialog, type BrowserWindow } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FASHION_MNIST_DEBIAN_DIR } from '../../core/data/catalog.js';
import { checkPicked } from '../../core/data/pick.js';
import { LIMITS } from '../../core/limits.js';
import type { DataPickMode, OpenDataResult, PickedFile } from '../../core/protocol.js';
import { atomicWriteFile } from './file-io.js';

/** The remembered folder, or null (a missing or malformed file is no remembered folder). */
export function loadDataLocation(file: string): string | null {
  try {
    const v = (JSON.parse(readFileSync(file, 'utf8')) as { lastDir?: unknown }).lastDir;
    return typeof v === 'string' && v.length < 4096 ? v : null;
  } catch {
    return null;
  }
}

/** Lists a folder's files (relative, '/'-separated) and sub-folders, stopping once past the file limit. */
export async function listFolder(root: string): Promise<{ entries: { path: string; size: number }[]; dirs: string[] }> {
  const entries: { path: string; size: number }[] = [];
  const dirs: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
      if (entries.length > LIMITS.folderFiles) return;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        dirs.push(p);
        await walk(p);
      } else if (e.isFile()) entries.push({ path: p, size: (await stat(join(root, p))).size });
    }
  };
  await walk('');
  return { entries, dirs };
}

/** Reads the picked entries that checkPicked allows, from `root`. */
export async function readPicked(root: string, entries: { path: string; size: number }[], where: string): Promise<PickedFile[]> {
  const read = checkPicked(entries, where);
  const files: PickedFile[] = [];
  for (let i = 0; i < entries.length; i++) {
    const { path, size } = entries[i];
    files.push({ path, size, bytes: read[i] ? new Uint8Array(await readFile(join(root, path))) : new Uint8Array(0) });
  }
  return files;
}

/** The dialog and the reading behind DesktopApi.openData; `stateFile` keeps the last folder. */
export async function openDataDialog(win: BrowserWindow, mode: DataPickMode, hint: 'fashion-mnist' | 'any', stateFile: string): Promise<OpenDataResult> {
  const last = loadDataLocation(stateFile);
  const start = hint === 'fashion-mnist' && existsSync(FASHION_MNIST_DEBIAN_DIR) ? FASHION_MNIST_DEBIAN_DIR : (last ?? undefined);
  const r = await dialog.showOpenDialog(win, {
    title: hint === 'fashion-mnist' ? 'Open Fashion-MNIST (the folder or its four .gz files)' : mode === 'folder' ? 'Open a data set folder' : 'Open IDX files',
    ...(start ? { defaultPath: start } : {}),
    properties: mode === 'folder' ? ['openDirectory'] : ['openFile', 'multiSelections'],
    ...(mode === 'files' ? { filters: [{ name: 'IDX files', extensions: ['gz', 'idx3-ubyte', 'idx1-ubyte', '*'] }] } : {}),
  });
  if (r.canceled || r.filePaths.length === 0) return { ok: false, canceled: true };
  try {
    if (mode === 'folder') {
      const root = r.filePaths[0];
      const { entries, dirs } = await listFolder(root);
      const files = await readPicked(root, entries, root);
      await atomicWriteFile(stateFile, JSON.stringify({ lastDir: root })).catch(() => undefined);
      return { ok: true, path: root, name: basename(root), files, dirs };
    }
    const root = dirname(r.filePaths[0]);
    const entries = await Promise.all(r.filePaths.map(async (f) => ({ path: basename(f), size: (await stat(f)).size })));
    const files = await readPicked(root, entries, root);
    await atomicWriteFile(stateFile, JSON.stringify({ lastDir: root })).catch(() => undefined);
    return { ok: true, path: root, name: basename(root), files, dirs: [] };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
