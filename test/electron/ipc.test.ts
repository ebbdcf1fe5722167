// IPC handlers with 'electron' mocked: the sender check, argument validation and routing of every channel.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { MAX_ONNX_BYTES } from '../../core/onnx/limits.js';
import { CHANNELS } from '../../core/protocol.js';
import { fake, electronMock } from './fake-electron.js';

vi.mock('electron', () => electronMock);
const { registerIpc } = await import('../../electron/main/ipc.js');
const { appUrlMatcher } = await import('../../electron/main/security.js');

const APP = 'app://studio/index.html';
const isAppUrl = appUrlMatcher('app://studio');

function setup() {
  fake.reset();
  const sendCommand = vi.fn();
  const warn = vi.fn();
  const files = {
    openModel: vi.fn(async () => ({ ok: true as const, path: '/m.json', text: '{}' })),
    saveModel: vi.fn(async () => ({ ok: true as const, path: '/m.json' })),
    exportPng: vi.fn(async () => ({ ok: true as const, path: '/a.png' })),
    exportText: vi.fn(async () => ({ ok: true as const, path: '/a.csv' })),
    exportOnnx: vi.fn(async () => ({ ok: true as const, path: '/m.onnx' })),
    openData: vi.fn(async () => ({ ok: true as const, path: '/d', name: 'd', files: [], dirs: [] })),
  };
  const unregister = registerIpc({ isAppUrl, sendCommand, files, warn });
  return { sendCommand, warn, files, unregister };
}

describe('ipc sender check', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => (s = setup()));

  test('a command from the studio window reaches the worker manager unchanged', () => {
    const wc = fake.window(APP);
    const cmd = { type: 'train:pause' };
    fake.send(CHANNELS.command, wc, wc.mainFrame, cmd);
    expect(s.sendCommand).toHaveBeenCalledWith(cmd);
    expect(s.warn).not.toHaveBeenCalled();
  });

  test('a webContents that is not one of our windows is ignored', () => {
    const stranger = { mainFrame: { url: APP }, send: vi.fn() };
    fake.send(CHANNELS.command, stranger, stranger.mainFrame, { type: 'train:pause' });
    expect(s.sendCommand).not.toHaveBeenCalled();
    expect(s.warn).toHaveBeenCalledWith(expect.stringMatching(/ignored session:command from an untrusted sender/));
  });

  test('our window showing another page (navigated away) is ignored', () => {
    const wc = fake.window('https://example.com/');
    fake.send(CHANNELS.command, wc, wc.mainFrame, { type: 'train:pause' });
    expect(s.sendCommand).not.toHaveBeenCalled();
  });

  test('a subframe of our window is ignored even at an app URL', () => {
    const wc = fake.window(APP);
    fake.send(CHANNELS.command, wc, { url: APP }, { type: 'train:pause' });
    expect(s.sendCommand).not.toHaveBeenCalled();
    fake.send(CHANNELS.command, wc, null, { type: 'train:pause' });
    expect(s.sendCommand).not.toHaveBeenCalled();
  });

  test('untrusted invoke calls get an error value and never open a dialog', async () => {
    const stranger = { mainFrame: { url: 'https://evil.test/' }, send: vi.fn() };
    fake.windows.set(stranger, { webContents: stranger });
    for (const ch of [CHANNELS.openModel, CHANNELS.saveModel, CHANNELS.exportPng, CHANNELS.exportText, CHANNELS.exportOnnx, CHANNELS.openData]) {
      expect(await fake.invoke(ch, stranger, 'x', 'y.json')).toEqual({ ok: false, error: `${ch}: rejected (not sent by the studio window)` });
    }
    expect(Object.values(s.files).every((f) => f.mock.calls.length === 0)).toBe(true);
  });
});

