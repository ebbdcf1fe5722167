// The data set chooser in the header: MNIST (bundled, the default), Fashion-MNIST (its four .gz files or their folder,
// from the user's disk) and "Open a data set…" (a class folder, or an IDX folder or files). The current set's name,
// size and notes show beside it; the last set opened is remembered (readLastData).
import { useState } from 'react';
import type { DataPickMode } from '../../core/protocol';
import { useController } from '../app/context';
import { readLastData, type DataChoice } from '../app/data-actions';
import { useStore } from '../store';

const LABELS: Record<DataChoice, string> = { mnist: 'MNIST (bundled)', 'fashion-mnist': 'Fashion-MNIST…', open: 'Open a data set…' };

const HINTS: Record<Exclude<DataChoice, 'mnist'>, string> = {
  'fashion-mnist': 'Pick the folder holding its four .gz files (the Debian package dataset-fashion-mnist puts them in /usr/share/datasets/fashion-mnist), or the four files.',
  open: 'A folder with one sub-folder of PNG/JPEG images per class (optionally under train/ and test/), or IDX files (plain or .gz).',
};

export function DataChooser({ disabled }: { disabled: boolean }) {
  const controller = useController();
  const data = useStore((s) => s.data);
  const busy = useStore((s) => s.dataBusy);
  const [asking, setAsking] = useState<Exclude<DataChoice, 'mnist'> | null>(null);
  const current: DataChoice = !data || data.name === 'MNIST' ? 'mnist' : data.name === 'Fashion-MNIST' ? 'fashion-mnist' : 'open';
  const last = readLastData();
  const pick = (choice: DataChoice, mode?: DataPickMode) => {
    setAsking(null);
    void controller.data.choose(choice, mode);
  };
  return (
    <div className="data-chooser" data-testid="data.chooser">
      <label>
        <span className="muted small data-caption">Data</span>{' '}
        <select
          value={asking ?? current}
          disabled={disabled || busy !== null || !data}
          onChange={(e) => {
            const v = e.target.value as DataChoice;
            if (v === 'mnist') pick('mnist');
            else setAsking(v);
          }}
          data-testid="data.choose"
          title={data ? `${data.name}: ${data.trainCount} training and ${data.testCount} test images, ${data.classes} classes${data.notes.length ? `\n${data.notes.join('\n')}` : ''}` : 'loading…'}
        >
          {(Object.keys(LABELS) as DataChoice[]).map((c) => (
            <option key={c} value={c}>
              {c === 'open' && current === 'open' && !asking ? data!.name : LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <span className={busy ? 'muted small' : 'muted small data-classes'} data-testid="data.summary">
        {busy ?? (data ? `${data.classes} classes` : '')}
      </span>
      {asking && (
        <div className="data-pop" role="dialog" aria-label={LABELS[asking]} data-testid="data.pop">
          <p className="small">{HINTS[asking]}</p>
          {last && last.choice === asking && <p className="muted small" data-testid="data.last">Last opened: {last.name}</p>}
          <div className="data-pop-actions">
            <button onClick={() => pick(asking, 'folder')} data-testid="data.open-folder">
              Choose folder…
            </button>
            <button onClick={() => pick(asking, 'files')} data-testid="data.open-files">
              Choose files…
            </button>
            <button onClick={() => setAsking(null)} data-testid="data.cancel">
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
