// The application menu as a template (pure data + callbacks): File, Edit, View, Training, Help. Items that act
// on the studio are delivered to the renderer as MenuAction values (DesktopApi.onMenu).
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../../core/protocol.js';

export interface MenuOptions {
  appName: string;
  isMac: boolean;
  /** Development build: adds reload and developer tools. */
  isDev: boolean;
  send: (action: MenuAction) => void;
}

export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const act = (label: string, action: MenuAction, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => o.send(action),
  });
  const appMenu: MenuItemConstructorOptions[] = o.isMac
    ? [{ label: o.appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] }]
    : [];
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      act('Open Model…', 'model:open', 'CmdOrCtrl+O'),
      act('Save Model…', 'model:save', 'CmdOrCtrl+S'),
      act('Export ONNX…', 'model:export-onnx'),
      { type: 'separator' },
      act('Export PNG…', 'export:png', 'CmdOrCtrl+E'),
      ...(o.isMac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      act('Undo Stroke', 'draw:undo'),
      act('Clear Drawing', 'draw:clear'),
      { type: 'separator' },
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(o.isDev ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const training: MenuItemConstructorOptions = {
    label: '&Training',
    submenu: [act('Start', 'train:start'), act('Pause', 'train:pause'), act('Stop', 'train:stop')],
  };
  const help: MenuItemConstructorOptions = { role: 'help', label: '&Help', submenu: [act(`About ${o.appName}`, 'help:about')] };
  return [...appMenu, file, edit, view, training, help];
}
