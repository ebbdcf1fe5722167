// Fuzz cases are plain JSON, so every case that ever failed can be kept in regressions.json as it was. Tagged objects
// ({"$": kind, …}) stand for what JSON cannot hold — NaN, ±Infinity, -0, undefined, BigInt, typed arrays, sparse
// arrays, cycles, bytes — and for huge values kept small on disk (a string repeated, a list filled, deep nesting).
// decode() builds the real values; an own "__proto__" key stays an ordinary property, as JSON.parse makes it.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json | undefined };

export const T = {
  nan: { $: 'NaN' },
  inf: { $: 'Infinity' },
  ninf: { $: '-Infinity' },
  undef: { $: 'undefined' },
  bigint: (v: string): Json => ({ $: 'bigint', v }),
  /** The object or list `up` levels above this value (0: the one holding it). */
  cycle: (up = 0): Json => ({ $: 'cycle', up }),
  repeat: (s: string, n: number): Json => ({ $: 'repeat', s, n }),
  concat: (...parts: Json[]): Json => ({ $: 'concat', parts }),
  fill: (v: Json, n: number): Json => ({ $: 'fill', v, n }),
  sparse: (length: number, items: Record<string, Json>): Json => ({ $: 'sparse', length, items }),
  typed: (ctor: string, v: number[]): Json => ({ $: 'typed', ctor, v }),
  bytes: (b: Uint8Array): Json => ({ $: 'bytes', b64: Buffer.from(b).toString('base64') }),
  /** `leaf` wrapped in n lists ([[[…]]]) or n objects ({"a":{"a":…}}). */
  deep: (n: number, leaf: Json, kind: 'array' | 'object' = 'array'): Json => ({ $: 'deep', n, leaf, kind }),
  /** Escapes a key that starts with "$" so it is not read as a tag. */
  key: (k: string): string => (k.startsWith('$') ? `$${k}` : k),
};

/** Builds the value a case describes. */
export function decode(j: Json | undefined, stack: object[] = []): unknown {
  if (j === null || j === undefined || typeof j !== 'object') return j;
  if (Array.isArray(j)) {
    const out: unknown[] = [];
    const inner = [...stack, out];
    for (const x of j) out.push(decode(x, inner));
    return out;
  }
  const tag = j.$;
  if (typeof tag === 'string') return decodeTag(tag, j, stack);
  const out: Record<string, unknown> = {};
  const inner = [...stack, out];
  for (const [k, x] of Object.entries(j)) {
    Object.defineProperty(out, k.startsWith('$$') ? k.slice(1) : k, { value: decode(x, inner), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function decodeTag(tag: string, j: { [k: string]: Json | undefined }, stack: object[]): unknown {
  switch (tag) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case '-0':
      return -0;
    case 'undefined':
      return undefined;
    case 'bigint':
      return BigInt(j.v as string);
    case 'cycle':
      return stack[stack.length - 1 - (j.up as number)];
    case 'repeat':
      return (j.s as string).repeat(j.n as number);
    case 'concat':
      return (j.parts as Json[]).map((p) => decode(p, stack) as string).join('');
    case 'fill':
      return new Array(j.n as number).fill(decode(j.v, stack));
    case 'sparse': {
      const out: unknown[] = new Array(j.length as number);
      for (const [k, x] of Object.entries(j.items as Record<string, Json>)) out[Number(k)] = decode(x, [...stack, out]);
      return out;
    }
    case 'typed': {
      const ctor = (globalThis as unknown as Record<string, new (a: number[]) => unknown>)[j.ctor as string];
      return new ctor((j.v as Json[]).map((x) => decode(x) as number));
    }
    case 'bytes':
      return new Uint8Array(Buffer.from(j.b64 as string, 'base64'));
    case 'deep': {
      let v = decode(j.leaf, stack);
      for (let i = 0; i < (j.n as number); i++) v = j.kind === 'object' ? { a: v } : [v];
      return v;
    }
    default:
      throw new Error(`fuzz case: unknown tag ${tag}`);
  }
}
