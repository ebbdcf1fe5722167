// Does a hand-made filter need scaling before it goes into the network? Trains the cnn preset (default config,
// 1 epoch on the first N training images) with channel 0 of its first layer: learned (none), the 5×5 Sobel x as it
// is, frozen (raw), and the same scaled to a fresh filter's norm √2 (scaled), as "Use in network" does by default.
// Run: npx tsx bench/filter-scale.ts [N=20000]
import { join } from 'node:path';
import { useFastestBackendSync } from '../core/kernels/index.js';
import { loadMnist, subset } from '../core/data/mnist.js';
import { Model } from '../core/model.js';
import { preset } from '../core/presets.js';
import type { Conv2dSpec } from '../core/spec.js';
import { Trainer } from '../core/train/trainer.js';
import { DEFAULT_CONFIG } from '../core/train/config.js';
import { initScale } from '../renderer/components/filters/network.js';
import { findPreset } from '../renderer/lib/filters/presets.js';
import { mnistDataDir, readBytes } from '../scripts/lib/node-mnist.js';

const n = Number(process.argv[2] ?? 20000);
useFastestBackendSync();
const data = await loadMnist((f) => readBytes(join(mnistDataDir(), f)));
const sobel = findPreset('sobel-x')!.build(5)!;
console.log(`5×5 Sobel x: norm ${Math.hypot(...sobel).toFixed(2)}, scale ×${initScale(sobel).toFixed(4)}; cnn, ${n} images, 1 epoch, ${DEFAULT_CONFIG.optimizer} lr ${DEFAULT_CONFIG.lr}, seed ${DEFAULT_CONFIG.seed}`);
for (const mode of ['none', 'raw', 'scaled'] as const) {
  const spec = preset('cnn');
  if (mode !== 'none') (spec.layers[0] as Conv2dSpec).frozenChannels = [0];
  const model = new Model(spec, DEFAULT_CONFIG.seed);
  if (mode !== 'none') model.setParam('0.weight', mode === 'raw' ? sobel : sobel.map((v) => v * initScale(sobel)), 0);
  const losses: number[] = [];
  let acc = NaN;
  const config = { ...DEFAULT_CONFIG, epochs: 1, trainSize: n };
  const trainer = new Trainer(model, subset(data.train, n), data.test, config, (e) => {
    if (e.type === 'batch') losses.push(e.loss);
    if (e.type === 'epoch') acc = e.testAccuracy;
  });
  trainer.divergence = 'fail';
  const state = await trainer.run();
  const late = losses.slice(Math.floor(losses.length / 2));
  console.log(`${mode.padEnd(6)} ${state}: test accuracy ${(acc * 100).toFixed(2)} %, mean loss over the epoch's second half ${(late.reduce((a, v) => a + v, 0) / late.length).toFixed(3)}`);
}
