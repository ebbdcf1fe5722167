// The explanation painted over the drawing: the store's map (saliency, Grad-CAM or occlusion of the input) on a
// transparent live canvas above the pad — each input pixel over the part of the pad it was made from — and above the
// 28×28 input preview. Repainted in the run that computed the map, without a React render; a map made for another
// input than the one shown is never painted. data-checksum (the painted pixels) and data-key say what is shown.
import { useEffect, useRef } from 'react';
import { marks } from '../../app/measure-hook';
import { setAttr } from '../../lib/dom-text';
import { overlayPixels } from '../../lib/explain/overlay';
import { isLive, liveContext, useLiveCanvas } from '../../lib/live-canvas';
import { activationsOf } from '../../lib/model-fields';
import { PAD_SIZE } from '../../lib/preprocess';
import { useStore, type AppState } from '../../store';
import type { ExplainMap } from '../../store/explain';
import { useFramePaint } from '../maps/hooks';
import { makeCanvas } from '../maps/paint';

/** The map to show now: the store's, if it was made for the input shown and the overlay is on. */
export function shownMap(s: AppState): ExplainMap | null {
  const m = s.explainMap;
  return m && s.explain.mode !== 'off' && m.mode === s.explain.mode && m.inputVersion === s.inputVersion ? m : null;
}

const changed = (s: AppState, prev: AppState) => s.explainMap !== prev.explainMap || s.inputVersion !== prev.inputVersion || s.inputPlace !== prev.inputPlace || s.explain.mode !== prev.explain.mode;

/**
 * Puts `map`'s overlay pixels into an ImageData kept while the size stays (an allocation per stroke point costs
 * Chromium 20–200 µs) and onto `ctx`'s canvas at (0, 0); returns their checksum.
 */
function usePutMap() {
  const img = useRef<ImageData | null>(null);
  return (ctx: CanvasRenderingContext2D, map: ExplainMap): string => {
    if (!img.current || img.current.width !== map.w || img.current.height !== map.h) img.current = ctx.createImageData(map.w, map.h);
    const { rgba, sum } = overlayPixels(map);
    img.current.data.set(rgba);
    ctx.putImageData(img.current, 0, 0);
    return sum;
  };
}

/** A canvas of `map`'s own size holding its overlay (for drawing it enlarged onto the pad); null without a 2D context. */
function useMapImage() {
  const small = useRef<HTMLCanvasElement | null>(null);
  const put = usePutMap();
  return (map: ExplainMap): { canvas: HTMLCanvasElement; sum: string } | null => {
    if (!small.current || small.current.width !== map.w || small.current.height !== map.h) small.current = makeCanvas(map.w, map.h);
    const ctx = small.current.getContext('2d');
    return ctx ? { canvas: small.current, sum: put(ctx, map) } : null;
  };
}

/** Says what `el` shows; marks view `key` as having drawn the current activations' explanation (measure-hook). */
function mark(el: HTMLCanvasElement, map: ExplainMap | null, sum: string, key: string): void {
  setAttr(el, 'data-key', map?.key ?? '');
  setAttr(el, 'data-cls', map ? String(map.cls) : '');
  setAttr(el, 'data-checksum', sum);
  el.dataset.paints = String(Number(el.dataset.paints ?? 0) + 1);
  const s = useStore.getState();
  if (s.current !== null) marks.emit('view:drawn', key, activationsOf(s, s.current));
}

/**
 * While a live overlay (saliency, Grad-CAM: made in the inference's own task) is on, the overlay is one of the views
 * a stroke point's latency waits for (measure-hook): it counts as drawn once its explanation is painted too.
 */
function useMeasuredView(key: string, canvas: React.RefObject<HTMLCanvasElement | null>): void {
  const live = useStore((s) => s.explain.mode === 'saliency' || s.explain.mode === 'gradcam');
  useEffect(() => (live ? marks.view(key, isLive(canvas.current)) : undefined), [key, live, canvas]);
}

/** Over the 280×280 pad: the input's pixels placed where the drawing they came from is (store.inputPlace). */
export function PadOverlay() {
  const [ref, attach] = useLiveCanvas();
  const image = useMapImage();
  useMeasuredView('explain-pad', ref);
  useFramePaint(
    () => {
      const el = ref.current;
      const ctx = el && liveContext(el);
      if (!el || !ctx) return;
      const s = useStore.getState();
      const map = shownMap(s);
      const place = s.inputPlace;
      ctx.clearRect(0, 0, el.width, el.height);
      const painted = map && place ? image(map) : null;
      if (painted && place) {
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(painted.canvas, place.bx, place.by, place.ax * map!.w, place.ay * map!.h);
      }
      mark(el, painted ? map : null, painted?.sum ?? '', 'explain-pad');
    },
    changed,
    [],
  );
  return <canvas ref={attach} className="explain-overlay" width={PAD_SIZE} height={PAD_SIZE} aria-hidden="true" data-testid="explain.pad-overlay" />;
}

/** Over the input preview (the map at the input's own size, enlarged with it by CSS). */
export function InputOverlay({ w, h, size }: { w: number; h: number; size: number }) {
  const [ref, attach] = useLiveCanvas();
  const put = usePutMap();
  useMeasuredView('explain-input', ref);
  useFramePaint(
    () => {
      const el = ref.current;
      const ctx = el && liveContext(el);
      if (!el || !ctx) return;
      const map = shownMap(useStore.getState());
      ctx.clearRect(0, 0, el.width, el.height);
      const sum = map && map.w === w && map.h === h ? put(ctx, map) : '';
      mark(el, sum ? map : null, sum, 'explain-input');
    },
    changed,
    [w, h],
  );
  return <canvas ref={attach} className="explain-overlay" width={w} height={h} style={{ width: size, height: (size * h) / w }} aria-hidden="true" data-testid="explain.input-overlay" />;
}
