// Input → convolution → ReLU → max pool, side by side on one Konva stage (each map one Konva.Image).
// Hovering an output cell outlines its K×K input patch (padding included); hovering a pooled cell outlines
// its 2×2 window and the winner.
import type Konva from 'konva';
import { useMemo } from 'react';
import { Image as KImage, Layer, Rect, Stage, Text } from 'react-konva';
import { rangeOf, scaleFor, type ColorScale } from '../../lib/filters/colors';
import { POOL, type DesignerResult, type Plane } from '../../lib/filters/designer';
import { valuesCanvas } from '../maps/paint';
import { ColorLegend } from '../maps/ColorLegend';
import { useWidth } from '../maps/hooks';

export type MapId = 'input' | 'conv' | 'relu' | 'pool';
export interface Hover {
  map: Exclude<MapId, 'input'>;
  oy: number;
  ox: number;
}

interface MapView {
  id: MapId;
  title: string;
  plane: Plane;
  scale: ColorScale;
  canvas: HTMLCanvasElement;
  x: number;
  y: number;
  /** Display pixels per map cell. */
  cell: number;
}

const MARGIN = 18;
const GAP = 26;
const TITLE = 20;

/** Whether a filter's output can be negative on an image of values ≥ 0 (every input here): a negative weight or bias. */
export function canBeNegative(weights: readonly number[], bias: number): boolean {
  return bias < 0 || weights.some((w) => w < 0);
}

/** What a map's legend says about its palette. */
export const paletteNote = (scale: ColorScale): string => (scale.kind === 'gray' ? 'grey: values ≥ 0' : 'blue − / red +: both signs');

/**
 * The maps to show and their colour scales. The convolution is on the diverging scale only when it can have both
 * signs (`signed`: a negative weight or bias, or negative values); a blur or identity, whose output cannot be
 * negative, is on black→white like its input, so dark stays dark. ReLU and pooled maps share one gray scale.
 */
export function pipelineMaps(r: DesignerResult, relu: boolean, signed = true): { id: MapId; title: string; plane: Plane; scale: ColorScale }[] {
  const convRange = rangeOf(r.conv.data);
  const out: { id: MapId; title: string; plane: Plane; scale: ColorScale }[] = [
    { id: 'input', title: 'Input', plane: r.input, scale: { kind: 'gray', min: 0, max: Math.max(1, rangeOf(r.input.data).max) } },
    { id: 'conv', title: 'Conv', plane: r.conv, scale: signed || convRange.min < 0 ? scaleFor(convRange, true) : { kind: 'gray', min: 0, max: convRange.max } },
  ];
  const actScale = scaleFor(rangeOf(r.activated.data));
  if (relu) out.push({ id: 'relu', title: 'ReLU', plane: r.activated, scale: actScale });
  if (r.pooled) out.push({ id: 'pool', title: 'Pool', plane: r.pooled, scale: actScale });
  return out;
}

