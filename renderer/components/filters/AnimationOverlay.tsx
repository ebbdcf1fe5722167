// The sliding filter over a Konva stage (the designer's pipeline, or the enlarged map of a conv layer), in the DOM: each output map being filled is a live canvas at the map's
// own resolution laid over it (enlarged by CSS, crisp pixels), and the marks — the K×K window on the padded input, the
// cell it fills, the pooling window, its winner and the pooled cell — are boxes moved by a CSS transform. A step puts
// its new cells on those small canvases and moves the boxes: no React render, no redraw of the Konva stage's canvases
// (each as large as the stage, which the page would copy to the screen at every step).
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

export function AnimationOverlay(props: { player: AnimationPlayer; result: Animated; stride: number; k: number; boxes: AnimBoxes; scales: AnimScales; data: RefObject<HTMLElement | null> }) {
  const { player, result, stride, k, boxes, scales, data } = props;
  const canvases = useRef<Record<FillId, HTMLCanvasElement | null>>({ conv: null, relu: null, pool: null });
  const marks = useRef<Partial<Record<MarkId, HTMLDivElement | null>>>({});
  const specs = markSpecs(boxes, k);

  useEffect(() => {
    const t = timelineOf(result);
    const fills = makeFills(result, stride, scales, canvases.current);
    const specs = markSpecs(boxes, k);
    const paint = (ps: PlayState) => {
      if (!ps.on || ps.step >= t.total) return;
      const s = stepAt(result, stride, ps.step);
      const f = filledAt(t, ps.step);
      fills.conv?.fill(f.conv);
      fills.relu?.fill(f.conv);
      fills.pool?.fill(f.pool);
      const at = markCells(s);
      for (const { id, box, border } of specs) {
        const el = marks.current[id];
        const cell = at[id];
        if (!el || !box) continue;
        if (!cell) {
          el.style.visibility = 'hidden';
          continue;
        }
        el.style.transform = `translate(${box.x + cell[1] * box.cell - border / 2}px, ${box.y + cell[0] * box.cell - border / 2}px)`;
        el.style.visibility = 'visible';
      }
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
      {specs.map(({ id, box, cells, border }) =>
        box ? (
          <div
            key={id}
            ref={(el) => {
              marks.current[id] = el;
            }}
            className={`anim-mark anim-mark-${id}`}
            style={{ width: cells * box.cell + border, height: cells * box.cell + border, borderWidth: border }}
          />
        ) : null,
      )}
    </div>
  );
}
