// Number and shape formats of the architecture editor: exact below 100 000, then compact (123 k, 4.92 M).

/** 208 → "208", 16 010 → "16,010", 4 923 520 → "4.92 M". */
export function count(n: number): string {
  if (n < 100_000) return n.toLocaleString('en-US');
  if (n < 1e6) return `${Math.round(n / 1e3)} k`;
  if (n < 1e9) return `${(n / 1e6).toPrecision(3)} M`;
  return `${(n / 1e9).toPrecision(3)} G`;
}

/** A shape as shown: [8, 28, 28] → "8×28×28". */
export const shape = (s: readonly number[]): string => s.join('×');
