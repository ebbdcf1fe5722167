// The prediction read out to screen readers: a polite live region that says the predicted digit and its probability
// once the prediction has settled (no change for SETTLE_MS), so it stays quiet while strokes come in.
import { useCallback, useEffect, useState } from 'react';
import type { ModelId } from '../../../core/protocol';
import { hasInk, inkTooSmall } from '../../lib/ink';
import { activationsOf } from '../../lib/model-fields';
import { useStore, type AppState } from '../../store';
import { probsView, type ProbsView } from './ProbBars';

/** How long the prediction must stay the same before it is announced (ms). */
export const SETTLE_MS = 700;

/** What is announced for a prediction: "Prediction: 7, 97.3%", or the note shown when there is none. */
export function predictionAnnouncement(v: ProbsView): string {
  return v.best >= 0 ? `Prediction: ${v.names[v.best]}, ${v.conf}` : v.note === 'no ink yet' ? '' : v.note;
}

function announcementOf(s: AppState, model: ModelId): string {
  const probs = activationsOf(s, model)?.probs ?? null;
  const tooSmall = s.source.kind === 'drawing' && inkTooSmall(s.strokes);
  return predictionAnnouncement(probsView(probs, hasInk(s.input), probs?.length ?? 0, tooSmall, s.data?.classNames));
}

/** The store's value through `select`, taken only once it has not changed for `ms` (debounced, not re-rendering before). */
export function useSettledValue<T>(select: (s: AppState) => T, ms: number): T {
  const [value, setValue] = useState(() => select(useStore.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = useStore.subscribe((s, prev) => {
      if (select(s) === select(prev)) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => setValue(() => select(useStore.getState())), ms);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [select, ms]);
  return value;
}

export function PredictionAnnouncer({ model }: { model: ModelId }) {
  const select = useCallback((s: AppState) => announcementOf(s, model), [model]);
  const text = useSettledValue(select, SETTLE_MS);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="draw.announce">
      {text}
    </div>
  );
}
