// The progress tools at the rail's foot: the student's name for the export, the teacher's export (JSON, CSV: a
// download in the browser, a save dialog on the desktop), and starting over (asked twice: a reset cannot be undone).
import { useState } from 'react';
import { useController } from '../../app/context';
import { useStore } from '../../store';

export function ProgressTools() {
  const controller = useController();
  const student = useStore((s) => s.lesson.student);
  const setLesson = useStore((s) => s.setLesson);
  const [confirm, setConfirm] = useState(false);
  return (
    <section className="lesson-tools" aria-labelledby="lesson-tools-title">
      <h3 id="lesson-tools-title">Your progress</h3>
      <p className="muted small">Saved on this computer only. A teacher can ask for the export.</p>
      <label className="field small">
        <span className="field-label">Your name (for the export)</span>
        <input type="text" value={student} maxLength={200} data-testid="lesson.student" onChange={(e) => setLesson({ student: e.target.value })} />
      </label>
      <div className="row">
        <button type="button" className="small" data-testid="lesson.export-json" onClick={() => void controller.lesson.exportProgress('json')}>
          Export JSON
        </button>
        <button type="button" className="small" data-testid="lesson.export-csv" onClick={() => void controller.lesson.exportProgress('csv')}>
          Export CSV
        </button>
        {confirm ? (
          <>
            <button type="button" className="small danger" data-testid="lesson.reset-confirm" onClick={() => (controller.lesson.reset(), setConfirm(false))}>
              Erase my progress
            </button>
            <button type="button" className="small" onClick={() => setConfirm(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="small" data-testid="lesson.reset" onClick={() => setConfirm(true)}>
            Start over…
          </button>
        )}
      </div>
    </section>
  );
}
