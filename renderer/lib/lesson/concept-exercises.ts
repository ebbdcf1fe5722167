// Concept exercises: which of two filters (shown as grids) detects vertical edges — decided by running both with the
// designer's code (core's conv2d) on the vertical-line test image — and why parameter sharing is useful, picked from
// statements and backed by the studio's live numbers (parameters, shift-test accuracy).
import type { Rng } from '../../../core/rng';
import { absSum, runDesigner } from '../filters/designer';
import { findPreset, transpose, type KernelSize, type PresetId } from '../filters/presets';
import { testImage } from '../filters/test-images';
import { choicesWith, lettered, pick, shuffled } from './choices';
import type { Exercise } from './exercises';

type Made = Omit<Exercise, 'kind' | 'seed'>;

/** A summed response, to one decimal (0 when below 0.05: float rounding of an exact zero). */
const sumText = (v: number) => (v < 0.05 ? '0' : v.toLocaleString('en-US', { maximumFractionDigits: 1 }));

/** The side of the vertical-line image the filters are run on (MNIST's). */
export const TEST_SIDE = 28;

/** The summed |response| of a filter on a test image: 'valid' padding, stride 1, no ReLU or pooling. */
export function responseOn(image: 'vertical' | 'horizontal', k: number, weights: readonly number[]): number {
  const r = runDesigner(testImage(image, TEST_SIDE), TEST_SIDE, TEST_SIDE, { k, weights, bias: 0, stride: 1, padding: 'valid', relu: false, pool: false });
  return absSum(r.conv);
}

const FAMILIES: { id: PresetId; sizes: KernelSize[] }[] = [
  { id: 'sobel-x', sizes: [3, 5] },
  { id: 'prewitt-x', sizes: [3, 5] },
  { id: 'scharr-x', sizes: [3] },
];

/** Two filters, one a vertical-edge detector and the other its transpose (horizontal edges): which is which? */
export function verticalFilterExercise(rng: Rng): Made {
  const family = pick(rng, FAMILIES);
  const k = pick(rng, family.sizes);
  const sign = pick(rng, [1, -1]);
  const scale = pick(rng, [1, 1, 2]);
  const vertical = findPreset(family.id)!.build(k)!.map((v) => v * sign * scale);
  const horizontal = transpose(vertical, k);
  const [first, second] = shuffled(rng, [vertical, horizontal]);
  const grids = [
    { id: 'a', k, weights: first },
    { id: 'b', k, weights: second },
  ];
  // the answer is what running them says, not which one was made vertical
  const sums = grids.map((g) => responseOn('vertical', k, g.weights));
  const best = sums[0] > sums[1] ? 0 : 1;
  if (!(sums[best] > 10 * sums[1 - best])) throw new Error(`verticalFilterExercise: the responses ${sums.join(', ')} do not single out one filter`);
  const { choices, id } = lettered(['Filter A', 'Filter B'], best);
  const other = grids[1 - best];
  const cross = responseOn('horizontal', k, other.weights);
  const name = (i: number) => (i === 0 ? 'A' : 'B');
  return {
    prompt: `Which of these two ${k}×${k} filters detects vertical edges?`,
    answer: { type: 'choice', id },
    choices,
    grids,
    given: { K: k, family: family.id, sumA: sums[0], sumB: sums[1] },
    solution: [
      `A vertical edge is a change from left to right. Filter ${name(best)} has its weights change across the columns (negative on one side, positive on the other), filter ${name(1 - best)} across the rows.`,
      `Run on the built-in vertical-line image (${TEST_SIDE}×${TEST_SIDE}, valid padding, no ReLU), the summed |response| is ${sumText(sums[0])} for A and ${sumText(sums[1])} for B.`,
      `Filter ${name(1 - best)} finds horizontal edges: on the horizontal-line image it gives ${sumText(cross)}.`,
      'Try both in the filter designer: choose the preset, and the test image under Input.',
    ],
  };
}

/** The studio's numbers that back the sharing question; null parts are not known yet (e.g. no shift test run). */
export interface LiveNumbers {
  /** Where the numbers come from, e.g. "the shipped models". */
  source: string;
  cnnParams: number;
  mlpParams: number;
  /** Test accuracy with each image moved by a random ±k pixels (the shift test). */
  shift: { k: number; cnn: number; mlp: number } | null;
  /** The first conv layer of the cnn: its parameters and a dense layer's for the same job. */
  firstConv: { params: number; withoutSharing: number } | null;
}

const CORRECT = 'One small filter is used at every position: far fewer weights to learn than a dense layer on the pixels, and a pattern learned in one place is found anywhere in the image.';
const WRONG = [
  'Every filter of the layer shares its weights with the others, so all of them learn the same pattern and one would be enough.',
  'Each position of the image gets its own weights, so the layer fits the training images more exactly.',
  'With shared weights the network needs no ReLU and no pooling.',
  'Sharing lets every output see the whole image at once, like a dense layer, so nothing is missed.',
  'Sharing makes the layer bigger, and a bigger layer always generalises better.',
];

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const n = (v: number) => v.toLocaleString('en-US');

/** The lesson's own question, from four statements; the worked solution quotes the live numbers when known. */
export function sharingExercise(rng: Rng, live: LiveNumbers | null): Made {
  const { choices, id } = choicesWith(rng, CORRECT, shuffled(rng, WRONG).slice(0, 3));
  const solution = ['A conv layer slides one K×K filter over the whole image: the same few weights are used at every position (parameter sharing).'];
  if (live?.firstConv) solution.push(`The cnn's first conv layer has ${n(live.firstConv.params)} parameters; a dense layer producing the same maps from the same pixels would need ${n(live.firstConv.withoutSharing)}.`);
  if (live) solution.push(`In all (${live.source}): cnn ${n(live.cnnParams)} parameters, mlp ${n(live.mlpParams)}.`);
  if (live?.shift) solution.push(`Moved by up to ±${live.shift.k} pixels, the test digits are still recognised: cnn ${pct(live.shift.cnn)}, mlp ${pct(live.shift.mlp)} (the shift test).`);
  else solution.push('The shift test (step “MLP against CNN”) shows the other half: the cnn keeps recognising digits that are moved, the mlp much less.');
  return { prompt: 'Why is parameter sharing useful in a convolutional layer?', answer: { type: 'choice', id }, choices, grids: [], given: {}, solution };
}
