// The preset architectures (cnn, lenet, mlp, strided). See docs/architecture.md for why each looks as it does.
import type { ModelSpec } from './spec.js';

const input: [number, number, number] = [1, 28, 28];

export const PRESETS = {
  /**
   * The studio's default: two conv-relu-pool stages, a small hidden layer, then the class scores. 55 594 parameters
   * (about half the mlp's), 98.9 % after a 1-epoch run and 99.2 % after a 3-epoch run (README table; docs/architecture.md says why).
   */
  cnn: {
    name: 'cnn',
    input,
    layers: [
      { type: 'conv2d', filters: 16, kernel: 5, padding: 'same' },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'conv2d', filters: 32, kernel: 3, padding: 'same' },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 32 },
      { type: 'relu' },
      { type: 'dense', units: 10 },
    ],
  },
  /** LeNet-5 style (LeCun et al. 1998) with ReLU and max pooling. */
  lenet: {
    name: 'lenet',
    input,
    layers: [
      { type: 'conv2d', filters: 6, kernel: 5, padding: 'same' },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'conv2d', filters: 16, kernel: 5 },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 120 },
      { type: 'relu' },
      { type: 'dense', units: 84 },
      { type: 'relu' },
      { type: 'dense', units: 10 },
    ],
  },
  /** A plain multilayer perceptron on the flat 784 pixels. */
  mlp: {
    name: 'mlp',
    input,
    layers: [{ type: 'flatten' }, { type: 'dense', units: 128 }, { type: 'relu' }, { type: 'dense', units: 10 }],
  },
  /** Like cnn, but downsampling with stride-2 convolutions instead of pooling. */
  strided: {
    name: 'strided',
    input,
    layers: [
      { type: 'conv2d', filters: 16, kernel: 5, stride: 2, padding: 'same' },
      { type: 'relu' },
      { type: 'conv2d', filters: 32, kernel: 3, stride: 2, padding: 'same' },
      { type: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 32 },
      { type: 'relu' },
      { type: 'dense', units: 10 },
    ],
  },
} satisfies Record<string, ModelSpec>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** A deep copy, so callers may edit it. */
export function preset(name: PresetName): ModelSpec {
  return JSON.parse(JSON.stringify(PRESETS[name])) as ModelSpec;
}
