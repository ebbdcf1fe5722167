// Class probabilities for the current input as one bar per class of the model shown; the winning class is
// highlighted. What is seen is one live (low-latency) canvas, drawn in the run that computed the prediction and handed
// to the compositor at the end of that run; the same prediction is written into the canvas's fallback content (the
// class, the values), which screen readers and tests read and which is never laid out.
import { useEffect, useRef } from 'react';
import type { ModelId } from '../../../core/protocol';
import type { FloatArray } from '../../../core/tensor';
import { marks } from '../../app/measure-hook';
import { setAttr, setText } from '../../lib/dom-text';
import { hasInk, inkTooSmall } from '../../lib/ink';
import { isLive, liveContext, useLiveCanvas } from '../../lib/live-canvas';
import { activationsOf, classesOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { useFramePaint } from '../maps/hooks';
import { ClassPicker } from './ClassPicker';

export interface ProbsView {
  /** The winning class (its index is its label: a digit for MNIST), or -1 (no ink, or no model yet). */
  best: number;
  /** What the prediction line says when there is no winner. */
  note: string;
  /** The best class's confidence, e.g. "97.3%". */
  conf: string;
  /** One bar per class: the probability shown (0 without ink), as written to data-p, and its label. */
  bars: { p: string; label: string }[];
  /** The classes' names ('0'..'9' for MNIST), one per bar. */
  names: readonly string[];
}

/** Class names '0'..'k-1'. */
const numbered = (k: number) => Array.from({ length: k }, (_, i) => String(i));

/** The width (CSS px) of the bars' label column: 14 for digits, room for the longest name (at most 110) otherwise. */
export function labelWidth(names: readonly string[]): number {
  const longest = Math.max(1, ...names.map((n) => n.length));
  return longest <= 2 ? PROBS_LAYOUT.labelW : Math.min(110, 7 * longest + 4);
}

/** What the prediction line says for a drawing too small to read (lib/ink.ts inkTooSmall). */
export const TOO_SMALL_NOTE = 'Draw a bigger digit';

/**
 * What the `classes` bars show for `probs` (null: no model yet) when the input has ink or not; a drawing too small to
 * read shows no prediction (all bars 0) and asks for a bigger digit.
 */
export function probsView(probs: FloatArray | null, hasInk: boolean, classes = probs?.length ?? 0, tooSmall = false, classNames?: readonly string[]): ProbsView {
  const names = classNames && classNames.length === classes ? classNames : numbered(classes);
  const shown = probs && hasInk && !tooSmall;
  const best = shown ? probs.indexOf(Math.max(...probs)) : -1;
  const bars = Array.from({ length: classes }, (_, d) => {
    const p = shown ? (probs[d] ?? 0) : 0;
    return { p: p.toFixed(4), label: `${(p * 100).toFixed(0)}%` };
  });
  const note = !probs ? 'loading model…' : tooSmall && hasInk ? TOO_SMALL_NOTE : 'no ink yet';
  return { best, note, conf: best >= 0 ? `${(probs![best] * 100).toFixed(1)}%` : '', bars, names };
}

/** Writes `v` into the fallback content under `root` (digit, values, the winner's class), touching only what changed. */
export function applyProbs(root: HTMLElement, v: ProbsView): void {
  const pred = root.querySelector('.prediction');
  setAttr(pred, 'data-digit', v.best >= 0 ? String(v.best) : '');
  setAttr(pred, 'data-class', v.best >= 0 ? v.names[v.best] : '');
  setAttr(pred, 'data-too-small', String(v.note === TOO_SMALL_NOTE));
  setText(pred?.querySelector('.prediction-digit'), v.best >= 0 ? v.names[v.best] : '');
  setText(pred?.querySelector('.prediction-conf'), v.conf);
  setText(pred?.querySelector('.muted'), v.best >= 0 ? '' : v.note);
  root.querySelectorAll<HTMLElement>('.bar').forEach((li, d) => {
    const b = v.bars[d];
    setAttr(li, 'class', d === v.best ? 'bar best' : 'bar');
    setAttr(li, 'data-p', b.p);
    setText(li.querySelector('.bar-label'), v.names[d]);
    setText(li.querySelector('.bar-value'), b.label);
  });
}

/** Geometry of the drawn bars (CSS px): the prediction line, then a row of label, track and value per class. */
export const PROBS_LAYOUT = { lineH: 40, lineGap: 8, rowH: 18, rowGap: 3, labelW: 14, valueW: 36, colGap: 6, trackH: 10 } as const;

/** The canvas height (CSS px) the bars of `classes` classes need. */
export function probsHeight(classes: number): number {
  const L = PROBS_LAYOUT;
  return L.lineH + L.lineGap + classes * L.rowH + Math.max(0, classes - 1) * L.rowGap;
}

export interface ProbsStyle {
  font: string;
  accent: string;
  muted: string;
  track: string;
  fill: string;
}

const STYLE: ProbsStyle = { font: 'system-ui, sans-serif', accent: '#38bdf8', muted: '#8a99ad', track: '#0d131b', fill: '#3b4b61' };

/**
 * Draws a ProbsView into a canvas of width × probsHeight(bars) CSS px (the context already scaled to device pixels),
 * redrawing only what changed since the last draw: the prediction line when the digit, confidence or note changed,
 * a row when its highlight, value text or bar length in device pixels changed (most rows stay at 0 % while drawing).
 */
export class ProbsPainter {
  private line = '';
  private rows: string[] = [];
  private width = -1;

  constructor(private readonly st: ProbsStyle = STYLE) {}

  /** Forgets what was drawn (the canvas was resized or cleared): the next paint draws everything. */
  reset(): void {
    this.width = -1;
  }

  /** Draws `v`; returns how many parts (the line, rows) were redrawn. */
  paint(ctx: CanvasRenderingContext2D, v: ProbsView, width: number, dpr = 1): number {
    const L = PROBS_LAYOUT;
    const st = this.st;
    if (width !== this.width || v.bars.length !== this.rows.length) {
      ctx.clearRect(0, 0, width, probsHeight(Math.max(v.bars.length, this.rows.length)));
      this.width = width;
      this.line = '';
      this.rows = new Array<string>(v.bars.length).fill('');
    }
    let drawn = 0;
    const line = `${v.best}|${v.conf}|${v.note}|${v.best >= 0 ? v.names[v.best] : ''}`;
    if (line !== this.line) {
      this.line = line;
      drawn++;
      ctx.clearRect(0, 0, width, L.lineH);
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'left';
      const base = 30;
      if (v.best >= 0) {
        const digit = v.names[v.best];
        ctx.font = `700 ${digit.length <= 2 ? 34 : 22}px ${st.font}`;
        ctx.fillStyle = st.accent;
        ctx.fillText(digit, 0, base);
        const confX = ctx.measureText(digit).width + 8;
        ctx.font = `13px ${st.font}`;
        ctx.fillStyle = st.muted;
        ctx.fillText(v.conf, confX, base);
      } else {
        ctx.font = `13px ${st.font}`;
        ctx.fillStyle = st.muted;
        ctx.fillText(v.note, 0, base);
      }
    }
    const labelW = labelWidth(v.names);
    const trackX = labelW + L.colGap;
    const trackW = Math.max(0, width - trackX - L.colGap - L.valueW);
    for (let d = 0; d < v.bars.length; d++) {
      const best = d === v.best;
      const p = Math.max(0, Math.min(1, Number(v.bars[d].p)));
      const key = `${best}|${v.bars[d].label}|${Math.round(trackW * p * dpr)}|${v.names[d]}`;
      if (key === this.rows[d]) continue;
      this.rows[d] = key;
      drawn++;
      const y = L.lineH + L.lineGap + d * (L.rowH + L.rowGap);
      const mid = y + L.rowH / 2;
      ctx.clearRect(0, y, width, L.rowH);
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'right';
      ctx.font = `${best ? '700 ' : ''}13px ${st.font}`;
      ctx.fillStyle = best ? st.accent : st.muted;
      ctx.fillText(v.names[d], labelW, mid, labelW);
      const ty = mid - L.trackH / 2;
      ctx.fillStyle = st.track;
      ctx.beginPath();
      ctx.roundRect(trackX, ty, trackW, L.trackH, 3);
      ctx.fill();
      if (p > 0) {
        ctx.save();
        ctx.clip();
        ctx.fillStyle = best ? st.accent : st.fill;
        ctx.fillRect(trackX, ty, trackW * p, L.trackH);
        ctx.restore();
      }
      ctx.font = `11px ${st.font}`;
      ctx.fillStyle = st.muted;
      ctx.fillText(v.bars[d].label, width, mid);
    }
    return drawn;
  }
}

/** The page's font and colours for the canvas (read once per mount). */
function styleOf(el: Element): ProbsStyle {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return { ...STYLE, font: cs.fontFamily || STYLE.font, accent: v('--accent', STYLE.accent), muted: v('--muted', STYLE.muted) };
}

/** `pickClass`: the rows also choose the class an explanation overlay explains (Draw & predict). */
export function ProbBars({ model, pickClass = false }: { model: ModelId; pickClass?: boolean }) {
  const root = useRef<HTMLDivElement>(null);
  const fallback = useRef<HTMLDivElement>(null);
  const [canvas, attach] = useLiveCanvas();
  const size = useRef({ width: 0, dpr: 1 });
  const painter = useRef<ProbsPainter | null>(null);
  const classes = useStore((s) => classesOf(s, model));
  const classNames = useStore((s) => s.data?.classNames);
  const height = probsHeight(classes);
  useEffect(() => marks.view('prob-bars', isLive(canvas.current)), [canvas]);

  const paint = () => {
    const s = useStore.getState();
    const a = activationsOf(s, model);
    const tooSmall = s.source.kind === 'drawing' && inkTooSmall(s.strokes);
    const v = probsView(a?.probs ?? null, hasInk(s.input), classes, tooSmall, classNames);
    if (fallback.current) applyProbs(fallback.current, v);
    const c = canvas.current;
    const ctx = c && liveContext(c);
    const { width, dpr } = size.current;
    if (ctx && width > 0 && painter.current) {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      painter.current.paint(ctx, v, width, dpr);
    }
    // the canvas is drawn: the compositor gets it at the end of this task
    marks.emit('view:drawn', 'prob-bars', a);
  };
  const paintRef = useRef(paint);
  paintRef.current = paint;

  // the canvas follows the box's width (device pixels for crisp text)
  useEffect(() => {
    const box = root.current;
    const c = canvas.current;
    if (!box || !c) return;
    painter.current = new ProbsPainter(styleOf(box));
    const fit = () => {
      const width = box.clientWidth;
      const dpr = window.devicePixelRatio || 1;
      if (width === size.current.width && dpr === size.current.dpr) return;
      size.current.width = width;
      size.current.dpr = dpr;
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      painter.current?.reset();
      paintRef.current();
    };
    size.current.width = 0; // a new class count: the canvas is sized and drawn again
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(fit);
    ro.observe(box);
    return () => ro.disconnect();
  }, [canvas, height, classNames]);

  useFramePaint(() => paintRef.current(), (s, prev) => activationsOf(s, model) !== activationsOf(prev, model) || s.input !== prev.input || s.strokes !== prev.strokes, [model]);
  const initial = probsView(null, false, classes, false, classNames);
  return (
    <div className="probs" ref={root} data-testid="draw.probs">
      <canvas ref={attach} className="probs-canvas" height={height} style={{ height }} data-testid="draw.probs-canvas">
        <div ref={fallback}>
          <div className="prediction" data-testid="draw.prediction" data-digit="">
            <span className="prediction-digit" />
            <span className="prediction-conf" />
            <span className="muted">{initial.note}</span>
          </div>
          <ol className="bars">
            {initial.bars.map((b, d) => (
              <li key={d} className="bar" data-testid={`draw.prob.${d}`} data-p={b.p}>
                <span className="bar-label">{initial.names[d]}</span> <span className="bar-value">{b.label}</span>
              </li>
            ))}
          </ol>
        </div>
      </canvas>
      {pickClass && <ClassPicker model={model} />}
    </div>
  );
}
