// Locks the app down: no permissions, no requests outside the app, a strict CSP on every response, no navigation,
// no new windows, no <webview>. Installed before the first window exists.
import type { App, Session } from 'electron';

export interface SecurityOptions {
  csp: string;
  /** URLs the page may load: the app's own origin (and the dev server in development). */
  isAppUrl: (url: string) => boolean;
}

/** Schemes Chromium uses internally (developer tools, in-memory workers and images) that stay allowed. */
const INTERNAL = /^(devtools|blob|data|chrome-extension):/;

export function hardenSession(ses: Session, o: SecurityOptions): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !(o.isAppUrl(details.url) || INTERNAL.test(details.url)) });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    // The policy text comes from buildCsp() (checked in test/electron/security.test.ts); Electronegativity can
    // only evaluate literal strings, hence the exception (docs/desktop.md).
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [o.csp] } }); // eng-disable CSP_GLOBAL_CHECK
  });
}

export function hardenContents(app: App, o: Pick<SecurityOptions, 'isAppUrl'>): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!o.isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!o.isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** An isAppUrl for the app's origin and, in development, one dev-server origin. */
export function appUrlMatcher(appOrigin: string, devOrigin?: string): (url: string) => boolean {
  const origins = [appOrigin, ...(devOrigin ? [devOrigin, devOrigin.replace(/^http/, 'ws')] : [])];
  return (url) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    const origin = u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' ? u.origin : `${u.protocol}//${u.host}`;
    return origins.includes(origin);
  };
}
