// The fuzz suite inside `npm test` (test/fuzz/, docs/reliability.md): a short seeded run of every target, none ending in
// a failure class, and checks that the classification has teeth. `npm run fuzz` is the full run; every case that ever
// failed is replayed by fuzz-regressions.test.ts. Hangs are left to vitest's timeout here (no timed assertions).
import { describe, expect, test } from 'vitest';
import { CoreError } from '../../core/assert.js';
import { decode, T } from '../fuzz/encode.js';
import { FAILURES, generateCases, judge, runCase, TARGETS } from '../fuzz/harness.js';
import { TARGET_LIST } from '../fuzz/targets.js';

/** Cases per target in the short run: a few hundred in all, seconds on two cores. */
const SHORT = { 'model-file': 120, idx: 120, session: 40, spec: 80, onnx: 80, 'idx-gz': 80 } as const;
const SEED = 20_261_201;
const NO_HANG_CHECK = { hangMs: Number.POSITIVE_INFINITY, memoryBytes: 1024 ** 3 };

describe('short seeded fuzz run: no wrong accept, wrong reject, other exception or memory', () => {
  test.each(TARGETS)('%s', async (name) => {
    const target = TARGET_LIST[name];
    const cases = generateCases(target, SEED, SHORT[name]);
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const [i, c] of cases.entries()) {
      const r = await runCase(target, c, NO_HANG_CHECK);
      seen.add(r.outcome);
      if (FAILURES.includes(r.outcome)) failures.push(`#${i} ${r.outcome}: ${c.kind} — ${r.detail}`);
    }
    expect(failures).toEqual([]);
    // the run exercised both sides: files and commands refused cleanly, and valid ones accepted
    expect([...seen].sort()).toEqual(['clean error', 'correct accept']);
  });
});

describe('the classification has teeth', () => {
  const invalid = { ok: false as const, why: 'bad' };
  test('a raw TypeError is "other exception", a refused valid input "wrong reject", an accepted invalid one "wrong accept"', () => {
    expect(judge(invalid, { error: new TypeError('Do not know how to serialize a BigInt') }, /^x/).outcome).toBe('other exception');
    expect(judge(invalid, { error: new CoreError('Maximum call stack size exceeded') }, /^M/).outcome).toBe('other exception');
    expect(judge(invalid, { error: new CoreError('y: no place named') }, /^x/).outcome).toBe('other exception');
    expect(judge({ ok: true }, { error: new CoreError('x: refused') }, /^x/).outcome).toBe('wrong reject');
    expect(judge(invalid, { accepted: true }, /^x/).outcome).toBe('wrong accept');
    expect(judge({ ok: true }, { accepted: true, problem: 'predictions are NaN' }, /^x/).outcome).toBe('wrong accept');
    expect(judge(invalid, { error: new CoreError('x: refused') }, /^x/)).toEqual({ outcome: 'clean error', detail: 'x: refused' });
  });

  test('cases are plain JSON: NaN, BigInt, cycles, sparse lists, own __proto__ keys and huge values survive a round trip', () => {
    const json = JSON.parse(JSON.stringify({ a: T.nan, b: T.bigint('10'), c: { self: T.cycle(0) }, d: T.sparse(3, { 1: 2 }), e: T.repeat('ab', 3), p: JSON.parse('{"__proto__": 1}') }));
    const v = decode(json) as Record<string, unknown> & { c: { self: unknown }; d: unknown[]; p: object };
    expect([Number.isNaN(v.a), v.b, v.c.self === v.c, 0 in v.d, v.d[1], v.e]).toEqual([true, 10n, true, false, 2, 'ababab']);
    expect(Object.hasOwn(v.p, '__proto__')).toBe(true);
  });
});
