// The sliding filter over a network layer, pure: one output channel of a conv layer, taken from core's public results
// (Model.activations' outputs — the layer's input and output — and the layer's named weights), as animation.ts walks
// it. The input shown is the layer's input itself when it has one channel (the drawing, for the first conv), else the
// sum over its channels (each has its own K×K weights: the read-out lists what each channel adds).
import type { NamedWeights } from '../../../core/model';
import type { Pads } from '../../../core/spec';
import type { Animated } from './animation';
import { patchProduct, type PatchProduct, type Plane } from './designer';

/** A conv layer's channel, ready to animate: the steps' values are the layer's own output (`conv`), copied. */
export interface LayerAnimation extends Animated {
  /** The input shown under the window: the one input channel, or the sum over the input's channels. */
  shown: Plane;
  /** The layer's input, [channels][h·w] (copied). */
  input: Plane[];
  k: number;
  stride: number;
  /** This output channel's weights, [inChannels][k·k], and bias. */
  weights: Float32Array[];
  bias: number;
}

/** Where the layer's numbers come from: its input and output (per-sample [C, H, W], row-major) and its weights. */
export interface LayerValues {
  input: ArrayLike<number>;
  inShape: readonly number[];
  output: ArrayLike<number>;
  outShape: readonly number[];
  /** `${layer}.weight` [outC, inC, K, K]; `${layer}.bias` [outC] (absent: no bias). */
  weight: NamedWeights;
  bias: NamedWeights | null;
  stride: number;
  pads: Pads;
}

/**
 * Output channel `channel` of a conv layer as an animation. Throws naming the layer's shapes when they disagree (the
 * activations and the weights of two different models).
 */
export function layerAnimation(v: LayerValues, channel: number): LayerAnimation {
  const [inC, h, w] = v.inShape;
  const [outC, oh, ow] = v.outShape;
  const [wOut, wIn, k, k2] = v.weight.shape;
  const ok = v.inShape.length === 3 && v.outShape.length === 3 && v.weight.shape.length === 4 && wOut === outC && wIn === inC && k === k2;
  if (!ok || v.input.length < inC * h * w || v.output.length < outC * oh * ow || channel < 0 || channel >= outC) {
    throw new Error(`layer animation: input [${v.inShape.join(',')}], output [${v.outShape.join(',')}] and ${v.weight.name} [${v.weight.shape.join(',')}] do not fit (channel ${channel})`);
  }
  const plane = h * w;
  const input = Array.from({ length: inC }, (_, c) => ({ h, w, data: Float32Array.from({ length: plane }, (_, i) => v.input[c * plane + i]) }));
  const shown = inC === 1 ? input[0] : { h, w, data: new Float32Array(plane) };
  if (inC > 1) for (const p of input) for (let i = 0; i < plane; i++) shown.data[i] += p.data[i];
  const kk = k * k;
  const base = channel * inC * kk;
  const weights = Array.from({ length: inC }, (_, c) => v.weight.data.slice(base + c * kk, base + (c + 1) * kk));
  const conv = { h: oh, w: ow, data: Float32Array.from({ length: oh * ow }, (_, i) => v.output[channel * oh * ow + i]) };
  return { pads: v.pads, conv, activated: conv, pooled: null, shown, input, k, stride: v.stride, weights, bias: v.bias?.data[channel] ?? 0 };
}

/** One input channel's share of an output cell: its patch · its weights. */
export interface ChannelPart {
  channel: number;
  dot: number;
}

/** What output cell (oy, ox) is made of, channel by channel: each one's dot product, their sum, the bias, the total. */
export function channelParts(a: LayerAnimation, oy: number, ox: number): { parts: ChannelPart[]; sum: number; bias: number; total: number; top: number } {
  const parts = a.input.map((p, c) => ({ channel: c, dot: patchOf(a, c, oy, ox).sum }));
  const sum = parts.reduce((s, p) => s + p.dot, 0);
  let top = 0;
  parts.forEach((p, i) => {
    if (Math.abs(p.dot) > Math.abs(parts[top].dot)) top = i;
  });
  return { parts, sum, bias: a.bias, total: sum + a.bias, top };
}

/** Input channel c's patch under output cell (oy, ox) × that channel's weights (the designer's patchProduct); bias 0. */
export function patchOf(a: LayerAnimation, c: number, oy: number, ox: number): PatchProduct {
  return patchProduct(a.input[c], { k: a.k, weights: Array.from(a.weights[c]), bias: 0, stride: a.stride }, a.pads, oy, ox);
}

/** The single-channel layer's read-out product: the patch × weights with the layer's bias (as the designer shows). */
export function patchWithBias(a: LayerAnimation, oy: number, ox: number): PatchProduct {
  const p = patchOf(a, 0, oy, ox);
  return { ...p, bias: a.bias, total: p.sum + a.bias };
}
