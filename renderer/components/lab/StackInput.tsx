// The head of the edited stack: its name and the input it takes, with a one-click fix when that input is not the
// data set's image shape (e.g. a stack file made for other images).
import type { ModelSpec } from '../../../core/spec';
import { useStore } from '../../store';
import { shape } from './format';

interface Props {
  spec: ModelSpec;
  /** The data set's [channels, height, width]; null while it loads. */
  dataInput: [number, number, number] | null;
}

/** The stack's name and input shape (`lab.input`, data-shape "1x28x28"). */
export function StackInput({ spec, dataInput }: Props) {
  const edit = useStore((s) => s.editStack);
  const fits = !dataInput || shape(dataInput) === shape(spec.input);
  return (
    <div className="lab-input" data-testid="lab.input" data-shape={spec.input.join('x')}>
      <label className="lab-field">
        <span className="field-label">Name</span>
        <input
          type="text"
          size={14}
          value={spec.name}
          onChange={(e) => edit({ type: 'rename', name: e.target.value })}
          onBlur={() => spec.name.trim() === '' && edit({ type: 'rename', name: 'custom' })}
          data-testid="lab.name"
        />
      </label>
      <span className={fits ? 'lab-input-shape' : 'lab-input-shape invalid'} title="The image shape the stack takes: channels × height × width">
        input {shape(spec.input)}
      </span>
      {!fits && dataInput && (
        <button type="button" className="small" onClick={() => edit({ type: 'setInput', input: dataInput })} data-testid="lab.input.fix">
          Use the data set&apos;s {shape(dataInput)}
        </button>
      )}
    </div>
  );
}
