// Seeded choices for the checkpoint's multiple-choice exercises: order, pick, and letters a, b, c, ….
import type { Rng } from '../../../core/rng';

export interface Choice {
  id: string;
  label: string;
}

/** The items in a seeded random order (a copy; Fisher–Yates). */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** One of the items, chosen by the rng. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** Lettered choices a, b, c, … in the given order, and the id of the one at index `correct`. */
export function lettered(labels: readonly string[], correct: number): { choices: Choice[]; id: string } {
  if (new Set(labels).size !== labels.length) throw new Error(`lettered: two choices read the same (${labels.join(' | ')})`);
  const choices = labels.map((label, i) => ({ id: String.fromCharCode(97 + i), label }));
  return { choices, id: choices[correct].id };
}

/** `correct` among `wrong` (distinct, none equal to it), in a seeded order: the lettered choices and the answer's id. */
export function choicesWith(rng: Rng, correct: string, wrong: readonly string[]): { choices: Choice[]; id: string } {
  const all = shuffled(rng, [correct, ...wrong]);
  return lettered(all, all.indexOf(correct));
}
