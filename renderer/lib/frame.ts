// One queue for the live views' drawing work. A run of the queue happens in the next animation frame, or — for work
// asked for "now" (a new stroke point) — in a user-blocking task as soon as the input has been handled; work asked
// for while a run is going on (maps painting the activations just computed) joins that run.

export type FrameTask = () => void;
type RunKind = 'frame' | 'task';

/** One refresh at 60 Hz, ms. */
const FRAME_MS = 1000 / 60;
/**
 * At most this many runs asked for "now" start within one frame interval (a 125 Hz mouse needs up to 3); input beyond
 * that (a 240–1000 Hz pen) waits for the next animation frame's run, so the main thread is not kept busy with
 * inferences no frame shows.
 */
export const MAX_TASK_RUNS_PER_FRAME = 3;
/** Start times of the latest task runs (performance.now()). */
const taskRunStarts: number[] = [];
const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

const queue: FrameTask[] = [];
const queued = new Set<FrameTask>();
const ranThisRun = new Set<FrameTask>();
let deferred: { task: FrameTask; now: boolean }[] = [];
let frameScheduled = false;
let taskScheduled = false;
let running: RunKind | null = null;
/** The kind of the run in progress, kept until the microtasks it queued (React commits of what it stored) have run. */
let tail: RunKind | null = null;

function raf(cb: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(cb);
  else setTimeout(cb, 16);
}

type PostTask = (cb: () => void, o: { priority: string }) => Promise<unknown>;
let channel: MessageChannel | null = null;
/** Callbacks waiting for their MessageChannel message, in posting order (one message each). */
const channelQueue: (() => void)[] = [];

/**
 * Runs `cb` in a new task as soon as possible: scheduler.postTask with priority user-blocking where the browser has
 * it (Chromium runs those before ordinary tasks), else a MessageChannel message (no 4 ms clamp as setTimeout has).
 * Several may be pending; each runs once, in order.
 */
export function postUrgentTask(cb: () => void): void {
  const sched = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  if (typeof sched?.postTask === 'function') {
    void sched.postTask(cb, { priority: 'user-blocking' });
  } else if (typeof MessageChannel === 'function') {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => channelQueue.shift()?.();
      // in Node (unit tests) an open port would keep the process alive
      (channel.port1 as { unref?: () => void }).unref?.();
    }
    channelQueue.push(cb);
    channel.port2.postMessage(null);
  } else setTimeout(cb, 0);
}

function scheduleFrame(): void {
  if (frameScheduled) return;
  frameScheduled = true;
  raf(runFrame);
}

function scheduleTask(): void {
  if (taskScheduled) return;
  taskScheduled = true;
  postUrgentTask(runTask);
}

function runFrame(): void {
  frameScheduled = false;
  run('frame');
}

function runTask(): void {
  taskScheduled = false;
  if (queue.length === 0) return;
  runAsTask();
}

/** A run for input, counted against MAX_TASK_RUNS_PER_FRAME. */
function runAsTask(): void {
  taskRunStarts.push(clock());
  if (taskRunStarts.length > MAX_TASK_RUNS_PER_FRAME) taskRunStarts.shift();
  run('task');
}

/** Whether MAX_TASK_RUNS_PER_FRAME task runs already started within the last frame interval. */
function taskBudgetSpent(): boolean {
  return taskRunStarts.length >= MAX_TASK_RUNS_PER_FRAME && clock() - taskRunStarts[0] < FRAME_MS;
}

function run(kind: RunKind): void {
  // an earlier run (the other kind) may have taken every task already
  if (queue.length === 0 || running) return;
  running = kind;
  tail = kind;
  try {
    // tasks queued by earlier tasks of this run are appended and run now
    for (let i = 0; i < queue.length; i++) {
      const task = queue[i];
      if (!queued.delete(task)) continue;
      ranThisRun.add(task);
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
    ranThisRun.clear();
    running = null;
    // queued after the React work the tasks triggered, so it runs when that has committed
    queueMicrotask(() => {
      if (running === null) tail = null;
    });
    const next = deferred;
    deferred = [];
    for (const d of next) (d.now ? requestTaskNow : requestFrameTask)(d.task);
  }
}

function enqueue(task: FrameTask, now: boolean): boolean {
  if (queued.has(task)) return true;
  if (running && ranThisRun.has(task)) {
    if (!deferred.some((d) => d.task === task)) deferred.push({ task, now });
    return true;
  }
  queued.add(task);
  queue.push(task);
  return running !== null;
}

/**
 * Runs `task` once in the next animation frame (or, when called from a task of the run in progress, later in that
 * same run). Asking again before it ran changes nothing; a task that already ran in this run runs in the next one.
 */
export function requestFrameTask(task: FrameTask): void {
  if (!enqueue(task, false)) scheduleFrame();
}

/**
 * Runs `task` once as soon as possible, in a user-blocking task (not waiting for the next frame), together with
 * everything queued by then; the work it asks for joins that run. At most one such run is pending at a time: input
 * arriving before it starts is taken by it, input arriving while it runs goes to the next one. When
 * MAX_TASK_RUNS_PER_FRAME runs already started within the last frame interval, it runs in the next animation frame.
 */
export function requestTaskNow(task: FrameTask): void {
  if (enqueue(task, true)) return;
  if (taskScheduled || !taskBudgetSpent()) scheduleTask();
  else scheduleFrame();
}

/**
 * Runs the queue here and now when a run was asked for "now" and has not started (the task it posted will find
 * nothing left to do), within the same budget of runs per frame interval: called by a pointer handler right after
 * it recorded its point, so that the point's prediction is drawn in the input event's own task — Chromium runs input
 * before other tasks, and a posted task could wait behind a frame or a render that came first. Returns whether it ran.
 */
export function runNowIfAsked(): boolean {
  if (!taskScheduled || running || queue.length === 0 || taskBudgetSpent()) return false;
  runAsTask();
  return true;
}

/** Drops `task` if it is waiting to run. */
export function cancelFrameTask(task: FrameTask): void {
  queued.delete(task);
  deferred = deferred.filter((d) => d.task !== task);
}

/**
 * True while a run's tasks go on, and in the microtasks right after them (where React commits what they stored):
 * what is drawn now is shown by the next paint, so a Konva layer can be drawn now instead of batched to a frame.
 */
export function inRun(): boolean {
  return tail !== null;
}

/** True while an animation frame's run goes on (and its microtasks): work done now is painted by this frame. */
export function inAnimationFrame(): boolean {
  return tail === 'frame';
}
