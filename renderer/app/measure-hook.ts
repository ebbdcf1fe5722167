// The app's only measurement code: named marks at the moments a benchmark times (a stroke point handled, the network
// input taken, activations computed, a view has drawn them). They go nowhere unless a listener is set as
// `window.__measure` before the app loads; bench/ui-probe.ts (injected by `npm run bench:ui`) is that listener.
import type { Activations } from '../../core/model';
import { inAnimationFrame } from '../lib/frame';

/** Each mark and its arguments. Keys are the consumers that show activations (`prob-bars`, `maps-<layer>`, …). */
export interface MarkArgs {
  /** A pad pointer event changed the strokes. */
  'pad:input': [e: PointerEvent | MouseEvent];
  /** A pad pointer event left the strokes unchanged (a move shorter than the minimum step). */
  'pad:skip': [];
  /** The network input is about to be made from the strokes recorded so far. */
  'input:taken': [];
  /** A weight-mirror refresh was applied. */
  'weights:applied': [];
  /** New activations of the current model were stored. */
  'activations': [a: Activations | null, cause: 'input' | 'weights' | 'other'];
  /** View `key` shows activations on screen from now on (`live`: it draws into a live, desynchronized canvas). */
  'view:mount': [key: string, live: boolean];
  'view:unmount': [key: string];
  /** View `key` has drawn `a` (pixels or DOM committed). */
  'view:drawn': [key: string, a: Activations | null | undefined];
  /** A timed piece of work (preprocess, infer, explain, maps-paint) begins or ends. */
  'span:start': [name: string];
  'span:end': [name: string];
}

export type MarkName = keyof MarkArgs;

/**
 * Gets every mark with its arguments (unused ones undefined) and whether it was made inside an animation frame's run
 * of the frame queue (renderer/lib/frame.ts: what is drawn now is painted by that frame).
 */
export type MeasureListener = (name: MarkName, a: unknown, b: unknown, inFrame: boolean) => void;

declare global {
  interface Window {
    /** Set before the app loads to receive its marks (bench/ui-latency.ts does); unset in the product. */
    __measure?: MeasureListener;
  }
}

// fixed parameters, no rest array: without a listener a mark costs one property read and a branch
function emit(name: MarkName, a?: unknown, b?: unknown): void {
  const listener = typeof window === 'undefined' ? undefined : window.__measure;
  if (listener) listener(name, a, b, inAnimationFrame());
}

export const marks = {
  /** Sends mark `name` to the listener, if one is set. */
  emit: emit as <N extends MarkName>(name: N, ...args: MarkArgs[N]) => void,
  /** For a useEffect: marks view `key` as mounted and returns its unmount mark. */
  view(key: string, live: boolean): () => void {
    emit('view:mount', key, live);
    return () => emit('view:unmount', key);
  },
};
