// The studio's live numbers for a lesson section, worked out by the same code the panels use: core's shape and
// parameter arithmetic, the designer's formula lines, the Lab's shipped models and shift test.
import { useMemo } from 'react';
import { layerLabel } from '../../../core/layers/registry';
import { inferShapes, resolvePads } from '../../../core/spec';
import { liveNumbers, mlpStack, typicalStack } from '../../app/lesson-detect';
import { convFormula, poolFormula } from '../../lib/filters/designer';
import { findPreset } from '../../lib/filters/presets';
import { EXERCISE_KINDS } from '../../lib/lesson/exercises';
import type { StepId } from '../../lib/lesson/steps';
import { shippedModel } from '../../lib/shipped-models';
import { useStore } from '../../store';

const n = (v: number) => v.toLocaleString('en-US');
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function useInput(): [number, number, number] {
  return useStore((s) => s.data?.input ?? null) ?? [1, 28, 28];
}

function Flatten() {
  const input = useInput();
  const [dense] = useMemo(() => inferShapes(mlpStack(input)).filter((l) => l.type === 'dense'), [input]);
  const pixels = input[0] * input[1] * input[2];
  const units = dense.outShape[0];
  return (
    <p className="lesson-live" data-testid="lesson.live">
      The mlp’s first dense layer: {n(pixels)} pixels × {units} units + {units} biases = <strong>{n(dense.params)}</strong> parameters, each weight tied to one pixel.
    </p>
  );
}

function Designer({ stride }: { stride: boolean }) {
  const [, h, w] = useInput();
  const d = useStore((s) => s.designer);
  const lines = [1, 2].map((sv) => {
    const p = resolvePads(h, w, d.k, sv, d.padding);
    return { s: sv, line: convFormula(w, d.k, sv, p.left, p.right) };
  });
  const name = d.preset ? findPreset(d.preset)?.name : 'a hand-made filter';
  if (!stride) {
    const p = resolvePads(h, w, d.k, d.stride, d.padding);
    const cur = convFormula(w, d.k, d.stride, p.left, p.right);
    return (
      <p className="lesson-live" data-testid="lesson.live">
        The designer: {name}, {d.k}×{d.k} = {d.k * d.k} weights and a bias, used at every one of the {cur.value}×{cur.value} output positions.
      </p>
    );
  }
  return (
    <div className="lesson-live" data-testid="lesson.live">
      <p>
        Output width with the designer’s {d.k}×{d.k} filter on {w}×{w}, padding {String(d.padding)}:
      </p>
      <ul className="lesson-formulas">
        {lines.map((l) => (
          <li key={l.s} className={l.s === d.stride ? 'current' : ''} data-testid={`lesson.formula.s${l.s}`}>
            stride {l.s}: <code>{l.line.numeric}</code>
            {l.s === d.stride && <span className="muted"> (now)</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Pooling() {
  const [, h, w] = useInput();
  const d = useStore((s) => s.designer);
  const p = resolvePads(h, w, d.k, d.stride, d.padding);
  const conv = convFormula(w, d.k, d.stride, p.left, p.right).value;
  const pool = conv >= 2 ? poolFormula(conv) : null;
  return (
    <p className="lesson-live" data-testid="lesson.live">
      {pool ? (
        <>
          The designer’s {conv}×{conv} map after 2×2 max pooling, stride 2: <code>{pool.numeric}</code>. Each pooled cell is the largest of its four.
        </>
      ) : (
        `The designer’s map is ${conv}×${conv}: too small to pool.`
      )}
    </p>
  );
}

function Stack() {
  const input = useInput();
  const spec = useMemo(() => typicalStack(input), [input]);
  const infos = useMemo(() => inferShapes(spec), [spec]);
  return (
    <table className="layers lesson-live" data-testid="lesson.live" aria-label="The typical stack's shapes and parameters">
      <thead>
        <tr>
          <th>layer</th>
          <th>output</th>
          <th className="num">params</th>
        </tr>
      </thead>
      <tbody>
        {infos.map((l) => (
          <tr key={l.index}>
            <td>{layerLabel(spec.layers[l.index])}</td>
            <td>{l.outShape.join('×')}</td>
            <td className="num">{n(l.params)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MlpCnn() {
  const compare = useStore((s) => s.compare);
  const results = useStore((s) => s.shiftResults);
  const running = useStore((s) => Object.keys(s.shiftProgress).length > 0);
  const live = useMemo(() => liveNumbers(useStore.getState()), [compare, results]);
  const acc = (name: string) => shippedModel(name)?.testAccuracy ?? null;
  const [am, ac] = [acc('mlp'), acc('cnn')];
  return (
    <div className="lesson-live" data-testid="lesson.live" data-shift={live.shift ? 'done' : running ? 'running' : 'none'}>
      <p>
        Parameters ({live.source}): cnn <strong>{n(live.cnnParams)}</strong>, mlp <strong>{n(live.mlpParams)}</strong>.
        {am !== null && ac !== null && ` Test accuracy: cnn ${pct(ac)}, mlp ${pct(am)}.`}
      </p>
      <p>{live.shift ? `Each test digit moved by a random ±${live.shift.k} px: cnn ${pct(live.shift.cnn)}, mlp ${pct(live.shift.mlp)}.` : running ? 'The shift test is running…' : 'Run the action to see how both do on shifted digits.'}</p>
    </div>
  );
}

function CheckpointLive() {
  const exercises = useStore((s) => s.lesson.exercises);
  const attempts = useStore((s) => s.lesson.attempts);
  const right = EXERCISE_KINDS.filter((k) => exercises[k].solved || attempts.some((a) => a.kind === k && a.correct)).length;
  return (
    <p className="lesson-live" data-testid="lesson.live">
      {right} of {EXERCISE_KINDS.length} kinds of question answered right.
    </p>
  );
}

export function StepLive({ id }: { id: StepId }) {
  switch (id) {
    case 'flatten':
      return <Flatten />;
    case 'convolution':
      return <Designer stride={false} />;
    case 'stride':
      return <Designer stride />;
    case 'pooling':
      return <Pooling />;
    case 'stack':
      return <Stack />;
    case 'mlp-cnn':
      return <MlpCnn />;
    case 'checkpoint':
      return <CheckpointLive />;
  }
}
