// Security settings with 'electron' types only (the objects are fakes): permissions, request filter, CSP header,
// navigation, window.open and <webview> blocking, and the CSP text itself.
import { describe, expect, test, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import type { App, Session } from 'electron';
import { buildCsp } from '../../electron/main/csp.js';

import { appUrlMatcher, hardenContents, hardenSession } from '../../electron/main/security.js';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
const isAppUrl = appUrlMatcher('app://studio');

function fakeSession() {
  const got: Record<string, Fn> = {};
  const ses = {
    setPermissionRequestHandler: (f: Fn) => (got.request = f),
    setPermissionCheckHandler: (f: Fn) => (got.check = f),
    setDevicePermissionHandler: (f: Fn) => (got.device = f),
    webRequest: { onBeforeRequest: (f: Fn) => (got.before = f), onHeadersReceived: (f: Fn) => (got.headers = f) },
  };
  hardenSession(ses as unknown as Session, { csp: buildCsp(), isAppUrl });
  return got;
}

describe('hardenSession', () => {
  test('denies every permission request and check', () => {
    const h = fakeSession();
    for (const perm of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const cb = vi.fn();
      h.request({}, perm, cb, {});
      expect(cb).toHaveBeenCalledWith(false);
      expect(h.check({}, perm)).toBe(false);
    }
    expect(h.device({})).toBe(false);
  });

  test('cancels every request that is not the app, devtools, data: or blob:', () => {
    const h = fakeSession();
    const cancel = (url: string) => {
      let r: { cancel: boolean } | undefined;
      h.before({ url }, (x: { cancel: boolean }) => (r = x));
      return r!.cancel;
    };
    expect(cancel('app://studio/index.html')).toBe(false);
    expect(cancel('app://studio/assets/index-abc.js')).toBe(false);
    expect(cancel('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(cancel('data:image/png;base64,AA==')).toBe(false);
    expect(cancel('blob:app://studio/1234')).toBe(false);
    expect(cancel('https://cdn.example.com/lib.js')).toBe(true);
    expect(cancel('http://127.0.0.1:8080/')).toBe(true);
    expect(cancel('file:///etc/passwd')).toBe(true);
    expect(cancel('app://evil/x')).toBe(true);
  });

  test('adds the CSP header to every response, keeping the others', () => {
    const h = fakeSession();
    let out: { responseHeaders: Record<string, string[]> } | undefined;
    h.headers({ responseHeaders: { 'X-Other': ['1'] } }, (x: typeof out) => (out = x));
    expect(out!.responseHeaders['X-Other']).toEqual(['1']);
    expect(out!.responseHeaders['Content-Security-Policy']).toEqual([buildCsp()]);
  });
});

describe('hardenContents', () => {
  function contents() {
    const on: Record<string, Fn> = {};
    let openHandler: Fn = () => undefined;
    const wc = { on: (ev: string, f: Fn) => (on[ev] = f), setWindowOpenHandler: (f: Fn) => (openHandler = f) };
    let created: Fn = () => undefined;
    hardenContents({ on: (_: string, f: Fn) => (created = f) } as unknown as App, { isAppUrl });
    created({}, wc);
    return { on, open: (url: string) => openHandler({ url }) };
  }
  const prevented = (f: Fn, url: string) => {
    const e = { url, preventDefault: vi.fn() };
    f(e);
    return e.preventDefault.mock.calls.length > 0;
  };

  test('blocks navigation and redirects away from the app, allows in-app ones', () => {
    const c = contents();
    expect(prevented(c.on['will-navigate'], 'https://example.com/')).toBe(true);
    expect(prevented(c.on['will-navigate'], 'file:///home/user/')).toBe(true);
    expect(prevented(c.on['will-navigate'], 'app://studio/index.html')).toBe(false);
    expect(prevented(c.on['will-redirect'], 'https://example.com/')).toBe(true);
  });

  test('denies window.open for any URL and refuses to attach a <webview>', () => {
    const c = contents();
    expect(c.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(c.open('app://studio/index.html')).toEqual({ action: 'deny' });
    expect(prevented(c.on['will-attach-webview'], 'app://studio/')).toBe(true);
  });
});

describe('CSP', () => {
  test('the production CSP allows only the app itself (no unsafe-inline, no unsafe-eval, no remote hosts)', () => {
    const csp = buildCsp();
    const d = Object.fromEntries(csp.split('; ').map((p) => [p.split(' ')[0], p.split(' ').slice(1)]));
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d['style-src']).toEqual(["'self'"]);
    expect(d['connect-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
  });

  test('the development CSP adds only the dev server origin', () => {
    const csp = buildCsp({ devOrigin: 'http://localhost:5173' });
    expect(csp).toMatch(/connect-src 'self' ws:\/\/localhost:5173/);
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'/);
  });
});

describe('the packaged binary', () => {
  test('flips the fuses docs/security.md lists: no run-as-node, no NODE_OPTIONS or --inspect, the app only from an integrity-checked asar', () => {
    const yml = readFileSync(new URL('../../build/electron-builder.yml', import.meta.url), 'utf8');
    const block = yml.slice(yml.indexOf('\nelectronFuses:'));
    const fuse = (name: string) => new RegExp(`^  ${name}: (true|false)$`, 'm').exec(block)?.[1];
    expect(fuse('runAsNode')).toBe('false');
    expect(fuse('enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(fuse('enableNodeCliInspectArguments')).toBe('false');
    expect(fuse('onlyLoadAppFromAsar')).toBe('true');
    expect(fuse('enableEmbeddedAsarIntegrityValidation')).toBe('true');
    expect(fuse('grantFileProtocolExtraPrivileges')).toBe('false');
  });
});
