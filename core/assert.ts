// Lazy-message assertions (tfjs util_base style): the message is built only when the check fails.

/** Thrown when an argument, shape or spec is invalid. The message names the op or layer and the shapes. */
export class CoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoreError';
  }
}

export function assert(cond: unknown, message: () => string): asserts cond {
  if (!cond) throw new CoreError(message());
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** A plain object (as JSON and structured clone make them): not null, a list, a typed array, a Map or a Date. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Object]';
}

/**
 * A short description of any value for an error message, at most `max` characters: never throws (BigInt, cycles,
 * Symbols, depth), never walks far (three levels, eight items each), and says NaN and Infinity as they are (JSON
 * would say null).
 */
export function preview(v: unknown, max = 60): string {
  const walk = (x: unknown, depth: number): string => {
    if (typeof x === 'string') return JSON.stringify(x.length > max ? `${x.slice(0, max)}…` : x);
    if (typeof x === 'bigint') return `${x}n`;
    if (typeof x === 'number' || typeof x === 'boolean' || x === undefined || x === null) return String(x);
    if (typeof x !== 'object') return typeof x;
    if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
    if (depth > 2) return Array.isArray(x) ? '[…]' : '{…}';
    const keys = Array.isArray(x) ? null : Object.keys(x);
    const n = keys ? keys.length : (x as unknown[]).length;
    const items = (keys ?? Array.from({ length: Math.min(n, 8) }, (_, i) => i)).slice(0, 8).map((k) => {
      const item = Object.hasOwn(x, k) ? walk((x as Record<string | number, unknown>)[k], depth + 1) : '';
      return keys ? `${JSON.stringify(k)}:${item}` : item;
    });
    const body = `${items.join(',')}${n > 8 ? ',…' : ''}`;
    return keys ? `{${body}}` : `[${body}]`;
  };
  const s = walk(v, 0);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
