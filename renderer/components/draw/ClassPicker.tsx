// Picking the class to explain in the prediction bars: one radio button over each bar's row (the bars themselves are a
// canvas), the explained class ringed. Click a row, or from the keyboard: ↑/↓ (Home/End) choose, Escape goes back to
// explaining the prediction. Shown only while an explanation overlay is on.
import { useRef } from 'react';
import type { ModelId } from '../../../core/protocol';
import { useController } from '../../app/context';
import { activationsOf, classesOf } from '../../lib/model-fields';
import { useStore } from '../../store';
import { shownMap } from './ExplainOverlay';
import { PROBS_LAYOUT } from './ProbBars';

export function ClassPicker({ model }: { model: ModelId }) {
  const controller = useController();
  const classes = useStore((s) => classesOf(s, model));
  const classNames = useStore((s) => s.data?.classNames);
  const on = useStore((s) => s.explain.mode !== 'off');
  const chosen = useStore((s) => s.explain.cls);
  // the class explained: the one chosen, else the one the map explains (the prediction)
  const explained = useStore((s) => s.explain.cls ?? shownMap(s)?.cls ?? predicted(s, model));
  const group = useRef<HTMLDivElement>(null);
  if (!on || classes === 0) return null;
  const L = PROBS_LAYOUT;
  const focusable = explained !== null && explained >= 0 && explained < classes ? explained : 0;

  const choose = (d: number) => {
    controller.explain.chooseClass(d);
    group.current?.querySelector<HTMLElement>(`[data-class="${d}"]`)?.focus();
  };
  const onKey = (e: React.KeyboardEvent) => {
    const at = explained ?? 0;
    const next = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? Math.min(classes - 1, at + 1) : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? Math.max(0, at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? classes - 1 : null;
    if (next !== null) choose(next);
    else if (e.key === 'Escape' && chosen !== null) controller.explain.chooseClass(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div
      ref={group}
      className="class-picker"
      role="radiogroup"
      aria-label="Class to explain (Escape: the prediction)"
      style={{ top: L.lineH + L.lineGap }}
      onKeyDown={onKey}
      data-testid="explain.classes"
      data-explained={explained ?? ''}
    >
      {Array.from({ length: classes }, (_, d) => (
        <button
          key={d}
          type="button"
          role="radio"
          aria-checked={d === explained}
          aria-label={`Explain class ${classNames?.length === classes ? classNames[d] : d}${chosen === null && d === explained ? ' (the prediction)' : ''}`}
          tabIndex={d === focusable ? 0 : -1}
          className={d === explained ? 'class-pick on' : 'class-pick'}
          style={{ top: d * (L.rowH + L.rowGap), height: L.rowH }}
          onClick={() => choose(d)}
          data-class={d}
          data-testid={`explain.class.${d}`}
        />
      ))}
    </div>
  );
}

function predicted(s: Parameters<typeof activationsOf>[0], model: ModelId): number | null {
  const p = activationsOf(s, model)?.probs;
  if (!p || p.length === 0) return null;
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}
