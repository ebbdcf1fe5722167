// A conv layer's learned filters as one image (one Konva.Image of the whole mosaic), from the store's weight
// mirror, repainted at most once per animation frame while training updates the weights.
import type Konva from 'konva';
import { useMemo, useRef } from 'react';
import { Image as KImage, Layer, Stage } from 'react-konva';
import { rangeOf, scaleFor } from '../../lib/filters/colors';
import { filterMosaic } from '../../lib/filters/maps';
import { useStore } from '../../store';
import { ColorLegend } from './ColorLegend';
import { useFramePaint, useFrameValue } from './hooks';
import { drawLayer, makeCanvas } from './paint';
import { useStageRegistry } from './registry';

/** Display pixels per weight. */
function cellPx(k: number, cols: number, width: number): number {
  return Math.max(3, Math.min(12, Math.floor(width / (cols * (k + 1)))));
}

export function LearnedFilters({ layer, shape, width }: { layer: number; shape: readonly number[]; width: number }) {
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
  const wt = useFrameValue((s) => s.weights?.find((w) => w.name === name) ?? null);
  const mode = useStore((s) => s.mapScale);

  useFramePaint(
    () => {
      const s = useStore.getState();
      const wt = s.weights?.find((w) => w.name === name);
      if (!wt || wt.shape.join() !== shape.join()) return;
      const m = filterMosaic(wt.data, wt.shape, s.mapScale, perRow);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const img = ctx.createImageData(m.w, m.h);
      img.data.set(m.rgba);
      ctx.putImageData(img, 0, 0);
      drawLayer(layerRef.current);
      if (box.current) box.current.dataset.paints = String(Number(box.current.dataset.paints ?? 0) + 1);
    },
    (s, prev) => s.weights !== prev.weights || s.mapScale !== prev.mapScale,
    [canvas, name, shape.join(), perRow],
  );

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
