// Whether the student has done a lesson step, read from the app's state (not from a "done" click): the designer
// playing a Sobel filter, the stride at 2, the pooling windows shown, the editor holding the stack, the shipped models'
// shift test run, every checkpoint question answered right. Also the stacks the steps load and the live numbers
// that back the parameter-sharing question.
import { preset } from '../../core/presets';
import { inferShapes, type LayerSpec, type ModelSpec } from '../../core/spec';
import { checkpointPassed } from '../lib/lesson/progress';
import type { LiveNumbers } from '../lib/lesson/exercises';
import type { StepId } from '../lib/lesson/steps';
import { shippedModel } from '../lib/shipped-models';
import type { AppState } from '../store';

/** The "typical stack" step's architecture: conv-relu-conv-relu-pool-flatten-dense. */
export const TYPICAL_LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernel: 3, padding: 'same' },
  { type: 'relu' },
  { type: 'conv2d', filters: 16, kernel: 3, padding: 'same' },
  { type: 'relu' },
  { type: 'maxpool2d', size: 2 },
  { type: 'flatten' },
  { type: 'dense', units: 10 },
];

export function typicalStack(input: [number, number, number]): ModelSpec {
  return { name: 'typical-cnn', input: [...input], layers: TYPICAL_LAYERS.map((l) => ({ ...l })) };
}

/** The mlp preset on the data set's input. */
export function mlpStack(input: [number, number, number]): ModelSpec {
  return { ...preset('mlp'), input: [...input] };
}

const layerTypes = (s: AppState) => s.stack.spec.layers.map((l) => l.type).join(',');
const shipped = (s: AppState) => s.compare.filter((e) => e.kind === 'shipped');

/** Whether the state shows the step's point (its action, or the same done by hand). */
export function stepSeenDone(id: StepId, s: AppState): boolean {
  switch (id) {
    case 'flatten':
      return s.stackStarted && /^flatten,dense/.test(layerTypes(s));
    case 'convolution':
      return (s.designer.preset === 'sobel-x' || s.designer.preset === 'sobel-y') && s.designerAnim.on;
    case 'stride':
      return s.designer.stride >= 2;
    case 'pooling':
      return s.designer.pool && s.designerAnim.phase === 'pool';
    case 'stack':
      return s.stackStarted && layerTypes(s) === TYPICAL_LAYERS.map((l) => l.type).join(',');
    case 'mlp-cnn': {
      const e = shipped(s);
      return e.length >= 2 && e.every((x) => s.shiftResults[x.model]);
    }
    case 'checkpoint':
      return checkpointPassed(s.lesson);
  }
}

/** The parameters of a spec and of its first conv layer (and a dense layer doing that layer's job). */
function counts(spec: ModelSpec): { params: number; firstConv: { params: number; withoutSharing: number } | null } {
  const infos = inferShapes(spec);
  const conv = infos.find((l) => l.type === 'conv2d');
  return { params: infos.reduce((a, l) => a + l.params, 0), firstConv: conv ? { params: conv.params, withoutSharing: conv.paramsWithoutSharing! } : null };
}

/** The studio's numbers for the sharing question: the shipped models (else the presets), and their shift test when run. */
export function liveNumbers(s: AppState): LiveNumbers {
  const files = { cnn: shippedModel('cnn'), mlp: shippedModel('mlp') };
  const both = files.cnn && files.mlp;
  const cnn = counts(both ? files.cnn!.spec : preset('cnn'));
  const mlp = counts(both ? files.mlp!.spec : preset('mlp'));
  const m = shipped(s).find((e) => e.label === 'shipped mlp');
  const c = shipped(s).find((e) => e.label === 'shipped cnn');
  const rm = m && s.shiftResults[m.model]?.random;
  const rc = c && s.shiftResults[c.model]?.random;
  const shift = rm && rc ? { k: rc.k, cnn: rc.accuracy, mlp: rm.accuracy } : null;
  return { source: both ? 'the shipped models' : 'the cnn and mlp presets', cnnParams: cnn.params, mlpParams: mlp.params, shift, firstConv: cnn.firstConv };
}
