// Entry of the Electron main process: wires the small modules together (security, app:// protocol, window,
// menu, IPC, training worker). Holds no logic of its own beyond routing events to the one studio window.
import { app, BrowserWindow, Menu, session } from 'electron';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { CHANNELS, type SessionEvent } from '../../core/protocol.js';
import { registerAppScheme, serveWebRoot } from './app-protocol.js';
import { buildCsp } from './csp.js';
import { dialogFileActions } from './files.js';
import { registerIpc } from './ipc.js';
import { menuTemplate } from './menu.js';
import { resolveAppPaths } from './paths.js';
import { appUrlMatcher, hardenContents, hardenSession } from './security.js';
import { APP_INDEX_URL, APP_ORIGIN } from './web-files.js';
import { createMainWindow } from './window.js';
import { WorkerManager } from './worker-manager.js';

const APP_NAME = 'CNN Studio';
/** A Vite dev server to load instead of the web build (development only), e.g. http://localhost:5173. */
const devUrl = !app.isPackaged ? process.env.CNN_STUDIO_DEV_URL : undefined;
const devOrigin = devUrl ? new URL(devUrl).origin : undefined;

app.setName(APP_NAME);
// Tests run each app in a fresh profile (window state, caches); development builds only.
if (!app.isPackaged && process.env.CNN_STUDIO_USER_DATA) app.setPath('userData', process.env.CNN_STUDIO_USER_DATA);
app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (e: Error) => {
    console.error(`CNN Studio failed to start: ${e.message}`);
    app.exit(1);
  });

  function start(): void {
    const paths = resolveAppPaths({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath, bundleDir: __dirname });
    const csp = buildCsp({ devOrigin });
    const isAppUrl = appUrlMatcher(APP_ORIGIN, devOrigin);
    hardenSession(session.defaultSession, { csp, isAppUrl });
    hardenContents(app, { isAppUrl });
    serveWebRoot(paths.webRoot, csp);

    // Session events go to the page as they come; a page that loads later asks the session (session:describe).
    const toPage = (e: SessionEvent) => {
      if (win && !win.isDestroyed()) win.webContents.send(CHANNELS.event, e);
    };
    const workers = new WorkerManager({
      create: () => new Worker(paths.workerScript, { workerData: { mnistDir: paths.mnistDir, defaultModelPath: paths.defaultModel, replicaScript: paths.replicaScript } }),
      onEvent: toPage,
    });
    workers.start();

    registerIpc({
      isAppUrl,
      sendCommand: (raw) => workers.send(raw),
      files: dialogFileActions(),
    });

    win = createMainWindow({
      preload: paths.preload,
      statePath: join(app.getPath('userData'), 'window-state.json'),
      url: devUrl ?? APP_INDEX_URL,
      title: APP_NAME,
    });
    const send = (action: Parameters<Parameters<typeof menuTemplate>[0]['send']>[0]) => win?.webContents.send(CHANNELS.menu, action);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ appName: APP_NAME, isMac: process.platform === 'darwin', isDev: !app.isPackaged, send })));
    win.on('closed', () => (win = null));
    app.on('before-quit', () => void workers.dispose());
  }
}
