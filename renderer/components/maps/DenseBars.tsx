// A dense layer's outputs as bars (blue negative, red positive, around a zero line); for the last layer also
// the softmax probabilities of its classes. With no ink only the zero line is drawn (the values would be biases). Drawn in the run that computed the activations onto live
// (low-latency) canvases, which reach the compositor at the end of that run.
import { useEffect, useMemo, useRef } from 'react';
import type { Activations } from '../../../core/model';
import type { ModelId } from '../../../core/protocol';
import type { FloatArray } from '../../../core/tensor';
import { marks } from '../../app/measure-hook';
import { setText, throttledWriter } from '../../lib/dom-text';
import { colorOf, cssColor, fmt, rangeOf } from '../../lib/filters/colors';
import { hasInk } from '../../lib/ink';
import { isLive, liveContext, useLiveCanvas } from '../../lib/live-canvas';
import { activationsOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { useFramePaint, useOnScreen } from './hooks';
import { makeCanvas } from './paint';
import { useRegistry } from './registry';

const H = 64;

/** How often the texts and data attributes under the bars follow the activations while they change. */
const TEXT_MS = 150;

interface BarsData {
  values: FloatArray;
  probs: FloatArray | null;
  /** No ink: nothing but the zero line. */
  empty: boolean;
}

/** Bar geometry for one layer's values: zero line and scale. */
function geometry(values: FloatArray) {
  const r = rangeOf(values);
  const maxAbs = Math.max(1e-6, Math.abs(r.min), Math.abs(r.max));
  return { r, maxAbs, zero: r.min < 0 ? H / 2 : H - 1, span: r.min < 0 ? H / 2 - 1 : H - 2 };
}

function drawBars(ctx: CanvasRenderingContext2D, values: FloatArray, bw: number, units: number, empty: boolean): void {
  const { maxAbs, zero, span } = geometry(values);
  const scale = { kind: 'diverging', maxAbs } as const;
  ctx.fillStyle = '#475569';
  ctx.fillRect(0, empty ? H / 2 : zero, bw * units, 1);
  for (let i = 0; i < values.length && !empty; i++) {
    const v = values[i];
    const hgt = (Math.abs(v) / maxAbs) * span;
    ctx.fillStyle = cssColor(colorOf(v, scale));
    ctx.fillRect(i * bw + (bw > 4 ? 1 : 0), v >= 0 ? zero - hgt : zero + 1, bw > 4 ? bw - 2 : bw, hgt);
  }
  if (units > 10) return;
  ctx.font = '10px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#8a99ad';
  for (let i = 0; i < values.length; i++) ctx.fillText(String(i), i * bw + bw / 2, H + 1);
}

function drawProbs(ctx: CanvasRenderingContext2D, probs: FloatArray, w: number): void {
  const best = argmax(probs);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let i = 0; i < probs.length; i++) {
    const hgt = probs[i] * (H - 2);
    ctx.fillStyle = i === best ? '#38bdf8' : '#3b4b61';
    ctx.fillRect(i * w + 2, H - Math.max(hgt, 0.5), w - 4, Math.max(hgt, 0.5));
    ctx.font = '11px sans-serif';
    ctx.fillStyle = i === best ? '#38bdf8' : '#cbd5e1';
    ctx.fillText(String(i), i * w + w / 2, H + 2);
    ctx.font = '9px sans-serif';
    ctx.fillStyle = '#8a99ad';
    ctx.fillText(`${Math.round(probs[i] * 100)}%`, i * w + w / 2, H + 15);
  }
}

const argmax = (p: FloatArray) => p.indexOf(Math.max(...p));

/** A live canvas of css width × height, drawn by `draw` at the device's pixel ratio. */
function useBarsCanvas(width: number, height: number, draw: (ctx: CanvasRenderingContext2D) => void) {
  const [canvas, attach] = useLiveCanvas();
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  const paint = () => {
    const ctx = canvas.current && liveContext(canvas.current);
    if (!ctx) return false;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    draw(ctx);
    return true;
  };
  /** A copy at one canvas pixel per CSS pixel (for the panel's PNG export). */
  const toCanvas = () => {
    const out = makeCanvas(width, height);
    const ctx = out.getContext('2d');
    if (ctx) draw(ctx);
    return out;
  };
  const live = () => isLive(canvas.current);
  const el = <canvas ref={attach} width={Math.round(width * dpr)} height={Math.round(height * dpr)} style={{ width, height, display: 'block' }} />;
  return { paint, toCanvas, live, el };
}

