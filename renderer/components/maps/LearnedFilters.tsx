// A conv layer's learned filters as one image (one Konva.Image of the whole mosaic), from the store's weight
// mirror, repainted at most once per animation frame while training updates the weights — while on screen: inside a
// closed <details> or scrolled out of view it catches up when shown again, and before an export. Click a filter (or
// choose one with the arrow keys and press Enter) to open its map with what it looks for.
import type Konva from 'konva';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Image as KImage, Layer, Stage } from 'react-konva';
import type { ModelId } from '../../../core/protocol';
import { rangeOf, scaleFor } from '../../lib/filters/colors';
import { filterMosaic, mosaicFilterAt, mosaicFilterBox } from '../../lib/filters/maps';
import { gridMove } from '../../lib/grid-keys';
import { weightsOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { ColorLegend } from './ColorLegend';
import { useFramePaint, useFrameValue, useOnScreen } from './hooks';
import { drawLayer, makeCanvas } from './paint';
import { useRegistry, useStageRegistry } from './registry';

/** Display pixels per weight. */
function cellPx(k: number, cols: number, width: number): number {
  return Math.max(3, Math.min(12, Math.floor(width / (cols * (k + 1)))));
}

export function LearnedFilters({ model, layer, shape, width, onOpen }: { model: ModelId; layer: number; shape: readonly number[]; width: number; onOpen?: (channel: number) => void }) {
  const [f, c, k] = shape;
  const perRow = Math.max(1, Math.floor(width / ((k + 1) * 8)));
  const cols = c > 1 ? c : Math.min(f, perRow);
  const rows = Math.ceil((f * c) / cols);
  const px = cellPx(k, cols, width);
  const canvas = useMemo(() => makeCanvas(cols * (k + 1) - 1, rows * (k + 1) - 1), [cols, rows, k]);
  const layerRef = useRef<Konva.Layer>(null);
  const box = useRef<HTMLDivElement>(null);
  const register = useStageRegistry(`filters-${layer}`);
  const name = `${layer}.weight`;
  const wt = useFrameValue((s) => weightsOf(s, model)?.find((w) => w.name === name) ?? null);
  const mode = useStore((s) => s.mapScale);
  const visible = useOnScreen(box);
  const registry = useRegistry();
  /** What the mosaic shows (weights and scale mode), to know when it is behind the store. */
  const painted = useRef<{ weights: unknown; mode: unknown }>({ weights: null, mode: null });

  const paint = useCallback(() => {
    const s = useStore.getState();
    const weights = weightsOf(s, model);
    const wt = weights?.find((w) => w.name === name);
    if (!wt || wt.shape.join() !== shape.join()) return;
    const m = filterMosaic(wt.data, wt.shape, s.mapScale, perRow);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(m.w, m.h);
    img.data.set(m.rgba);
    ctx.putImageData(img, 0, 0);
    drawLayer(layerRef.current);
    painted.current = { weights, mode: s.mapScale };
    if (box.current) box.current.dataset.paints = String(Number(box.current.dataset.paints ?? 0) + 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canvas, model, name, shape.join(), perRow]);

  useFramePaint(() => visible && paint(), (s, prev) => weightsOf(s, model) !== weightsOf(prev, model) || s.mapScale !== prev.mapScale, [paint, visible]);
  useEffect(() => {
    const key = `filters-${layer}`;
    registry?.setPreparer(key, () => {
      const s = useStore.getState();
      if (painted.current.weights !== weightsOf(s, model) || painted.current.mode !== s.mapScale) paint();
    });
    return () => registry?.setPreparer(key, null);
  }, [registry, layer, paint, model]);

  const [hover, setHover] = useState(-1);
  /** The filter chosen from the keyboard (-1 while the mosaic does not have the focus). */
  const [focus, setFocus] = useState(-1);
  const at = (e: React.MouseEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    return mosaicFilterAt(Math.floor((e.clientX - r.left) / px), Math.floor((e.clientY - r.top) / px), shape, cols);
  };
  const onKey = (e: React.KeyboardEvent) => {
    const i = Math.max(focus, 0);
    const moved = gridMove(i, e.key, f, c > 1 ? 1 : cols, e.ctrlKey);
    if (moved !== null) setFocus(moved);
    else if ((e.key === 'Enter' || e.key === ' ') && onOpen) onOpen(i);
    else return;
    e.preventDefault();
  };
  const shown = hover >= 0 ? hover : focus;
  const hb = shown >= 0 ? mosaicFilterBox(shown, shape, cols) : null;

  const legendScale = wt ? scaleFor(rangeOf(wt.data), true) : null;
  return (
    <div className="learned-filters" ref={box} data-testid={`maps.filters.${layer}`} data-filters={f} data-kernel={k}>
      {wt ? (
        <>
          <div
            className="learned-filters-canvas canvas-focus"
            tabIndex={onOpen ? 0 : undefined}
            role={onOpen ? 'application' : undefined}
            aria-roledescription={onOpen ? 'filter mosaic' : undefined}
            aria-label={onOpen ? `Layer ${layer}: ${f} learned filters; arrow keys choose a filter, Enter shows what it looks for` : undefined}
            onKeyDown={onOpen ? onKey : undefined}
            onFocus={() => setFocus((v) => Math.max(v, 0))}
            onBlur={() => setFocus(-1)}
            onMouseMove={(e) => setHover(at(e))}
            onMouseLeave={() => setHover(-1)}
            onClick={(e) => {
              const i = at(e);
              if (i >= 0) onOpen?.(i);
            }}
            style={{ cursor: onOpen && hover >= 0 ? 'zoom-in' : 'default' }}
            data-testid={`maps.filters-focus.${layer}`}
            data-px={px}
            data-cols={cols}
            data-row-per-filter={c > 1}
          >
            <Stage ref={(st) => register(st)} width={canvas.width * px} height={canvas.height * px} listening={false}>
              <Layer ref={layerRef} imageSmoothingEnabled={false} listening={false}>
                <KImage image={canvas} width={canvas.width * px} height={canvas.height * px} />
              </Layer>
            </Stage>
            {hb && <div className="map-grid-hover" style={{ left: hb.x * px - 1, top: hb.y * px - 1, width: hb.w * px + 2, height: hb.h * px + 2 }} />}
          </div>
          <div className="sr-only" aria-live="polite">
            {focus >= 0 ? `filter ${focus} of ${f}` : ''}
          </div>
          <div className="row">
            {legendScale && <ColorLegend scale={legendScale} label={mode === 'shared' ? 'weight' : 'layer range (each filter scaled to its own)'} />}
            <span className="hint">
              {f} filters of {c}×{k}×{k}
              {c > 1 ? ' (a row per filter, one kernel per input channel)' : ''}
              {onOpen ? (shown >= 0 ? ` — filter ${shown}: click for what it looks for` : '; click one for what it looks for') : ''}
            </span>
          </div>
        </>
      ) : (
        <p className="hint">weights are loading…</p>
      )}
    </div>
  );
}
