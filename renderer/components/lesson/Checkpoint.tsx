// The checkpoint: one card per kind of question (lib/lesson/exercises.ts), each exercise made from the seed the
// progress keeps, checked at once, its worked solution shown after a try, and a new one a click away.
import { useMemo, useState } from 'react';
import { useController } from '../../app/context';
import { liveNumbers } from '../../app/lesson-detect';
import { fmt } from '../../lib/filters/colors';
import { checkAnswer, EXERCISE_KINDS, EXERCISE_TITLES, generateExercise, type CheckResult, type Exercise, type ExerciseKind, type FilterGrid } from '../../lib/lesson/exercises';
import { useStore } from '../../store';

/** A filter's weights as a grid: blue positive, red negative (faint enough that the numbers keep their contrast). */
function Grid({ grid }: { grid: FilterGrid }) {
  const max = Math.max(...grid.weights.map(Math.abs)) || 1;
  const rows = Array.from({ length: grid.k }, (_, r) => grid.weights.slice(r * grid.k, (r + 1) * grid.k));
  const label = `Filter ${grid.id.toUpperCase()}, ${grid.k}×${grid.k}: ${rows.map((row, r) => `row ${r + 1}: ${row.map(fmt).join(', ')}`).join('; ')}`;
  return (
    <figure className="lesson-grid" data-testid={`lesson.grid.${grid.id}`}>
      <figcaption>Filter {grid.id.toUpperCase()}</figcaption>
      <div className="lesson-grid-cells" role="img" aria-label={label} style={{ gridTemplateColumns: `repeat(${grid.k}, 1fr)` }}>
        {grid.weights.map((v, i) => (
          <span key={i} aria-hidden="true" style={{ background: v > 0 ? `rgba(56,189,248,${(0.1 + (0.25 * v) / max).toFixed(2)})` : v < 0 ? `rgba(251,113,133,${(0.1 + (0.25 * -v) / max).toFixed(2)})` : undefined }}>
            {fmt(v)}
          </span>
        ))}
      </div>
    </figure>
  );
}

function Answer({ ex, value, onChange }: { ex: Exercise; value: string; onChange: (v: string) => void }) {
  const id = `lesson-q-${ex.kind}`;
  if (ex.answer.type === 'number') {
    return (
      <label className="field small lesson-number">
        <span className="field-label">Your answer</span>
        <input type="text" inputMode="numeric" autoComplete="off" value={value} aria-describedby={`${id}-prompt`} data-testid={`lesson.answer.${ex.kind}`} onChange={(e) => onChange(e.target.value)} />
      </label>
    );
  }
  return (
    <fieldset className="lesson-choices" aria-describedby={`${id}-prompt`}>
      <legend className="sr-only">Your answer</legend>
      {ex.choices.map((c) => (
        <label key={c.id} className="lesson-choice">
          <input type="radio" name={id} value={c.id} checked={value === c.id} data-testid={`lesson.choice.${ex.kind}.${c.id}`} onChange={() => onChange(c.id)} />
          <span>
            <strong>{c.id.toUpperCase()}.</strong> {c.label}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function ExerciseCard({ kind, ex }: { kind: ExerciseKind; ex: Exercise }) {
  const controller = useController();
  const tries = useStore((s) => s.lesson.exercises[kind].tries);
  const solved = useStore((s) => s.lesson.exercises[kind].solved);
  const next = useStore((s) => s.nextExercise);
  const [value, setValue] = useState('');
  const [result, setResult] = useState<CheckResult | null>(null);
  const check = (e: React.FormEvent) => {
    e.preventDefault();
    const r = checkAnswer(ex, value);
    setResult(r);
    if (r.valid) controller.lesson.answer(kind, value.trim(), r.correct);
  };
  const outcome = result ? (result.valid ? (result.correct ? 'right' : 'wrong') : 'invalid') : 'none';
  return (
    <form className="lesson-exercise" aria-labelledby={`lesson-q-${kind}-title`} data-testid={`lesson.exercise.${kind}`} data-seed={ex.seed} data-given={JSON.stringify(ex.given)} data-answer-type={ex.answer.type} data-outcome={outcome} data-solved={solved} onSubmit={check}>
      <h4 id={`lesson-q-${kind}-title`}>
        {EXERCISE_TITLES[kind]} {solved && <span className="lesson-tick">✓</span>}
      </h4>
      <p id={`lesson-q-${kind}-prompt`}>{ex.prompt}</p>
      {ex.grids.length > 0 && (
        <div className="lesson-grids">
          {ex.grids.map((g) => (
            <Grid key={g.id} grid={g} />
          ))}
        </div>
      )}
      <Answer ex={ex} value={value} onChange={setValue} />
      <div className="row">
        <button type="submit" className="small" data-testid={`lesson.check.${kind}`}>
          Check
        </button>
        <button type="button" className="small" data-testid={`lesson.new.${kind}`} onClick={() => next(kind)}>
          New exercise
        </button>
      </div>
      <p className={`lesson-feedback ${outcome}`} role="status" data-testid={`lesson.feedback.${kind}`}>
        {result?.message ?? ''}
      </p>
      {tries > 0 && (
        <div className="lesson-solution" data-testid={`lesson.solution.${kind}`}>
          <h5>Worked solution</h5>
          <ol>
            {ex.solution.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ol>
        </div>
      )}
    </form>
  );
}

export function Checkpoint() {
  const exercises = useStore((s) => s.lesson.exercises);
  const compare = useStore((s) => s.compare);
  const results = useStore((s) => s.shiftResults);
  const live = useMemo(() => liveNumbers(useStore.getState()), [compare, results]);
  const made = useMemo(() => {
    try {
      return EXERCISE_KINDS.map((k) => generateExercise(k, exercises[k].seed, k === 'sharing' ? live : null));
    } catch (err) {
      return (err as Error).message;
    }
  }, [exercises, live]);
  if (typeof made === 'string') return <p className="field-error">Could not make the exercises: {made}</p>;
  return (
    <section className="lesson-checkpoint" aria-label="Checkpoint questions" data-testid="lesson.checkpoint">
      {made.map((ex) => (
        // a new seed is a new exercise: its answer and feedback start empty
        <ExerciseCard key={`${ex.kind}:${ex.seed}`} kind={ex.kind} ex={ex} />
      ))}
    </section>
  );
}
