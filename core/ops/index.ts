// The op registry: every primitive op with its backward and what it saves for it (tfjs inputsToSave).
import { conv2d, conv2dBackward } from './conv2d.js';
import { dense, denseBackward } from './dense.js';
import { flatten, flattenBackward, relu, reluBackward } from './elementwise.js';
import { softmaxCrossEntropy, softmaxCrossEntropyBackward } from './loss.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';

export type OpName = 'conv2d' | 'maxPool2d' | 'avgPool2d' | 'relu' | 'dense' | 'flatten' | 'softmaxCrossEntropy';

interface OpDef {
  forward: (...args: never[]) => unknown;
  backward: (...args: never[]) => unknown;
  saves: readonly string[];
}

export const OPS = {
  conv2d: { forward: conv2d, backward: conv2dBackward, saves: ['x', 'w'] },
  maxPool2d: { forward: maxPool2d, backward: maxPool2dBackward, saves: ['argmax'] },
  avgPool2d: { forward: avgPool2d, backward: avgPool2dBackward, saves: ['xShape'] },
  relu: { forward: relu, backward: reluBackward, saves: ['y'] },
  dense: { forward: dense, backward: denseBackward, saves: ['x', 'w'] },
  flatten: { forward: flatten, backward: flattenBackward, saves: ['xShape'] },
  softmaxCrossEntropy: { forward: softmaxCrossEntropy, backward: softmaxCrossEntropyBackward, saves: ['probs'] },
} as const satisfies Record<OpName, OpDef>;

export { conv2d, conv2dBackward, convGeom } from './conv2d.js';
export { dense, denseBackward } from './dense.js';
export { flatten, flattenBackward, relu, reluBackward } from './elementwise.js';
export { softmax, softmaxCrossEntropy, softmaxCrossEntropyBackward } from './loss.js';
export { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
