// Picks the host: desktop when Electron's preload exposed window.desktop, otherwise the browser worker.
import { createBrowserHost } from './browser';
import { createDesktopHost } from './desktop';
import type { Host } from './host';

export type { Host, HostKind } from './host';

export function createHost(): Host {
  return window.desktop ? createDesktopHost(window.desktop) : createBrowserHost();
}
