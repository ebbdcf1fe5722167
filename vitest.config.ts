// vitest projects: core (node), core-relaxed (the kernel tests with relaxed SIMD on), renderer (jsdom + canvas mock), electron (node, Electron mocked), tooling (node: lint and
// line-count checks), bench (jsdom: the benchmarks' pure parts and bench:ui's in-page probe).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-output/vitest.json' }]] : ['default'],
    projects: [
      { test: { name: 'core', environment: 'node', include: ['test/core/**/*.test.ts'], exclude: ['test/core/kernels-relaxed.test.ts'], testTimeout: 120_000 } },
      {
        // the kernel tests again with relaxed SIMD on (Node 20 needs the flag; Chromium and Electron have it), so the
        // relaxed build the app runs is checked against the reference too
        test: {
          name: 'core-relaxed',
          environment: 'node',
          execArgv: ['--experimental-wasm-relaxed-simd'],
          include: ['test/core/kernels.test.ts', 'test/core/kernels-conv-pool.test.ts', 'test/core/kernels-relaxed.test.ts', 'test/core/kernels-gradcheck.test.ts', 'test/core/kernels-winograd.test.ts', 'test/core/kernels-infer.test.ts', 'test/core/kernels-parallel.test.ts'],
          testTimeout: 120_000,
        },
      },
      { test: { name: 'tooling', environment: 'node', include: ['test/tooling/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'electron', environment: 'node', include: ['test/electron/**/*.test.ts'], testTimeout: 180_000 } },
      { test: { name: 'bench', environment: 'jsdom', include: ['test/bench/**/*.test.ts'] } },
      {
        test: {
          name: 'renderer',
          environment: 'jsdom',
          // component tests wait on the in-process session step by step; on 2 busy cores a few take over vitest's 5 s
          testTimeout: 30_000,
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
    ],
  },
});
