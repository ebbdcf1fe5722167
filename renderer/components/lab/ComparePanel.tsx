// Compare runs side by side: choose 2–4 architectures (the presets, the current model's stack and the editor's), train them on the
// same subset from the same seed with the training form's hyper-parameters, concurrently; or load the shipped mlp
// and cnn. Their curves are overlaid and a table sets their costs and results side by side.
import { useState } from 'react';
import { PRESET_NAMES } from '../../../core/presets';
import { useController } from '../../app/context';
import { compareBusy, MAX_COMPARED, type CompareChoice } from '../../app/lab';
import { useStore } from '../../store';
import { smoothingNote } from '../../lib/config-form';
import { HyperForm } from '../train/HyperForm';
import { CompareCurves } from './CompareCurves';
import { CompareTable } from './CompareTable';

const CHOICES: { id: CompareChoice; label: string }[] = [...PRESET_NAMES.map((id) => ({ id, label: id })), { id: 'current', label: 'current model’s stack' }, { id: 'editor', label: 'the editor’s stack' }];

/** The form's settings in one line (what every compared run trains with). */
function ConfigLine() {
  const form = useStore((s) => s.form);
  return (
    <span className="muted small" data-testid="compare.config">
      {form.trainSize} images · {form.epochs} epoch{form.epochs === '1' ? '' : 's'} · batch {form.batchSize} · {form.optimizer} lr {form.lr} · seed {form.seed}
      {smoothingNote(form)}
    </span>
  );
}

export function ComparePanel() {
  const controller = useController();
  const [chosen, setChosen] = useState<CompareChoice[]>(['mlp', 'cnn']);
  const entries = useStore((s) => s.compare);
  const busy = useStore(compareBusy);
  const ready = useStore((s) => s.ready);
  const current = useStore((s) => s.current);
  const toggle = (id: CompareChoice) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : c.length < MAX_COMPARED ? [...c, id] : c));
  const start = (choices: CompareChoice[]) => void controller.lab.compare(choices);
  return (
    <div className="compare">
      <div className="row compare-choose" role="group" aria-label="Architectures to compare">
        {CHOICES.map((c) => (
          <label key={c.id} className="check small">
            <input type="checkbox" checked={chosen.includes(c.id)} onChange={() => toggle(c.id)} disabled={busy} data-testid={`compare.choice.${c.id}`} />
            {c.label}
          </label>
        ))}
        <button className="primary" disabled={!ready || busy || chosen.length < 2} onClick={() => start(chosen)} data-testid="compare.start" title="Train the chosen architectures side by side">
          Train side by side
        </button>
        <button disabled={!ready || busy} onClick={() => start(['mlp', 'cnn'])} data-testid="compare.mlp-vs-cnn" title="Train the mlp and cnn presets with these settings">
          MLP vs CNN
        </button>
        <button disabled={!ready || busy} onClick={() => void controller.lab.loadShipped()} data-testid="compare.shipped" title="Load the trained models that ship with the app, without training">
          Shipped models: mlp vs cnn
        </button>
        {busy && (
          <button onClick={() => controller.lab.stopAll()} data-testid="compare.stop">
            Stop
          </button>
        )}
      </div>
      <details className="compare-settings">
        <summary>
          Same data, seed and settings for every run: <ConfigLine />
        </summary>
        {current && <HyperForm model={current} disabled={busy} />}
      </details>
      {entries.some((e) => e.kind === 'trained') ? (
        <CompareCurves entries={entries} />
      ) : (
        entries.length > 0 && <p className="hint small">The shipped models were trained by `npm run train:default` (3 epochs on all 60 000 images): no curves were recorded here; their numbers come from the model files.</p>
      )}
      <CompareTable entries={entries} />
    </div>
  );
}