export function DenseBars({ model, layer, units, width, last }: { model: ModelId; layer: number; units: number; width: number; last: boolean }) {
  const ready = useStore((s) => activationsOf(s, model)?.outputs[layer]?.data.length === units);
  const registry = useRegistry();
  const data = useRef<BarsData | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const hint = useRef<HTMLDivElement>(null);
  const softmax = useRef<HTMLDivElement>(null);
  const bw = Math.max(2, Math.min(26, Math.floor(width / units)));
  const pw = Math.max(bw, 24);
  const bars = useBarsCanvas(bw * units, H + (units <= 10 ? 14 : 0), (ctx) => data.current && drawBars(ctx, data.current.values, bw, units, data.current.empty));
  // the last layer has one unit per class
  const probs = useBarsCanvas(pw * units, H + 28, (ctx) => data.current?.probs && !data.current.empty && drawProbs(ctx, data.current.probs, pw));
  const texts = useMemo(() => throttledWriter(TEXT_MS), []);
  useEffect(() => () => texts.cancel(), [texts]);
  const barsKey = `dense-${layer}`;
  const probsKey = `softmax-${layer}`;
  // scrolled out of the panel's view: the canvases are not drawn (the texts still follow); drawn when back
  const visible = useOnScreen(box);
  const shown = ready && visible;

  useEffect(() => (shown ? marks.view(barsKey, bars.live()) : undefined), [barsKey, shown]);
  useEffect(() => (shown && last ? marks.view(probsKey, probs.live()) : undefined), [probsKey, shown, last]);
  useEffect(() => {
    if (!ready) return;
    registry?.set(barsKey, { toCanvas: bars.toCanvas });
    if (last) registry?.set(`probs-${layer}`, { toCanvas: probs.toCanvas });
    return () => {
      registry?.set(barsKey, null);
      registry?.set(`probs-${layer}`, null);
    };
  });

  useFramePaint(
    () => {
      const s = useStore.getState();
      const a: Activations | null = activationsOf(s, model);
      const values = a?.outputs[layer]?.data;
      if (!a || !values || values.length !== units) return;
      const p: FloatArray | null = last ? a.probs : null;
      const empty = !hasInk(s.input);
      data.current = { values, probs: p, empty };
      texts.write(() => {
        const { r, maxAbs } = geometry(values);
        if (box.current) {
          box.current.dataset.maxAbs = String(maxAbs);
          box.current.dataset.empty = String(empty);
        }
        const what = last ? 'class scores (logits)' : `${units} units`;
        setText(hint.current, empty ? `${what}: no ink yet` : `${what}, range ${fmt(r.min)} … ${fmt(r.max)}`);
        if (softmax.current && p) {
          softmax.current.dataset.best = String(argmax(p));
          softmax.current.dataset.probs = Array.from(p, (x) => x.toFixed(4)).join(',');
        }
      });
      if (!visible) return;
      if (bars.paint()) marks.emit('view:drawn', barsKey, a);
      if (last && probs.paint()) marks.emit('view:drawn', probsKey, a);
    },
    (s, prev) => activationsOf(s, model) !== activationsOf(prev, model) || s.input !== prev.input,
    [model, layer, units, last, ready, bw, visible],
  );

  // the box is there from the start, so that its visibility is known when the activations come
  return (
    <div className="dense-bars" ref={box} data-testid={ready ? `maps.dense.${layer}` : undefined} data-units={units}>
      {ready ? (
        <>
          {bars.el}
          <div className="hint" ref={hint} />
          {last && (
            <div className="probs-softmax" ref={softmax} data-testid="maps.softmax">
              {probs.el}
              <div className="hint">softmax: probability of each class</div>
            </div>
          )}
        </>
      ) : (
        <p className="hint">no activations yet</p>
      )}
    </div>
  );
}
