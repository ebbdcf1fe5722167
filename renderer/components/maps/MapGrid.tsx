// One layer's channel maps as a grid on one canvas at the maps' own resolution (a 28×28 map is 28×28 canvas pixels),
// enlarged by CSS with crisp pixels: repainted from the store's activations in the run that computed them (while on
// screen; a grid scrolled out of view catches up when it comes back, and before an export), on a live (low-latency)
// canvas that reaches the compositor at the end of that run. With no ink the tiles are one neutral colour: maps of an
// empty input show only each filter's bias, which would look like output. From the keyboard: arrows move between the
// maps, Enter (or Space) opens one enlarged.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Activations } from '../../../core/model';
import type { ModelId } from '../../../core/protocol';
import { marks } from '../../app/measure-hook';
import { gridLayout, mapScales, tileScale } from '../../lib/filters/maps';
import { hasInk } from '../../lib/ink';
import { cellPosition, gridMove } from '../../lib/grid-keys';
import { isLive, liveContext, useLiveCanvas } from '../../lib/live-canvas';
import { activationsOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { useFramePaint, useOnScreen } from './hooks';
import { gridGap, GridImage, makeCanvas, nativeGrid, scaledCopy } from './paint';
import { useRegistry } from './registry';

/** The gap between maps on screen, at least (px; a whole number of map pixels). */
const GAP = 4;
/** The tiles' colour while there is no ink: the panel's border grey, never a value's colour. */
export const EMPTY_TILE = [28, 38, 52] as const;

export const MapGrid = memo(function MapGrid(props: { model: ModelId; layer: number; channels: number; h: number; w: number; diverging: boolean; width: number; onOpen: (channel: number) => void }) {
  const { model, layer, channels, h, w, diverging, width, onOpen } = props;
  const scale = tileScale(w);
  const tile = w * scale;
  const gap = gridGap(GAP, scale);
  const layout = useMemo(() => gridLayout(channels, tile, gap, Math.max(tile, width)), [channels, tile, gap, width]);
  const grid = useMemo(() => nativeGrid(layout, scale), [layout, scale]);
  const image = useMemo(() => new GridImage(channels, h, w, grid), [channels, h, w, grid]);
  const [canvas, attachCanvas] = useLiveCanvas();
  const box = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState(-1);
  /** The map chosen from the keyboard (-1 while the grid does not have the focus). */
  const [focus, setFocus] = useState(-1);
  const empty = useStore((s) => !hasInk(s.input));
  const painted = useRef<Activations | null>(null);
  const visible = useOnScreen(box);
  const registry = useRegistry();
  const key = `maps-${layer}`;
  useEffect(() => (visible ? marks.view(key, isLive(canvas.current)) : undefined), [key, visible, canvas]);

  /** Paints the current activations (or, without ink, empty tiles) with `img` onto `ctx`; returns them. */
  const paintWith = useCallback(
    (ctx: CanvasRenderingContext2D, img: GridImage): Activations | null => {
      const s = useStore.getState();
      const a = activationsOf(s, model);
      const out = a?.outputs[layer];
      if (!out || out.size !== channels * h * w) return null;
      if (!hasInk(s.input)) img.fill(ctx, EMPTY_TILE);
      else img.paint(ctx, out.data, mapScales(out.data, channels, h * w, s.mapScale, diverging));
      return a;
    },
    [model, layer, channels, h, w, diverging],
  );

  const paint = useCallback(() => {
    marks.emit('span:start', 'maps-paint');
    const ctx = canvas.current && liveContext(canvas.current);
    const a = ctx ? paintWith(ctx, image) : null;
    if (a) painted.current = a;
    marks.emit('span:end', 'maps-paint');
    marks.emit('view:drawn', key, painted.current);
    if (box.current) box.current.dataset.paints = String(Number(box.current.dataset.paints ?? 0) + 1);
  }, [image, paintWith, key]);

  /** The maps as on screen, laid out up to `maxWidth` px wide (for the panel export). */
  const exportCanvas = useCallback(
    (maxWidth?: number): HTMLCanvasElement => {
      if (!maxWidth || maxWidth <= layout.width) return scaledCopy(canvas.current!, layout.width, layout.height);
      const wide = gridLayout(channels, tile, gap, maxWidth);
      const native = nativeGrid(wide, scale);
      const c = makeCanvas(native.width, native.height);
      const ctx = c.getContext('2d');
      if (ctx) paintWith(ctx, new GridImage(channels, h, w, native));
      return scaledCopy(c, wide.width, wide.height);
    },
    [layout, channels, tile, gap, scale, h, w, paintWith],
  );

  // a grid scrolled out of view is not repainted; it catches up in the run after it comes into view
  useFramePaint(() => visible && paint(), (s, prev) => activationsOf(s, model) !== activationsOf(prev, model) || s.mapScale !== prev.mapScale || s.input !== prev.input, [paint, visible]);
  useEffect(() => {
    registry?.setPreparer(key, () => {
      if (painted.current !== activationsOf(useStore.getState(), model)) paint();
    });
    registry?.set(key, { toCanvas: (opts) => exportCanvas(opts?.maxWidth) });
    return () => {
      registry?.setPreparer(key, null);
      registry?.set(key, null);
    };
  }, [registry, key, paint, exportCanvas, model]);
  useEffect(() => setHover(-1), [layout]);
  useEffect(() => setFocus((f) => Math.min(f, channels - 1)), [channels]);

  const onKey = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const at = Math.max(focus, 0);
    const moved = gridMove(at, e.key, channels, layout.cols, e.ctrlKey);
    if (moved !== null) setFocus(moved);
    else if ((e.key === 'Enter' || e.key === ' ') && !empty) onOpen(at);
    else return;
    e.preventDefault();
  };

  const pick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return layout.hit(e.clientX - r.left, e.clientY - r.top);
  };
  const shown = hover >= 0 ? hover : focus;
  const hp = shown >= 0 ? layout.pos(shown) : null;
  return (
    <div className="map-grid" ref={box} data-testid={`maps.grid.${layer}`} data-maps={channels} data-map-size={`${h}x${w}`} data-tile={tile} data-cols={layout.cols} data-gap={gap} data-images={channels} data-empty={empty}>
      <div
        className="map-grid-canvas canvas-focus"
        style={{ width: layout.width, height: layout.height }}
        tabIndex={0}
        role="application"
        aria-roledescription="feature map grid"
        aria-label={`Layer ${layer}: ${channels} maps of ${h}×${w}; arrow keys choose a map, Enter enlarges it`}
        aria-describedby={`maps-grid-${layer}-focus`}
        data-testid={`maps.grid-focus.${layer}`}
        onKeyDown={onKey}
        onFocus={() => setFocus((f) => Math.max(f, 0))}
        onBlur={() => setFocus(-1)}
      >
        <canvas
          ref={attachCanvas}
          width={grid.width}
          height={grid.height}
          style={{ width: layout.width, height: layout.height, cursor: hover >= 0 ? 'zoom-in' : 'default' }}
          onMouseMove={(e) => setHover(empty ? -1 : pick(e))}
          onMouseLeave={() => setHover(-1)}
          onClick={(e) => {
            const i = pick(e);
            if (i >= 0 && !empty) onOpen(i);
          }}
        />
        {hp && <div className="map-grid-hover" style={{ left: hp.x - 1, top: hp.y - 1, width: tile + 2, height: tile + 2 }} />}
      </div>
      <div id={`maps-grid-${layer}-focus`} className="sr-only" aria-live="polite" data-testid={`maps.grid-cell.${layer}`}>
        {focus < 0 ? '' : `channel ${focus} of ${channels} (${cellPosition(focus, layout.cols)})${empty ? ', empty: no ink yet' : ''}`}
      </div>
      <div className="hint">{empty ? `${channels} maps of ${h}×${w}, empty: no ink yet` : hover >= 0 ? `channel ${hover} — click to enlarge` : `${channels} maps of ${h}×${w}; click one to enlarge`}</div>
    </div>
  );
});
