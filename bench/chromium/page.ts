// The page: starts the benchmark worker (blocking waits are not allowed on a page's main thread) and publishes its
// answer for bench/runtime-chromium.ts to read.
import type { ChromiumBenchConfig, ChromiumBenchResult } from './protocol.js';

const w = window as unknown as { __benchConfig: ChromiumBenchConfig; __benchResult?: ChromiumBenchResult; __benchError?: string };
const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (e: MessageEvent<{ result?: ChromiumBenchResult; error?: string }>) => {
  if (e.data.error) w.__benchError = e.data.error;
  else w.__benchResult = e.data.result;
};
worker.onerror = (e) => (w.__benchError = e.message || 'the benchmark worker failed to load');
worker.postMessage(w.__benchConfig);
