// Dev/bench-only latency probe, off unless the page sets `window.__latencyProbe = true` before the app loads
// (bench/ui-latency.ts does): for each pointer event that changed the drawing it records when the prediction bars
// and every feature map showing it were drawn, when the live canvases holding them were handed to the compositor, and
// when the page's next frame's main-thread paint had finished.
import type { Activations } from '../../core/model';
import { inAnimationFrame, postUrgentTask } from '../lib/frame';

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
  readonly enabled: boolean;
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

  constructor(enabled: boolean, opts: ProbeOptions = { frames: true, measures: true }) {
    this.enabled = enabled;
    this.opts = opts;
    if (enabled && opts.frames) requestAnimationFrame(this.tick);
  }

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
    if (!this.enabled) return;
    this.handOver(now());
    const co = 'getCoalescedEvents' in e && typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    const oldestTs = co.length > 0 ? Math.min(e.timeStamp, ...co.map((c) => c.timeStamp)) : e.timeStamp;
    this.events.push({ type: e.type, ts: e.timeStamp, oldestTs, coalesced: Math.max(1, co.length), handledAt: now(), handledFrame: this.frameId, seq: -1 });
  }

  /** Start time for measure() (0 when the probe is off, so nothing is read). */
  start(): number {
    return this.enabled && this.opts.measures ? now() : 0;
  }

  /** A performance.measure named `name` from `start` to now (shown in DevTools; the bench sums them up). */
  measure(name: string, start: number): void {
    if (this.enabled && this.opts.measures) performance.measure(name, { start, end: now() });
  }

  /** A pad pointer event left the strokes unchanged (a move shorter than the minimum step). */
  skip(): void {
    if (this.enabled) this.skipped++;
  }

  /** The controller is about to make the network input from the strokes recorded so far. */
  inputTaken(): void {
    if (!this.enabled) return;
    this.handOver(now());
    this.taken = this.events.length;
  }

  /** A weight-mirror refresh was applied. */
  weights(): void {
    if (!this.enabled) return;
    this.weightsVersion++;
    this.weightRefreshes.push(now());
  }

  /** New activations were stored; events taken into the input since the last call are bound to them. */
  computed(a: Activations | null, cause: ProbeActivation['cause']): void {
    if (!this.enabled || !a) return;
    const seq = ++this.seq;
    this.seqOf.set(a, seq);
    for (; this.bound < this.taken; this.bound++) this.events[this.bound].seq = seq;
    const act: ProbeActivation = { seq, cause, weightsVersion: this.weightsVersion, computedAt: now(), computedFrame: this.frameId, computedInFrame: inAnimationFrame() };
    this.acts.push(act);
    this.open.push(act);
  }

  /**
   * Registers a consumer that must draw every activation (`live`: into a live, desynchronized canvas); returns its
   * unregister function.
   */
  register(key: string, live = false): () => void {
    if (!this.enabled) return () => undefined;
    this.shownSeq.set(key, this.shownSeq.get(key) ?? 0);
    if (live) this.live.add(key);
    return () => {
      this.shownSeq.delete(key);
      this.live.delete(key);
      this.check();
    };
  }

  /** Consumer `key` has drawn (pixels or DOM committed) the activations `a`. */
  shown(key: string, a: Activations | null | undefined): void {
    if (!this.enabled || !a || !this.shownSeq.has(key)) return;
    const seq = this.seqOf.get(a) ?? 0;
    if (seq > (this.shownSeq.get(key) ?? 0)) this.shownSeq.set(key, seq);
    this.check(key);
  }

  private check(by = ''): void {
    if (this.shownSeq.size === 0) return;
    const min = Math.min(...this.shownSeq.values());
    const t = now();
    this.handOver(t);
    while (this.open.length > 0 && this.open[0].seq <= min) {
      const a = this.open.shift()!;
      a.committedAt = t;
      a.lastConsumer = by;
      a.committedFrame = this.frameId;
      a.committedInFrame = inAnimationFrame();
      // committed inside a frame's rAF work: painted at its end; otherwise at the end of the next frame
      this.waiting.push({ act: a, frame: inAnimationFrame() ? this.frameId : this.frameId + 1 });
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
    /** Set before load to switch the latency probe on (bench/ui-latency.ts): true, or the options (default all on). */
    __latencyProbe?: boolean | Partial<ProbeOptions>;
  }
}

function pageProbe(): LatencyProbe {
  const on = typeof window !== 'undefined' ? window.__latencyProbe : undefined;
  if (!on || typeof requestAnimationFrame !== 'function') return new LatencyProbe(false);
  const o = on === true ? {} : on;
  return new LatencyProbe(true, { frames: o.frames ?? true, measures: o.measures ?? true });
}

/** The app's probe: a no-op unless window.__latencyProbe was set when the renderer loaded. */
export const probe = pageProbe();
