// A conv layer's learned filters as one image (one Konva.Image of the whole mosaic), from the store's weight
// mirror, repainted at most once per animation frame while training updates the weights — while on screen: inside a
// closed <details> or scrolled out of view it catches up when shown again, and before an export.
import type Konva from 'konva';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Image as KImage, Layer, Stage } from 'react-konva';
import type { ModelId } from '../../../core/protocol';
import { rangeOf, scaleFor } from '../../lib/filters/colors';
import { filterMosaic } from '../../lib/filters/maps';
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

export function LearnedFilters({ model, layer, shape, width }: { model: ModelId; layer: number; shape: readonly number[]; width: number }) {
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

  const legendScale = wt ? scaleFor(rangeOf(wt.data), true) : null;
  return (
    <div className="learned-filters" ref={box} data-testid={`maps.filters.${layer}`} data-filters={f} data-kernel={k}>
      {wt ? (
        <>
          <Stage ref={(st) => register(st)} width={canvas.width * px} height={canvas.height * px}>
            <Layer ref={layerRef} imageSmoothingEnabled={false} listening={false}>
              <KImage image={canvas} width={canvas.width * px} height={canvas.height * px} />
            </Layer>
          </Stage>
          <div className="row">
            {legendScale && <ColorLegend scale={legendScale} label={mode === 'shared' ? 'weight' : 'layer range (each filter scaled to its own)'} />}
            <span className="hint">
              {f} filters of {c}×{k}×{k}
              {c > 1 ? ' (a row per filter, one kernel per input channel)' : ''}
            </span>
          </div>
        </>
      ) : (
        <p className="hint">weights are loading…</p>
      )}
    </div>
  );
}
