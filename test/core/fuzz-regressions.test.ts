// Every fuzz case that ever failed (test/fuzz/regressions.json: kept by `npm run fuzz -- --record`, docs/reliability.md),
// replayed: each must now end as a clean error or a correct accept. Hangs are left to vitest's timeout (no timed
// assertions); memory is still measured.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FAILURES, runCase, TARGETS, type FuzzCase } from '../fuzz/harness.js';
import { TARGET_LIST } from '../fuzz/targets.js';

const regressions = JSON.parse(readFileSync(new URL('../fuzz/regressions.json', import.meta.url), 'utf8')) as FuzzCase[];
const NO_HANG_CHECK = { hangMs: Number.POSITIVE_INFINITY, memoryBytes: 1024 ** 3 };

describe(`every case that ever failed (${regressions.length} in test/fuzz/regressions.json) passes now`, () => {
  // a target with no case yet: it has never failed (idx-gz came with its fixes in place)
  const NEVER_FAILED = ['idx-gz'];
  test('every target but those that never failed has cases', () => {
    expect(TARGETS.filter((t) => !regressions.some((c) => c.target === t))).toEqual(NEVER_FAILED);
  });

  test.each(TARGETS.filter((t) => !NEVER_FAILED.includes(t)))('%s', async (name) => {
    const cases = regressions.filter((c) => c.target === name);
    expect(cases.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const c of cases) {
      const r = await runCase(TARGET_LIST[name], c, NO_HANG_CHECK);
      if (FAILURES.includes(r.outcome)) failures.push(`${r.outcome}: ${c.kind} — ${r.detail}`);
    }
    expect(failures).toEqual([]);
  });
});
