// Comparing a fast kernel's float32 output with the reference backend's.
import { expect } from 'vitest';

/** Largest |a − b| relative to the largest |b| (float32 sums in a different order differ by rounding only). */
export function relDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let scale = 1e-6;
  let worst = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / scale;
}
