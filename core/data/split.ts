// A chosen train/test split: a seeded, per-class (stratified) share of the images becomes the test set.
import { CoreError } from '../assert.js';
import { Rng } from '../rng.js';
import { imageSize, type Dataset } from './mnist.js';

/** The test share when a data set gives no split and the caller chooses none. */
export const DEFAULT_TEST_FRACTION = 0.2;

/** Checks a test fraction: above 0 and below 1. */
export function checkTestFraction(f: number): number {
  if (!(f > 0 && f < 1)) throw new CoreError(`test fraction: must be above 0 and below 1, got ${f}`);
  return f;
}

/**
 * Splits `d` into a training and a test set: of each class, round(fraction · n) images (at least one where the class
 * has two or more) go to the test set, picked in a seeded random order; both sets keep the images' order otherwise.
 */
export function splitDataset(d: Dataset, fraction: number, seed: number): { train: Dataset; test: Dataset } {
  checkTestFraction(fraction);
  const byClass: number[][] = Array.from({ length: d.classes }, () => []);
  for (let i = 0; i < d.count; i++) byClass[d.labels[i]].push(i);
  const rng = new Rng(seed);
  const isTest = new Uint8Array(d.count);
  for (const members of byClass) {
    if (members.length < 2) continue;
    const take = Math.min(members.length - 1, Math.max(1, Math.round(fraction * members.length)));
    const order = rng.shuffle(Uint32Array.from(members));
    for (let j = 0; j < take; j++) isTest[order[j]] = 1;
  }
  const testCount = isTest.reduce((a, b) => a + b, 0);
  if (testCount === 0 || testCount === d.count) throw new CoreError(`test fraction ${fraction}: ${d.count} images leave ${testCount === 0 ? 'no test images' : 'no training images'}`);
  const pick = (want: number, count: number): Dataset => {
    const px = imageSize(d);
    const images = new Uint8Array(count * px);
    const labels = new Uint8Array(count);
    let k = 0;
    for (let i = 0; i < d.count; i++) {
      if (isTest[i] !== want) continue;
      images.set(d.images.subarray(i * px, (i + 1) * px), k * px);
      labels[k++] = d.labels[i];
    }
    return { ...d, images, labels, count };
  };
  return { train: pick(0, d.count - testCount), test: pick(1, testCount) };
}
