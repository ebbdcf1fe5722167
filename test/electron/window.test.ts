// The window manager with 'electron' mocked: locked-down webPreferences, restored bounds, state saved on close.
import { afterAll, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Fn = () => void;
const created: FakeWindow[] = [];
class FakeWindow {
  handlers: Record<string, Fn> = {};
  loaded = '';
  maximized = false;
  constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    created.push(this);
  }
  on(ev: string, f: Fn) {
    this.handlers[ev] = f;
  }
  once(ev: string, f: Fn) {
    this.handlers[ev] = f;
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return { x: 5, y: 6, width: 1000, height: 700 };
  }
  show() {}
}
vi.mock('electron', () => ({ BrowserWindow: FakeWindow, screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] } }));
const { createMainWindow } = await import('../../electron/main/window.js');

const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createMainWindow', () => {
  test('isolation and sandbox on, Node and webviews off, the preload set, the app URL loaded', () => {
    createMainWindow({ preload: '/app/dist-electron/preload.cjs', statePath: join(dir, 'none.json'), url: 'app://studio/index.html', title: 'CNN Studio' });
    const w = created.at(-1)!;
    expect(w.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      preload: '/app/dist-electron/preload.cjs',
    });
    expect(w.options).toMatchObject({ width: 1280, height: 820, show: false });
    expect(w.loaded).toBe('app://studio/index.html');
  });

  test('restores the saved bounds and maximized state, and saves them again on close', async () => {
    const statePath = join(dir, 'window-state.json');
    writeFileSync(statePath, JSON.stringify({ bounds: { x: 100, y: 80, width: 1100, height: 760 }, maximized: true }));
    createMainWindow({ preload: '/p.cjs', statePath, url: 'app://studio/index.html', title: 'CNN Studio' });
    const w = created.at(-1)!;
    expect(w.options).toMatchObject({ x: 100, y: 80, width: 1100, height: 760 });
    expect(w.maximized).toBe(true);
    w.maximized = false;
    w.handlers.close();
    await vi.waitFor(() => expect(JSON.parse(readFileSync(statePath, 'utf8'))).toEqual({ bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: false }));
  });
});
