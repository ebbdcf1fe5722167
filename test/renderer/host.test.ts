// The two hosts: the desktop one forwards to window.desktop; the browser one's file helpers read a chosen file
// and offer downloads. createHost picks desktop when the bridge exists.
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Command, DesktopApi, SessionEvent } from '../../core/protocol';
import { download, MODEL_ACCEPT, pickModelFile, pickTextFile } from '../../renderer/host/browser';
import { createDesktopHost } from '../../renderer/host/desktop';
import { createHost } from '../../renderer/host';

function fakeDesktop(): DesktopApi & { listeners: ((e: SessionEvent) => void)[] } {
  const listeners: ((e: SessionEvent) => void)[] = [];
  return {
    listeners,
    sendCommand: vi.fn(),
    onEvent: (cb) => {
      listeners.push(cb);
      return () => listeners.splice(listeners.indexOf(cb), 1);
    },
    onMenu: () => () => undefined,
    openModel: vi.fn(async () => ({ ok: true as const, path: '/m.json', text: '{}' })),
    saveModel: vi.fn(async () => ({ ok: true as const, path: '/saved.json' })),
    exportPng: vi.fn(async () => ({ ok: false as const, canceled: true as const })),
    exportText: vi.fn(async () => ({ ok: false as const, error: 'disk full' })),
    exportOnnx: vi.fn(async () => ({ ok: true as const, path: '/m.onnx' })),
    openData: vi.fn(async () => ({ ok: false as const, canceled: true as const })),
    versions: { app: '0.1.0', electron: '45', chrome: '140', node: '22' },
  };
}

afterEach(() => {
  delete window.desktop;
});

describe('desktop host', () => {
  test('forwards commands, events and file calls to window.desktop', async () => {
    const api = fakeDesktop();
    const host = createDesktopHost(api);
    expect(host.kind).toBe('desktop');
    host.send({ type: 'train:pause', id: 1, run: 'r1' });
    expect(api.sendCommand).toHaveBeenCalledWith({ type: 'train:pause', id: 1, run: 'r1' });
    const got: SessionEvent[] = [];
    const off = host.onEvent((e) => got.push(e));
    api.listeners.forEach((l) => l({ type: 'state', state: 'paused', run: 'r1', model: 'm1' }));
    off();
    expect(api.listeners).toHaveLength(0);
    expect(got).toEqual([{ type: 'state', state: 'paused', run: 'r1', model: 'm1' }]);
    expect(await host.openModel()).toEqual({ ok: true, path: '/m.json', text: '{}' });
    await host.saveModel('text', 'a.json');
    expect(api.saveModel).toHaveBeenCalledWith('text', 'a.json');
    expect(await host.exportText('x', 'c.csv')).toEqual({ ok: false, error: 'disk full' });
    const bytes = Uint8Array.of(1, 2);
    expect(await host.exportOnnx(bytes, 'm.onnx')).toEqual({ ok: true, path: '/m.onnx' });
    expect(api.exportOnnx).toHaveBeenCalledWith(bytes, 'm.onnx');
  });

  test('openText refuses an ONNX file the open dialog read as bytes', async () => {
    const api = fakeDesktop();
    vi.mocked(api.openModel).mockResolvedValueOnce({ ok: true, path: '/n.onnx', bytes: Uint8Array.of(1) } as never);
    expect(await createDesktopHost(api).openText('.json')).toEqual({ ok: false, error: '/n.onnx is not a text file' });
  });

  test('a malformed or oversized command is answered here and never crosses the bridge (checked before posting)', async () => {
    const api = fakeDesktop();
    const host = createDesktopHost(api);
    const got: SessionEvent[] = [];
    const off = host.onEvent((e) => got.push(e));
    host.send({ type: 'data:test-images', id: 7, indices: new Array(10_001).fill(0) });
    host.send({ type: 'toString', id: 8 } as unknown as Command);
    expect(api.sendCommand).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(got).toEqual([
      { type: 'error', code: 'bad-command', id: 7, command: 'data:test-images', message: 'data:test-images.indices: 10001 values is over the limit of 10000' },
      { type: 'error', code: 'bad-command', id: 8, command: 'toString', message: 'command: unknown type "toString"' },
    ]);
    off();
    expect(api.listeners).toHaveLength(0);
  });

  test('createHost picks the desktop host when the bridge exists', () => {
    window.desktop = fakeDesktop();
    expect(createHost().kind).toBe('desktop');
  });
});

describe('browser host file helpers', () => {
  test('pickTextFile reads the chosen file', async () => {
    const picked = pickTextFile('.json');
    const input = document.querySelector<HTMLInputElement>('[data-testid="host.file-input"]')!;
    expect(input.accept).toBe('.json');
    Object.defineProperty(input, 'files', { value: [new File(['{"a":1}'], 'model.json')] });
    input.dispatchEvent(new Event('change'));
    expect(await picked).toEqual({ ok: true, path: 'model.json', text: '{"a":1}' });
    expect(document.querySelector('[data-testid="host.file-input"]')).toBeNull();
  });

  test('pickModelFile offers .json and .onnx; reads an .onnx as bytes, a .json as text', async () => {
    const pick = async (file: File) => {
      const picked = pickModelFile();
      const input = document.querySelector<HTMLInputElement>('[data-testid="host.file-input"]')!;
      expect(input.accept).toBe(MODEL_ACCEPT);
      Object.defineProperty(input, 'files', { value: [file] });
      input.dispatchEvent(new Event('change'));
      return picked;
    };
    expect(await pick(new File([Uint8Array.of(8, 7, 18)], 'net.onnx'))).toEqual({ ok: true, path: 'net.onnx', bytes: Uint8Array.of(8, 7, 18) });
    expect(await pick(new File(['{}'], 'm.json'))).toEqual({ ok: true, path: 'm.json', text: '{}' });
  });

  test('pickTextFile reports a closed dialog as canceled', async () => {
    const picked = pickTextFile('.json');
    document.querySelector<HTMLInputElement>('[data-testid="host.file-input"]')!.dispatchEvent(new Event('cancel'));
    expect(await picked).toEqual({ ok: false, canceled: true });
  });

  test('download clicks a link with the file name', () => {
    const clicked: string[] = [];
    const spy = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.download} ${this.href}`);
    });
    expect(download('data:image/png;base64,AAAA', 'curves.png')).toEqual({ ok: true, path: 'curves.png' });
    expect(clicked).toEqual(['curves.png data:image/png;base64,AAAA']);
    spy.mockRestore();
  });
});

describe('browser shortcuts', () => {
  test('map keys to the menu actions', async () => {
    const { shortcutAction } = await import('../../renderer/app/shortcuts');
    const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => shortcutAction({ key, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
    expect(k('z', { ctrlKey: true })).toBe('draw:undo');
    expect(k('Z', { metaKey: true })).toBe('draw:undo');
    expect(k('z', { ctrlKey: true, shiftKey: true })).toBeNull();
    expect(k('o', { ctrlKey: true })).toBe('model:open');
    expect(k('s', { metaKey: true })).toBe('model:save');
    expect(k('Delete')).toBe('draw:clear');
    expect(k('Escape')).toBeNull();
    expect(k('z')).toBeNull();
  });
});
