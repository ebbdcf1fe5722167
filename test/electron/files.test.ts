// The file dialogs behind openModel/saveModel/exportPng/exportText/exportOnnx, with Electron's dialog mocked and real files
// in a temp folder: cancel, success, atomic overwrite, refusal of bad input, unreadable files.
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';

const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() };
vi.mock('electron', () => ({ app: { getPath: () => dir }, dialog }));
const { dialogFileActions } = await import('../../electron/main/files.js');

const win = {} as BrowserWindow;
const PNG = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]).toString('base64')}`;

beforeEach(() => {
  dialog.showOpenDialog.mockReset();
  dialog.showSaveDialog.mockReset();
});

describe('openModel', () => {
  test('returns the chosen file text; cancel returns canceled', async () => {
    const f = join(dir, 'm.json');
    writeFileSync(f, '{"format":"cnn-studio-model"}');
    const files = dialogFileActions();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [f] });
    expect(await files.openModel(win)).toEqual({ ok: true, path: f, text: '{"format":"cnn-studio-model"}' });
    expect(dialog.showOpenDialog.mock.calls[0][1]).toMatchObject({ filters: [{ extensions: ['json', 'onnx'] }, { extensions: ['json'] }, { extensions: ['*'] }], properties: ['openFile'] });
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await files.openModel(win)).toEqual({ ok: false, canceled: true });
  });

  test('an .onnx file comes back as its bytes (for the renderer to import)', async () => {
    const f = join(dir, 'net.ONNX');
    writeFileSync(f, Uint8Array.of(8, 7, 18, 0, 255));
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [f] });
    expect(await dialogFileActions().openModel(win)).toEqual({ ok: true, path: f, bytes: Uint8Array.of(8, 7, 18, 0, 255) });
  });

  test('an unreadable choice comes back as an error naming the file', async () => {
    const f = join(dir, 'gone.json');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [f] });
    expect(await dialogFileActions().openModel(win)).toEqual({ ok: false, error: `cannot read ${f}: ENOENT` });
  });
});

describe('save and export', () => {
  test('saveModel suggests a safe .json name and writes atomically over an existing file', async () => {
    const f = join(dir, 'saved.json');
    writeFileSync(f, 'old');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: f });
    expect(await dialogFileActions().saveModel(win, '{"new":true}', '../cnn trained')).toEqual({ ok: true, path: f });
    expect(dialog.showSaveDialog.mock.calls[0][1].defaultPath).toBe(join(dir, 'cnn trained.json'));
    expect(readFileSync(f, 'utf8')).toBe('{"new":true}');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('a canceled save writes nothing', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await dialogFileActions().saveModel(win, 'x', 'a')).toEqual({ ok: false, canceled: true });
  });

  test('exportPng writes the decoded PNG bytes; a non-PNG data URL is refused before any dialog', async () => {
    const f = join(dir, 'maps.png');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: f });
    const files = dialogFileActions();
    expect(await files.exportPng(win, PNG, 'maps')).toEqual({ ok: true, path: f });
    expect(readFileSync(f).subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    expect(await files.exportPng(win, 'data:text/html;base64,PGgxPg==', 'x')).toEqual({ ok: false, error: expect.stringMatching(/expected a data:image\/png;base64 URL/) });
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1);
  });

  test('exportOnnx writes the bytes atomically under a safe .onnx name', async () => {
    const f = join(dir, 'cnn.onnx');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: f });
    expect(await dialogFileActions().exportOnnx(win, Uint8Array.of(8, 7, 18), 'a/b:cnn')).toEqual({ ok: true, path: f });
    expect(dialog.showSaveDialog.mock.calls[0][1]).toMatchObject({ defaultPath: join(dir, 'b_cnn.onnx'), filters: [{ extensions: ['onnx'] }] });
    expect([...readFileSync(f)]).toEqual([8, 7, 18]);
  });

  test('exportText keeps a .csv or .json extension, otherwise .txt; a write error is a value', async () => {
    const files = dialogFileActions();
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'no-such-dir', 'x.csv') });
    const r = await files.exportText(win, 'a,b\n1,2', 'confusion.csv');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/cannot write .*x\.csv: the folder does not exist \(ENOENT\); nothing was written/) });
    expect(dialog.showSaveDialog.mock.calls[0][1]).toMatchObject({ defaultPath: join(dir, 'confusion.csv'), filters: [{ extensions: ['csv'] }] });
    await files.exportText(win, '{}', 'curves.JSON');
    expect(dialog.showSaveDialog.mock.calls[1][1].defaultPath).toBe(join(dir, 'curves.json'));
    await files.exportText(win, 'x', 'notes.md');
    expect(dialog.showSaveDialog.mock.calls[2][1].defaultPath).toBe(join(dir, 'notes.md.txt'));
  });
});
