// The lesson rail beside whichever workspace a step opens: the sections in order (ticked when done), the open
// section with its one-click action and the studio's live numbers for it, the checkpoint, "What you will learn",
// and the progress tools (export for a teacher, reset). Opened and closed from the header; it remembers the section.
import { useController } from '../../app/context';
import { STEPS } from '../../lib/lesson/steps';
import { useStore } from '../../store';
import { Checkpoint } from './Checkpoint';
import { LearnList } from './LearnList';
import { ProgressTools } from './ProgressTools';
import { StepView } from './StepView';
import './lesson.css';

export const RAIL_ID = 'lesson-rail';

export function LessonRail() {
  const controller = useController();
  const open = useStore((s) => s.lesson.open);
  const step = useStore((s) => s.lesson.step);
  const done = useStore((s) => s.lesson.done);
  const setLesson = useStore((s) => s.setLesson);
  if (!open) return null;
  const at = STEPS.findIndex((s) => s.id === step);
  // Escape (not in a text field) closes the rail and gives the focus back to the header's switch
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'Escape' || (e.target as HTMLElement).tagName === 'INPUT') return;
    e.preventDefault();
    setLesson({ open: false });
    document.querySelector<HTMLElement>('[data-testid="nav.lesson"]')?.focus();
  };
  return (
    <aside className="lesson-rail" id={RAIL_ID} aria-labelledby="lesson-title" data-testid="lesson.rail" data-step={step} onKeyDown={onKey}>
      <div className="lesson-head">
        <h2 id="lesson-title" tabIndex={-1}>
          Lesson <span className="muted">· CNNs, convolution for images</span>
        </h2>
        <button type="button" className="icon-button" aria-label="Close the lesson" title="Close the lesson (it remembers where you are)" data-testid="lesson.close" onClick={() => (setLesson({ open: false }), document.querySelector<HTMLElement>('[data-testid="nav.lesson"]')?.focus())}>
          ×
        </button>
      </div>
      <nav aria-label="Lesson sections">
        <ol className="lesson-steps">
          {STEPS.map((s, i) => (
            <li key={s.id}>
              <button type="button" className={s.id === step ? 'lesson-step-link current' : 'lesson-step-link'} aria-current={s.id === step ? 'step' : undefined} data-testid={`lesson.nav.${s.id}`} data-done={done[s.id] ? 'true' : 'false'} onClick={() => controller.lesson.goTo(s.id)}>
                <span className="lesson-step-mark" aria-hidden="true">
                  {done[s.id] ? '✓' : i + 1}
                </span>
                {s.title}
                {done[s.id] && <span className="sr-only"> (done)</span>}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <StepView step={STEPS[at]} />
      {step === 'checkpoint' && <Checkpoint />}
      <div className="lesson-pager">
        <button type="button" disabled={at === 0} data-testid="lesson.back" onClick={() => controller.lesson.goTo(STEPS[at - 1].id)}>
          ← Back
        </button>
        <span className="muted small">
          {at + 1} of {STEPS.length}
        </span>
        <button type="button" disabled={at === STEPS.length - 1} data-testid="lesson.next" onClick={() => controller.lesson.goTo(STEPS[at + 1].id)}>
          Next →
        </button>
      </div>
      <LearnList />
      <ProgressTools />
    </aside>
  );
}
