// The Lab's architecture editor: a stack of layers edited by mouse and keyboard with undo, checked after every edit
// (each row's shape, parameters, multiply-adds and receptive field; the row core blames and why), saved and opened as
// JSON, and applied to the current model or trained with the training form's settings.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { layerLabel } from '../../../core/layers/registry';
import type { ModelId } from '../../../core/protocol';
import { LAYER_TYPES, type LayerType } from '../../../core/spec';
import { checkField } from '../../lib/config-form';
import { defaultLayer } from '../../lib/lab/layer-fields';
import { checkStack } from '../../lib/lab/stack-check';
import { historyKey, rowKey } from '../../lib/lab/stack-keys';
import { useStore } from '../../store';
import { modelView } from '../../store/select';
import { StackActions } from './StackActions';
import { StackInput } from './StackInput';
import { StackRow } from './StackRow';
import { StackToolbar } from './StackToolbar';
import { StackTotals } from './StackTotals';
import './editor.css';

/** Keys the editor owns while focus is inside it: the studio's global shortcuts (drawing undo, clear) must not see them. */
const OWNED = new Set(['Delete', 'Insert']);

/** The editor for the Lab's stack; `model` is the model Apply and Train replace (the current one). */
export function ArchitectureEditor({ model }: { model: ModelId }) {
  const spec = useStore((s) => s.stack.spec);
  const started = useStore((s) => s.stackStarted);
  const startStack = useStore((s) => s.startStack);
  const edit = useStore((s) => s.editStack);
  const modelSpec = useStore((s) => modelView(s, model)?.summary.spec);
  const input = useStore((s) => s.data?.input);
  const classes = useStore((s) => s.data?.classes);
  const trainText = useStore((s) => s.form.trainSize);
  const trainCount = useStore((s) => s.data?.trainCount);
  const [addType, setAddType] = useState<LayerType>('conv2d');
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  const focusNext = useRef<number | null>(null);

  useEffect(() => {
    if (!started && modelSpec) startStack(modelSpec);
  }, [started, modelSpec, startStack]);

  const trainImages = useMemo(() => {
    const r = checkField('trainSize', trainText, trainCount);
    return 'value' in r ? r.value : null;
  }, [trainText, trainCount]);
  const check = useMemo(() => checkStack(spec, { data: input && classes ? { input, classes } : null, trainImages }), [spec, input, classes, trainImages]);

  useEffect(() => {
    if (focusNext.current === null) return;
    rows.current[Math.min(focusNext.current, spec.layers.length - 1)]?.focus();
    focusNext.current = null;
  }, [spec]);

  const insertBelow = (at: number) => edit({ type: 'insert', at: at + 1, layer: defaultLayer(addType) });

  const onRowKey = (e: KeyboardEvent<HTMLLIElement>, at: number) => {
    if (e.target !== e.currentTarget) return;
    const r = rowKey(e, at, spec.layers.length);
    if (!r) return;
    e.preventDefault();
    e.stopPropagation();
    if (r.action === null) return rows.current[r.focus]?.focus();
    focusNext.current = r.focus;
    if (r.action === 'insert-below') insertBelow(at);
    else edit(r.action);
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const h = historyKey(e);
    if (h) {
      e.preventDefault();
      e.stopPropagation();
      edit({ type: h });
    } else if (OWNED.has(e.key)) e.stopPropagation();
  };

  const generalProblem = check.problem && check.problem.row === null ? check.problem.message : null;
  return (
    <div className="lab-editor" onKeyDown={onKey} data-testid="lab.editor" data-valid={check.problem === null}>
      <StackToolbar model={model} />
      <StackInput spec={spec} dataInput={input ?? null} />
      <ol className="lab-stack" aria-label="Layers (Alt+↑/↓ moves, Delete removes, Ctrl+D duplicates, Insert adds below)">
        {spec.layers.map((layer, i) => (
          <StackRow
            key={i}
            ref={(el) => {
              rows.current[i] = el;
            }}
            index={i}
            count={spec.layers.length}
            layer={layer}
            figures={check.rows[i] ?? null}
            problem={check.problem?.row === i ? check.problem.message : null}
            edit={edit}
            insertBelow={insertBelow}
            onKeyDown={onRowKey}
          />
        ))}
      </ol>
      <div className="lab-add">
        <label className="lab-field">
          <span className="field-label">New layer</span>
          <select value={addType} onChange={(e) => setAddType(e.target.value as LayerType)} data-testid="lab.add-type">
            {LAYER_TYPES.map((t) => (
              <option key={t} value={t}>
                {layerLabel(defaultLayer(t))}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => edit({ type: 'insert', at: spec.layers.length, layer: defaultLayer(addType) })} data-testid="lab.add">
          Add at the end
        </button>
      </div>
      {generalProblem && (
        <p className="lab-problem lab-general" role="alert" data-testid="lab.problem">
          {generalProblem}
        </p>
      )}
      <StackTotals totals={check.totals} />
      <StackActions model={model} spec={spec} problem={check.problem?.message ?? null} />
      <datalist id="lab-padding-values">
        <option value="valid" />
        <option value="same" />
      </datalist>
    </div>
  );
}
