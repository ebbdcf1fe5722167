// The 280×280 drawing pad (react-konva): pen-like strokes with round caps, light input smoothing; a loaded
// test digit is shown enlarged underneath. State drives the canvas: strokes live in the store.
import type Konva from 'konva';
import { useMemo, useRef } from 'react';
import { Image as KImage, Layer, Line, Rect, Stage } from 'react-konva';
import { probe } from '../../app/latency-probe';
import { grayCanvas } from '../../lib/gray-canvas';
import { BRUSH_WIDTH, PAD_SIZE } from '../../lib/preprocess';
import { useStore } from '../../store';

/** Fraction of the way each new point moves toward the pointer (1 = no smoothing). */
const SMOOTHING = 0.55;
/** Points closer than this (pad px) to the last one are skipped. */
const MIN_STEP = 1.5;

export function DrawPad() {
  const strokes = useStore((s) => s.strokes);
  const source = useStore((s) => s.source);
  // only a test digit is drawn from the input: while drawing, input changes need no re-render here
  const input = useStore((s) => (s.source.kind === 'test' ? s.input : null));
  const drawing = useRef(false);
  const last = useRef<[number, number]>([0, 0]);

  const testImage = useMemo(() => (input ? grayCanvas(input, 28, 28) : null), [input]);

  const pos = (e: Konva.KonvaEventObject<PointerEvent>): [number, number] | null => {
    const p = e.target.getStage()?.getPointerPosition();
    return p ? [Math.max(0, Math.min(PAD_SIZE, p.x)), Math.max(0, Math.min(PAD_SIZE, p.y))] : null;
  };

  const down = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const p = pos(e);
    if (!p) return;
    drawing.current = true;
    last.current = p;
    useStore.getState().beginStroke(p[0], p[1]);
    probe.input(e.evt);
  };

  const move = (e: Konva.KonvaEventObject<PointerEvent>) => {
    if (!drawing.current) return;
    const p = pos(e);
    if (!p) return;
    const [lx, ly] = last.current;
    const x = lx + (p[0] - lx) * SMOOTHING;
    const y = ly + (p[1] - ly) * SMOOTHING;
    if (Math.hypot(x - lx, y - ly) < MIN_STEP) return probe.skip();
    last.current = [x, y];
    useStore.getState().extendStroke(x, y);
    probe.input(e.evt);
  };

  const up = (e: Konva.KonvaEventObject<PointerEvent>) => {
    if (!drawing.current) return;
    drawing.current = false;
    const p = pos(e);
    if (p && Math.hypot(p[0] - last.current[0], p[1] - last.current[1]) >= MIN_STEP) {
      useStore.getState().extendStroke(p[0], p[1]);
      probe.input(e.evt);
    }
  };

  return (
    <div className="pad" data-testid="draw.pad" style={{ width: PAD_SIZE, height: PAD_SIZE }}>
      <Stage width={PAD_SIZE} height={PAD_SIZE} onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerLeave={up} style={{ touchAction: 'none', cursor: 'crosshair' }}>
        <Layer listening={false} imageSmoothingEnabled={false}>
          <Rect width={PAD_SIZE} height={PAD_SIZE} fill="#000" />
          {testImage && <KImage image={testImage} width={PAD_SIZE} height={PAD_SIZE} />}
        </Layer>
        <Layer listening={false}>
          {strokes.map((s, i) => (
            <Line key={i} points={s.points.length === 2 ? [...s.points, s.points[0] + 0.01, s.points[1]] : s.points} stroke="#fff" strokeWidth={BRUSH_WIDTH} lineCap="round" lineJoin="round" tension={0.4} />
          ))}
        </Layer>
      </Stage>
      {strokes.length === 0 && source.kind === 'drawing' && <div className="pad-hint">Draw a digit 0–9</div>}
    </div>
  );
}
