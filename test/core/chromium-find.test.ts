// scripts/lib/chromium.ts: which Chromium the e2e suite and bench:ui drive (CHROMIUM_PATH, a system one on PATH that
// starts, else the one packaged in @sparticuz/chromium), and what it says when it cannot use one.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findChromium } from '../../scripts/lib/chromium';
import { useTempDirs } from './helpers/temp-dir';

const tempDir = useTempDirs();

/** A folder holding an executable `chromium` script that prints `out` and exits with `code`. */
function fakeChromium(code: number, out: string): string {
  const dir = tempDir('/tmp/fake-chromium-');
  const file = join(dir, 'chromium');
  writeFileSync(file, `#!/bin/sh\necho "${out}"${code ? ' >&2' : ''}\nexit ${code}\n`);
  chmodSync(file, 0o755);
  return dir;
}

describe('findChromium', () => {
  test('CHROMIUM_PATH wins, and a path with nothing there is an error naming it', async () => {
    const dir = fakeChromium(0, 'Chromium 1.0');
    const found = await findChromium({ CHROMIUM_PATH: join(dir, 'chromium'), PATH: '' });
    expect(found.executablePath).toBe(join(dir, 'chromium'));
    expect(found.source).toContain('CHROMIUM_PATH');
    await expect(findChromium({ CHROMIUM_PATH: join(dir, 'nothing'), PATH: '' })).rejects.toThrow(/CHROMIUM_PATH=.*nothing: no executable file there/);
  });

  test('a system Chromium on PATH that starts is used, and the place it was found is said', async () => {
    const dir = fakeChromium(0, 'Chromium 150.0');
    const found = await findChromium({ PATH: dir });
    expect(found).toEqual({ executablePath: join(dir, 'chromium'), source: `system Chromium at ${join(dir, 'chromium')}` });
  });

  test('a system Chromium that does not start gives way to the packaged one, with the reason', async () => {
    const dir = fakeChromium(127, 'exec: /usr/lib/chromium/chromium: not found');
    const found = await findChromium({ PATH: dir });
    expect(found.executablePath).toMatch(/node_modules\/\.cache\/chromium-[\d.]+\/chromium$/);
    expect(found.source).toContain(`system Chromium at ${join(dir, 'chromium')} does not start (exit code 127: exec: /usr/lib/chromium/chromium: not found)`);
  });

  test('with no system Chromium at all the packaged one is unpacked and used', async () => {
    const found = await findChromium({ PATH: tempDir('/tmp/empty-path-') });
    expect(found.source).toMatch(/^packaged Chromium from @sparticuz\/chromium [\d.]+ at .*\(no system Chromium/);
  });
});
