// The K×K filter grid (react-konva): each weight a coloured cell with its value. Click selects a cell for typing;
// dragging up or down raises or lowers it in 0.05 steps. Colours: blue (negative) – white – red (positive). Labels
// are written to fit their cell on one line (fewer digits, then 2.4e-4, in smaller cells); the exact value is typed.
// From the keyboard: arrows move between cells, + − (PageUp/PageDown: larger steps) change one, Enter types it.
import type Konva from 'konva';
import { memo, useEffect, useMemo, useRef } from 'react';
import { Layer, Rect, Stage, Text } from 'react-konva';
import { cellLabel, drawnLabelWidths, labelFont } from '../../lib/filters/cell-label';
import { colorOf, textOn, type ColorScale } from '../../lib/filters/colors';
import { cellAt, dragValue, WEIGHT_LIMIT } from '../../lib/filters/edit';
import { cellPosition, gridMove, stepWeight, weightKeyDelta } from '../../lib/grid-keys';
import { useStore } from '../../store';
import { ColorLegend } from '../maps/ColorLegend';

/**
 * A cell's size per K (px): the grid stays about the same size at every K (168, 180, 189 px), so a 7×7 kernel fits
 * the designer's row as a 3×3 one does; a 7×7 cell (27 px) is still above the 24 px minimum target size (WCAG 2.5.8).
 */
export const CELL_SIZE: Record<number, number> = { 3: 56, 5: 36, 7: 27 };
/** The labels' font size per K (px): the widest label a preset writes (".0015", "-.333") fits its cell. */
export const LABEL_FONT: Record<number, number> = { 3: 14, 5: 11, 7: 9 };

interface Drag {
  index: number;
  startY: number;
  start: number;
  moved: boolean;
}

export function gridScale(weights: readonly number[]): ColorScale {
  return { kind: 'diverging', maxAbs: Math.max(1e-6, ...weights.map(Math.abs)) };
}

/** The id of the cell editor's weight input, which Enter on the grid focuses. */
export const CELL_INPUT_ID = 'filters-cell-input';

/** The grid's keyboard: arrows (Home/End) select another cell, + − PageUp PageDown change it, Enter types it. */
export function onGridKey(e: React.KeyboardEvent<HTMLElement>): void {
  const s = useStore.getState();
  const { k, selected, weights } = s.designer;
  const moved = gridMove(selected ?? 0, e.key, k * k, k, e.ctrlKey);
  const delta = weightKeyDelta(e.key);
  if (moved !== null) s.setDesigner({ selected: selected === null ? 0 : moved });
  else if (delta !== null && selected !== null) s.setWeight(selected, stepWeight(weights[selected], delta, WEIGHT_LIMIT));
  else if (delta !== null) s.setDesigner({ selected: 0 });
  else if (e.key === 'Enter' && selected !== null) document.getElementById(CELL_INPUT_ID)?.focus();
  else return;
  e.preventDefault();
}

export const WeightGrid = memo(function WeightGrid() {
  const k = useStore((s) => s.designer.k);
  const weights = useStore((s) => s.designer.weights);
  const selected = useStore((s) => s.designer.selected);
  const drag = useRef<Drag | null>(null);
  const detach = useRef<(() => void) | null>(null);
  // labels are fitted to the font the browser really draws (a wider substitute for Arial gets shorter labels)
  const width = useMemo(drawnLabelWidths, []);
  const cell = CELL_SIZE[k];
  const scale = gridScale(weights);

  useEffect(() => () => detach.current?.(), []);

  const down = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const p = e.target.getStage()?.getPointerPosition();
    const hit = p && cellAt(p.x, p.y, cell, k);
    if (!hit) return;
    const index = hit.row * k + hit.col;
    const s = useStore.getState();
    s.setDesigner({ selected: index });
    drag.current = { index, startY: e.evt.clientY, start: s.designer.weights[index], moved: false };
    const move = (ev: PointerEvent) => {
      const d = drag.current;
      if (!d) return;
      const dy = ev.clientY - d.startY;
      if (!d.moved && Math.abs(dy) < 3) return;
      d.moved = true;
      const v = dragValue(d.start, dy);
      if (v !== useStore.getState().designer.weights[d.index]) useStore.getState().setWeight(d.index, v);
    };
    const up = () => {
      drag.current = null;
      detach.current?.();
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    detach.current = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      detach.current = null;
    };
  };

  const { fontSize, labels } = useMemo(() => {
    const size = labelFont(weights, cell, LABEL_FONT[k], width);
    return { fontSize: size, labels: weights.map((w) => cellLabel(w, cell, size, width)) };
  }, [weights, cell, k, width]);
  return (
    <div className="weight-grid" data-testid="filters.grid" data-k={k} data-cell-size={cell} data-weights={weights.join(',')} data-labels={labels.join(' ')} data-font-size={fontSize}>
      <div className="canvas-focus" tabIndex={0} role="application" aria-roledescription="weight grid" aria-label={`Filter weights, ${k}×${k}: arrow keys choose a cell, plus and minus (Page Up, Page Down: larger steps) change it, Enter types a value`} aria-describedby="filters-grid-cell" onKeyDown={onGridKey} data-testid="filters.grid-focus">
        <Stage width={k * cell} height={k * cell} onPointerDown={down} style={{ cursor: 'ns-resize', touchAction: 'none' }}>
        <Layer>
          {weights.map((w, i) => {
            const rgb = colorOf(w, scale);
            const x = (i % k) * cell;
            const y = Math.floor(i / k) * cell;
            return (
              <Rect key={i} x={x + 1} y={y + 1} width={cell - 2} height={cell - 2} fill={`rgb(${rgb.join(',')})`} stroke={i === selected ? '#111' : '#bbb'} strokeWidth={i === selected ? 3 : 1} />
            );
          })}
        </Layer>
        <Layer listening={false}>
          {weights.map((w, i) => (
            <Text key={i} x={(i % k) * cell} y={Math.floor(i / k) * cell} width={cell} height={cell} align="center" verticalAlign="middle" wrap="none" text={labels[i]} fontSize={fontSize} fill={textOn(colorOf(w, scale))} />
          ))}
        </Layer>
        </Stage>
      </div>
      <div id="filters-grid-cell" className="sr-only" aria-live="polite" data-testid="filters.grid-cell">
        {selected === null ? 'no cell selected' : `${cellPosition(selected, k)}: ${weights[selected]}`}
      </div>
      <ColorLegend scale={scale} label="weight" testId="filters.grid-legend" />
    </div>
  );
});
