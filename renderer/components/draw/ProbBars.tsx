// Class probabilities for the current input as ten bars; the winning class is highlighted. React renders the bars
// once; each new prediction is written straight into them (scaleX, text, class) in the run that computed it.
import { useEffect, useRef } from 'react';
import type { FloatArray } from '../../../core/tensor';
import { probe } from '../../app/latency-probe';
import { setAttr, setText } from '../../lib/dom-text';
import { useStore } from '../../store';
import { useFramePaint } from '../maps/hooks';

export interface ProbsView {
  /** The winning digit, or -1 (no ink, or no model yet). */
  best: number;
  /** What the prediction line says when there is no winner. */
  note: string;
  /** The best digit's confidence, e.g. "97.3%". */
  conf: string;
  /** Ten bars: the probability shown (0 without ink), as written to data-p, and its label. */
  bars: { p: string; label: string }[];
}

/** What the bars show for `probs` (null: no model yet) when the input has ink or not. */
export function probsView(probs: FloatArray | null, hasInk: boolean): ProbsView {
  const best = probs && hasInk ? probs.indexOf(Math.max(...probs)) : -1;
  const bars = Array.from({ length: 10 }, (_, d) => {
    const p = probs && hasInk ? probs[d] : 0;
    return { p: p.toFixed(4), label: `${(p * 100).toFixed(0)}%` };
  });
  return { best, note: probs ? 'no ink yet' : 'loading model…', conf: best >= 0 ? `${(probs![best] * 100).toFixed(1)}%` : '', bars };
}

/** Writes `v` into the bars under `root`, touching only what changed (no style or layout work for the rest). */
export function applyProbs(root: HTMLElement, v: ProbsView): void {
  const pred = root.querySelector('.prediction');
  setAttr(pred, 'data-digit', v.best >= 0 ? String(v.best) : '');
  setText(pred?.querySelector('.prediction-digit'), v.best >= 0 ? String(v.best) : '');
  setText(pred?.querySelector('.prediction-conf'), v.conf);
  setText(pred?.querySelector('.muted'), v.best >= 0 ? '' : v.note);
  root.querySelectorAll<HTMLElement>('.bar').forEach((li, d) => {
    const b = v.bars[d];
    setAttr(li, 'class', d === v.best ? 'bar best' : 'bar');
    setAttr(li, 'data-p', b.p);
    const fill = li.querySelector<HTMLElement>('.bar-fill');
    if (fill && fill.style.transform !== `scaleX(${b.p})`) fill.style.transform = `scaleX(${b.p})`;
    setText(li.querySelector('.bar-value'), b.label);
  });
}

export function ProbBars() {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => probe.register('prob-bars'), []);
  useFramePaint(
    () => {
      const s = useStore.getState();
      if (root.current) applyProbs(root.current, probsView(s.activations?.probs ?? null, s.input.some((v) => v > 0)));
      // the DOM for these activations is written now (shown by the next frame's paint)
      probe.shown('prob-bars', s.activations);
    },
    (s, prev) => s.activations !== prev.activations || s.input !== prev.input,
    [],
  );
  const initial = probsView(null, false);
  return (
    <div className="probs" ref={root} data-testid="draw.probs">
      <div className="prediction" data-testid="draw.prediction" data-digit="">
        <span className="prediction-digit" />
        <span className="prediction-conf" />
        <span className="muted">{initial.note}</span>
      </div>
      <ol className="bars">
        {initial.bars.map((b, d) => (
          <li key={d} className="bar" data-testid={`draw.prob.${d}`} data-p={b.p}>
            <span className="bar-label">{d}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ transform: `scaleX(${b.p})` }} />
            </span>
            <span className="bar-value">{b.label}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
