// Fitting a K×K designed filter into a conv layer whose kernel is L×L (L ≥ K, L − K even): the filter goes in the
// centre with zeros around it. What that means for the layer's map, worked out with core's resolvePads.
import { resolvePads, type Padding } from '../../../core/spec';

/** Why a k×k filter cannot go into a layerK×layerK kernel, or null when it can (centred). */
export function fitProblem(k: number, layerK: number): string | null {
  if (k > layerK) {
    return `The first conv layer uses ${layerK}×${layerK} kernels; your filter is ${k}×${k}, bigger than the layer's kernel. Switch the designer to ${layerK}×${layerK} or smaller (a smaller filter goes in the centre), or change the architecture.`;
  }
  if ((layerK - k) % 2 !== 0) {
    return `The first conv layer uses ${layerK}×${layerK} kernels; a ${k}×${k} filter cannot sit in its centre (the sizes differ by an odd number). Choose a size that differs from ${layerK} by an even number, or change the architecture.`;
  }
  return null;
}

/**
 * The k×k row-major filter `w` in the centre of a layerK×layerK kernel of zeros (row-major, length layerK²).
 * Throws when it does not fit (see fitProblem).
 */
export function embedKernel(w: readonly number[], k: number, layerK: number): number[] {
  if (w.length !== k * k) throw new Error(`embedKernel: a ${k}×${k} filter needs ${k * k} weights, got ${w.length}`);
  const why = fitProblem(k, layerK);
  if (why) throw new Error(`embedKernel: ${why}`);
  const o = (layerK - k) / 2;
  const out = new Array<number>(layerK * layerK).fill(0);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) out[(r + o) * layerK + c + o] = w[r * k + c];
  return out;
}

export interface ConvGeometry {
  kernel: number;
  stride: number;
  padding: Padding;
  /** The layer's input height and width. */
  h: number;
  w: number;
}

/**
 * How the layer's map relates to the k×k filter's own map once it is centred in the layer's kernel: the same map
 * when the layer pads d = (L − k)/2 more on each side than the k×k filter would with the same padding rule
 * ('same' does, for strides up to k); otherwise the same values with a border cut off or added.
 */
export function embeddedMapNote(k: number, g: ConvGeometry): string {
  const d = (g.kernel - k) / 2;
  if (g.padding === 'same') {
    const big = resolvePads(g.h, g.w, g.kernel, g.stride, 'same');
    const small = resolvePads(g.h, g.w, k, g.stride, 'same');
    if (big.top - small.top === d && big.left - small.left === d && big.bottom - small.bottom === d && big.right - small.right === d) {
      return `With the layer's 'same' padding its map is exactly the ${k}×${k} filter's.`;
    }
    return `With stride ${g.stride} the layer's 'same' padding is not the ${k}×${k} filter's plus ${d}, so its map is not exactly the ${k}×${k} filter's.`;
  }
  const p = g.padding === 'valid' ? 0 : g.padding;
  const named = g.padding === 'valid' ? "'valid' padding" : `padding ${p}`;
  if (p >= d) return `With the layer's ${named} its map equals the ${k}×${k} filter's with padding ${p - d}.`;
  return `With the layer's ${named} its map is the ${k}×${k} filter's without padding, less a ${d - p}-pixel border.`;
}
