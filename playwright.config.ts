// Playwright: the 'web' project runs the e2e specs against the built web app (vite preview of dist-web) in a
// system Chromium where one runs, else the one shipped in the npm package @sparticuz/chromium
// (scripts/lib/chromium.ts); browsers are never downloaded. The Electron helper adds an 'electron' project.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/lib/chromium';

const PORT = Number(process.env.WEB_E2E_PORT ?? 4319);
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
// The config is loaded by the runner and again by each worker: the runner finds the browser and says which,
// the workers take its answer from the environment.
process.env.CHROMIUM_PATH ??= await findChromium().then((found) => {
  console.log(`e2e: ${found.source}`);
  return found.executablePath;
});

export default defineConfig({
  testDir: 'test/e2e',
  // PW_OUTPUT_DIR lets two local runs side by side keep their traces apart.
  outputDir: process.env.PW_OUTPUT_DIR ?? 'test-output/playwright',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-output/playwright.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  webServer: {
    command: `npm run build:web && npx vite preview --config renderer/vite.config.ts --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  projects: [
    // The desktop app via Playwright's Electron driver; skips itself where no Electron binary is installed.
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
    {
      name: 'web',
      // the docs' before/after screenshots are made on request (FIRST_HOUR_SHOTS=before|after), not in every run
      testIgnore: process.env.FIRST_HOUR_SHOTS ? /electron\.spec\.ts$/ : [/electron\.spec\.ts$/, /first-hour-shots\.spec\.ts$/],
      use: {
        baseURL: `http://127.0.0.1:${PORT}/`,
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
});
