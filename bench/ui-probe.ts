// The stroke-to-paint probe of `npm run bench:ui`, run in the page: bench/ui-latency.ts bundles this file, injects it
// before the app loads and installs it as the app's measurement listener (renderer/app/measure-hook.ts). From the app's
// marks it records, for each pointer event that changed the drawing, when the prediction bars and every feature map
// showing it were drawn, when the live canvases holding them were handed to the compositor, and when the page's next
// frame's main-thread paint had finished; and it turns the app's timed spans into performance.measure entries.
import type { Activations } from '../core/model';
import type { MarkName, MeasureListener } from '../renderer/app/measure-hook';
import { postUrgentTask } from '../renderer/lib/frame';

/** One pointer event on the pad that changed the strokes. Times are performance.now() milliseconds. */
export interface ProbeEvent {
  type: string;
  /** The event's timeStamp (when the browser received it). */
  ts: number;
  /** timeStamp of the oldest coalesced sample in it (equal to ts when nothing was coalesced). */
  oldestTs: number;
  coalesced: number;
  /** When the pad's handler ran, and the number of the frame (rAF tick) last begun by then. */
  handledAt: number;
  handledFrame: number;
  /** The activations computed from an input that includes this event (-1 until then). */
  seq: number;
}

/** One set of activations: what caused it and when every consumer had drawn it. */
export interface ProbeActivation {
  seq: number;
  cause: 'input' | 'weights' | 'other';
  weightsVersion: number;
  computedAt: number;
  /** The last frame begun when it was computed, and whether that was inside the frame's rendering step. */
  computedFrame: number;
  computedInFrame: boolean;
  /** The consumer whose draw completed it, the last frame begun then, and whether inside its rendering step. */
  lastConsumer?: string;
  committedFrame?: number;
  committedInFrame?: boolean;
  /** When the last consumer (prediction bars, each map grid, dense bars) had drawn it or a newer one. */
  committedAt?: number;
  /** The frame whose paint shows it (the one running when it was committed, else the next), and its rAF timestamp. */
  frame?: number;
  frameTs?: number;
  /** When that frame's rAF callbacks began (performance.now()): after frameTs when the main thread was busy at vsync. */
  frameBeganAt?: number;
  /**
   * When the frame that shows it had finished its main-thread rendering step (rAF, style, layout, paint): the first
   * task after that frame ('message': a user-blocking task, or a MessageChannel message, posted from its first rAF
   * callback) or, if the browser ran the next frame before that task, the start of the next frame's rAF callbacks
   * ('next-frame'), whichever came first.
   */
  paintedAt?: number;
  paintedBy?: 'message' | 'next-frame';
  /** The next frame's rAF timestamp (its vsync-aligned start): by then the compositor has the painted frame. */
  nextFrameTs?: number;
  /**
   * When every consumer drew into a live (desynchronized) canvas: the first moment the page runs again after the
   * task that drew the last of them (a pointer handler, a frame's first rAF callback, a run of the frame queue or a
   * task posted for this). Chromium hands a live canvas to the compositor at the end of the task that drew it, so by
   * then the compositor has them all: an upper bound.
   */
  handedAt?: number;
}

export interface ProbeReport {
  events: ProbeEvent[];
  activations: ProbeActivation[];
  /** rAF timestamps of every frame while the probe ran. */
  frames: number[];
  /** When each of those frames' rAF callbacks began (performance.now()). */
  frameStarts: number[];
  /** When each weight-mirror refresh was applied. */
  weightRefreshes: number[];
  skippedMoves: number;
  consumers: string[];
}

const now = () => performance.now();

/**
 * What the probe records besides pointer events and activations. `frames`: a rAF callback every frame (frame times,
 * the page-frame end point) — it makes the page render a frame at every vsync, which the app alone does not;
 * `measures`: performance.measure entries for preprocessing, inference and map painting.
 */
export interface ProbeOptions {
  frames: boolean;
  measures: boolean;
}

export class LatencyProbe {
  private readonly opts: ProbeOptions;
  private events: ProbeEvent[] = [];
  private acts: ProbeActivation[] = [];
  /** Activations not yet drawn by every consumer. */
  private open: ProbeActivation[] = [];
  private frames: number[] = [];
  private frameStarts: number[] = [];
  private weightRefreshes: number[] = [];
  private skipped = 0;
  /** events[0, taken) are included in the input being (or last) computed; events[0, bound) have a seq. */
  private taken = 0;
  private bound = 0;
  private seq = 0;
  private weightsVersion = 0;
  private readonly seqOf = new WeakMap<object, number>();
  private readonly shownSeq = new Map<string, number>();
  /** Consumers that draw into live (desynchronized) canvases. */
  private readonly live = new Set<string>();
  /** Committed activations waiting for the end of the task that drew them. */
  private handing: ProbeActivation[] = [];
  /** True from a commit to the end of its task's microtasks: until then the page is still in the drawing task. */
  private drawingTask = false;
  /** Committed activations waiting for the end of frame `frame`. */
  private waiting: { act: ProbeActivation; frame: number }[] = [];
  private painted: ProbeActivation[] = [];
  private frameId = 0;
  /** Start times of the spans going on, by name. */
  private readonly spans = new Map<string, number>();

