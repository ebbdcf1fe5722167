// A long explanation as a generator of steps (one batch each, yielding how far it has got), run to the end at once
// or with the event loop let in between steps (a session goes on answering and training meanwhile).
import { yieldToEventLoop } from '../event-loop.js';
import type { JobHooks } from './types.js';

export type Steps<T> = Generator<{ done: number; total: number }, T, void>;

/** Runs every step; after each, reports progress and asks whether to go on (null: cancelled). */
export function runSteps<T>(steps: Steps<T>, hooks: JobHooks = {}): T | null {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    hooks.onProgress?.(r.value.done, r.value.total);
    if (hooks.cancelled?.()) return null;
  }
}

/** The same, yielding to the event loop between steps, so `cancelled` can become true meanwhile. */
export async function runStepsAsync<T>(steps: Steps<T>, hooks: JobHooks = {}): Promise<T | null> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    hooks.onProgress?.(r.value.done, r.value.total);
    await yieldToEventLoop();
    if (hooks.cancelled?.()) return null;
  }
}
