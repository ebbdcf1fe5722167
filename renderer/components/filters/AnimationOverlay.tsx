// The sliding filter over a Konva stage (the designer's pipeline, or the enlarged map of a conv layer), in the DOM: each output map being filled is a live canvas at the map's
// own resolution laid over it (enlarged by CSS, crisp pixels), and the marks — the K×K window on the padded input, the
// cell it fills, the pooling window, its winner and the pooled cell — are boxes drawn on one more live canvas over the
// whole stage. A step puts its new cells on those canvases and redraws the marks: no React render, no DOM change for
// the page to lay out, paint or composite (boxes moved by a CSS transform cost the page a re-layerization and a
// commit every frame), no redraw of the Konva stage's canvases.
import { useEffect, useRef, type RefObject } from 'react';
import { filledAt, mapChecksum, stepAt, timelineOf, type Animated, type ConvStep, type PlayState, type Step } from '../../lib/filters/animation';
import type { ColorScale } from '../../lib/filters/colors';
import { POOL } from '../../lib/filters/designer';
import type { AnimationPlayer } from '../../lib/filters/player';
import { liveContext } from '../../lib/live-canvas';
import { FillingMap } from './anim-paint';

/** Where a map is drawn on the stage: value (0, 0) at (x, y), `cell` px per value, w × h values. */
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

type FillId = 'conv' | 'relu' | 'pool';
export type AnimScales = Record<FillId, ColorScale | null>;
type MarkId = 'window' | 'convCell' | 'reluCell' | 'poolWindow' | 'winner' | 'poolCell';

/** The marks, in drawing order: the map each is on, its size in cells and its border (px). */
function markSpecs(boxes: AnimBoxes, k: number): { id: MarkId; box: MapBox | null; cells: number; border: number }[] {
  const act = boxes.relu ?? boxes.conv;
  return [
    { id: 'window', box: boxes.input, cells: k, border: 2 },
    { id: 'convCell', box: boxes.conv, cells: 1, border: 2 },
    { id: 'reluCell', box: boxes.relu, cells: 1, border: 1.5 },
    { id: 'poolWindow', box: act, cells: POOL.size, border: 2 },
    { id: 'winner', box: act, cells: 1, border: 2 },
    { id: 'poolCell', box: boxes.pool, cells: 1, border: 2 },
  ];
}

/** Where each mark stands at step s: the (row, column) of its top-left cell on its map; absent marks are hidden. */
export function markCells(s: Step): Partial<Record<MarkId, [number, number]>> {
  if (s.phase === 'conv') return { window: [s.top, s.left], convCell: [s.oy, s.ox], reluCell: [s.oy, s.ox] };
  return { poolWindow: [s.top, s.left], winner: [s.winner.iy, s.winner.ix], poolCell: [s.oy, s.ox] };
}

/** The maps being filled, each cell's value from the animation's steps, painted on the overlay's canvases. */
function makeFills(r: Animated, stride: number, scales: AnimScales, canvases: Record<FillId, HTMLCanvasElement | null>): Record<FillId, FillingMap | null> {
  const t = timelineOf(r);
  const conv = (i: number) => stepAt(r, stride, i) as ConvStep;
  const make = (id: FillId, w: number, h: number, valueAt: (i: number) => number) => {
    const scale = scales[id];
    const canvas = canvases[id];
    return scale && canvas ? new FillingMap(w, h, scale, valueAt, canvas) : null;
  };
  return {
    conv: make('conv', r.conv.w, r.conv.h, (i) => conv(i).value),
    relu: make('relu', r.activated.w, r.activated.h, (i) => conv(i).activated),
    pool: r.pooled ? make('pool', r.pooled.w, r.pooled.h, (i) => stepAt(r, stride, t.conv + i).value) : null,
  };
}

/** The animation's data attributes on `el` (read by the e2e tests): the step, the window, the value and what is filled. */
function writeData(el: HTMLElement | null, s: Step, fills: Record<FillId, FillingMap | null>): void {
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
  d.animFilled = String(fills.conv?.filled ?? 0);
  d.animPoolFilled = String(fills.pool?.filled ?? 0);
  d.animChecksum = fills.conv ? mapChecksum(fills.conv.values) : '';
  d.animPoolChecksum = fills.pool ? mapChecksum(fills.pool.values) : '';
}

