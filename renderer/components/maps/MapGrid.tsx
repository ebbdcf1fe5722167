// One layer's channel maps as a grid of small images on one Konva stage: each map is one Konva.Image cropped from
// the layer's offscreen atlas, repainted from the store's activations in the frame they were computed in (while on
// screen; a grid scrolled out of view catches up when it comes back, and before an export).
import type Konva from 'konva';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Image as KImage, Layer, Rect, Stage } from 'react-konva';
import type { Activations } from '../../../core/model';
import { probe } from '../../app/latency-probe';
import { gridLayout, mapScales, tileScale } from '../../lib/filters/maps';
import { useStore } from '../../store';
import { useFramePaint, useOnScreen, useProbeDraw } from './hooks';
import { drawLayer, MapAtlas } from './paint';
import { useRegistry, useStageRegistry } from './registry';

const GAP = 4;

export const MapGrid = memo(function MapGrid(props: { layer: number; channels: number; h: number; w: number; diverging: boolean; width: number; onOpen: (channel: number) => void }) {
  const { layer, channels, h, w, diverging, width, onOpen } = props;
  const tile = w * tileScale(w);
  const layout = useMemo(() => gridLayout(channels, tile, GAP, Math.max(tile, width)), [channels, tile, width]);
  const atlas = useMemo(() => new MapAtlas(channels, h, w), [channels, h, w]);
  const layerRef = useRef<Konva.Layer>(null);
  const box = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState(-1);
  const register = useStageRegistry(`maps-${layer}`);
  const painted = useRef<Activations | null>(null);
  const visible = useOnScreen(box);
  const onDraw = useProbeDraw(`maps-${layer}`, visible, painted);
  const registry = useRegistry();

  const paint = useCallback(() => {
    const t0 = probe.start();
    const s = useStore.getState();
    const out = s.activations?.outputs[layer];
    if (out && out.size === channels * h * w) {
      const scales = mapScales(out.data, channels, h * w, s.mapScale, diverging);
      atlas.paint(out.data, scales);
      painted.current = s.activations;
    }
    drawLayer(layerRef.current);
    probe.measure('maps-paint', t0);
    if (box.current) box.current.dataset.paints = String(Number(box.current.dataset.paints ?? 0) + 1);
  }, [atlas, layer, channels, h, w, diverging]);

  useFramePaint(
    () => {
      // a grid scrolled out of view is not repainted; it catches up in the frame after it comes into view
      if (visible) paint();
      if (box.current) box.current.dataset.images = String(layerRef.current?.find('Image').length ?? 0);
    },
    (s, prev) => s.activations !== prev.activations || s.mapScale !== prev.mapScale,
    [paint, visible],
  );
  useEffect(() => {
    const key = `maps-${layer}`;
    registry?.setPreparer(key, () => {
      if (painted.current !== useStore.getState().activations) paint();
      layerRef.current?.draw();
    });
    return () => registry?.setPreparer(key, null);
  }, [registry, layer, paint]);
  useEffect(() => setHover(-1), [layout]);

  const pick = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const p = e.target.getStage()?.getPointerPosition();
    return p ? layout.hit(p.x, p.y) : -1;
  };
  const hp = hover >= 0 ? layout.pos(hover) : null;
  return (
    <div className="map-grid" ref={box} data-testid={`maps.grid.${layer}`} data-maps={channels} data-map-size={`${h}x${w}`} data-tile={tile} data-cols={layout.cols} data-gap={GAP}>
      <Stage
        ref={(st) => register(st)}
        width={layout.width}
        height={layout.height}
        onMouseMove={(e) => setHover(pick(e))}
        onMouseLeave={() => setHover(-1)}
        onClick={(e) => {
          const i = pick(e);
          if (i >= 0) onOpen(i);
        }}
        style={{ cursor: hover >= 0 ? 'zoom-in' : 'default' }}
      >
        {/* not listening: hover and clicks are hit-tested on the layout, so no hit canvas is redrawn per frame */}
        <Layer ref={layerRef} imageSmoothingEnabled={false} listening={false} onDraw={onDraw}>
          {Array.from({ length: channels }, (_, i) => {
            const p = layout.pos(i);
            return <KImage key={i} image={atlas.canvas} crop={atlas.crop(i)} x={p.x} y={p.y} width={tile} height={tile} transformsEnabled="position" perfectDrawEnabled={false} />;
          })}
        </Layer>
        <Layer listening={false}>{hp && <Rect x={hp.x - 1} y={hp.y - 1} width={tile + 2} height={tile + 2} stroke="#38bdf8" strokeWidth={2} />}</Layer>
      </Stage>
      <div className="hint">{hover >= 0 ? `channel ${hover} — click to enlarge` : `${channels} maps of ${h}×${w}; click one to enlarge`}</div>
    </div>
  );
});
