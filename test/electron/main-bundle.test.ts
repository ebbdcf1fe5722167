// The built main bundle (dist-electron/main.cjs) running under plain Node with a stand-in 'electron' module
// (fixtures/electron-stub.cjs): it starts the real worker bundle, forwards its events to the window, validates
// and routes IPC (a late page asks the session with session:describe), serves app:// with the CSP, and delivers menu actions.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildCsp } from '../../electron/main/csp.js';
import type { SessionEvent } from '../../core/protocol.js';
import { ROOT } from './helpers.js';

interface Report {
  kind: string;
  channel?: string;
  payload?: unknown;
  [k: string]: unknown;
}

let child: ChildProcess;
/** The worker's first 'ready' as forwarded to the window (each test that needs the worker awaits it). */
let ready: Promise<Report>;
const reports: Report[] = [];
const waiters: { pred: (r: Report) => boolean; resolve: (r: Report) => void }[] = [];

function next(pred: (r: Report) => boolean, what: string, ms = 60_000): Promise<Report> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(reports.slice(-3)).slice(0, 500)}`)), ms);
    waiters.push({ pred, resolve: (r) => (clearTimeout(timer), resolve(r)) });
  });
}
/** Like next(), but also satisfied by a report that already arrived (their order is not fixed). */
function seen(pred: (r: Report) => boolean, what: string): Promise<Report> {
  const r = reports.find(pred);
  return r ? Promise.resolve(r) : next(pred, what);
}
const event = (pred: (e: SessionEvent) => boolean) => (r: Report) => r.kind === 'send' && r.channel === 'session:event' && pred(r.payload as SessionEvent);
const send = (m: object) => child.send(m);

beforeAll(async () => {
  const b = spawnSync(process.execPath, [join(ROOT, 'electron/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  child = fork(join(ROOT, 'dist-electron/main.cjs'), [], {
    cwd: ROOT,
    execArgv: ['--require', join(ROOT, 'test/electron/fixtures/electron-stub.cjs')],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  ready = next(event((e) => e.type === 'ready'), 'ready');
  child.on('message', (r: Report) => {
    reports.push(r);
    for (const w of [...waiters]) if (w.pred(r)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(r);
  });
});
afterAll(() => {
  child?.kill();
});

describe('main bundle under a stand-in electron', () => {
  test('starts sandboxed, registers app://, opens one locked-down window on app://studio and sets the menu', async () => {
    await seen((r) => r.kind === 'load', 'window load');
    // the menu is set on app ready, which may come after the window's load under a busy machine
    await seen((r) => r.kind === 'menu', 'application menu');
    expect(reports.find((r) => r.kind === 'sandbox')).toBeTruthy();
    expect(reports.find((r) => r.kind === 'schemes')?.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(reports.find((r) => r.kind === 'window')?.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(ROOT, 'dist-electron/preload.cjs') });
    expect(reports.find((r) => r.kind === 'load')?.url).toBe('app://studio/index.html');
    expect(reports.find((r) => r.kind === 'menu')?.labels).toEqual(['&File', '&Edit', '&View', '&Training', '&Help']);
  });

  test('the worker bundle starts and its ready event reaches the window; a page loading later asks the session', async () => {
    const first = await ready;
    expect(first.payload).toMatchObject({ type: 'ready', data: { trainCount: 60000, testCount: 10000, input: [1, 28, 28], classes: 10 } });
    // nothing is replayed by main: a page that loads after 'ready' asks with session:describe
    const described = next(event((e) => e.type === 'session' && e.id === 4), 'session 4');
    send({ kind: 'ipc', channel: 'session:command', args: [{ type: 'session:describe', id: 4 }] });
    expect((await described).payload).toMatchObject({ type: 'session', id: 4, data: { trainCount: 60000 }, models: [{ id: 'm1' }], runs: [] });
  });

  test('commands from the window reach the worker; invalid ones come back as error events', async () => {
    await ready;
    const w = next(event((e) => e.type === 'weights' && e.id === 5), 'weights 5');
    send({ kind: 'ipc', channel: 'session:command', args: [{ type: 'weights:get', id: 5, model: 'm1' }] });
    const got = (await w).payload as Extract<SessionEvent, { type: 'weights' }>;
    expect(got.weights[0].data).toBeInstanceOf(Float32Array);
    expect(got.weights.map((t) => t.name)).toEqual(['0.weight', '0.bias', '3.weight', '3.bias', '7.weight', '7.bias', '9.weight', '9.bias']);
    const err = next(event((e) => e.type === 'error'), 'error event');
    send({ kind: 'ipc', channel: 'session:command', args: [{ type: 'weights:get', id: 6, model: 7 }] });
    expect((await err).payload).toMatchObject({ type: 'error', code: 'bad-command', id: 6, command: 'weights:get', message: expect.stringMatching(/weights:get\.model: expected a string, got 7/) });
  });

  test('a command from a frame showing another origin is dropped', async () => {
    await ready;
    const before = reports.length;
    send({ kind: 'ipc', channel: 'session:command', frameUrl: 'https://evil.test/', args: [{ type: 'weights:get', id: 77, model: 'm1' }] });
    // A trusted request sent after it is answered; the untrusted one never is.
    const ok = next(event((e) => e.type === 'weights' && e.id === 78), 'weights 78');
    send({ kind: 'ipc', channel: 'session:command', args: [{ type: 'weights:get', id: 78, model: 'm1' }] });
    await ok;
    expect(reports.slice(before).some((r) => r.kind === 'send' && (r.payload as { id?: number }).id === 77)).toBe(false);
  });

  test('app:// serves the web build with the CSP header and refuses paths outside it', async () => {
    const index = next((r) => r.kind === 'fetched' && r.url === 'app://studio/index.html', 'index');
    send({ kind: 'fetch', url: 'app://studio/index.html' });
    const r = await index;
    if (existsSync(join(ROOT, 'dist-web/index.html'))) {
      expect(r).toMatchObject({ status: 200, csp: buildCsp(), type: 'text/html; charset=utf-8' });
    } else {
      expect(r).toMatchObject({ status: 404, text: expect.stringMatching(/run npm run build:web/) });
    }
    const outside = next((r) => r.kind === 'fetched' && r.url === 'app://studio/%2e%2e/package.json', 'traversal');
    send({ kind: 'fetch', url: 'app://studio/%2e%2e/package.json' });
    expect(await outside).toMatchObject({ status: 404 });
    const other = next((r) => r.kind === 'fetched' && r.url === 'app://other/index.html', 'other host');
    send({ kind: 'fetch', url: 'app://other/index.html' });
    expect(await other).toMatchObject({ status: 404 });
  });

  test('a menu click is sent to the window as a MenuAction', async () => {
    const menu = next((r) => r.kind === 'send' && r.channel === 'app:menu', 'menu action');
    send({ kind: 'click', menu: 'File', item: 'Export PNG…' });
    expect((await menu).payload).toBe('export:png');
  });
});
