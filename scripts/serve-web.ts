// A tiny static server for the web build (dist-web) on 127.0.0.1, with the same Content-Security-Policy as the
// desktop app: the fallback of `npm start` where no Electron binary is available. Read-only, GET/HEAD only.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { buildCsp } from '../electron/main/csp.js';
import { mimeType, resolveWebFile } from '../electron/main/web-files.js';

export interface ServeOptions {
  root: string;
  host?: string;
  /** First port to try; the next 19 are tried when it is taken. 0 picks a free one. */
  port?: number;
}

/** Headers on every response: the app's CSP, no sniffing, and cross-origin isolation (SharedArrayBuffer). */
export const WEB_HEADERS = {
  'content-security-policy': buildCsp(),
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cache-control': 'no-cache',
} as const;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/** Starts the server; resolves with it and its URL. */
export async function serveWeb(o: ServeOptions): Promise<{ server: Server; url: string }> {
  const host = o.host ?? '127.0.0.1';
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = resolveWebFile(o.root, path);
    try {
      if (!file) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { ...WEB_HEADERS, 'content-type': mimeType(file), 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...WEB_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}\n`);
    }
  });
  const first = o.port ?? 5180;
  for (let port = first; ; port++) {
    try {
      const bound = await listen(server, port, host);
      return { server, url: `http://${host}:${bound}/` };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || first === 0 || port >= first + 19) throw e;
    }
  }
}
