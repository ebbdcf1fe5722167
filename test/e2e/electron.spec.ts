// The real desktop app under Playwright's Electron driver: window and isolation, the preload bridge, training
// through the worker_threads worker, menu actions, blocked navigation. Where no Electron binary is installed
// (it is downloaded on first use; this needs the Electron releases host) every test reports itself skipped.
import { _electron as electron, expect, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SessionEvent } from '../../core/protocol';
import { TrainingPanel } from './pages/studio';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Electron executable, or why there is none (never triggers electron's lazy download). */
function findElectron(): { exe?: string; reason?: string } {
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return { reason: `Electron binary not installed (${pathTxt} is missing; electron downloads it on first use)` };
  const exe = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(exe)) return { reason: `Electron binary not installed (${exe} is missing)` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'no display for Electron (DISPLAY is not set; run under xvfb-run)' };
  return { exe };
}

const found = findElectron();

/** Launches the app with a fresh profile for every test and closes it afterwards. */
const test = base.extend<{ app: ElectronApplication; page: Page }>({
  app: async ({}, use) => {
    const userData = mkdtempSync(join(tmpdir(), 'cnn-studio-e2e-'));
    const app = await electron.launch({ executablePath: found.exe!, args: [ROOT], cwd: ROOT, env: { ...process.env, CNN_STUDIO_USER_DATA: userData } });
    await use(app);
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  },
  page: async ({ app }, use) => {
    const page = await app.firstWindow();
    await expect(page.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
    await use(page);
  },
});

test.skip(!found.exe, found.reason ?? '');

test.beforeAll(() => {
  for (const [out, cmd] of [
    ['dist-web/index.html', ['npm', 'run', '--silent', 'build:web']],
    ['dist-electron/main.cjs', [process.execPath, 'electron/build.mjs']],
  ] as const) {
    if (existsSync(join(ROOT, out))) continue;
    const r = spawnSync(cmd[0], cmd.slice(1), { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`building ${out} failed (exit ${r.status})`);
  }
});

test('the studio window loads app://studio with no Node in the page and only the DesktopApi bridge', async ({ app, page }) => {
  expect(await page.title()).toBe('CNN Studio');
  expect(page.url()).toBe('app://studio/index.html');
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  const inPage = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    desktop: Object.keys(window.desktop!).sort(),
  }));
  expect(inPage).toEqual({ require: 'undefined', process: 'undefined', desktop: ['exportPng', 'exportText', 'onEvent', 'onMenu', 'openModel', 'saveModel', 'sendCommand', 'versions'] });
});

test('the UI trains through the worker thread; an invalid command comes back as an error event', async ({ page }) => {
  const train = new TrainingPanel(page);
  await train.usePreset('mlp');
  await train.startShortRun({ trainSize: 1000, epochs: 1, batchSize: 50 });
  await expect(train.status()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const error = await page.evaluate(
    () =>
      new Promise<SessionEvent>((resolve) => {
        const off = window.desktop!.onEvent((e) => {
          if (e.type === 'error') {
            off();
            resolve(e);
          }
        });
        window.desktop!.sendCommand({ type: 'train:start' } as never);
      }),
  );
  expect(error).toMatchObject({ type: 'error', message: expect.stringMatching(/train:start\.config: expected an object/) });
});

test('a menu click reaches the page as a MenuAction', async ({ app, page }) => {
  await page.evaluate(() => {
    const w = window as unknown as { menuSeen: string[] };
    w.menuSeen = [];
    window.desktop!.onMenu((a) => w.menuSeen.push(a));
  });
  await app.evaluate(({ Menu }) => {
    const training = Menu.getApplicationMenu()!.items.find((i) => i.label.replace('&', '') === 'Training')!;
    training.submenu!.items.find((i) => i.label === 'Stop')!.click();
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { menuSeen: string[] }).menuSeen)).toEqual(['train:stop']);
});

test('navigation away from the app and window.open are blocked', async ({ app, page }) => {
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  expect(opened).toBe(true);
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await expect.poll(() => page.url()).toBe('app://studio/index.html');
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});
