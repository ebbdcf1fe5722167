// Grad-CAM (Selvaraju et al. 2017, https://arxiv.org/abs/1610.02391): a conv layer's maps A_k weighted by how much
// the class's logit rises with each, α_k = mean over positions of d logit_cls / d A_k; ReLU(Σ_k α_k A_k), upsampled.
import { CoreError } from '../assert.js';
import type { Model } from '../model.js';
import type { ModelSpec } from '../spec.js';
import { imageTensor, logitsOf, oneHot, pickClass, probabilities, type ClassScores } from './common.js';

export interface GradCam extends ClassScores {
  layer: number;
  /** The map at the input's H×W (bilinear, raw: not normalised), H·W values. */
  map: Float32Array;
  /** ReLU(Σ_k α_k A_k) at the layer's own size. */
  coarse: { height: number; width: number; data: Float32Array };
}

/** Indices of the spec's conv2d layers (Grad-CAM's choices); [] for an mlp. */
export function convLayers(spec: ModelSpec): number[] {
  return spec.layers.flatMap((l, i) => (l.type === 'conv2d' ? [i] : []));
}

/** The conv layer `layer` (default: the last one), or a CoreError saying why it cannot be used. */
export function checkConvLayer(model: Model, layer: number | undefined, where: string): number {
  const convs = convLayers(model.spec);
  if (convs.length === 0) throw new CoreError(`${where}: model "${model.spec.name}" has no conv layer; saliency and occlusion still work`);
  if (layer === undefined) return convs[convs.length - 1];
  if (!convs.includes(layer)) {
    const type = Number.isInteger(layer) ? model.spec.layers[layer]?.type : undefined;
    const what = type ? `is ${type}` : `is not a layer of model "${model.spec.name}"`;
    throw new CoreError(`${where}: layer ${layer} ${what}, not a conv layer (conv layers: ${convs.join(', ')})`);
  }
  return layer;
}

/**
 * Grad-CAM of one image (C·H·W values in [0, 1]) for class `cls` (default predicted) at conv layer `layer` (default the
 * last). Uses the conv's output after its ReLU when one follows. Throws for a model without conv layers or a `layer`
 * that is not one.
 */
export function gradCam(model: Model, image: Float32Array, cls?: number, layer?: number): GradCam {
  const x = imageTensor(model, image, 'gradcam');
  const conv = checkConvLayer(model, layer, 'gradcam');
  const c = pickClass(model, () => logitsOf(model, x), cls, 'gradcam');
  const at = model.spec.layers[conv + 1]?.type === 'relu' ? conv + 1 : conv;
  const pass = model.gradients(x, oneHot(model, c), [at]);
  const { output, grad } = pass.layers.get(at)!;
  const [, k, h, w] = output.shape;
  const plane = h * w;
  const data = new Float32Array(plane);
  for (let ch = 0; ch < k; ch++) {
    let alpha = 0;
    for (let p = 0; p < plane; p++) alpha += grad.data[ch * plane + p];
    alpha /= plane;
    for (let p = 0; p < plane; p++) data[p] += alpha * output.data[ch * plane + p];
  }
  for (let p = 0; p < plane; p++) data[p] = Math.max(0, data[p]);
  const [, H, W] = model.spec.input;
  return { class: c, probabilities: probabilities(pass.logits), layer: conv, map: upsampleBilinear(data, h, w, H, W), coarse: { height: h, width: w, data } };
}

/**
 * Bilinear resize of an h×w map to H×W with align_corners=false, as torch.nn.functional.interpolate: output pixel i
 * samples the input at (i + 0.5)·h/H − 0.5, clamped at 0 below and to the last row above.
 */
export function upsampleBilinear(src: Float32Array, h: number, w: number, H: number, W: number): Float32Array {
  const out = new Float32Array(H * W);
  const ys = sourceIndices(h, H);
  const xs = sourceIndices(w, W);
  for (let i = 0; i < H; i++) {
    const [y0, y1, ly] = ys[i];
    for (let j = 0; j < W; j++) {
      const [x0, x1, lx] = xs[j];
      const top = (1 - lx) * src[y0 * w + x0] + lx * src[y0 * w + x1];
      const bottom = (1 - lx) * src[y1 * w + x0] + lx * src[y1 * w + x1];
      out[i * W + j] = (1 - ly) * top + ly * bottom;
    }
  }
  return out;
}

/** For each of `n` output positions: the two input positions it lies between and its weight on the second. */
function sourceIndices(size: number, n: number): [number, number, number][] {
  return Array.from({ length: n }, (_, i) => {
    const s = Math.max(0, ((i + 0.5) * size) / n - 0.5);
    const i0 = Math.min(Math.floor(s), size - 1);
    return [i0, Math.min(i0 + 1, size - 1), s - i0];
  });
}
