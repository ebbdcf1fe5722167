// The Content-Security-Policy of the studio page: everything from the app itself ('self') and nothing else.
// Shared by the Electron app (response header) and the plain web fallback (scripts/serve-web.ts).

/**
 * `worker-src blob:` lets the renderer start module workers from bundled code; `'wasm-unsafe-eval'` lets it
 * compile WebAssembly kernels (no JS eval); `img-src data: blob:` covers canvas snapshots. In development with a
 * Vite dev server (`devOrigin`), inline scripts and styles and the HMR websocket of that one origin are allowed too.
 */
export function buildCsp(opts: { devOrigin?: string } = {}): string {
  const dev = opts.devOrigin;
  const ws = dev ? ` ${dev.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${dev ? " 'unsafe-inline'" : ''}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${ws}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
