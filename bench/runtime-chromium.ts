// `npm run bench -- --runtime chromium`: the core's wasm rows run inside Chromium, where the app trains. Builds
// bench/chromium/ with Vite, serves it cross-origin isolated (COOP/COEP, so replicas can share memory) from
// 127.0.0.1, and drives the project's Chromium (scripts/lib/chromium.ts: never downloaded) headless.
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../scripts/lib/chromium.js';
import type { ChromiumBenchConfig, ChromiumBenchResult } from './chromium/protocol.js';

const ROOT = resolve(import.meta.dirname, '..');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.bin': 'application/octet-stream' };

function serveIsolated(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html');
    if (!path.startsWith(dir) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    createReadStream(path).pipe(res);
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

/** Runs the configured rows in Chromium; `batches` is the raw file the worker reads (see ChromiumBenchConfig). */
export async function runInChromium(cfg: ChromiumBenchConfig, batches: Uint8Array, log: (s: string) => void): Promise<ChromiumBenchResult> {
  const outDir = join(ROOT, 'test-output', 'bench-chromium');
  await build({ configFile: false, logLevel: 'warn', root: join(ROOT, 'bench', 'chromium'), base: './', build: { outDir, emptyOutDir: true }, worker: { format: 'es' } });
  writeFileSync(join(outDir, 'batches.bin'), batches);
  const { server, url } = await serveIsolated(outDir);
  const found = await findChromium();
  log(`chromium runtime: ${found.source}`);
  const browser = await chromium.launch({ executablePath: found.executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.addInitScript((c) => ((window as unknown as { __benchConfig: unknown }).__benchConfig = c), cfg);
    await page.goto(url);
    const timeout = 120_000 + cfg.specs.length * cfg.threads.length * (cfg.repeats * 2 + 2) * cfg.seconds * 4000;
    await page.waitForFunction(() => {
      const w = window as unknown as { __benchResult?: unknown; __benchError?: string };
      return w.__benchResult !== undefined || w.__benchError !== undefined;
    }, undefined, { timeout, polling: 500 });
    const out = await page.evaluate(() => {
      const w = window as unknown as { __benchResult?: ChromiumBenchResult; __benchError?: string };
      return { result: w.__benchResult, error: w.__benchError };
    });
    if (out.error !== undefined || !out.result) throw new Error(`bench in Chromium: ${out.error ?? 'no result'}`);
    return out.result;
  } finally {
    await browser.close();
    server.close();
  }
}
