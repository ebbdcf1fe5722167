// Drives the sliding-filter animation: holds the play state (animation.ts's reducer) and, while playing, advances it
// once per animation frame in the shared frame queue (lib/frame.ts), so its painting joins the other live views' run.
// Painters hear every step; React hears only the changes a person takes in (on/off, play/pause, a step by hand, the end).
import { cancelFrameTask, requestFrameTask } from '../frame';
import { OFF, playReducer, SPEED, type PlayAction, type PlayState } from './animation';

type Listener = (s: PlayState) => void;
const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class AnimationPlayer {
  private state: PlayState = OFF;
  private total = 0;
  private lastFrame = 0;
  private speedValue: number = SPEED.initial;
  private readonly stepListeners = new Set<Listener>();
  private readonly changeListeners = new Set<Listener>();
  private readonly anyListeners = new Set<Listener>();

  /** One animation frame while playing: advance by the time since the last one, then ask for the next frame. */
  private readonly frame = () => {
    if (!this.state.playing) return;
    const now = clock();
    const ms = now - this.lastFrame;
    this.lastFrame = now;
    this.dispatch({ type: 'tick', ms, speed: this.speedValue });
    if (this.state.playing) requestFrameTask(this.frame);
  };

  get(): PlayState {
    return this.state;
  }

  /** Cells per second. */
  get speed(): number {
    return this.speedValue;
  }

  setSpeed(v: number): void {
    const next = Math.max(SPEED.min, Math.min(SPEED.max, Math.round(v)));
    if (next === this.speedValue) return;
    this.speedValue = next;
    for (const l of this.changeListeners) l(this.state);
    for (const l of this.anyListeners) l(this.state);
  }

  /** The timeline's length (0: nothing to animate, e.g. an invalid configuration: the animation stops). */
  setTotal(total: number): void {
    if (total === this.total) return;
    this.total = total;
    this.dispatch({ type: 'resize' });
  }

  dispatch(a: PlayAction): void {
    const prev = this.state;
    const next = playReducer(prev, a, this.total);
    if (next === prev) return;
    this.state = next;
    if (next.playing && !prev.playing) {
      this.lastFrame = clock();
      requestFrameTask(this.frame);
    } else if (!next.playing) cancelFrameTask(this.frame);
    const stepped = next.on !== prev.on || next.step !== prev.step;
    if (stepped) for (const l of this.stepListeners) l(next);
    // while playing, the steps go to the painters only; the rest (and the end) to everyone
    const taken = next.on !== prev.on || next.playing !== prev.playing || (!next.playing && next.step !== prev.step);
    if (taken) for (const l of this.changeListeners) l(next);
    if (stepped || taken) for (const l of this.anyListeners) l(next);
  }

  /** Called for every step shown (while playing, up to once per frame); returns the unsubscribe function. */
  onStep(l: Listener): () => void {
    this.stepListeners.add(l);
    return () => this.stepListeners.delete(l);
  }

  /** Called when the animation is opened or closed, plays or pauses, is stepped by hand, or the speed changes. */
  onChange(l: Listener): () => void {
    this.changeListeners.add(l);
    return () => this.changeListeners.delete(l);
  }

  /** Called once for anything onStep or onChange hears (a step by hand is both: this calls once, not twice). */
  onStepOrChange(l: Listener): () => void {
    this.anyListeners.add(l);
    return () => this.anyListeners.delete(l);
  }

  dispose(): void {
    cancelFrameTask(this.frame);
    this.stepListeners.clear();
    this.changeListeners.clear();
    this.anyListeners.clear();
    this.state = OFF;
  }
}
