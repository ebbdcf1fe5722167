// The menu template: the items the brief asks for, their accelerators, dev-only items, and delivery of actions.
import { describe, expect, test, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../electron/main/menu.js';

const sub = (m: MenuItemConstructorOptions) => m.submenu as MenuItemConstructorOptions[];
const find = (t: MenuItemConstructorOptions[], label: string) => {
  const m = t.find((x) => x.label?.replace('&', '') === label);
  if (!m) throw new Error(`no menu ${label}`);
  return sub(m);
};

describe('menuTemplate', () => {
  const send = vi.fn();
  const t = menuTemplate({ appName: 'CNN Studio', isMac: false, isDev: false, send });

  test('top level: File, Edit, View, Training, Help', () => {
    expect(t.map((m) => m.label?.replace('&', ''))).toEqual(['File', 'Edit', 'View', 'Training', 'Help']);
  });

  test('File has open/save/export with Ctrl+O/S/E, Export ONNX… and Quit; each click sends its MenuAction', () => {
    const file = find(t, 'File');
    const items = file.filter((i) => i.label).map((i) => [i.label, i.accelerator]);
    expect(items).toEqual([
      ['Open Model…', 'CmdOrCtrl+O'],
      ['Save Model…', 'CmdOrCtrl+S'],
      ['Export ONNX…', undefined],
      ['Export PNG…', 'CmdOrCtrl+E'],
      ['Quit', 'CmdOrCtrl+Q'],
    ]);
    expect(file.find((i) => i.label === 'Quit')?.role).toBe('quit');
    for (const [label, action] of [['Open Model…', 'model:open'], ['Save Model…', 'model:save'], ['Export ONNX…', 'model:export-onnx'], ['Export PNG…', 'export:png']]) {
      (file.find((i) => i.label === label)!.click as () => void)();
      expect(send).toHaveBeenLastCalledWith(action);
    }
  });

  test('Edit, Training and Help deliver draw/training/about actions', () => {
    const click = (menu: string, label: string) => (find(t, menu).find((i) => i.label === label)!.click as () => void)();
    const cases: [string, string, string][] = [
      ['Edit', 'Undo Stroke', 'draw:undo'],
      ['Edit', 'Clear Drawing', 'draw:clear'],
      ['Training', 'Start', 'train:start'],
      ['Training', 'Pause', 'train:pause'],
      ['Training', 'Stop', 'train:stop'],
      ['Help', 'About CNN Studio', 'help:about'],
    ];
    for (const [menu, label, action] of cases) {
      click(menu, label);
      expect(send).toHaveBeenLastCalledWith(action);
    }
  });

  test('View: reload and devtools only in development; zoom and fullscreen always', () => {
    const roles = (isDev: boolean) => find(menuTemplate({ appName: 'x', isMac: false, isDev, send }), 'View').map((i) => i.role).filter(Boolean);
    expect(roles(false)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(true)).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  test('macOS: an app menu with Quit first, no Quit in File', () => {
    const mac = menuTemplate({ appName: 'CNN Studio', isMac: true, isDev: false, send });
    expect(mac[0].label).toBe('CNN Studio');
    expect(sub(mac[0]).some((i) => i.role === 'quit')).toBe(true);
    expect(find(mac, 'File').some((i) => i.role === 'quit')).toBe(false);
  });
});
