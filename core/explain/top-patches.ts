// What a conv channel looks for: the images of a data set that excite it most, each with the input patch its
// strongest unit sees (that unit's receptive field), and their mean.
import { CoreError, fmtShape } from '../assert.js';
import { receptiveFields } from '../analysis.js';
import type { Dataset } from '../data/mnist.js';
import type { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import { checkConvLayer } from './gradcam.js';
import { now } from '../event-loop.js';
import { runSteps, runStepsAsync, type Steps } from './steps.js';
import type { JobHooks, TopPatch, TopPatches } from './types.js';

/** Images per forward pass. */
const BATCH = 100;
export const MAX_TOP_PATCHES = 64;

interface Best {
  index: number;
  value: number;
  y: number;
  x: number;
}

/**
 * topPatches as steps of up to 100 images each. Checks its arguments (naming `where`) when called: `layer` a conv
 * layer, `channel` one of its channels, `count` 1..64, the data set's images the model's input.
 */
export function topPatchSteps(model: Model, data: Dataset, layer: number, channel: number, count: number, where: string): Steps<TopPatches> {
  const t0 = now();
  checkConvLayer(model, layer, where);
  const filters = model.infos[layer].outShape[0];
  if (!Number.isInteger(channel) || channel < 0 || channel >= filters) throw new CoreError(`${where}.channel: channel ${channel} is outside 0..${filters - 1} of layer ${layer}`);
  if (!Number.isInteger(count) || count < 1 || count > MAX_TOP_PATCHES) throw new CoreError(`${where}.count: expected a whole number from 1 to ${MAX_TOP_PATCHES}, got ${count}`);
  const [c, h, w] = model.spec.input;
  const shape = [data.channels, data.rows, data.cols];
  if (shape.join() !== model.spec.input.join()) throw new CoreError(`${where}: the data set's images are ${fmtShape(shape)}, the model takes ${fmtShape(model.spec.input)}`);
  const rf = receptiveFields(model.spec, model.infos)[layer]!;
  const px = c * h * w;
  return (function* () {
    const best: Best[] = [];
    for (let start = 0; start < data.count; start += BATCH) {
      const n = Math.min(BATCH, data.count - start);
      const x = new Tensor([n, c, h, w]);
      for (let i = 0; i < n * px; i++) x.data[i] = data.images[start * px + i] / 255;
      const out = model.layerOutputs(x, [layer]).get(layer)!;
      const [, f, oh, ow] = out.shape;
      for (let i = 0; i < n; i++) {
        const base = (i * f + channel) * oh * ow;
        let arg = 0;
        for (let u = 1; u < oh * ow; u++) if (out.data[base + u] > out.data[base + arg]) arg = u;
        best.push({ index: start + i, value: out.data[base + arg], y: Math.floor(arg / ow), x: arg % ow });
      }
      yield { done: start + n, total: data.count };
    }
    best.sort((a, b) => b.value - a.value || a.index - b.index);
    const patches = best.slice(0, count).map((b) => patchOf(data, b, rf.size, rf.jump, rf.offset));
    const average = new Float32Array(c * rf.size * rf.size);
    for (const p of patches) {
      const [y0u, x0u] = [p.unit.y * rf.jump + rf.offset[0], p.unit.x * rf.jump + rf.offset[1]];
      for (let ch = 0; ch < c; ch++) {
        for (let i = 0; i < rf.size; i++) {
          const y = y0u + i;
          if (y < 0 || y >= h) continue;
          for (let j = 0; j < rf.size; j++) {
            const xx = x0u + j;
            if (xx >= 0 && xx < w) average[(ch * rf.size + i) * rf.size + j] += data.images[p.index * px + (ch * h + y) * w + xx] / 255 / patches.length;
          }
        }
      }
    }
    return { layer, channel, field: rf.size, patches, average, seconds: (now() - t0) / 1000 };
  })();
}

/** The image's patch under its best unit: the receptive field clipped to the image, cropped (values 0..1). */
function patchOf(data: Dataset, b: Best, size: number, jump: number, offset: [number, number]): TopPatch {
  const { channels: c, rows: h, cols: w } = data;
  const [y0u, x0u] = [b.y * jump + offset[0], b.x * jump + offset[1]];
  const box = { y0: Math.max(0, y0u), x0: Math.max(0, x0u), y1: Math.min(h, y0u + size), x1: Math.min(w, x0u + size) };
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const pixels = new Float32Array(c * bh * bw);
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) pixels[(ch * bh + y) * bw + x] = data.images[b.index * c * h * w + (ch * h + box.y0 + y) * w + box.x0 + x] / 255;
    }
  }
  return { index: b.index, label: data.labels[b.index], value: b.value, unit: { y: b.y, x: b.x }, box, pixels };
}

/**
 * Over every image in `data`: the `count` (default 9) highest activations of `channel` of conv layer `layer` (the
 * conv's output, before its ReLU), one per image (its maximising unit; ties: the first in row-major order, then the
 * lowest image index), each with that unit's receptive field as a box in input pixels and the pixels in it; null when
 * `hooks.cancelled()` said so between batches.
 */
export function topPatches(model: Model, data: Dataset, layer: number, channel: number, count = 9, hooks: JobHooks = {}): TopPatches | null {
  return runSteps(topPatchSteps(model, data, layer, channel, count, 'top-patches'), hooks);
}

/** topPatches() with the event loop let in between batches. */
export function topPatchesAsync(model: Model, data: Dataset, layer: number, channel: number, count = 9, hooks: JobHooks = {}): Promise<TopPatches | null> {
  return runStepsAsync(topPatchSteps(model, data, layer, channel, count, 'top-patches'), hooks);
}
