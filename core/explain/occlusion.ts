// Occlusion (Zeiler & Fergus 2014, https://arxiv.org/abs/1311.2901): blank a size×size square (0 in every channel) at
// each stride position and see how far the class's probability drops; each pixel gets the mean drop of the squares
// covering it.
import { CoreError } from '../assert.js';
import type { Model } from '../model.js';
import { softmax } from '../ops/loss.js';
import { Tensor } from '../tensor.js';
import { imageTensor, pickClass, type ClassScores } from './common.js';
import { runSteps, runStepsAsync, type Steps } from './steps.js';
import type { InferEngine, JobHooks, OcclusionOptions } from './types.js';

export interface Occlusion extends ClassScores {
  /** H·W: per pixel, the mean of p_cls(original) − p_cls(occluded) over the squares covering it. */
  map: Float32Array;
}

export type OcclusionHooks = JobHooks & { engine?: InferEngine };

/** Squares per forward pass. */
const BATCH = 64;

/** Checks size (4..8, at most the image) and stride (1..4); throws naming `where`.field and the range. */
export function checkOcclusionOptions(opts: OcclusionOptions, h: number, w: number, where: string): void {
  const whole = (v: unknown, lo: number, hi: number) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
  if (!whole(opts.size, 4, 8)) throw new CoreError(`${where}.size: expected a whole number from 4 to 8, got ${opts.size}`);
  if (!whole(opts.stride, 1, 4)) throw new CoreError(`${where}.stride: expected a whole number from 1 to 4, got ${opts.stride}`);
  if (opts.size > Math.min(h, w)) throw new CoreError(`${where}.size: ${opts.size} is larger than the image (${h}×${w})`);
}

/** Where the squares start along an axis of n pixels: 0, stride, 2·stride, …, the last moved back to n − size. */
export function occlusionPositions(n: number, size: number, stride: number): number[] {
  const out: number[] = [];
  for (let p = 0; ; p += stride) {
    if (p >= n - size) return [...out, n - size];
    out.push(p);
  }
}

/**
 * Occlusion of one image (C·H·W values in [0, 1]) for `cls` (undefined: the predicted class), as steps of up to 64
 * squares each. Checks its arguments (naming `where`) when called, before the first step.
 */
export function occlusionSteps(model: Model, image: Float32Array, cls: number | undefined, opts: OcclusionOptions, engine: InferEngine, where: string): Steps<Occlusion> {
  const x = imageTensor(model, image, where);
  const [c, h, w] = model.spec.input;
  checkOcclusionOptions(opts, h, w, where);
  const probs = softmax(engine.infer(x)).data;
  const k = probs.length;
  const target = pickClass(model, new Tensor([1, k], probs), cls, where);
  const squares = occlusionPositions(h, opts.size, opts.stride).flatMap((y) => occlusionPositions(w, opts.size, opts.stride).map((x0) => [y, x0] as const));
  return (function* () {
    const sum = new Float64Array(h * w);
    const count = new Uint32Array(h * w);
    const plane = h * w;
    for (let start = 0; start < squares.length; start += BATCH) {
      const batch = squares.slice(start, start + BATCH);
      const xs = new Tensor([batch.length, c, h, w]);
      batch.forEach(([y0, x0], n) => {
        xs.data.set(image, n * c * plane);
        for (let ch = 0; ch < c; ch++) for (let y = y0; y < y0 + opts.size; y++) xs.data.fill(0, (n * c + ch) * plane + y * w + x0, (n * c + ch) * plane + y * w + x0 + opts.size);
      });
      const p = softmax(engine.infer(xs)).data;
      batch.forEach(([y0, x0], n) => {
        const drop = probs[target] - p[n * k + target];
        for (let y = y0; y < y0 + opts.size; y++) {
          for (let x1 = x0; x1 < x0 + opts.size; x1++) {
            sum[y * w + x1] += drop;
            count[y * w + x1]++;
          }
        }
      });
      yield { done: start + batch.length, total: squares.length };
    }
    const map = Float32Array.from(sum, (s, i) => s / count[i]);
    return { class: target, probabilities: Array.from(probs), map };
  })();
}

/**
 * Occlusion map of one image for class `cls` (default predicted): every size×size square at stride positions
 * (covering the image: the last one along each axis moved back to the edge) blanked to 0 in all channels; map[pixel] =
 * the mean over the squares covering it of p_cls(original) − p_cls(occluded). The squares go through `hooks.engine`
 * (default the model's Model.infer) in batches; null when `hooks.cancelled()` said so between batches.
 */
export function occlusion(model: Model, image: Float32Array, cls: number | undefined, opts: OcclusionOptions, hooks: OcclusionHooks = {}): Occlusion | null {
  return runSteps(occlusionSteps(model, image, cls, opts, hooks.engine ?? model, 'occlusion'), hooks);
}

/** occlusion() with the event loop let in between batches. */
export function occlusionAsync(model: Model, image: Float32Array, cls: number | undefined, opts: OcclusionOptions, hooks: OcclusionHooks = {}): Promise<Occlusion | null> {
  return runStepsAsync(occlusionSteps(model, image, cls, opts, hooks.engine ?? model, 'occlusion'), hooks);
}
