// vitest projects: core (node), renderer (jsdom + canvas mock), electron (node, Electron mocked), tooling (node: lint and
// line-count checks).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-output/vitest.json' }]] : ['default'],
    projects: [
      { test: { name: 'core', environment: 'node', include: ['test/core/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'tooling', environment: 'node', include: ['test/tooling/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'electron', environment: 'node', include: ['test/electron/**/*.test.ts'], testTimeout: 180_000 } },
      {
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
    ],
  },
});
