// One lesson section: its text, the action that puts the studio into the state showing the point (with where to
// look once it ran), what of it is not built yet, and the studio's live numbers for it (StepLive).
import { useState } from 'react';
import { useController } from '../../app/context';
import { missingFeature } from '../../app/lesson';
import type { LessonStep } from '../../lib/lesson/steps';
import { useStore } from '../../store';
import { StepLive } from './StepLive';

/**
 * Scrolls the panel with this test id to the top of the window when it is not wholly on screen: after the workspace
 * the action opened has rendered (its hashchange is a task queued before this timeout; the frame after it is painted).
 */
function reveal(testId: string | null): void {
  if (!testId) return;
  setTimeout(() =>
    requestAnimationFrame(() => {
      const el = document.querySelector(`[data-testid="${testId}"]`);
      const r = el?.getBoundingClientRect();
      if (el && r && (r.top < 0 || r.bottom > window.innerHeight)) el.scrollIntoView({ block: 'start' });
    }),
  );
}

export function StepView({ step }: { step: LessonStep }) {
  const controller = useController();
  const done = useStore((s) => !!s.lesson.done[step.id]);
  // the step whose action ran last: its "where to look" line is shown
  const [ran, setRan] = useState<string | null>(null);
  const missing = missingFeature(step.id);
  const run = () => {
    setRan(step.id);
    void controller.lesson.run(step.id).then(() => reveal(step.target));
  };
  return (
    <section className="lesson-step" aria-labelledby="lesson-step-title" data-testid="lesson.step" data-step={step.id} data-done={done}>
      <h3 id="lesson-step-title">{step.title}</h3>
      {step.text.map((t) => (
        <p key={t}>{t}</p>
      ))}
      {step.id !== 'checkpoint' && (
        <button type="button" className="primary lesson-action" disabled={missing !== null} data-testid="lesson.action" onClick={run}>
          {step.action}
        </button>
      )}
      {missing && (
        <p className="lesson-missing" data-testid="lesson.missing">
          {missing}
        </p>
      )}
      {ran === step.id && step.id !== 'checkpoint' && (
        <p className="lesson-look" role="status" data-testid="lesson.look">
          {step.look}
        </p>
      )}
      {done && step.id !== 'checkpoint' && (
        <p className="lesson-done small" data-testid="lesson.step-done">
          ✓ Done: ticked in “What you will learn”.
        </p>
      )}
      <StepLive id={step.id} />
      {step.notBuilt && (
        <p className="lesson-missing small" data-testid="lesson.not-built">
          {step.notBuilt}
        </p>
      )}
    </section>
  );
}
