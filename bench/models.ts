// The benchmark models of issue #5 as ModelSpecs, with their FLOP counts (multiply-add = 2 FLOPs).
import type { ModelSpec } from '../core/spec.js';

/** S: conv 8@5×5 same + ReLU → pool 2 → conv 16@5×5 same + ReLU → pool 2 → dense 10. */
export const MODEL_S: ModelSpec = {
  name: 'S',
  input: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 8, kernel: 5, padding: 'same' },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'conv2d', filters: 16, kernel: 5, padding: 'same' },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};

/** K (the Keras MNIST example): conv 32@3×3 → conv 64@3×3 → pool 2 → dense 128 + ReLU → dense 10. */
export const MODEL_K: ModelSpec = {
  name: 'K',
  input: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 32, kernel: 3 },
    { type: 'relu' },
    { type: 'conv2d', filters: 64, kernel: 3 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 128 },
    { type: 'relu' },
    { type: 'dense', units: 10 },
  ],
};

/**
 * FLOPs per image of the multiply-adds: forward; training = forward + dW + dX, where the first layer
 * needs no dX. S ≈ 1.58 M forward, 4.4 M training; K ≈ 24.3 M forward, 71.6 M training.
 */
export function flopsPerImage(spec: ModelSpec): { forward: number; train: number } {
  let [c, h, w] = spec.input;
  let forward = 0;
  let train = 0;
  spec.layers.forEach((l, i) => {
    if (l.type === 'conv2d') {
      const s = l.stride ?? 1;
      const same = l.padding === 'same';
      const oh = same ? Math.ceil(h / s) : Math.floor((h - l.kernel) / s) + 1;
      const ow = same ? Math.ceil(w / s) : Math.floor((w - l.kernel) / s) + 1;
      const f = 2 * oh * ow * l.filters * c * l.kernel * l.kernel;
      forward += f;
      train += f * (i === 0 ? 2 : 3);
      [c, h, w] = [l.filters, oh, ow];
    } else if (l.type === 'maxpool2d' || l.type === 'avgpool2d') {
      const s = l.stride ?? l.size;
      [h, w] = [Math.floor((h - l.size) / s) + 1, Math.floor((w - l.size) / s) + 1];
    } else if (l.type === 'dense') {
      const f = 2 * c * h * w * l.units;
      forward += f;
      train += f * (i === 0 ? 2 : 3);
      [c, h, w] = [l.units, 1, 1];
    }
  });
  return { forward, train };
}
