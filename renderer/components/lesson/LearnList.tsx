// "What you will learn": one line per section, ticked once the student has done that section's action (read from the
// app's state by app/lesson.ts, not from a "done" button).
import { STEPS } from '../../lib/lesson/steps';
import { useStore } from '../../store';

export function LearnList() {
  const done = useStore((s) => s.lesson.done);
  const count = STEPS.filter((s) => done[s.id]).length;
  return (
    <section className="lesson-learn" aria-labelledby="lesson-learn-title">
      <h3 id="lesson-learn-title">
        What you will learn <span className="muted small">({count} of {STEPS.length} done)</span>
      </h3>
      <ul data-testid="lesson.learn">
        {STEPS.map((s) => (
          <li key={s.id} className={done[s.id] ? 'done' : ''} data-testid={`lesson.learn.${s.id}`} data-done={done[s.id] ? 'true' : 'false'}>
            <span className="lesson-tick" aria-hidden="true">
              {done[s.id] ? '✓' : '○'}
            </span>
            <span className="sr-only">{done[s.id] ? 'Done: ' : 'Not yet: '}</span>
            {s.learn}
          </li>
        ))}
      </ul>
    </section>
  );
}
