// What leaves a session: batch reports go out together, everything else at once and after them.
import type { BatchReport, SessionEvent } from '../protocol.js';

/**
 * How long batch reports wait to go out together. NOTE: the cnn preset trains ~230 batches a second; one message each
 * cost the page a task and a structured clone apiece (3 % of a core in the web build, more in Electron, where each
 * also crosses the main process), and on 2 cores that time is taken from the training threads.
 */
export const BATCH_POST_MS = 100;

/** `post` with batch reports held back up to `ms` and sent as one `batches` event, always before whatever follows them. */
export function batchingPost(post: (e: SessionEvent) => void, ms = BATCH_POST_MS): (e: SessionEvent | BatchReport) => void {
  let held: BatchReport[] = [];
  let timer: unknown = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (held.length === 0) return;
    const batches = held;
    held = [];
    post({ type: 'batches', batches });
  };
  return (e) => {
    if (e.type === 'batch') {
      held.push(e);
      timer ??= setTimeout(flush, ms);
      return;
    }
    flush();
    post(e);
  };
}
