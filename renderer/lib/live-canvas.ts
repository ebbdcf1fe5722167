// Low-latency ("desynchronized") 2D canvases for what follows the pen: the prediction bars, the 28×28 input, the
// feature maps and the dense bars. Chromium hands such a canvas's pixels to the compositor at the end of the task
// that drew them, instead of waiting for the page's next frame (vsync, then style, layout, paint and commit on the
// main thread): a stroke's result reaches the screen at the next display refresh after it is drawn, and redrawing
// these canvases costs the page's frames nothing. Browsers without the hint give an ordinary canvas.
import { useCallback, useRef, type RefObject } from 'react';

/** The attributes every live canvas is created with (the first getContext call on a canvas fixes them). */
export const LIVE_CONTEXT: CanvasRenderingContext2DSettings = { desynchronized: true };

const contexts = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>();

/**
 * The canvas's 2D context, created as a live (desynchronized) one if this is the first call on it; kept per canvas
 * (getContext with attributes is a slow call to make for every drawing).
 */
export function liveContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  let ctx = contexts.get(canvas);
  if (!ctx) {
    ctx = canvas.getContext('2d', LIVE_CONTEXT) ?? undefined;
    if (ctx) contexts.set(canvas, ctx);
  }
  return ctx ?? null;
}

/** Whether `canvas` (none: false) has a live context (the browser honoured the hint). */
export function isLive(canvas: HTMLCanvasElement | null): boolean {
  if (!canvas) return false;
  const ctx = contexts.get(canvas) ?? canvas.getContext('2d');
  return typeof ctx?.getContextAttributes === 'function' && ctx.getContextAttributes().desynchronized === true;
}

/**
 * A ref object for a `<canvas>` and the ref callback to give it: the callback makes the canvas's context a live one
 * when the element mounts (before anything else asks for a context, so later plain getContext('2d') calls return
 * the same live context).
 */
export function useLiveCanvas(): [RefObject<HTMLCanvasElement | null>, (el: HTMLCanvasElement | null) => void] {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const attach = useCallback((el: HTMLCanvasElement | null) => {
    ref.current = el;
    if (el) liveContext(el);
  }, []);
  return [ref, attach];
}

/** What makeLayerLive reaches into: Konva's wrapper of a layer's scene canvas (konva/lib/Canvas.js). */
interface KonvaSceneCanvas {
  _canvas: HTMLCanvasElement;
  context: { _context: CanvasRenderingContext2D };
  _logicalWidth: number;
  _logicalHeight: number;
  setSize(width: number, height: number): void;
}

/**
 * Gives a Konva layer a live canvas: Konva creates its canvas's context itself (without the hint), so the layer's
 * scene canvas element is replaced by a copy whose context is a live one, sized again by Konva (pixel ratio), in
 * place in the stage. Returns whether the layer's canvas is live now (false where the browser has no such canvas).
 */
export function makeLayerLive(layer: { getCanvas(): unknown }): boolean {
  const sc = layer.getCanvas() as KonvaSceneCanvas;
  const old = sc._canvas;
  if (isLive(old)) return true;
  const fresh = old.cloneNode(false) as HTMLCanvasElement;
  const ctx = liveContext(fresh);
  if (!ctx || ctx.getContextAttributes?.().desynchronized !== true) return false;
  sc._canvas = fresh;
  sc.context._context = ctx;
  sc.setSize(sc._logicalWidth, sc._logicalHeight);
  old.replaceWith(fresh);
  return true;
}