/** `children` (the hover readout) sit right under the maps, above the legends: visible together with the hovered cell. */
export function PipelineView(props: { result: DesignerResult; relu: boolean; signed: boolean; k: number; stride: number; hover: Hover | null; onHover: (h: Hover | null) => void; children?: React.ReactNode }) {
  const { result, relu, signed, k, stride, hover, onHover, children } = props;
  const [box, width] = useWidth(640);
  const maps = useMemo(() => pipelineMaps(result, relu, signed), [result, relu, signed]);
  // One row when the maps fit at 96 px or more (so that the maps and the readout under them fit a short panel),
  // otherwise two per row.
  const fit = (n: number) => Math.floor((width - 2 * MARGIN - (n - 1) * GAP) / n);
  const cols = fit(maps.length) >= 96 ? maps.length : Math.min(2, maps.length);
  const size = Math.max(84, Math.min(170, fit(cols)));
  const rows = Math.ceil(maps.length / cols);
  const views: MapView[] = useMemo(
    () =>
      maps.map((m, i) => ({
        ...m,
        canvas: valuesCanvas(m.plane.data, m.plane.w, m.plane.h, m.scale),
        x: MARGIN + (i % cols) * (size + GAP),
        y: MARGIN + TITLE + Math.floor(i / cols) * (size + TITLE + GAP),
        cell: size / m.plane.w,
      })),
    [maps, size, cols],
  );
  const byId = (id: MapId) => views.find((v) => v.id === id);

  const move = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const p = e.target.getStage()?.getPointerPosition();
    if (!p) return;
    for (const v of views) {
      if (v.id === 'input') continue;
      const ox = Math.floor((p.x - v.x) / v.cell);
      const oy = Math.floor((p.y - v.y) / v.cell);
      if (ox >= 0 && oy >= 0 && ox < v.plane.w && oy < v.plane.h) {
        if (!hover || hover.map !== v.id || hover.ox !== ox || hover.oy !== oy) onHover({ map: v.id, oy, ox });
        return;
      }
    }
    if (hover) onHover(null);
  };

  const highlights: React.ReactNode[] = [];
  const hv = hover && byId(hover.map);
  if (hover && hv) {
    highlights.push(<Rect key="cell" x={hv.x + hover.ox * hv.cell} y={hv.y + hover.oy * hv.cell} width={hv.cell} height={hv.cell} stroke="#f5a300" strokeWidth={2} />);
    const input = byId('input')!;
    if (hover.map === 'pool') {
      const act = byId(relu ? 'relu' : 'conv')!;
      const win = POOL.size * act.cell;
      highlights.push(<Rect key="win" x={act.x + hover.ox * POOL.stride * act.cell} y={act.y + hover.oy * POOL.stride * act.cell} width={win} height={win} stroke="#f5a300" strokeWidth={2} />);
      const pooled = result.pooled!;
      const flat = pooled.argmax[hover.oy * pooled.w + hover.ox];
      const wy = Math.floor(flat / result.activated.w);
      const wx = flat % result.activated.w;
      highlights.push(<Rect key="winner" x={act.x + wx * act.cell} y={act.y + wy * act.cell} width={act.cell} height={act.cell} stroke="#0a0" strokeWidth={2} dash={[3, 2]} />);
    } else {
      const px = input.x + (hover.ox * stride - result.pads.left) * input.cell;
      const py = input.y + (hover.oy * stride - result.pads.top) * input.cell;
      highlights.push(<Rect key="patch" x={px} y={py} width={k * input.cell} height={k * input.cell} stroke="#f5a300" strokeWidth={2} />);
    }
  }

  const height = MARGIN * 2 + rows * (TITLE + size) + (rows - 1) * GAP;
  const stageWidth = MARGIN * 2 + cols * size + (cols - 1) * GAP;
  const regions = Object.fromEntries(views.map((v) => [v.id, { x: v.x, y: v.y, cell: v.cell, w: v.plane.w, h: v.plane.h }]));
  return (
    <div className="pipeline" ref={box} data-testid="filters.pipeline" data-regions={JSON.stringify(regions)}>
      <Stage width={stageWidth} height={height} onMouseMove={move} onMouseLeave={() => onHover(null)}>
        <Layer imageSmoothingEnabled={false}>
          {views.map((v) => (
            <KImage key={v.id} image={v.canvas} x={v.x} y={v.y} width={size} height={size} stroke="#334155" strokeWidth={1} name={`map-${v.id}`} />
          ))}
        </Layer>
        <Layer listening={false}>
          {views.map((v) => (
            <Text key={v.id} x={v.x - GAP / 2} y={v.y - TITLE + 2} width={size + GAP} text={`${v.title} ${v.plane.h}×${v.plane.w}`} fontSize={11} fill="#cbd5e1" align="center" />
          ))}
          {views.slice(1).map((v, i) => (
            <Text key={`arrow-${v.id}`} x={v.x - GAP} y={v.y + size / 2 - 8} width={GAP} align="center" text={(i + 1) % cols === 0 ? '' : '→'} fontSize={16} fill="#8a99ad" />
          ))}
          {highlights}
        </Layer>
      </Stage>
      {children}
      <div className="pipeline-legends">
        {views.map((v) => (
          <ColorLegend key={v.id} scale={v.scale} label={v.id === 'input' ? v.title : `${v.title} (${paletteNote(v.scale)})`} testId={`filters.legend.${v.id}`} />
        ))}
      </div>
    </div>
  );
}
