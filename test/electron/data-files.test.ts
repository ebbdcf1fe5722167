// Open a data set… in main, with Electron's dialog mocked and real files in a temp folder: a class folder listed and
// read, IDX files picked, the last folder remembered and used as the next dialog's start, limits refused by name.
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { LIMITS } from '../../core/limits.js';

const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() };
vi.mock('electron', () => ({ app: { getPath: () => dir }, dialog }));
const { openDataDialog, loadDataLocation, readPicked } = await import('../../electron/main/data-files.js');

const win = {} as BrowserWindow;
const state = join(dir, 'data-location.json');
beforeEach(() => dialog.showOpenDialog.mockReset());

describe('openData', () => {
  test('a class folder: images read, other files listed unread, folders listed; the folder is remembered', async () => {
    const root = join(dir, 'pets');
    for (const c of ['cat', 'dog', 'empty']) mkdirSync(join(root, c), { recursive: true });
    writeFileSync(join(root, 'cat', '1.png'), 'png-bytes');
    writeFileSync(join(root, 'dog', '1.jpg'), 'jpg');
    writeFileSync(join(root, 'notes.txt'), 'hello');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [root] });
    const r = await openDataDialog(win, 'folder', 'any', state);
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.name).toBe('pets');
    expect(r.dirs.sort()).toEqual(['cat', 'dog', 'empty']);
    const byPath = Object.fromEntries(r.files.map((f) => [f.path, Buffer.from(f.bytes).toString()]));
    expect(byPath).toEqual({ 'cat/1.png': 'png-bytes', 'dog/1.jpg': 'jpg', 'notes.txt': '' });
    expect(loadDataLocation(state)).toBe(root);
    // the next dialog starts there
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await openDataDialog(win, 'files', 'any', state)).toEqual({ ok: false, canceled: true });
    expect(dialog.showOpenDialog.mock.calls[1][1]).toMatchObject({ defaultPath: root, properties: ['openFile', 'multiSelections'] });
  });

  test('IDX files: read by name; an IDX file over the limit is refused naming it, before it is read', async () => {
    const a = join(dir, 'train-images-idx3-ubyte.gz');
    writeFileSync(a, 'gz');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [a] });
    expect(await openDataDialog(win, 'files', 'any', state)).toMatchObject({ ok: true, name: expect.any(String), files: [{ path: 'train-images-idx3-ubyte.gz', size: 2 }], dirs: [] });
    await expect(readPicked(dir, [{ path: 'train-images-idx3-ubyte.gz', size: LIMITS.idxBytes + 1 }], dir)).rejects.toThrow(`train-images-idx3-ubyte.gz: ${LIMITS.idxBytes + 1} bytes is over the limit of ${LIMITS.idxBytes} bytes for an IDX file`);
    await expect(readPicked(dir, Array.from({ length: LIMITS.folderFiles + 1 }, (_, i) => ({ path: `c/${i}.png`, size: 1 })), 'tiny')).rejects.toThrow(`tiny: holds ${LIMITS.folderFiles + 1} files, over the limit of ${LIMITS.folderFiles}`);
  });

  test('a missing or malformed remembered place is none', () => {
    expect(loadDataLocation(join(dir, 'nope.json'))).toBeNull();
    writeFileSync(join(dir, 'bad.json'), '{"lastDir":7}');
    expect(loadDataLocation(join(dir, 'bad.json'))).toBeNull();
  });
});
