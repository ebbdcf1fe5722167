// Temp folders for tests that write files: each test file gets its own list, removed after its tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';

/** Returns a `tempDir(prefix)` whose folders are removed after the calling file's tests. */
export function useTempDirs(): (prefix: string) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(prefix);
    dirs.push(dir);
    return dir;
  };
}
