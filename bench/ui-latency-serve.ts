// bench:ui's web app: built into its own folder when the sources are newer, served by `vite preview` on 127.0.0.1,
// opened in the Chromium the e2e suite uses (also for bench:anim); and the in-page probe (bench/ui-probe.ts) bundled
// into a script to inject before the app loads.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build, type Rolldown } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../scripts/lib/chromium.js';
import type { ProbeOptions } from './ui-probe.js';

const ROOT = resolve(import.meta.dirname, '..');
const log = (msg: string): void => void process.stderr.write(`[bench:ui] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|tsx|css|html|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app into `dir` unless a build newer than every renderer/core source is there. */
export function ensureBuild(dir: string, force: boolean): void {
  const index = join(dir, 'index.html');
  const stale = !existsSync(index) || !existsSync(join(dir, 'mnist')) || statSync(index).mtimeMs < Math.max(newestSource(join(ROOT, 'renderer')), newestSource(join(ROOT, 'core')));
  if (!force && !stale) return log(`using the build in ${dir}`);
  log(`building the web app into ${dir}`);
  const r = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench:ui: vite build failed (exit ${r.status})`);
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

/** `vite preview` of the build on 127.0.0.1; resolves when it answers. */
export async function serve(dir: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  // vite ≥ 8.4 refuses a second preview of one project unless told to (other helpers may be serving theirs)
  const help = spawnSync('npx', ['vite', 'preview', '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout ?? '';
  const lock = help.includes('--bypass-lock') ? ['--bypass-lock'] : [];
  const proc = spawn('npx', ['vite', 'preview', '--config', 'renderer/vite.config.ts', '--outDir', dir, '--host', '127.0.0.1', '--port', String(port), '--strictPort', ...lock], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let errText = '';
  proc.stderr?.on('data', (d: Buffer) => (errText += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null) throw new Error(`bench:ui: vite preview exited with ${proc.exitCode}: ${errText.trim()}`);
    try {
      if ((await fetch(url)).ok) return { url, proc };
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  if (proc.pid) process.kill(-proc.pid); // (not left serving after the bench gave up on it)
  throw new Error(`bench:ui: vite preview did not answer on ${url} within 30 s`);
}

/**
 * The page script that installs the latency probe as the app's measurement listener (installProbe in
 * bench/ui-probe.ts, bundled by Vite as one IIFE with nothing written to disk), to inject before the app loads.
 */
export async function probeScript(opts: Partial<ProbeOptions>): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: { write: false, minify: false, lib: { entry: join(ROOT, 'bench/ui-probe.ts'), formats: ['iife'], name: '__uiProbeLib', fileName: 'ui-probe' } },
  });
  const chunk = (Array.isArray(out) ? out[0] : (out as Rolldown.RolldownOutput)).output[0];
  return `${chunk.code}\n__uiProbeLib.installProbe(${JSON.stringify(opts)});\n`;
}

/**
 * Serves the build in `dir`, launches the Chromium of scripts/lib/chromium.ts headless with the e2e suite's flags
 * (no GPU), runs `fn` with it and the app's URL, then closes both. `say` logs which browser it found.
 */
export async function withChromium<T>(dir: string, say: (msg: string) => void, fn: (browser: Browser, url: string) => Promise<T>): Promise<T> {
  const server = await serve(dir);
  try {
    const found = await findChromium();
    say(`browser: ${found.source}`);
    const browser = await chromium.launch({ executablePath: found.executablePath, args: CHROMIUM_ARGS, headless: true });
    try {
      return await fn(browser, server.url);
    } finally {
      await browser.close();
    }
  } finally {
    if (server.proc.pid) process.kill(-server.proc.pid);
  }
}

/** Runs a bench's main: on failure prints the error's message and exits with 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
