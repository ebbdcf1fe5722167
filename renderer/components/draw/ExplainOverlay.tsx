// The explanation painted over the drawing: the store's map (saliency, Grad-CAM or occlusion of the input) on a
// transparent live canvas above the pad — each input pixel over the part of the pad it was made from — and above the
// 28×28 input preview. Repainted in the run that computed the map, without a React render; a map made for another
// input than the one shown is never painted. data-checksum (the painted pixels) and data-key say what is shown.
import { useRef } from 'react';
import { setAttr } from '../../lib/dom-text';
import { checksum, overlayScale, paintOverlay } from '../../lib/explain/overlay';
import { liveContext, useLiveCanvas } from '../../lib/live-canvas';
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

/** Paints `map` into an h×w ImageData (reused while the size stays) and returns the canvas holding it, and its checksum. */
function useMapImage() {
  const small = useRef<{ canvas: HTMLCanvasElement; img: ImageData } | null>(null);
  return (map: ExplainMap): { canvas: HTMLCanvasElement; sum: string } | null => {
    let c = small.current;
    if (!c || c.img.width !== map.w || c.img.height !== map.h) {
      const canvas = makeCanvas(map.w, map.h);
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      c = small.current = { canvas, img: ctx.createImageData(map.w, map.h) };
    }
    paintOverlay(map.data, overlayScale(map.data, map.signed), c.img.data);
    c.canvas.getContext('2d')?.putImageData(c.img, 0, 0);
    return { canvas: c.canvas, sum: checksum(c.img.data) };
  };
}

function mark(el: HTMLCanvasElement, map: ExplainMap | null, sum: string): void {
  setAttr(el, 'data-key', map?.key ?? '');
  setAttr(el, 'data-cls', map ? String(map.cls) : '');
  setAttr(el, 'data-checksum', sum);
  el.dataset.paints = String(Number(el.dataset.paints ?? 0) + 1);
}

/** Over the 280×280 pad: the input's pixels placed where the drawing they came from is (store.inputPlace). */
export function PadOverlay() {
  const [ref, attach] = useLiveCanvas();
  const image = useMapImage();
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
      mark(el, painted ? map : null, painted?.sum ?? '');
    },
    changed,
    [],
  );
  return <canvas ref={attach} className="explain-overlay" width={PAD_SIZE} height={PAD_SIZE} aria-hidden="true" data-testid="explain.pad-overlay" />;
}

/** Over the input preview (the map at the input's own size, enlarged with it by CSS). */
export function InputOverlay({ w, h, size }: { w: number; h: number; size: number }) {
  const [ref, attach] = useLiveCanvas();
  useFramePaint(
    () => {
      const el = ref.current;
      const ctx = el && liveContext(el);
      if (!el || !ctx) return;
      const map = shownMap(useStore.getState());
      ctx.clearRect(0, 0, el.width, el.height);
      let sum = '';
      if (map && map.w === w && map.h === h) {
        const img = ctx.createImageData(w, h);
        paintOverlay(map.data, overlayScale(map.data, map.signed), img.data);
        ctx.putImageData(img, 0, 0);
        sum = checksum(img.data);
      }
      mark(el, sum ? map : null, sum);
    },
    changed,
    [w, h],
  );
  return <canvas ref={attach} className="explain-overlay" width={w} height={h} style={{ width: size, height: (size * h) / w }} aria-hidden="true" data-testid="explain.input-overlay" />;
}
