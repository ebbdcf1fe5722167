// The drawing pad's pointer input: moves come from `pointerrawupdate` where the browser dispatches it (secure contexts:
// localhost, 127.0.0.1, the desktop app's app:// scheme) — as soon as they arrive, not at the next animation frame —
// else from `pointermove`; positions become stroke points with light smoothing and a minimum step.

/** Fraction of the way each new point moves toward the pointer (1 = no smoothing). */
export const SMOOTHING = 0.55;
/** Points closer than this (pad px) to the last one are skipped. */
export const MIN_STEP = 1.5;

export type Point = [number, number];

/** Turns the pointer positions of one drag into stroke points: the same rule for raw and frame-aligned moves. */
export class StrokeInput {
  private drawing = false;
  private last: Point = [0, 0];

  get active(): boolean {
    return this.drawing;
  }

  /** A press at `p` begins a stroke there. */
  down(p: Point): Point {
    this.drawing = true;
    this.last = p;
    return p;
  }

  /** A move to `p`: the next stroke point, 'skip' when it would be closer than MIN_STEP, null when not drawing. */
  move(p: Point): Point | 'skip' | null {
    if (!this.drawing) return null;
    const [lx, ly] = this.last;
    const x = lx + (p[0] - lx) * SMOOTHING;
    const y = ly + (p[1] - ly) * SMOOTHING;
    if (Math.hypot(x - lx, y - ly) < MIN_STEP) return 'skip';
    this.last = [x, y];
    return this.last;
  }

  /** A release at `p` (null: position unknown) ends the stroke; returns a last point when it is far enough away. */
  up(p: Point | null): Point | null {
    if (!this.drawing) return null;
    this.drawing = false;
    return p && Math.hypot(p[0] - this.last[0], p[1] - this.last[1]) >= MIN_STEP ? p : null;
  }
}

/** Whether the browser dispatches pointerrawupdate here (it does only in secure contexts). */
export function rawUpdatesSupported(win: Window = window): boolean {
  return win.isSecureContext === true && 'onpointerrawupdate' in win;
}

export interface PadHandlers {
  down(e: PointerEvent, p: Point): void;
  move(e: PointerEvent, p: Point): void;
  /** p is null when the release happened where no position is known. */
  up(e: PointerEvent, p: Point | null): void;
}

/**
 * Listens to pointer input on `el` (the pad's canvas area) and reports positions in pad pixels, clamped to
 * [0, size]. The element's box is read once per press, so a move never forces a layout. Listeners are in the capture
 * phase and stop the events there: the Konva stage inside only draws, it needs no hit testing per move.
 * Returns the function that removes the listeners.
 */
export function attachPadInput(el: HTMLElement, size: number, h: PadHandlers, useRaw = rawUpdatesSupported()): () => void {
  let left = 0;
  let top = 0;
  const pos = (e: PointerEvent): Point => [Math.max(0, Math.min(size, e.clientX - left)), Math.max(0, Math.min(size, e.clientY - top))];
  const onDown = (e: PointerEvent) => {
    e.stopPropagation();
    // no compatibility mouse events for this press: each move is then one event to dispatch, not two
    e.preventDefault();
    // captured, the moves of this press need no hit testing (Chromium's hit test and hover update cost ~1 ms a move)
    try {
      el.setPointerCapture(e.pointerId);
    } catch {
      // a pointer that is already gone
    }
    const r = el.getBoundingClientRect();
    left = r.left;
    top = r.top;
    h.down(e, pos(e));
  };
  const onMove = (e: PointerEvent) => {
    e.stopPropagation();
    // captured moves still come from outside the pad: leaving it ends the stroke there, as without capture
    const x = e.clientX - left;
    const y = e.clientY - top;
    if (el.hasPointerCapture?.(e.pointerId) && (x < 0 || y < 0 || x > size || y > size)) {
      el.releasePointerCapture(e.pointerId);
      h.up(e, pos(e));
      return;
    }
    h.move(e, pos(e));
  };
  const onUp = (e: PointerEvent) => {
    e.stopPropagation();
    // pointerleave comes for each element left, also the pad's inner ones: only leaving the pad ends the stroke
    if (e.type === 'pointerleave' && e.relatedTarget instanceof Node && el.contains(e.relatedTarget)) return;
    h.up(e, pos(e));
  };
  const stop = (e: Event) => e.stopPropagation();
  const moveType = useRaw ? 'pointerrawupdate' : 'pointermove';
  const listeners: [string, (e: PointerEvent) => void][] = [
    ['pointerdown', onDown],
    [moveType, onMove],
    ['pointerup', onUp],
    ['pointerleave', onUp],
    ['pointercancel', onUp],
  ];
  // the frame-aligned moves (when raw ones are used) and the compatibility mouse events need nobody's attention here
  const ignored = [useRaw ? 'pointermove' : '', 'mousedown', 'mousemove', 'mouseup', 'mouseleave'].filter(Boolean);
  for (const [type, fn] of listeners) el.addEventListener(type, fn as EventListener, true);
  for (const type of ignored) el.addEventListener(type, stop, true);
  return () => {
    for (const [type, fn] of listeners) el.removeEventListener(type, fn as EventListener, true);
    for (const type of ignored) el.removeEventListener(type, stop, true);
  };
}
