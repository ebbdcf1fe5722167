// Shape exercises: the output size of a convolution (W, K, S and P, 'same' included), the size after pooling, and a
// conv layer's parameters against a dense layer doing the same job. Every answer is core's own arithmetic (outSize,
// resolvePads, inferShapes' parameter counts) and every worked solution the designer's formula line.
import type { Rng } from '../../../core/rng';
import { inferShapes, outSize, resolvePads, type Padding } from '../../../core/spec';
import { convFormula } from '../filters/designer';
import { choicesWith, pick, shuffled } from './choices';
import type { Exercise } from './exercises';

type Made = Omit<Exercise, 'kind' | 'seed'>;

const n = (v: number) => v.toLocaleString('en-US');
const int = (rng: Rng, lo: number, hi: number) => lo + rng.int(hi - lo + 1);

/** How a padding reads in a question: 'same', or "P = 1". */
export const paddingText = (p: Padding): string => (p === 'same' ? "'same'" : p === 'valid' ? 'none (valid)' : `P = ${p}`);

/** A W×W image, a K×K filter with stride S and padding P (or 'same'): how wide is the output? */
export function convSizeExercise(rng: Rng): Made {
  for (;;) {
    const w = int(rng, 5, 32);
    const k = pick(rng, [1, 2, 3, 3, 5, 5, 7]);
    const stride = pick(rng, [1, 1, 2, 2, 3]);
    const padding: Padding = pick(rng, [0, 0, 1, 2, 3, 'same', 'same']);
    const pads = resolvePads(w, w, k, stride, padding);
    if (k > w + pads.left + pads.right) continue;
    const value = outSize(w, k, stride, pads.left + pads.right);
    const line = convFormula(w, k, stride, pads.left, pads.right);
    const solution = [`Output size = ${line.symbolic}.`];
    if (padding === 'same') {
      const total = pads.left + pads.right;
      solution.push(
        `'same' pads just enough that the output is ⌈W/S⌉ = ⌈${w}/${stride}⌉ = ${Math.ceil(w / stride)}: in all (⌈W/S⌉ − 1)·S + K − W = ${Math.max(total, 0)} pixels` +
          (pads.left === pads.right ? `, ${pads.left} on each side.` : `, ${pads.left} before and ${pads.right} after (the odd one goes bottom/right).`),
      );
    } else solution.push(`P = ${padding}: ${padding} pixel${padding === 1 ? '' : 's'} of zeros on every side.`);
    solution.push(`${line.numeric}.`, `The output is ${value}×${value}.`);
    return {
      prompt: `A ${w}×${w} image goes through a convolution with a ${k}×${k} filter, stride ${stride} and padding ${paddingText(padding)}. How wide is the output?`,
      answer: { type: 'number', value },
      choices: [],
      grids: [],
      given: { W: w, K: k, S: stride, P: padding },
      solution,
    };
  }
}

/** A W×W map, max pooling with an F×F window and stride S: how wide is the pooled map? */
export function poolSizeExercise(rng: Rng): Made {
  const [size, stride] = pick(rng, [
    [2, 2],
    [2, 2],
    [3, 3],
    [3, 2],
    [2, 1],
  ] as const);
  const w = int(rng, Math.max(size, 4), 32);
  const value = outSize(w, size, stride, 0);
  const line = `floor((${w} − ${size})/${stride}) + 1 = ${value}`;
  return {
    prompt: `A ${w}×${w} feature map goes through max pooling with a ${size}×${size} window and stride ${stride} (no padding). How wide is the pooled map?`,
    answer: { type: 'number', value },
    choices: [],
    grids: [],
    given: { W: w, F: size, S: stride },
    solution: [
      'Pooling slides its window like a convolution without padding: out = floor((W − F)/S) + 1.',
      `${line}.`,
      (w - size) % stride !== 0 ? `(W − F = ${w - size} does not divide by ${stride}: the last ${(w - size) % stride} row(s) and column(s) are left out.)` : `Each ${stride === size ? 'window' : 'step'} moves ${stride} pixel${stride === 1 ? '' : 's'}.`,
      `The pooled map is ${value}×${value}, as many channels as before: pooling has no weights.`,
    ],
  };
}

/**
 * A conv layer (C input channels, H×W, F filters of K×K): its parameters, and those of a dense layer mapping the same
 * input to the same output (core's paramsWithoutSharing). Four pairs to choose from; the wrong ones are the usual slips.
 */
export function paramsExercise(rng: Rng): Made {
  const c = pick(rng, [1, 1, 3, 8, 16]);
  const h = pick(rng, [8, 10, 12, 14, 16, 28]);
  const f = pick(rng, [4, 6, 8, 16, 32]);
  const k = pick(rng, [3, 3, 5]);
  const padding: Padding = pick(rng, ['same', 'valid']);
  const info = inferShapes({ name: 'exercise', input: [c, h, h], layers: [{ type: 'conv2d', filters: f, kernel: k, padding }] })[0];
  const [, oh, ow] = info.outShape;
  const outputs = f * oh * ow;
  const conv = info.params;
  const dense = info.paramsWithoutSharing!;
  const pair = (a: number, b: number) => `conv ${n(a)} · dense ${n(b)}`;
  const correct = pair(conv, dense);
  const slips = [
    pair(f * c * k * k, dense), // the biases forgotten
    pair(f * k * k + f, dense), // the input channels forgotten
    pair(c * k * k + 1, dense), // one filter counted, not F
    pair(conv, c * h * h * outputs), // the dense biases forgotten
    pair(conv, h * h * oh * ow + outputs), // channels forgotten on both sides
    pair(conv, c * h * h * f + f), // dense to F outputs only, as if one position
  ];
  const wrong = shuffled(rng, [...new Set(slips)].filter((s) => s !== correct)).slice(0, 3);
  const { choices, id } = choicesWith(rng, correct, wrong);
  return {
    prompt: `A conv layer with ${f} filters of ${k}×${k} (stride 1, padding ${paddingText(padding)}) takes a ${c}-channel ${h}×${h} input. How many parameters does it have, and how many would a dense layer need to map the same ${n(c * h * h)} inputs to the same ${n(outputs)} outputs?`,
    answer: { type: 'choice', id },
    choices,
    grids: [],
    given: { C: c, H: h, F: f, K: k, P: padding, conv, dense },
    solution: [
      `The output is ${f}×${oh}×${ow} = ${n(outputs)} values.`,
      `Conv: each filter has C·K·K = ${c}·${k}·${k} = ${n(c * k * k)} weights and 1 bias, shared by every position: ${f}·(${n(c * k * k)} + 1) = ${n(conv)}.`,
      `Dense: every output has its own weight for every input, plus a bias: ${n(c * h * h)}·${n(outputs)} + ${n(outputs)} = ${n(dense)}.`,
      `Sharing the filter across positions needs ${n(Math.round(dense / conv))} times fewer parameters here.`,
    ],
  };
}
