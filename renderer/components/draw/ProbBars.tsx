// Class probabilities for the current input as ten bars; the winning class is highlighted.
import { useEffect, useLayoutEffect } from 'react';
import { probe } from '../../app/latency-probe';
import { useStore } from '../../store';

export function ProbBars() {
  const activations = useStore((s) => s.activations);
  const probs = activations?.probs ?? null;
  const hasInk = useStore((s) => s.input.some((v) => v > 0));
  useEffect(() => probe.register('prob-bars'), []);
  // the DOM for these activations is committed now (before the frame's paint)
  useLayoutEffect(() => probe.shown('prob-bars', activations), [activations]);
  const best = probs && hasInk ? probs.indexOf(Math.max(...probs)) : -1;
  return (
    <div className="probs" data-testid="draw.probs">
      <div className="prediction" data-testid="draw.prediction" data-digit={best >= 0 ? best : ''}>
        {best >= 0 ? (
          <>
            <span className="prediction-digit">{best}</span>
            <span className="prediction-conf">{(probs![best] * 100).toFixed(1)}%</span>
          </>
        ) : (
          <span className="muted">{probs ? 'no ink yet' : 'loading model…'}</span>
        )}
      </div>
      <ol className="bars">
        {Array.from({ length: 10 }, (_, d) => {
          const p = probs && hasInk ? probs[d] : 0;
          return (
            <li key={d} className={d === best ? 'bar best' : 'bar'} data-testid={`draw.prob.${d}`} data-p={p.toFixed(4)}>
              <span className="bar-label">{d}</span>
              <span className="bar-track">
                <span className="bar-fill" style={{ transform: `scaleX(${p.toFixed(4)})` }} />
              </span>
              <span className="bar-value">{(p * 100).toFixed(0)}%</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
