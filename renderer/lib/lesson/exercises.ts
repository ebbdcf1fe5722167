// The checkpoint's exercises as pure data: one generator per kind (seeded, so a seed always gives the same exercise),
// and the checker. Shape questions take their answers from core's own shape arithmetic (shape-exercises.ts), the
// filter question from running the designer's code on the vertical-line image (concept-exercises.ts).
import { Rng } from '../../../core/rng';
import { paramsExercise, convSizeExercise, poolSizeExercise } from './shape-exercises';
import { sharingExercise, verticalFilterExercise, type LiveNumbers } from './concept-exercises';

export type { LiveNumbers } from './concept-exercises';

export const EXERCISE_KINDS = ['conv-size', 'pool-size', 'params', 'vertical-filter', 'sharing'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];

export const EXERCISE_TITLES: Record<ExerciseKind, string> = {
  'conv-size': 'Output size of a convolution',
  'pool-size': 'Size after pooling',
  params: 'Parameters: conv against dense',
  'vertical-filter': 'Which filter finds vertical edges?',
  sharing: 'Why is parameter sharing useful?',
};

export type { Choice } from './choices';
import type { Choice } from './choices';

/** A filter shown as a grid (row-major k×k weights). */
export interface FilterGrid {
  id: string;
  k: number;
  weights: number[];
}

export interface Exercise {
  kind: ExerciseKind;
  seed: number;
  prompt: string;
  /** A whole number to type, or the id of one of `choices`. */
  answer: { type: 'number'; value: number } | { type: 'choice'; id: string };
  /** The choices (empty for a number answer); exactly one is the answer. */
  choices: Choice[];
  /** Filters the prompt shows (the vertical-edge question). */
  grids: FilterGrid[];
  /** The numbers the exercise was made from (e.g. W, K, S, P), for the page's data attributes and the tests. */
  given: Record<string, number | string>;
  /** The worked solution, one step a line, shown after a try. */
  solution: string[];
}

export interface CheckResult {
  /** False: the answer could not be read (not a whole number, not a choice); it does not count as a try. */
  valid: boolean;
  correct: boolean;
  message: string;
}

/** The exercise of this kind made from this seed (whole numbers ≥ 0); `live`: the studio's numbers for the sharing question. */
export function generateExercise(kind: ExerciseKind, seed: number, live: LiveNumbers | null = null): Exercise {
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`generateExercise: the seed must be a whole number ≥ 0, got ${seed}`);
  const rng = new Rng(seed * 7919 + EXERCISE_KINDS.indexOf(kind));
  const base = { kind, seed };
  switch (kind) {
    case 'conv-size':
      return { ...base, ...convSizeExercise(rng) };
    case 'pool-size':
      return { ...base, ...poolSizeExercise(rng) };
    case 'params':
      return { ...base, ...paramsExercise(rng) };
    case 'vertical-filter':
      return { ...base, ...verticalFilterExercise(rng) };
    case 'sharing':
      return { ...base, ...sharingExercise(rng, live) };
    default:
      throw new RangeError(`generateExercise: unknown kind ${String(kind)}`);
  }
}

/** Checks an answer as typed (a number) or picked (a choice's id). */
export function checkAnswer(ex: Exercise, text: string): CheckResult {
  const t = text.trim();
  if (ex.answer.type === 'number') {
    if (!/^-?\d+$/.test(t)) return { valid: false, correct: false, message: t === '' ? 'Type your answer as a whole number first.' : `“${t.slice(0, 20)}” is not a whole number: type one, e.g. 26.` };
    const correct = Number(t) === ex.answer.value;
    return { valid: true, correct, message: correct ? `Right: ${ex.answer.value}.` : `Not ${Number(t)}. Look at the worked solution, then try a new one.` };
  }
  const choice = ex.choices.find((c) => c.id === t);
  if (!choice) return { valid: false, correct: false, message: 'Pick one of the answers first.' };
  const correct = choice.id === ex.answer.id;
  return { valid: true, correct, message: correct ? `Right: ${choice.id.toUpperCase()}.` : `Not ${choice.id.toUpperCase()}. The worked solution says why.` };
}
