// The Models list: every model the session holds (name, epochs, test accuracy), which one is current, a button to
// make one current and one to remove it (asking first when it is trained and was never saved).
import { useShallow } from 'zustand/react/shallow';
import type { ModelId } from '../../../core/protocol';
import { MAX_MODELS } from '../../../core/session/session';
import { useController } from '../../app/context';
import { isUnsaved } from '../../app/models';
import { useStore } from '../../store';
import { isBusy, statusOf } from '../../store/select';

interface Row {
  id: ModelId;
  name: string;
  epochs: number;
  acc: number | null;
  busy: boolean;
  unsaved: boolean;
}

export function ModelList() {
  const controller = useController();
  const current = useStore((s) => s.current);
  const rows = useStore(
    useShallow((s) =>
      Object.values(s.models).map((m) => {
        const { name, epochs, testAccuracy } = m.summary.meta;
        return `${m.summary.id}\t${name}\t${epochs}\t${testAccuracy ?? ''}\t${isBusy(statusOf(s, m.summary.id)) ? 1 : 0}\t${isUnsaved(s, m) ? 1 : 0}`;
      }),
    ),
  ).map((line): Row => {
    const [id, name, epochs, acc, busy, unsaved] = line.split('\t');
    return { id, name, epochs: Number(epochs), acc: acc === '' ? null : Number(acc), busy: busy === '1', unsaved: unsaved === '1' };
  });
  return (
    <div className="model-list" data-testid="models.list">
      <span className="field-label">
        Models ({rows.length} of {MAX_MODELS})
      </span>
      <ul>
        {rows.map((r) => (
          <li key={r.id} className={r.id === current ? 'current' : undefined} data-testid={`models.row.${r.id}`} data-epochs={r.epochs} data-acc={r.acc ?? ''}>
            <span className="model-list-name">
              {r.name} <span className="muted">{r.id}</span>
            </span>
            <span>{r.epochs ? `${r.epochs} epoch${r.epochs > 1 ? 's' : ''}` : 'untrained'}</span>
            <span>{r.acc !== null ? `${(r.acc * 100).toFixed(2)} %` : ''}</span>
            <span className="muted">{r.busy ? 'training' : r.unsaved ? 'unsaved' : ''}</span>
            {r.id === current ? (
              <span className="badge">current</span>
            ) : (
              <button onClick={() => useStore.getState().setCurrent(r.id)} data-testid={`models.use.${r.id}`} title="Show this model in the panels">
                Make current
              </button>
            )}
            <button className="icon-button" onClick={() => void controller.models.remove(r.id)} disabled={r.id === current || r.busy} aria-label={`Remove ${r.name}`} title={r.id === current ? 'The current model cannot be removed' : 'Remove this model from the session'} data-testid={`models.remove.${r.id}`}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
