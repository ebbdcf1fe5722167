// The interface every layer implements (convnetjs style): forward, backward, params, its spec and shapes.
import type { LayerInfo, LayerSpec } from '../spec.js';
import { Tensor } from '../tensor.js';

export interface Param {
  /** e.g. "0.weight", "6.bias" (layer index + role, as in PyTorch state dicts). */
  readonly name: string;
  readonly value: Tensor;
  readonly grad: Tensor;
  /** false: the optimizer leaves it as it is. */
  trainable: boolean;
  /** Per-element 0/1 gradient mask (frozen conv channels); null when every element trains. */
  mask: Float32Array | null;
}

export interface Layer {
  readonly spec: LayerSpec;
  readonly info: LayerInfo;
  /** Per-sample input shape. */
  readonly inShape: readonly number[];
  readonly params: readonly Param[];
  /** x: [N, ...inShape] → [N, ...info.outShape]; keeps what backward needs. */
  forward(x: Tensor): Tensor;
  /**
   * dy: gradient of the output → gradient of the input (null when needDx is false); accumulates into param grads,
   * or with `overwrite` sets them to this batch's gradient (no zeroGrad needed; kernels write into them directly).
   */
  backward(dy: Tensor, needDx: boolean, overwrite?: boolean): Tensor | null;
}

export function makeParam(name: string, value: Tensor, trainable: boolean): Param {
  return { name, value, grad: new Tensor(value.shape, new Float32Array(value.size)), trainable, mask: null };
}

export function addInto(target: Tensor, src: Tensor, mask: Float32Array | null, overwrite = false): void {
  const t = target.data;
  const s = src.data;
  if (overwrite) {
    if (mask) for (let i = 0; i < t.length; i++) t[i] = mask[i] === 0 ? 0 : s[i] * mask[i];
    else t.set(s);
    return;
  }
  if (mask) for (let i = 0; i < t.length; i++) t[i] += s[i] * mask[i];
  else for (let i = 0; i < t.length; i++) t[i] += s[i];
}
