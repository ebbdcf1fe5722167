// What the fuzzers put where a value belongs: wrong types, NaN and Infinity, limits and their neighbours, huge strings
// and lists, deep nesting, cycles, BigInt, inherited names — as values (for objects sent in messages) and as JSON text
// (for files).
import type { Rng } from '../../core/rng.js';
import { T, type Json } from './encode.js';
import { pick } from './harness.js';

/** A value of the wrong kind, or a number at or past a limit, for any field. */
export function nastyValue(rng: Rng, near?: number): Json {
  const numbers = [0, -1, 0.5, -0.5, 1e308, -1e308, 1e39, 1e30, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e9, 1e6, 10_001, 2048, 1025, 513, 33, 65, 16_385];
  const kinds: (() => Json)[] = [
    () => null,
    () => pick(rng, [true, false]),
    () => pick(rng, numbers),
    () => pick(rng, [T.nan, T.inf, T.ninf, T.undef, { $: '-0' }]),
    () => T.bigint(pick(rng, ['1', '10', '123456789012345678901234567890'])),
    () => pick(rng, ['', 'x', '16', 'NaN', 'toString', 'constructor', '__proto__', 'same ', 'VALID']),
    () => pick(rng, [[], {}, [1, 2], { a: 1 }, [[16, 1], 5, 5], ['2', '1', '3', '3']]),
    () => T.repeat('x', pick(rng, [1e4, 1e6, 2e7])),
    () => T.fill(pick(rng, [0, 1, 'x']), pick(rng, [1e4, 1e6, 1e7])),
    () => T.deep(pick(rng, [100, 1e4, 1e5]), 1, pick(rng, ['array', 'object'] as const)),
    () => T.cycle(0),
    // own "__proto__" and "constructor" keys, as JSON.parse makes them (a literal would set the prototype instead)
    () => JSON.parse('{"__proto__": 1, "constructor": 5}') as Json,
    () => T.typed(pick(rng, ['Float32Array', 'Float64Array', 'Uint8Array']), [1, 2, 3]),
    () => T.sparse(pick(rng, [3, 1e6]), { 1: 1 }),
  ];
  if (near !== undefined && rng.next() < 0.4) return pick(rng, [near + 1, near - 1, near * 2, -near, near + 0.5, String(near)]);
  return pick(rng, kinds)();
}

/** JSON text of a value of the wrong kind (as a T.concat part), for files: also what JSON.parse turns into Infinity. */
export function nastyText(rng: Rng, near?: number): Json {
  const texts: (() => Json)[] = [
    () => pick(rng, ['null', 'true', '"x"', '""', '-1', '0', '0.5', '1e308', '1e999', '-1e999', 'NaN', 'Infinity', '[]', '{}', '[1,2]', '{"a":1}', '"toString"', '{"__proto__":1}', '1e-400', '-0', '123456789012345678901234567890']),
    () => T.concat('"', T.repeat('x', pick(rng, [1e4, 1e6])), '"'),
    () => T.concat('[', T.repeat('0,', pick(rng, [1e4, 1e6])), '0]'),
    () => {
      const n = pick(rng, [20, 100, 1e4, 1e5, 1e6]);
      return rng.next() < 0.5 ? T.concat(T.repeat('[', n), '1', T.repeat(']', n)) : T.concat(T.repeat('{"a":', n), '1', T.repeat('}', n));
    },
  ];
  if (near !== undefined && rng.next() < 0.5) return String(pick(rng, [near + 1, near - 1, near * 2, -near, near + 0.5, 0]));
  if (near !== undefined && rng.next() < 0.2) return `"${near}"`;
  return pick(rng, texts)();
}
