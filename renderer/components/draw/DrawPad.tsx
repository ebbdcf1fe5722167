// The 280×280 drawing pad (react-konva): pen-like strokes with round caps, light input smoothing; a loaded
// test digit or a dropped image (the input made from it) is shown enlarged underneath. State drives the canvas:
// strokes live in the store, the lines follow them, on a live (low-latency) canvas. Images are dropped here.
import type Konva from 'konva';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ModelId } from '../../../core/protocol';
import { Image as KImage, Layer, Rect, Stage } from 'react-konva';
import { useController } from '../../app/context';
import { attachImageDrop } from '../../app/image-drop';
import { marks } from '../../app/measure-hook';
import { requestTaskNow, runNowIfAsked } from '../../lib/frame';
import { grayCanvas } from '../../lib/gray-canvas';
import { makeLayerLive } from '../../lib/live-canvas';
import { classesOf, inputShapeOf } from '../../lib/model-fields';
import { PAD_SIZE } from '../../lib/preprocess';
import { useStore } from '../../store';
import { drawLayer } from '../maps/paint';
import { PadOverlay } from './ExplainOverlay';
import { attachPadInput, StrokeInput } from './pad-input';
import { PadStrokes } from './pad-strokes';

/** `overlay`: the explanation overlay is painted over the drawing (Draw & predict's pad). */
export function DrawPad({ model, overlay = false }: { model: ModelId; overlay?: boolean }) {
  const empty = useStore((s) => s.strokes.length === 0);
  const drawing = useStore((s) => s.source.kind === 'drawing');
  // only a test digit or an image is drawn from the input: while drawing, input changes need no re-render here
  const input = useStore((s) => (s.source.kind !== 'drawing' ? s.input : null));
  const shape = useStore((s) => inputShapeOf(s, model));
  const classes = useStore((s) => classesOf(s, model));
  // a data set of named classes (not digits): the hint names a few of them
  const named = useStore((s) => (s.data && s.data.classNames.some((n, i) => n !== String(i)) ? s.data.classNames.slice(0, 3).join(', ') : null));
  const area = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const strokesLayer = useRef<Konva.Layer>(null);
  const controller = useController();
  const [dropping, setDropping] = useState(false);

  const testImage = useMemo(() => (input && shape && input.length >= shape[1] * shape[2] ? grayCanvas(input, shape[2], shape[1]) : null), [input, shape]);

  // pointer input: each point goes to the store at once, and the run it asks for (raster, inference, every view
  // drawing the result) happens right here in the input event's task
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    const stroke = new StrokeInput();
    return attachPadInput(el, PAD_SIZE, {
      down: (e, p) => {
        stroke.down(p);
        useStore.getState().beginStroke(p[0], p[1]);
        marks.emit('pad:input', e);
        runNowIfAsked();
      },
      move: (e, p) => {
        const q = stroke.move(p);
        if (q === 'skip') return marks.emit('pad:skip');
        if (!q) return;
        useStore.getState().extendStroke(q[0], q[1]);
        marks.emit('pad:input', e);
        runNowIfAsked();
      },
      up: (e, p) => {
        const q = stroke.up(p);
        if (q) {
          useStore.getState().extendStroke(q[0], q[1]);
          marks.emit('pad:input', e);
        }
        useStore.getState().endStroke();
        runNowIfAsked();
      },
    });
  }, []);

  // an image file dropped on the pad becomes the input (app/image-drop.ts)
  useEffect(() => (root.current ? attachImageDrop(root.current, controller, setDropping) : undefined), [controller]);

  // the lines follow the store's strokes, drawn in the run of the frame queue that computes their prediction (asked
  // for now, as input: not in an animation frame, where the frame's rendering would hold the canvas back)
  useEffect(() => {
    const layer = strokesLayer.current;
    if (!layer) return;
    // the ink reaches the compositor at the end of the run that drew it, not at the page's next frame
    makeLayerLive(layer);
    const lines = new PadStrokes(layer);
    const draw = () => {
      if (lines.sync(useStore.getState().strokes)) drawLayer(layer);
    };
    draw();
    return useStore.subscribe((s, prev) => {
      if (s.strokes !== prev.strokes) requestTaskNow(draw);
    });
  }, []);

  return (
    <div ref={root} className={dropping ? 'pad pad-dropping' : 'pad'} data-testid="draw.pad" style={{ width: PAD_SIZE, height: PAD_SIZE }}>
      <div ref={area} style={{ touchAction: 'none', cursor: 'crosshair' }}>
        <Stage width={PAD_SIZE} height={PAD_SIZE} listening={false}>
          <Layer listening={false} imageSmoothingEnabled={false}>
            <Rect width={PAD_SIZE} height={PAD_SIZE} fill="#000" />
            {testImage && <KImage image={testImage} width={PAD_SIZE} height={PAD_SIZE} />}
          </Layer>
          <Layer ref={strokesLayer} listening={false} />
        </Stage>
      </div>
      {overlay && <PadOverlay />}
      {empty && drawing && !dropping && (
        <div className="pad-hint">
          <span>
            {named ? `Draw a ${named}, … (or load a test image)` : `Draw a digit${classes > 1 ? ` 0–${classes - 1}` : ''}`}
            <br />
            <small>or drop or paste an image of one</small>
          </span>
        </div>
      )}
      {dropping && <div className="pad-hint pad-drop-hint">Drop a PNG or JPEG to read it as {named ? 'an input' : 'a digit'}</div>}
    </div>
  );
}
