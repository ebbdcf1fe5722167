// Input → convolution → ReLU → max pool, side by side on one Konva stage (each map one Konva.Image).
// Hovering an output cell outlines its K×K input patch (padding included); hovering a pooled cell outlines
// its 2×2 window and the winner. With the sliding-filter animation on, the input is shown with its padding, the
// output maps fill in cell by cell over it and the window moves (AnimationOverlay); a click on an output cell goes to
// its step.
import type Konva from 'konva';
import { useCallback, useMemo, useRef } from 'react';
import { Image as KImage, Layer, Rect, Stage, Text } from 'react-konva';
import { timelineOf } from '../../lib/filters/animation';
import { rangeOf, scaleFor, type ColorScale } from '../../lib/filters/colors';
import { POOL, type DesignerResult, type Plane } from '../../lib/filters/designer';
import type { AnimationPlayer } from '../../lib/filters/player';
import { paddedCanvas } from './anim-paint';
import { onAnimationKey, usePlayerValue } from './AnimationControls';
import { AnimationOverlay, type AnimBoxes, type AnimScales, type MapBox } from './AnimationOverlay';
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
  /** Where value (0, 0) is drawn: (x, y), or inside the padding border when the animation shows the padded input. */
  ox: number;
  oy: number;
  /** The drawn image's size (px): the map, or the padded input. */
  dw: number;
  dh: number;
}

const MARGIN = 18;
/** Above the maps' titles: less than the sides, the animation's controls sit right above. */
const TOP = 6;
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

const boxOf = (v: MapView | undefined): MapBox | null => (v ? { x: v.ox, y: v.oy, cell: v.cell, w: v.plane.w, h: v.plane.h } : null);

/**
 * `toolbar` (the animation's controls) sits above the maps, `children` (the read-out) right under them, above the
 * legends: visible together with the hovered or animated cell.
 */
