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
