// A tiny learnable dataset (8×8 images, class c lights up row c of a bar) and a small conv model for fast trainer tests.
import type { Dataset } from '../../../core/data/mnist.js';
import { Rng } from '../../../core/rng.js';
import type { ModelSpec } from '../../../core/spec.js';

export function syntheticDataset(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 64);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 10;
    labels[i] = c;
    for (let j = 0; j < 64; j++) images[i * 64 + j] = rng.int(40);
    const row = c % 8;
    const col = c < 8 ? 0 : 4;
    for (let x = col; x < col + 4; x++) images[i * 64 + row * 8 + x] = 200 + rng.int(56);
  }
  return { images, labels, count, channels: 1, rows: 8, cols: 8, classes: 10 };
}

export const tinySpec: ModelSpec = {
  name: 'tiny',
  input: [1, 8, 8],
  layers: [
    { type: 'conv2d', filters: 4, kernel: 3, padding: 'same' },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};
