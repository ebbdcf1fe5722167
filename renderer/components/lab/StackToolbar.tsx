// The editor's toolbar: start from the current model, a preset or an empty stack; undo and redo; open and save a
// stack file (the same JSON as a preset, which `npm run train -- --arch` reads too).
import { useState } from 'react';
import { PRESET_NAMES, preset, type PresetName } from '../../../core/presets';
import { withClassCount } from '../../../core/spec';
import type { ModelId } from '../../../core/protocol';
import { useController } from '../../app/context';
import { openStack, saveStack } from '../../app/lab-actions';
import { canRedo, canUndo, emptySpec } from '../../lib/lab/stack-editor';
import { useStore } from '../../store';
import { modelView } from '../../store/select';

type Start = 'current' | 'empty' | PresetName;

/** Start from, Load, Undo, Redo, Open…, Save…; `model` is the model "the current model" means. */
export function StackToolbar({ model }: { model: ModelId }) {
  const controller = useController();
  const [start, setStart] = useState<Start>('current');
  const edit = useStore((s) => s.editStack);
  const undoable = useStore((s) => canUndo(s.stack));
  const redoable = useStore((s) => canRedo(s.stack));
  const currentName = useStore((s) => modelView(s, model)?.summary.spec.name ?? '');
  const load = () => {
    const s = useStore.getState();
    const spec = start === 'current' ? modelView(s, model)?.summary.spec : start === 'empty' ? emptySpec(s.data?.input) : withClassCount(preset(start), s.data?.classes ?? 10);
    if (spec) edit({ type: 'load', spec });
  };
  return (
    <div className="lab-toolbar" role="toolbar" aria-label="Stack">
      <label className="lab-field">
        <span className="field-label">Start from</span>
        <select value={start} onChange={(e) => setStart(e.target.value as Start)} data-testid="lab.start">
          <option value="current">the current model ({currentName})</option>
          {PRESET_NAMES.map((n) => (
            <option key={n} value={n}>
              the {n} preset
            </option>
          ))}
          <option value="empty">an empty stack</option>
        </select>
      </label>
      <button type="button" onClick={load} title="Replace the stack (undo brings it back)" data-testid="lab.start-load">
        Load
      </button>
      <span className="lab-gap" />
      <button type="button" disabled={!undoable} onClick={() => edit({ type: 'undo' })} aria-label="Undo (Ctrl+Z)" title="Undo (Ctrl+Z)" data-testid="lab.undo">
        ↶ Undo
      </button>
      <button type="button" disabled={!redoable} onClick={() => edit({ type: 'redo' })} aria-label="Redo (Ctrl+Shift+Z)" title="Redo (Ctrl+Shift+Z)" data-testid="lab.redo">
        ↷ Redo
      </button>
      <button type="button" onClick={() => void openStack(controller)} title="Load a stack from a JSON file" data-testid="lab.open">
        Open…
      </button>
      <button type="button" onClick={() => void saveStack(controller, useStore.getState().stack.spec)} title="Save the stack as JSON (npm run train -- --arch file.json trains it too)" data-testid="lab.save">
        Save…
      </button>
    </div>
  );
}