export function PipelineView(props: {
  result: DesignerResult;
  relu: boolean;
  signed: boolean;
  k: number;
  stride: number;
  hover: Hover | null;
  onHover: (h: Hover | null) => void;
  player: AnimationPlayer;
  toolbar?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const { result, relu, signed, k, stride, hover, onHover, player, toolbar, children } = props;
  const animating = usePlayerValue(player, (s) => s.on);
  const [box, width] = useWidth(640);
  const maps = useMemo(() => pipelineMaps(result, relu, signed), [result, relu, signed]);
  const scales = useMemo((): AnimScales => {
    const of = (id: MapId) => maps.find((m) => m.id === id)?.scale ?? null;
    return { conv: of('conv'), relu: of('relu'), pool: of('pool') };
  }, [maps]);
  // One row when the maps fit at 96 px or more (so that the maps and the readout under them fit a short panel),
  // otherwise two per row.
  const fit = (n: number) => Math.floor((width - 2 * MARGIN - (n - 1) * GAP) / n);
  const cols = fit(maps.length) >= 96 ? maps.length : Math.min(2, maps.length);
  const size = Math.max(84, Math.min(170, fit(cols)));
  const rows = Math.ceil(maps.length / cols);
  const views: MapView[] = useMemo(
    () =>
      maps.map((m, i) => {
        const x = MARGIN + (i % cols) * (size + GAP);
        const y = TOP + TITLE + Math.floor(i / cols) * (size + TITLE + GAP);
        const cell = size / m.plane.w;
        const base = { ...m, x, y, cell, ox: x, oy: y, dw: size, dh: size };
        if (!animating || m.id !== 'input') return { ...base, canvas: valuesCanvas(m.plane.data, m.plane.w, m.plane.h, m.scale) };
        // the input with its padding border, the whole padded frame in the map's square
        const { top, left, bottom, right } = result.pads;
        const pw = left + m.plane.w + right;
        const ph = top + m.plane.h + bottom;
        const pc = size / Math.max(pw, ph);
        return { ...base, canvas: paddedCanvas(m.plane, result.pads, m.scale), cell: pc, ox: x + left * pc, oy: y + top * pc, dw: pw * pc, dh: ph * pc };
      }),
    [maps, size, cols, animating, result.pads],
  );
  const byId = (id: MapId) => views.find((v) => v.id === id);
  const boxes: AnimBoxes | null = useMemo(
    () => (animating ? { input: boxOf(views[0])!, conv: boxOf(views.find((v) => v.id === 'conv'))!, relu: boxOf(views.find((v) => v.id === 'relu')), pool: boxOf(views.find((v) => v.id === 'pool')) } : null),
    [animating, views],
  );
  const pipe = useRef<HTMLDivElement | null>(null);
  const timeline = useMemo(() => timelineOf(result), [result]);

  /** The output cell under the pointer, or null. */
  const cellAt = (e: Konva.KonvaEventObject<MouseEvent>): Hover | null => {
    const p = e.target.getStage()?.getPointerPosition();
    if (!p) return null;
    for (const v of views) {
      if (v.id === 'input') continue;
      const ox = Math.floor((p.x - v.x) / v.cell);
      const oy = Math.floor((p.y - v.y) / v.cell);
      if (ox >= 0 && oy >= 0 && ox < v.plane.w && oy < v.plane.h) return { map: v.id, oy, ox };
    }
    return null;
  };
  const move = (e: Konva.KonvaEventObject<MouseEvent>) => {
    if (animating) return;
    const h = cellAt(e);
    if (!h) {
      if (hover) onHover(null);
    } else if (!hover || hover.map !== h.map || hover.ox !== h.ox || hover.oy !== h.oy) onHover(h);
  };
  // while the animation is on, a click on an output cell goes to the step that computes it
  const click = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const h = animating ? cellAt(e) : null;
    if (!h) return;
    const step = h.map === 'pool' ? timeline.conv + h.oy * timeline.poolW + h.ox : h.oy * timeline.convW + h.ox;
    player.dispatch({ type: 'seek', step });
  };

  const highlights: React.ReactNode[] = [];
  const hv = hover && !animating && byId(hover.map);
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

  const height = TOP + MARGIN + rows * (TITLE + size) + (rows - 1) * GAP;
  const stageWidth = MARGIN * 2 + cols * size + (cols - 1) * GAP;
  const regions = Object.fromEntries(views.map((v) => [v.id, { x: v.ox, y: v.oy, cell: v.cell, w: v.plane.w, h: v.plane.h }]));
  const { top, left, bottom, right } = result.pads;
  const title = (v: MapView) => {
    const padded = v.id === 'input' && animating && top + left + bottom + right > 0;
    return padded ? `Padded input ${top + v.plane.h + bottom}×${left + v.plane.w + right}` : `${v.title} ${v.plane.h}×${v.plane.w}`;
  };
  const attach = useCallback(
    (el: HTMLDivElement | null) => {
      pipe.current = el;
      box(el);
    },
    [box],
  );
  return (
    <div className="pipeline" ref={attach} data-testid="filters.pipeline" data-regions={JSON.stringify(regions)}>
      {toolbar}
      <div
        className="canvas-focus"
        tabIndex={0}
        role="application"
        aria-roledescription="feature maps"
        aria-label="The filter's maps: Space plays or pauses the sliding filter, arrow keys step it, Home and End go to the first and last step, Escape shows the whole maps"
        aria-describedby="filters-anim-said"
        data-testid="filters.pipeline-focus"
        onKeyDown={(e) => onAnimationKey(e, player, timeline)}
      >
        <Stage width={stageWidth} height={height} onMouseMove={move} onMouseLeave={() => onHover(null)} onClick={click} style={{ cursor: animating ? 'pointer' : undefined }}>
          <Layer imageSmoothingEnabled={false}>
            {views.map((v) => (
              <KImage key={v.id} image={v.canvas} x={v.x} y={v.y} width={v.dw} height={v.dh} stroke="#334155" strokeWidth={1} name={`map-${v.id}`} />
            ))}
          </Layer>
          <Layer listening={false}>
            {views.map((v) => (
              <Text key={v.id} x={v.x - GAP / 2} y={v.y - TITLE + 2} width={size + GAP} text={title(v)} fontSize={11} fill="#cbd5e1" align="center" />
            ))}
            {views.slice(1).map((v, i) => (
              <Text key={`arrow-${v.id}`} x={v.x - GAP} y={v.y + size / 2 - 8} width={GAP} align="center" text={(i + 1) % cols === 0 ? '' : '→'} fontSize={16} fill="#8a99ad" />
            ))}
            {highlights}
            {boxes && top + left + bottom + right > 0 && (
              // the image's edge inside its padding border
              <Rect x={boxes.input.x} y={boxes.input.y} width={boxes.input.w * boxes.input.cell} height={boxes.input.h * boxes.input.cell} stroke="#94a3b8" strokeWidth={1} dash={[3, 3]} name="anim-image-edge" />
            )}
          </Layer>
        </Stage>
        {boxes && <AnimationOverlay player={player} result={result} stride={stride} k={k} boxes={boxes} scales={scales} data={pipe} />}
      </div>
      {children}
      <div className="pipeline-legends">
        {views.map((v) => (
          <ColorLegend key={v.id} scale={v.scale} label={v.id === 'input' ? v.title : `${v.title} (${paletteNote(v.scale)})`} testId={`filters.legend.${v.id}`} />
        ))}
      </div>
    </div>
  );
}