type MarkSpec = ReturnType<typeof markSpecs>[number];
const MARK_COLOR = '#f5a300';
const WINNER_COLOR = '#22c55e';

/**
 * The marks on a live canvas as large as the overlay (sized when made; crisp at the screen's density): a step clears
 * the boxes it drew last and strokes the new ones, each border centred on its cells' edges as the boxes were.
 */
class MarksPainter {
  private readonly ctx: CanvasRenderingContext2D | null;
  private drawn: [number, number, number, number][] = [];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly specs: MarkSpec[],
  ) {
    const w = canvas.parentElement?.clientWidth ?? 0;
    const h = canvas.parentElement?.clientHeight ?? 0;
    const dpr = window.devicePixelRatio || 1;
    const [pw, ph] = [Math.max(1, Math.round(w * dpr)), Math.max(1, Math.round(h * dpr))];
    // (a new result keeps the canvas when its size is the same: new numbers while training come twice a second)
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
    }
    this.ctx = liveContext(canvas);
    this.ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.ctx?.clearRect(0, 0, w, h);
  }

  draw(at: Partial<Record<MarkId, [number, number]>>): void {
    const ctx = this.ctx;
    if (!ctx) return;
    for (const [x, y, w, h] of this.drawn) ctx.clearRect(x, y, w, h);
    this.drawn = [];
    for (const { id, box, cells, border } of this.specs) {
      const cell = at[id];
      if (!box || !cell) continue;
      const x = box.x + cell[1] * box.cell;
      const y = box.y + cell[0] * box.cell;
      const size = cells * box.cell;
      ctx.lineWidth = border;
      ctx.strokeStyle = id === 'winner' ? WINNER_COLOR : MARK_COLOR;
      ctx.setLineDash(id === 'winner' ? [3 * border, 2 * border] : []);
      ctx.strokeRect(x, y, size, size);
      this.drawn.push([x - border, y - border, size + 2 * border, size + 2 * border]);
    }
    this.canvas.dataset.marks = this.drawn.length ? 'shown' : '';
  }
}

export function AnimationOverlay(props: { player: AnimationPlayer; result: Animated; stride: number; k: number; boxes: AnimBoxes; scales: AnimScales; data: RefObject<HTMLElement | null> }) {
  const { player, result, stride, k, boxes, scales, data } = props;
  const canvases = useRef<Record<FillId, HTMLCanvasElement | null>>({ conv: null, relu: null, pool: null });
  const marks = useRef<HTMLCanvasElement | null>(null);

  useEffect(() => {
    const t = timelineOf(result);
    const fills = makeFills(result, stride, scales, canvases.current);
    const painter = marks.current ? new MarksPainter(marks.current, markSpecs(boxes, k)) : null;
    const paint = (ps: PlayState) => {
      if (!ps.on || ps.step >= t.total) return;
      const s = stepAt(result, stride, ps.step);
      const f = filledAt(t, ps.step);
      fills.conv?.fill(f.conv);
      fills.relu?.fill(f.conv);
      fills.pool?.fill(f.pool);
      painter?.draw(markCells(s));
      writeData(data.current, s, fills);
    };
    paint(player.get());
    const off = player.onStep(paint);
    const el = data.current;
    return () => {
      off();
      if (el) for (const key of Object.keys(el.dataset)) if (key.startsWith('anim')) delete el.dataset[key];
    };
  }, [player, result, stride, k, boxes, scales, data]);

  const fillIds: FillId[] = ['conv', 'relu', 'pool'];
  return (
    <div className="anim-overlay" aria-hidden="true">
      {fillIds.map((id) => {
        const b = boxes[id];
        if (!b || !scales[id]) return null;
        const attach = (el: HTMLCanvasElement | null) => {
          if (el) liveContext(el);
          canvases.current[id] = el;
        };
        return <canvas key={id} ref={attach} className="anim-fill" width={b.w} height={b.h} style={{ left: b.x, top: b.y, width: b.w * b.cell, height: b.h * b.cell }} data-testid={`filters.anim-fill.${id}`} />;
      })}
      <canvas ref={marks} className="anim-marks" data-testid="filters.anim-marks" />
    </div>
  );
}