  constructor(opts: ProbeOptions = { frames: true, measures: true }) {
    this.opts = opts;
    if (opts.frames) requestAnimationFrame(this.tick);
  }

  /** The app's measurement listener (window.__measure): each mark to the method that records it. */
  readonly listen: MeasureListener = (name: MarkName, a: unknown, b: unknown, inFrame: boolean) => {
    switch (name) {
      case 'pad:input':
        return this.input(a as PointerEvent | MouseEvent);
      case 'pad:skip':
        return this.skip();
      case 'input:taken':
        return this.inputTaken();
      case 'weights:applied':
        return this.weights();
      case 'activations':
        return this.computed(a as Activations, b as ProbeActivation['cause'], inFrame);
      case 'view:mount':
        return this.register(a as string, b as boolean);
      case 'view:unmount':
        return this.unregister(a as string, inFrame);
      case 'view:drawn':
        return this.shown(a as string, b as Activations | null | undefined, inFrame);
      case 'span:start':
        return this.spanStart(a as string);
      case 'span:end':
        return this.spanEnd(a as string);
    }
  };

  /**
   * Each frame: registered first, so it runs before the app's callbacks. Work committed in an earlier frame is painted
   * by now (this frame's rendering began after that one's ended): if that frame's message has not come yet, now is
   * the first moment after its paint that we can observe.
   */
  private readonly tick = (ts: number): void => {
    const t = now();
    this.handOver(t);
    this.frameId++;
    this.frames.push(ts);
    this.frameStarts.push(t);
    this.resolve(this.frameId - 1, t, 'next-frame');
    for (const a of this.painted) a.nextFrameTs = ts;
    this.painted = [];
    requestAnimationFrame(this.tick);
    this.afterFrame(this.frameId);
  };

  /** Queues frameEnd(id) as the next task. */
  private afterFrame(id: number): void {
    postUrgentTask(() => this.frameEnd(id));
  }

  /** The first task after frame `id`'s rendering step (style, layout, paint), unless later frames came first. */
  private frameEnd(id: number): void {
    this.resolve(id, now(), 'message');
  }

  private resolve(upTo: number, t: number, by: ProbeActivation['paintedBy']): void {
    const done = this.waiting.filter((w) => w.frame <= upTo);
    if (done.length === 0) return;
    this.waiting = this.waiting.filter((w) => w.frame > upTo);
    for (const w of done) {
      w.act.paintedAt = t;
      w.act.paintedBy = by;
      w.act.frame = w.frame;
      w.act.frameTs = this.frameTsOf(w.frame);
      w.act.frameBeganAt = this.frameStarts[this.frameStarts.length - 1 - (this.frameId - w.frame)];
      this.painted.push(w.act);
    }
  }

  private frameTsOf(frame: number): number {
    return this.frames[this.frames.length - 1 - (this.frameId - frame)] ?? NaN;
  }

  /** A pad pointer event changed the strokes. */
  input(e: PointerEvent | MouseEvent): void {
    this.handOver(now());
    const co = 'getCoalescedEvents' in e && typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    const oldestTs = co.length > 0 ? Math.min(e.timeStamp, ...co.map((c) => c.timeStamp)) : e.timeStamp;
    this.events.push({ type: e.type, ts: e.timeStamp, oldestTs, coalesced: Math.max(1, co.length), handledAt: now(), handledFrame: this.frameId, seq: -1 });
  }

  /** A timed span `name` begins (its performance.measure is made when it ends). */
  spanStart(name: string): void {
    if (this.opts.measures) this.spans.set(name, now());
  }

  /** A performance.measure named `name` from its start to now (shown in DevTools; the bench sums them up). */
  spanEnd(name: string): void {
    const start = this.spans.get(name);
    if (start === undefined) return;
    this.spans.delete(name);
    performance.measure(name, { start, end: now() });
  }

  /** A pad pointer event left the strokes unchanged (a move shorter than the minimum step). */
  skip(): void {
    this.skipped++;
  }

