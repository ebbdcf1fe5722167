// What the layer registry's entries share to check a spec: SpecError, field checks, and the window geometry
// (padding and output size) that convolution and pooling use.
import { CoreError, preview } from '../assert.js';
import type { Padding, Pads } from '../spec.js';

/** An invalid model spec; `layer` is the index of the layer at fault, null for the spec as a whole. */
export class SpecError extends CoreError {
  constructor(
    message: string,
    readonly layer: number | null,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

/** Throws a SpecError naming the layer, e.g. fail('units must be …') → `layer 3 (dense): units must be …`. */
export type Fail = (message: string) => never;

/** Output length of a convolution or pooling window: floor((W − K + P_total)/S) + 1. */
export function outSize(w: number, k: number, stride: number, padTotal: number): number {
  return Math.floor((w - k + padTotal) / stride) + 1;
}

/** Padding on each side, resolved from a Padding value (TF 'same': the odd extra row/column goes bottom/right). */
export function resolvePads(h: number, w: number, k: number, stride: number, padding: Padding): Pads {
  if (padding === 'valid') return { top: 0, left: 0, bottom: 0, right: 0 };
  if (padding === 'same') {
    const ph = Math.max((Math.ceil(h / stride) - 1) * stride + k - h, 0);
    const pw = Math.max((Math.ceil(w / stride) - 1) * stride + k - w, 0);
    return { top: Math.floor(ph / 2), left: Math.floor(pw / 2), bottom: ph - Math.floor(ph / 2), right: pw - Math.floor(pw / 2) };
  }
  return { top: padding, left: padding, bottom: padding, right: padding };
}

/** Whether v is an integer ≥ 1. */
export const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Fails unless `v` is a whole number from 1 to `max` (a LIMITS entry); `field` names it in the message. */
export function checkPosInt(v: unknown, field: string, fail: Fail, max: number): number {
  if (!isPosInt(v)) fail(`${field} must be a positive integer, got ${preview(v)}`);
  if (v > max) fail(`${field} ${v} is over the limit of ${max}`);
  return v;
}

/** The field's value, or `fallback` when it is absent (null is a value, and a wrong one). */
export function orDefault<T>(v: T | undefined, fallback: T): T {
  return v === undefined ? fallback : v;
}

/** Fails unless the input is an image [C, H, W] (convolution and pooling). */
export function checkImage(inShape: readonly number[], fail: Fail): void {
  if (inShape.length !== 3) fail(`needs an image input [C,H,W], got [${inShape.join(',')}]`);
}

/** Fails unless the input is flat [N] (dense): an image needs a flatten first, the editor marks it at this layer. */
export function checkFlat(inShape: readonly number[], fail: Fail): void {
  if (inShape.length !== 1) fail(`needs a flat input [N]; put a flatten before it, got [${inShape.join(',')}]`);
}

/** Fails unless an optional `trainable` field is a boolean. */
export function checkTrainable(trainable: unknown, fail: Fail): void {
  if (trainable !== undefined && typeof trainable !== 'boolean') fail('trainable must be true or false');
}

/** Fails unless `frozen` lists distinct output channels in 0..filters−1 (a dense list: no holes). */
export function checkFrozen(frozen: unknown, filters: number, fail: Fail): void {
  const bad = () => fail(`frozenChannels must list distinct channels in 0..${filters - 1}, got ${preview(frozen)}`);
  if (!Array.isArray(frozen) || frozen.length > filters) bad();
  const seen = new Set<number>();
  for (let i = 0; i < (frozen as unknown[]).length; i++) {
    const k: unknown = (frozen as unknown[])[i];
    if (!Number.isInteger(k) || (k as number) < 0 || (k as number) >= filters || seen.has(k as number)) bad();
    seen.add(k as number);
  }
}
