// The sliding filter on the pipeline stage: the K×K window on the padded input, the output cell it fills (conv, and
// ReLU beside it), then the 2×2 pooling window, its winner and the pooled cell. Each step of the player moves these
// Konva nodes, fills the new cells into the maps' canvases and draws the two layers — no React render.
import type Konva from 'konva';
import { useEffect, useRef, type RefObject } from 'react';
import { Layer, Rect } from 'react-konva';
import { filledAt, mapChecksum, stepAt, timelineOf, type PlayState, type Step } from '../../lib/filters/animation';
import { POOL, type DesignerResult } from '../../lib/filters/designer';
import type { AnimationPlayer } from '../../lib/filters/player';
import { drawLayer } from '../maps/paint';
import type { FillingMap } from './anim-paint';

/** Where a map is drawn on the stage: cell (0, 0) of its values at (x, y), `cell` px per value. */
export interface MapBox {
  x: number;
  y: number;
  cell: number;
  w: number;
  h: number;
}

export interface AnimBoxes {
  input: MapBox;
  conv: MapBox;
  relu: MapBox | null;
  pool: MapBox | null;
}

export interface AnimFills {
  conv: FillingMap;
  relu: FillingMap | null;
  pool: FillingMap | null;
}

const WINDOW = '#f5a300';
const WINNER = '#22c55e';

type Rects = Record<'window' | 'convCell' | 'reluCell' | 'poolWindow' | 'winner' | 'poolCell', Konva.Rect | null>;

function place(r: Konva.Rect | null, box: MapBox | null, row: number, col: number, cells: number): void {
  if (!r) return;
  if (!box) {
    r.visible(false);
    return;
  }
  r.setAttrs({ visible: true, x: box.x + col * box.cell, y: box.y + row * box.cell, width: cells * box.cell, height: cells * box.cell });
}

/** The animation's data attributes on `el` (read by the e2e tests): the step, the window, the value and what is filled. */
function writeData(el: HTMLElement | null, s: Step, fills: AnimFills): void {
  if (!el) return;
  const d = el.dataset;
  d.animStep = String(s.index);
  d.animPhase = s.phase;
  d.animOy = String(s.oy);
  d.animOx = String(s.ox);
  d.animTop = String(s.top);
  d.animLeft = String(s.left);
  d.animValue = String(s.value);
  d.animWinner = s.phase === 'pool' ? `${s.winner.iy},${s.winner.ix}` : '';
  d.animFilled = String(fills.conv.filled);
  d.animPoolFilled = String(fills.pool?.filled ?? 0);
  d.animChecksum = mapChecksum(fills.conv.values);
  d.animPoolChecksum = fills.pool ? mapChecksum(fills.pool.values) : '';
}

export function AnimationLayer(props: { player: AnimationPlayer; result: DesignerResult; stride: number; k: number; boxes: AnimBoxes; fills: AnimFills; mapsLayer: RefObject<Konva.Layer | null>; data: RefObject<HTMLElement | null> }) {
  const { player, result, stride, k, boxes, fills, mapsLayer, data } = props;
  const layer = useRef<Konva.Layer>(null);
  const rects = useRef<Rects>({ window: null, convCell: null, reluCell: null, poolWindow: null, winner: null, poolCell: null });

  useEffect(() => {
    const t = timelineOf(result);
    const r = rects.current;
    const act = boxes.relu ?? boxes.conv;
    const paint = (ps: PlayState) => {
      if (!ps.on || ps.step >= t.total) return;
      const s = stepAt(result, stride, ps.step);
      const f = filledAt(t, ps.step);
      fills.conv.fill(f.conv);
      fills.relu?.fill(f.conv);
      fills.pool?.fill(f.pool);
      const conv = s.phase === 'conv';
      place(r.window, conv ? boxes.input : null, s.top, s.left, k);
      place(r.convCell, conv ? boxes.conv : null, s.oy, s.ox, 1);
      place(r.reluCell, conv ? boxes.relu : null, s.oy, s.ox, 1);
      place(r.poolWindow, conv ? null : act, s.top, s.left, POOL.size);
      place(r.winner, conv ? null : act, s.phase === 'pool' ? s.winner.iy : 0, s.phase === 'pool' ? s.winner.ix : 0, 1);
      place(r.poolCell, conv ? null : boxes.pool, s.oy, s.ox, 1);
      drawLayer(mapsLayer.current);
      drawLayer(layer.current);
      writeData(data.current, s, fills);
    };
    paint(player.get());
    const off = player.onStep(paint);
    const el = data.current;
    return () => {
      off();
      if (el) for (const key of Object.keys(el.dataset)) if (key.startsWith('anim')) delete el.dataset[key];
    };
  }, [player, result, stride, k, boxes, fills, mapsLayer, data]);

  const { input } = boxes;
  const padded = result.pads.top + result.pads.left + result.pads.bottom + result.pads.right > 0;
  const ref = (name: keyof Rects) => (n: Konva.Rect | null) => {
    rects.current[name] = n;
  };
  return (
    <Layer ref={layer} listening={false}>
      {padded && <Rect x={input.x} y={input.y} width={input.w * input.cell} height={input.h * input.cell} stroke="#94a3b8" strokeWidth={1} dash={[3, 3]} name="anim-image-edge" />}
      <Rect ref={ref('window')} visible={false} stroke={WINDOW} strokeWidth={2} name="anim-window" />
      <Rect ref={ref('convCell')} visible={false} stroke={WINDOW} strokeWidth={2} name="anim-conv-cell" />
      <Rect ref={ref('reluCell')} visible={false} stroke={WINDOW} strokeWidth={1.5} name="anim-relu-cell" />
      <Rect ref={ref('poolWindow')} visible={false} stroke={WINDOW} strokeWidth={2} name="anim-pool-window" />
      <Rect ref={ref('winner')} visible={false} stroke={WINNER} strokeWidth={2} dash={[3, 2]} name="anim-winner" />
      <Rect ref={ref('poolCell')} visible={false} stroke={WINDOW} strokeWidth={2} name="anim-pool-cell" />
    </Layer>
  );
}