  /** The app is about to make the network input from the strokes recorded so far. */
  inputTaken(): void {
    this.handOver(now());
    this.taken = this.events.length;
  }

  /** A weight-mirror refresh was applied. */
  weights(): void {
    this.weightsVersion++;
    this.weightRefreshes.push(now());
  }

  /**
   * New activations were stored (`inFrame`: inside an animation frame's run); events taken into the input since the
   * last call are bound to them.
   */
  computed(a: Activations | null, cause: ProbeActivation['cause'], inFrame: boolean): void {
    if (!a) return;
    const seq = ++this.seq;
    this.seqOf.set(a, seq);
    for (; this.bound < this.taken; this.bound++) this.events[this.bound].seq = seq;
    const act: ProbeActivation = { seq, cause, weightsVersion: this.weightsVersion, computedAt: now(), computedFrame: this.frameId, computedInFrame: inFrame };
    this.acts.push(act);
    this.open.push(act);
  }

  /** Registers a consumer that must draw every activation (`live`: into a live, desynchronized canvas). */
  register(key: string, live: boolean): void {
    this.shownSeq.set(key, this.shownSeq.get(key) ?? 0);
    if (live) this.live.add(key);
  }

  /** Consumer `key` is gone: activations waiting only for it are committed now. */
  unregister(key: string, inFrame: boolean): void {
    this.shownSeq.delete(key);
    this.live.delete(key);
    this.check('', inFrame);
  }

  /** Consumer `key` has drawn (pixels or DOM committed) the activations `a`. */
  shown(key: string, a: Activations | null | undefined, inFrame: boolean): void {
    if (!a || !this.shownSeq.has(key)) return;
    const seq = this.seqOf.get(a) ?? 0;
    if (seq > (this.shownSeq.get(key) ?? 0)) this.shownSeq.set(key, seq);
    this.check(key, inFrame);
  }

  private check(by: string, inFrame: boolean): void {
    if (this.shownSeq.size === 0) return;
    const min = Math.min(...this.shownSeq.values());
    const t = now();
    this.handOver(t);
    while (this.open.length > 0 && this.open[0].seq <= min) {
      const a = this.open.shift()!;
      a.committedAt = t;
      a.lastConsumer = by;
      a.committedFrame = this.frameId;
      a.committedInFrame = inFrame;
      // committed inside a frame's rAF work: painted at its end; otherwise at the end of the next frame
      this.waiting.push({ act: a, frame: inFrame ? this.frameId : this.frameId + 1 });
      if (this.allLive()) this.handing.push(a);
    }
    if (this.handing.length > 0 && !this.drawingTask) {
      this.drawingTask = true;
      queueMicrotask(() => {
        this.drawingTask = false;
      });
      postUrgentTask(() => this.handOver(now()));
    }
  }

  private allLive(): boolean {
    for (const k of this.shownSeq.keys()) if (!this.live.has(k)) return false;
    return true;
  }

  /** Called wherever the page runs: after the drawing task, the activations it drew are handed over by `t`. */
  private handOver(t: number): void {
    if (this.drawingTask || this.handing.length === 0) return;
    for (const a of this.handing) a.handedAt = t;
    this.handing = [];
  }

  /** Everything recorded so far, as plain data. */
  report(): ProbeReport {
    return {
      events: this.events.map((e) => ({ ...e })),
      activations: this.acts.map((a) => ({ ...a })),
      frames: [...this.frames],
      frameStarts: [...this.frameStarts],
      weightRefreshes: [...this.weightRefreshes],
      skippedMoves: this.skipped,
      consumers: [...this.shownSeq.keys()],
    };
  }

  /** Forgets what was recorded (between benchmark scenarios); consumers stay registered. */
  clear(): void {
    this.events = [];
    this.acts = [...this.open];
    this.frames = [];
    this.frameStarts = [];
    this.weightRefreshes = [];
    this.skipped = 0;
    this.taken = 0;
    this.bound = 0;
  }
}

declare global {
  interface Window {
    /** The probe installed by installProbe: bench/ui-latency.ts reads and clears its report. */
    __uiProbe?: LatencyProbe;
  }
}

/**
 * Starts a probe and sets it as the app's measurement listener; run in the page before the app loads (the bench's init
 * script calls it). Options default to all on.
 */
export function installProbe(opts: Partial<ProbeOptions> = {}): LatencyProbe {
  const probe = new LatencyProbe({ frames: opts.frames ?? true, measures: opts.measures ?? true });
  window.__uiProbe = probe;
  window.__measure = probe.listen;
  return probe;
}
