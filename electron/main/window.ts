// The window manager: creates the one studio window with locked-down webPreferences and remembers its size and
// position across runs (userData/window-state.json).
import { BrowserWindow, screen } from 'electron';
import { loadWindowState, MIN_SIZE, restoreBounds, saveWindowState } from './window-state.js';

export interface WindowOptions {
  preload: string;
  statePath: string;
  /** URL of the studio page (app://studio/index.html or a dev server). */
  url: string;
  title: string;
  icon?: string;
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const state = loadWindowState(opts.statePath);
  const bounds = restoreBounds(state.bounds, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: opts.title,
    icon: opts.icon,
    show: false,
    backgroundColor: '#111418',
    // Written out here (not spread from a constant) so Electronegativity can check every flag.
    webPreferences: {
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
      preload: opts.preload, // eng-disable PRELOAD_JS_CHECK -- reviewed: exposes only DesktopApi (docs/desktop.md)
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    // Fire and forget: the write is small and atomic; a failure only loses the remembered size.
    saveWindowState(opts.statePath, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }).catch(() => {});
  });
  void win.loadURL(opts.url);
  return win;
}
