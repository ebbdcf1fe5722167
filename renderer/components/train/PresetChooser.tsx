// Architecture chooser: the four presets with each layer's output shape and parameter count (core inferShapes),
// and for conv layers the weights the same mapping would need without parameter sharing.
import { useMemo, useState } from 'react';
import { PRESET_NAMES, preset, type PresetName } from '../../../core/presets';
import type { ModelId } from '../../../core/protocol';
import { layerLabel } from '../../../core/layers/registry';
import { inferShapes, withClassCount, type ModelSpec } from '../../../core/spec';
import { useController } from '../../app/context';
import { useStore } from '../../store';
import { modelView } from '../../store/select';

const DESCRIPTIONS: Record<PresetName, string> = {
  cnn: 'Two conv–ReLU–pool stages (5×5, then 3×3), a 32-unit hidden layer, then the class scores.',
  lenet: 'LeNet-5 style: 5×5 convolutions and three dense layers.',
  mlp: 'No convolutions: one hidden layer on the flattened pixels.',
  strided: 'Downsamples with stride-2 convolutions instead of pooling.',
};

export function LayerTable({ spec, testId }: { spec: ModelSpec; testId: string }) {
  const infos = useMemo(() => inferShapes(spec), [spec]);
  const total = infos.reduce((a, i) => a + i.params, 0);
  return (
    <table className="layers" data-testid={testId}>
      <thead>
        <tr>
          <th>#</th>
          <th>Layer</th>
          <th>Output</th>
          <th className="num">Params</th>
          <th className="num" title="Weights a dense layer mapping the same input to the same output would need: what parameter sharing saves">
            Without sharing
          </th>
        </tr>
      </thead>
      <tbody>
        <tr className="muted">
          <td />
          <td>input</td>
          <td>{spec.input.join('×')}</td>
          <td className="num">0</td>
          <td />
        </tr>
        {infos.map((info) => (
          <tr key={info.index}>
            <td>{info.index}</td>
            <td>{layerLabel(spec.layers[info.index])}</td>
            <td>{info.outShape.join('×')}</td>
            <td className="num">{info.params.toLocaleString('en-US')}</td>
            <td className="num muted" data-testid={`${testId}.unshared.${info.index}`}>
              {info.paramsWithoutSharing !== undefined ? info.paramsWithoutSharing.toLocaleString('en-US') : ''}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td />
          <td colSpan={2}>total</td>
          <td className="num" data-testid={`${testId}.total`}>
            {total.toLocaleString('en-US')}
          </td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

export function PresetChooser({ model, disabled }: { model: ModelId; disabled: boolean }) {
  const controller = useController();
  const current = useStore((s) => modelView(s, model)?.summary.spec.name);
  const seed = useStore((s) => s.form.seed);
  const [choice, setChoice] = useState<PresetName>('cnn');
  // the head scores the data set's classes (10 for MNIST, the preset as written)
  const classes = useStore((s) => s.data?.classes ?? 10);
  const spec = useMemo(() => withClassCount(preset(choice), classes), [choice, classes]);
  return (
    <div className="presets">
      <div className="row">
        <label className="field inline">
          <span className="field-label">Architecture</span>
          <select value={choice} onChange={(e) => setChoice(e.target.value as PresetName)} data-testid="train.preset">
            {PRESET_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button disabled={disabled} onClick={() => controller.setSpec(spec, Number.isInteger(Number(seed)) ? Number(seed) : 1)} data-testid="train.use-preset" title="Replace the model with a fresh, untrained one of this architecture">
          Use {choice} (untrained)
        </button>
        {current === choice && <span className="badge">current</span>}
      </div>
      <p className="muted small">{DESCRIPTIONS[choice]}</p>
      <LayerTable spec={spec} testId="train.layers" />
    </div>
  );
}
