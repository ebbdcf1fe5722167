// What leaves a session: batch reports go out together, everything else at once and after them.
import { now } from '../event-loop.js';
import type { BatchReport, SessionEvent } from '../protocol.js';

/**
 * How long batch reports wait to go out together. NOTE: the cnn preset trains ~230 batches a second; one message each
 * cost the page a task and a structured clone apiece (3 % of a core in the web build, more in Electron, where each
 * also crosses the main process), and on 2 cores that time is taken from the training threads.
 */
export const BATCH_POST_MS = 100;

/**
 * `post` with batch reports sent as `batches` events at most once every `ms`, always before whatever follows them. A
 * report that comes `ms` or more after the last `batches` event goes at once (a run's first batch shows as soon as it
 * is done); the ones after it wait until `ms` has passed and go together.
 */
export function batchingPost(post: (e: SessionEvent) => void, ms = BATCH_POST_MS, clock: () => number = now): (e: SessionEvent | BatchReport) => void {
  let held: BatchReport[] = [];
  let timer: unknown = null;
  let last = -Infinity;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (held.length === 0) return;
    const batches = held;
    held = [];
    last = clock();
    post({ type: 'batches', batches });
  };
  return (e) => {
    if (e.type === 'batch') {
      held.push(e);
      if (timer !== null) return;
      const wait = last + ms - clock();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
      return;
    }
    flush();
    post(e);
  };
}