describe('ipc argument validation', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => (s = setup()));

  test('file channels pass the window and both strings to the file actions', async () => {
    const wc = fake.window(APP);
    const win = fake.windows.get(wc);
    expect(await fake.invoke(CHANNELS.saveModel, wc, '{"a":1}', 'cnn.json')).toEqual({ ok: true, path: '/m.json' });
    expect(s.files.saveModel).toHaveBeenCalledWith(win, '{"a":1}', 'cnn.json');
    await fake.invoke(CHANNELS.exportPng, wc, 'data:image/png;base64,AA==', 'maps.png');
    expect(s.files.exportPng).toHaveBeenCalledWith(win, 'data:image/png;base64,AA==', 'maps.png');
    await fake.invoke(CHANNELS.exportText, wc, 'a,b', 'x.csv');
    expect(s.files.exportText).toHaveBeenCalledWith(win, 'a,b', 'x.csv');
    expect(await fake.invoke(CHANNELS.openModel, wc)).toEqual({ ok: true, path: '/m.json', text: '{}' });
  });

  test('wrong argument types, counts and sizes come back as {ok:false, error} naming the channel', async () => {
    const wc = fake.window(APP);
    expect(await fake.invoke(CHANNELS.saveModel, wc, 42, 'a.json')).toEqual({ ok: false, error: 'model:save text: expected a string, got number' });
    expect(await fake.invoke(CHANNELS.saveModel, wc, 'x', null)).toEqual({ ok: false, error: 'model:save suggestedName: expected a string, got null' });
    expect(await fake.invoke(CHANNELS.exportText, wc, 'x', 'a', 'extra')).toEqual({ ok: false, error: 'file:export-text: expected 2 arguments, got 3' });
    expect(await fake.invoke(CHANNELS.exportPng, wc, 'x', 'n'.repeat(1001))).toMatchObject({ ok: false, error: expect.stringMatching(/suggestedName: 1001 characters, more than 1000/) });
    expect(await fake.invoke(CHANNELS.openModel, wc, '/etc/passwd')).toEqual({ ok: false, error: 'model:open: expected no arguments, got 1' });
    expect(Object.values(s.files).every((f) => f.mock.calls.length === 0)).toBe(true);
  });

  test('export-onnx passes the bytes on; anything but a Uint8Array, an oversized one or a bad name is refused first', async () => {
    const wc = fake.window(APP);
    const bytes = Uint8Array.of(8, 7, 18);
    expect(await fake.invoke(CHANNELS.exportOnnx, wc, bytes, 'cnn.onnx')).toEqual({ ok: true, path: '/m.onnx' });
    expect(s.files.exportOnnx).toHaveBeenCalledWith(fake.windows.get(wc), bytes, 'cnn.onnx');
    s.files.exportOnnx.mockClear();
    expect(await fake.invoke(CHANNELS.exportOnnx, wc, 'text', 'a.onnx')).toEqual({ ok: false, error: 'file:export-onnx bytes: expected a Uint8Array, got string' });
    expect(await fake.invoke(CHANNELS.exportOnnx, wc, [1, 2], 'a.onnx')).toEqual({ ok: false, error: 'file:export-onnx bytes: expected a Uint8Array, got object' });
    expect(await fake.invoke(CHANNELS.exportOnnx, wc, new Uint8Array(MAX_ONNX_BYTES + 1), 'a.onnx')).toEqual({ ok: false, error: `file:export-onnx bytes: ${MAX_ONNX_BYTES + 1} bytes, more than ${MAX_ONNX_BYTES}` });
    expect(await fake.invoke(CHANNELS.exportOnnx, wc, bytes, 7)).toEqual({ ok: false, error: 'file:export-onnx suggestedName: expected a string, got number' });
    expect(await fake.invoke(CHANNELS.exportOnnx, wc, bytes, 'a', 'b')).toEqual({ ok: false, error: 'file:export-onnx: expected 2 arguments, got 3' });
    expect(s.files.exportOnnx).not.toHaveBeenCalled();
  });

  test('open-data passes a checked mode and hint on; anything else is refused before a dialog opens', async () => {
    const wc = fake.window(APP);
    expect(await fake.invoke(CHANNELS.openData, wc, 'folder', 'fashion-mnist')).toEqual({ ok: true, path: '/d', name: 'd', files: [], dirs: [] });
    expect(s.files.openData).toHaveBeenCalledWith(fake.windows.get(wc), 'folder', 'fashion-mnist');
    s.files.openData.mockClear();
    expect(await fake.invoke(CHANNELS.openData, wc, '/etc', 'any')).toEqual({ ok: false, error: 'data:open mode: expected "folder" or "files"' });
    expect(await fake.invoke(CHANNELS.openData, wc, 'files', 7)).toEqual({ ok: false, error: 'data:open hint: expected "fashion-mnist" or "any"' });
    expect(await fake.invoke(CHANNELS.openData, wc, 'files', 'any', 'x')).toEqual({ ok: false, error: 'data:open: expected 2 arguments, got 3' });
    expect(s.files.openData).not.toHaveBeenCalled();
  });

  test('a file action that throws becomes an error value', async () => {
    const wc = fake.window(APP);
    s.files.saveModel.mockRejectedValueOnce(new Error('cannot write /ro/x.json: EACCES'));
    expect(await fake.invoke(CHANNELS.saveModel, wc, 't', 'x.json')).toEqual({ ok: false, error: 'cannot write /ro/x.json: EACCES' });
  });

  test('unregister removes every channel', () => {
    s.unregister();
    expect(fake.listeners.size + fake.handlers.size).toBe(0);
  });
});

describe('appUrlMatcher', () => {
  test('accepts the app origin and the dev origin only', () => {
    const m = appUrlMatcher('app://studio', 'http://localhost:5173');
    expect(m('app://studio/index.html')).toBe(true);
    expect(m('app://studio/assets/x.js')).toBe(true);
    expect(m('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(m('ws://localhost:5173/')).toBe(true);
    expect(m('app://other/index.html')).toBe(false);
    expect(m('http://localhost:5174/')).toBe(false);
    expect(m('https://localhost:5173/')).toBe(false);
    expect(m('file:///etc/passwd')).toBe(false);
    expect(m('not a url')).toBe(false);
    expect(appUrlMatcher('app://studio')('http://localhost:5173/')).toBe(false);
  });
});
