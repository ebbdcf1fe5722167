// Dev/bench-only latency probe, off unless the page sets `window.__latencyProbe = true` before the app loads
// (bench/ui-latency.ts does): for each pointer event that changed the drawing it records when the prediction bars
// and every feature map showing it were drawn, and when that frame's main-thread paint had finished.
import type { Activations } from '../../core/model';

/** One pointer event on the pad that changed the strokes. Times are performance.now() milliseconds. */
export interface ProbeEvent {
  type: string;
  /** The event's timeStamp (when the browser received it). */
  ts: number;
  /** timeStamp of the oldest coalesced sample in it (equal to ts when nothing was coalesced). */
  oldestTs: number;
  coalesced: number;
  /** When the pad's handler ran. */
  handledAt: number;
  /** The activations computed from an input that includes this event (-1 until then). */
  seq: number;
}

/** One set of activations: what caused it and when every consumer had drawn it. */
export interface ProbeActivation {
  seq: number;
  cause: 'input' | 'weights' | 'other';
  weightsVersion: number;
  computedAt: number;
  /** When the last consumer (prediction bars, each map grid, dense bars) had drawn it or a newer one. */
  committedAt?: number;
  /** The end of the main-thread rendering step (rAF, style, layout, paint) of the frame in which it was committed. */
  paintedAt?: number;
  /** The next frame's rAF timestamp (its vsync-aligned start): by then the compositor has the painted frame. */
  nextFrameTs?: number;
}

export interface ProbeReport {
  events: ProbeEvent[];
  activations: ProbeActivation[];
  /** rAF timestamps of every frame while the probe ran. */
  frames: number[];
  /** When each weight-mirror refresh was applied. */
  weightRefreshes: number[];
  skippedMoves: number;
  consumers: string[];
}

const now = () => performance.now();

export class LatencyProbe {
  readonly enabled: boolean;
  private events: ProbeEvent[] = [];
  private acts: ProbeActivation[] = [];
  /** Activations not yet drawn by every consumer. */
  private open: ProbeActivation[] = [];
  private frames: number[] = [];
  private weightRefreshes: number[] = [];
  private skipped = 0;
  /** events[0, taken) are included in the input being (or last) computed; events[0, bound) have a seq. */
  private taken = 0;
  private bound = 0;
  private seq = 0;
  private weightsVersion = 0;
  private readonly seqOf = new WeakMap<object, number>();
  private readonly shownSeq = new Map<string, number>();
  /** Committed activations waiting for the end of frame `frame`. */
  private waiting: { act: ProbeActivation; frame: number }[] = [];
  private painted: ProbeActivation[] = [];
  private frameId = 0;
  private inFrame = false;
  private readonly channel: MessageChannel | null = null;

  constructor(enabled: boolean) {
    this.enabled = enabled;
    if (!enabled) return;
    this.channel = new MessageChannel();
    this.channel.port1.onmessage = () => this.frameEnd();
    requestAnimationFrame(this.tick);
  }

  /** Each frame: registered first, so it runs before the app's callbacks; its message runs after the frame's paint. */
  private readonly tick = (ts: number): void => {
    this.frameId++;
    this.inFrame = true;
    this.frames.push(ts);
    for (const a of this.painted) a.nextFrameTs = ts;
    this.painted = [];
    requestAnimationFrame(this.tick);
    this.channel!.port2.postMessage(0);
  };

  private frameEnd(): void {
    const t = now();
    this.inFrame = false;
    const done = this.waiting.filter((w) => w.frame <= this.frameId);
    this.waiting = this.waiting.filter((w) => w.frame > this.frameId);
    for (const w of done) {
      w.act.paintedAt = t;
      this.painted.push(w.act);
    }
  }

  /** A pad pointer event changed the strokes. */
  input(e: PointerEvent | MouseEvent): void {
    if (!this.enabled) return;
    const co = 'getCoalescedEvents' in e && typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    const oldestTs = co.length > 0 ? Math.min(e.timeStamp, ...co.map((c) => c.timeStamp)) : e.timeStamp;
    this.events.push({ type: e.type, ts: e.timeStamp, oldestTs, coalesced: Math.max(1, co.length), handledAt: now(), seq: -1 });
  }

  /** A pad pointer event left the strokes unchanged (a move shorter than the minimum step). */
  skip(): void {
    if (this.enabled) this.skipped++;
  }

  /** The controller is about to make the network input from the strokes recorded so far. */
  inputTaken(): void {
    if (this.enabled) this.taken = this.events.length;
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
    const act: ProbeActivation = { seq, cause, weightsVersion: this.weightsVersion, computedAt: now() };
    this.acts.push(act);
    this.open.push(act);
  }

  /** Registers a consumer that must draw every activation; returns its unregister function. */
  register(key: string): () => void {
    if (!this.enabled) return () => undefined;
    this.shownSeq.set(key, this.shownSeq.get(key) ?? 0);
    return () => {
      this.shownSeq.delete(key);
      this.check();
    };
  }

  /** Consumer `key` has drawn (pixels or DOM committed) the activations `a`. */
  shown(key: string, a: Activations | null | undefined): void {
    if (!this.enabled || !a || !this.shownSeq.has(key)) return;
    const seq = this.seqOf.get(a) ?? 0;
    if (seq > (this.shownSeq.get(key) ?? 0)) this.shownSeq.set(key, seq);
    this.check();
  }

  private check(): void {
    if (this.shownSeq.size === 0) return;
    const min = Math.min(...this.shownSeq.values());
    const t = now();
    while (this.open.length > 0 && this.open[0].seq <= min) {
      const a = this.open.shift()!;
      a.committedAt = t;
      // committed inside a frame's rendering step: painted at its end; otherwise at the end of the next frame
      this.waiting.push({ act: a, frame: this.inFrame ? this.frameId : this.frameId + 1 });
    }
  }

  /** Everything recorded so far, as plain data. */
  report(): ProbeReport {
    return {
      events: this.events.map((e) => ({ ...e })),
      activations: this.acts.map((a) => ({ ...a })),
      frames: [...this.frames],
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
    this.weightRefreshes = [];
    this.skipped = 0;
    this.taken = 0;
    this.bound = 0;
  }
}

declare global {
  interface Window {
    /** Set before load to switch the latency probe on (bench/ui-latency.ts). */
    __latencyProbe?: boolean;
  }
}

/** The app's probe: a no-op unless window.__latencyProbe was true when the renderer loaded. */
export const probe = new LatencyProbe(typeof window !== 'undefined' && window.__latencyProbe === true && typeof requestAnimationFrame === 'function');
