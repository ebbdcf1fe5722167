// One animation-frame queue for the live views: work asked for "the next frame" runs in a single rAF callback, and
// work asked for while that callback runs (maps painting the activations just computed) runs in the same frame.

export type FrameTask = () => void;

const queue: FrameTask[] = [];
const queued = new Set<FrameTask>();
const ranThisFrame = new Set<FrameTask>();
let deferred: FrameTask[] = [];
let scheduled = false;
let flushing = false;
/** True from the start of a flush until the microtasks it queued (React commits of what it stored) have run. */
let inFlushOrTail = false;

function raf(cb: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(cb);
  else setTimeout(cb, 16);
}

function schedule(): void {
  if (scheduled || flushing) return;
  scheduled = true;
  raf(flush);
}

function flush(): void {
  scheduled = false;
  flushing = true;
  inFlushOrTail = true;
  try {
    // tasks queued by earlier tasks of this frame are appended and run now
    for (let i = 0; i < queue.length; i++) {
      const task = queue[i];
      if (!queued.delete(task)) continue;
      ranThisFrame.add(task);
      try {
        task();
      } catch (err) {
        // one failing view must not stop the others; the error still surfaces
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  } finally {
    queue.length = 0;
    ranThisFrame.clear();
    flushing = false;
    // queued after the React work the tasks triggered, so it runs when that has committed
    queueMicrotask(() => {
      inFlushOrTail = false;
    });
    const next = deferred;
    deferred = [];
    for (const t of next) requestFrameTask(t);
  }
}

/**
 * Runs `task` once in the next animation frame (or, when called from a task of the frame being run, later in that
 * same frame). Asking again before it ran changes nothing; a task that already ran this frame runs in the next one.
 */
export function requestFrameTask(task: FrameTask): void {
  if (queued.has(task)) return;
  if (flushing && ranThisFrame.has(task)) {
    if (!deferred.includes(task)) deferred.push(task);
    return;
  }
  queued.add(task);
  queue.push(task);
  schedule();
}

/** Drops `task` if it is waiting to run. */
export function cancelFrameTask(task: FrameTask): void {
  queued.delete(task);
  deferred = deferred.filter((t) => t !== task);
}

/**
 * True while the frame's tasks run, and in the microtasks right after them (where React commits what they stored):
 * work done now is shown by this frame, so a Konva layer can be drawn now instead of batched to the next one.
 */
export function inFrame(): boolean {
  return inFlushOrTail;
}
