// The preload bridge with 'electron' mocked: exposes exactly DesktopApi, one IPC call per method, wrapped
// listeners (no IPC event reaches the page) and working unsubscribe functions.
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { CHANNELS, type DesktopApi } from '../../core/protocol.js';

type Listener = (event: unknown, value: unknown) => void;
const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<Listener>>();
const ipcRenderer = {
  send: vi.fn(),
  invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, path: String(args[0]) })),
  on: vi.fn((ch: string, l: Listener) => listeners.set(ch, (listeners.get(ch) ?? new Set()).add(l))),
  removeListener: vi.fn((ch: string, l: Listener) => listeners.get(ch)?.delete(l)),
};
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.set(k, v) }, ipcRenderer }));

let api: DesktopApi;
beforeAll(async () => {
  vi.stubGlobal('__APP_VERSION__', '9.9.9');
  await import('../../electron/preload/preload.js');
  api = exposed.get('desktop') as DesktopApi;
});

const emit = (ch: string, value: unknown) => listeners.get(ch)?.forEach((l) => l({ sender: { secret: 'webContents' } }, value));

describe('preload', () => {
  test('exposes window.desktop and nothing else, with exactly the DesktopApi members', () => {
    expect([...exposed.keys()]).toEqual(['desktop']);
    const keys: (keyof DesktopApi)[] = ['sendCommand', 'onEvent', 'onMenu', 'openModel', 'saveModel', 'exportPng', 'exportText', 'exportOnnx', 'openData', 'versions'];
    expect(Object.keys(api).sort()).toEqual([...keys].sort());
    expect(api.versions).toEqual({ app: '9.9.9', electron: '', chrome: '', node: process.versions.node });
  });

  test('each method makes one IPC call on its channel', async () => {
    api.sendCommand({ type: 'train:stop', id: 1, run: 'r1' });
    expect(ipcRenderer.send).toHaveBeenLastCalledWith(CHANNELS.command, { type: 'train:stop', id: 1, run: 'r1' });
    await api.openModel();
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.openModel);
    await api.saveModel('text', 'm.json');
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.saveModel, 'text', 'm.json');
    await api.exportPng('data:image/png;base64,', 'a.png');
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.exportPng, 'data:image/png;base64,', 'a.png');
    expect(await api.exportText('a,b', 'a.csv')).toEqual({ ok: true, path: CHANNELS.exportText });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.exportText, 'a,b', 'a.csv');
    const bytes = Uint8Array.of(8, 7);
    await api.exportOnnx(bytes, 'm.onnx');
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.exportOnnx, bytes, 'm.onnx');
    await api.openData('folder', 'any');
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.openData, 'folder', 'any');
  });

  test('onEvent delivers only the event value and unsubscribes', () => {
    const seen: unknown[][] = [];
    const sends = vi.mocked(ipcRenderer.send).mock.calls.length;
    const off = api.onEvent((...args: unknown[]) => seen.push(args));
    expect(vi.mocked(ipcRenderer.send).mock.calls.length).toBe(sends);
    emit(CHANNELS.event, { type: 'state', state: 'running' });
    expect(seen).toEqual([[{ type: 'state', state: 'running' }]]);
    off();
    emit(CHANNELS.event, { type: 'state', state: 'done' });
    expect(seen).toHaveLength(1);
    expect(listeners.get(CHANNELS.event)?.size).toBe(0);
  });

  test('onMenu delivers the action; several listeners unsubscribe independently', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.onMenu((x) => a.push(x));
    const offB = api.onMenu((x) => b.push(x));
    emit(CHANNELS.menu, 'model:open');
    offA();
    emit(CHANNELS.menu, 'train:start');
    offB();
    expect(a).toEqual(['model:open']);
    expect(b).toEqual(['model:open', 'train:start']);
  });

  test('a non-function listener is refused', () => {
    expect(() => api.onMenu('nope' as never)).toThrow(/listener for app:menu must be a function/);
  });
});
