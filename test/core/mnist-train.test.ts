// Real data: the cnn preset trained on the first 10 000 MNIST training images for one epoch (DEFAULT_CONFIG: adam,
// peak lr 0.006, warm-up then linear decay, batch 32, seed 1), scored on the full 10 000-image test set. Uses the wasm
// backend when available (~15 s) and the plain TS one otherwise (a few minutes).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { subset } from '../../core/data/mnist.js';
import { getBackend, referenceBackend, setBackend, type Backend } from '../../core/kernels/index.js';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import { Model } from '../../core/model.js';
import { preset } from '../../core/presets.js';
import { Trainer, type EpochEvent, type TrainEvent } from '../../core/train/trainer.js';
import { DEFAULT_CONFIG } from '../../core/train/config.js';
import { loadMnistFromDisk } from '../../scripts/lib/node-mnist.js';

let before: Backend;
beforeAll(() => {
  before = getBackend();
  setBackend(createWasmBackend() ?? referenceBackend());
});
afterAll(() => setBackend(before));

test('cnn, 10 000 training images, 1 epoch of DEFAULT_CONFIG → ≥ 95 % on the 10 000 test images', { timeout: 600_000 }, async () => {
  const mnist = await loadMnistFromDisk();
  const config = { ...DEFAULT_CONFIG, epochs: 1, trainSize: 10_000 };
  expect([config.optimizer, config.lr, config.schedule, config.batchSize, config.seed]).toEqual(['adam', 0.006, 'warmup-linear', 32, 1]);
  const events: TrainEvent[] = [];
  const trainer = new Trainer(new Model(preset('cnn'), config.seed), subset(mnist.train, 10_000), mnist.test, config, (e) => events.push(e));
  expect(await trainer.run()).toBe('done');
  const epoch = events.find((e): e is EpochEvent => e.type === 'epoch')!;
  expect(events.filter((e) => e.type === 'batch')).toHaveLength(Math.floor(10_000 / 32));
  expect(epoch.confusion.reduce((a, b) => a + b, 0)).toBe(10_000);
  console.log(`cnn 10k×1 epoch (${getBackend().name}): test accuracy ${(epoch.testAccuracy * 100).toFixed(2)} %, ${epoch.seconds.toFixed(1)} s`);
  expect(epoch.testAccuracy).toBeGreaterThanOrEqual(0.95);
  expect(Math.min(...epoch.perClassAccuracy)).toBeGreaterThan(0.85); // seed 1: the weakest digit scores 88 %
});
