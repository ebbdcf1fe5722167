// Saving under faults, through main's save dialog path (dialogFileActions().saveModel, Electron's dialog mocked) on
// real temp folders: a read-only folder (written by an unprivileged process when the tests run as root, who may write
// anywhere) and a full disk (an ENOSPC injected after half the bytes are written). The old file stays byte for byte,
// no temp file is left, and the answer says why.
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserWindow } from 'electron';
import { atomicWriteFile, type AtomicIo } from '../../electron/main/file-io.js';
import { ROOT } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'cnn-studio-faults-'));
chmodSync(root, 0o755);
afterAll(() => {
  chmodSync(join(root, 'ro'), 0o755);
  rmSync(root, { recursive: true, force: true });
});

const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() };
vi.mock('electron', () => ({ app: { getPath: () => root }, dialog }));
const { dialogFileActions } = await import('../../electron/main/files.js');
const win = {} as BrowserWindow;
const OLD = '{"format":"cnn-studio-model","the":"old one"}';

beforeEach(() => dialog.showSaveDialog.mockReset());

/** The user "nobody": chmod does not stop root, so as root the write runs in a child process with that uid. */
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** atomicWriteFile run by an unprivileged process (the same code, through tsx), failing as it failed there. */
async function writeAsNobody(file: string, data: string | Uint8Array): Promise<void> {
  const script = `import(${JSON.stringify(`${ROOT}electron/main/file-io.ts`)}).then((m) => m.atomicWriteFile(process.argv[1], process.argv[2])).catch((e) => { process.stderr.write(e.message); process.exit(3); })`;
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script, file, String(data)], { uid: NOBODY, gid: NOBODY, cwd: ROOT });
  } catch (e) {
    throw new Error((e as { stderr?: string }).stderr || (e as Error).message);
  }
}
const write = asRoot ? writeAsNobody : atomicWriteFile;

describe('a read-only folder', () => {
  test('saveModel answers why, keeps the old file byte for byte and leaves no temp file', async () => {
    const ro = join(root, 'ro');
    mkdirSync(ro);
    const f = join(ro, 'model.json');
    writeFileSync(f, OLD);
    chmodSync(f, 0o644);
    chmodSync(ro, 0o555);
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: f });
    const r = await dialogFileActions(write).saveModel(win, '{"new":true}', 'model');
    expect(r).toEqual({ ok: false, error: `cannot write ${f}: permission denied: the folder is read-only or not yours (EACCES); the file already there was not changed` });
    expect(readFileSync(f, 'utf8')).toBe(OLD);
    expect(readdirSync(ro)).toEqual(['model.json']);
  });

  test('the same writer saves into a writable folder (the refusal above comes from the folder)', async () => {
    const rw = join(root, 'rw');
    mkdirSync(rw);
    chmodSync(rw, 0o777);
    const f = join(rw, 'model.json');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: f });
    expect(await dialogFileActions(write).saveModel(win, '{"new":true}', 'model')).toEqual({ ok: true, path: f });
    expect(readFileSync(f, 'utf8')).toBe('{"new":true}');
  });
});

describe('a full disk', () => {
  /** Real files, but the temp file's write stops half way with ENOSPC, as a full disk does. */
  const fullDisk: AtomicIo = {
    open: (async (path: string, flags: string) => {
      const fh = await open(path, flags);
      return Object.assign(Object.create(fh) as typeof fh, {
        writeFile: async (data: string | Uint8Array) => {
          const bytes = typeof data === 'string' ? Buffer.from(data) : data;
          await fh.write(bytes.subarray(0, bytes.length >> 1));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        sync: () => fh.sync(),
        close: () => fh.close(),
      });
    }) as AtomicIo['open'],
    rename: (...a) => import('node:fs/promises').then((fs) => fs.rename(...a)),
    rm: (...a) => import('node:fs/promises').then((fs) => fs.rm(...a)),
  };

  test('saveModel over an existing file: the old file stays byte for byte, no temp file, the answer says the disk is full', async () => {
    const dir = join(root, 'full');
    mkdirSync(dir);
    const f = join(dir, 'model.json');
    writeFileSync(f, OLD);
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: f });
    const r = await dialogFileActions((file, data) => atomicWriteFile(file, data, fullDisk)).saveModel(win, 'x'.repeat(10_000), 'model');
    expect(r).toEqual({ ok: false, error: `cannot write ${f}: the disk is full (ENOSPC); the file already there was not changed` });
    expect(readFileSync(f, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  test('a new file on a full disk: nothing is written, and the answer says so', async () => {
    const f = join(root, 'full', 'new.json');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: f });
    const r = await dialogFileActions((file, data) => atomicWriteFile(file, data, fullDisk)).saveModel(win, '{"a":1}', 'new');
    expect(r).toEqual({ ok: false, error: `cannot write ${f}: the disk is full (ENOSPC); nothing was written` });
    expect(readdirSync(join(root, 'full'))).toEqual(['model.json']);
  });
});
