// The remembered window size and position: round trip through userData JSON, bad files, and displays that changed.
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SIZE, loadWindowState, restoreBounds, saveWindowState } from '../../electron/main/window-state.js';

const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-win-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const screen = { x: 0, y: 0, width: 1920, height: 1040 };

describe('window state file', () => {
  test('saves and loads bounds and the maximized flag', async () => {
    const f = join(dir, 'window-state.json');
    await saveWindowState(f, { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true });
    expect(loadWindowState(f)).toEqual({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true });
  });

  test('a missing, corrupt or ill-typed file means no saved state', () => {
    expect(loadWindowState(join(dir, 'nope.json'))).toEqual({ bounds: null, maximized: false });
    const f = join(dir, 'bad.json');
    writeFileSync(f, '{not json');
    expect(loadWindowState(f)).toEqual({ bounds: null, maximized: false });
    writeFileSync(f, JSON.stringify({ bounds: { x: '1', y: 0, width: 100, height: -5 }, maximized: 'yes' }));
    expect(loadWindowState(f)).toEqual({ bounds: null, maximized: false });
  });
});

describe('restoreBounds', () => {
  test('no saved bounds: the default size, centred', () => {
    expect(restoreBounds(null, [screen])).toEqual(DEFAULT_SIZE);
  });
  test('saved bounds on a present display are kept', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1200, height: 800 }, [screen])).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
  });
  test('bounds on a second monitor that is gone: keep the size, let Electron centre it', () => {
    expect(restoreBounds({ x: 2500, y: 100, width: 1200, height: 800 }, [screen])).toEqual({ width: 1200, height: 800 });
  });
  test('partly off-screen or too large: pulled inside the display and shrunk to fit', () => {
    expect(restoreBounds({ x: 1300, y: 500, width: 1000, height: 800 }, [screen])).toEqual({ x: 920, y: 240, width: 1000, height: 800 });
    expect(restoreBounds({ x: 0, y: 0, width: 4000, height: 3000 }, [screen])).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });
  test('a tiny saved size grows to the minimum', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 50, height: 50 }, [screen])).toEqual({ x: 0, y: 0, width: 900, height: 600 });
  });
});
