// The app:// scheme: serves the renderer's web build (dist-web) as app://studio/…, a secure standard origin,
// so the page, its module scripts and workers load without file:// and the CSP can say 'self'.
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_HOST, APP_SCHEME, mimeType, resolveWebFile } from './web-files.js';

/**
 * Cross-origin isolation for the page, as the web build's servers send it (renderer/vite.config.ts): a page that
 * shares memory between threads must have it. The app loads nothing from elsewhere, so it costs nothing.
 */
const CROSS_ORIGIN_ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

export function serveWebRoot(root: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveWebFile(root, url.pathname) : null;
    if (!file) return new Response(`not found: ${request.url}`, { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { 'content-type': mimeType(file), 'content-security-policy': csp, 'x-content-type-options': 'nosniff', ...CROSS_ORIGIN_ISOLATED } });
    } catch {
      const hint = url.pathname === '/' || url.pathname === '/index.html' ? ` (no web build in ${root}: run npm run build:web)` : '';
      return new Response(`not found: ${url.pathname}${hint}`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  });
}
