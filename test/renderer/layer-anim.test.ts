// The sliding filter over a network layer (lib/filters/layer-anim.ts with animation.ts): built from core's Model
// (activations and named weights) for a first conv (one input channel) and a later one (three channels, stride 2,
// padding 1), every step's window and value, the map filled step by step equal to the layer's output bit for bit, and
// each cell's patch arithmetic equal to the output.
import { describe, expect, test } from 'vitest';
import { Model } from '../../core/model';
import { inferShapes, type ModelSpec } from '../../core/spec';
import { Tensor } from '../../core/tensor';
import { filledAt, mapChecksum, stepAt, timelineOf, type ConvStep } from '../../renderer/lib/filters/animation';
import { channelParts, layerAnimation, patchWithBias, type LayerAnimation } from '../../renderer/lib/filters/layer-anim';

const spec: ModelSpec = {
  name: 'two-convs',
  input: [1, 9, 9],
  layers: [
    { type: 'conv2d', filters: 3, kernel: 3, padding: 'same' },
    { type: 'relu' },
    { type: 'conv2d', filters: 2, kernel: 3, stride: 2, padding: 1 },
    { type: 'flatten' },
    { type: 'dense', units: 4 },
  ],
};

/** The model, a fixed input with ink in it, its activations, and layer `i`'s channel `c` as an animation. */
function setup(layer: number, channel: number): { a: LayerAnimation; out: Float32Array; input: Float32Array } {
  const model = new Model(spec, 7);
  const input = Float32Array.from({ length: 81 }, (_, i) => ((i * 37) % 11) / 10);
  const act = model.activations(new Tensor([1, 1, 9, 9], input));
  const infos = inferShapes(spec);
  const weights = model.getWeights();
  const info = infos[layer];
  const out = act.outputs[layer];
  const prev = layer > 0 ? act.outputs[layer - 1] : null;
  const layerSpec = spec.layers[layer] as { stride?: number };
  const a = layerAnimation(
    {
      input: prev ? prev.data : input,
      inShape: prev ? prev.shape.slice(1) : spec.input,
      output: out.data,
      outShape: info.outShape,
      weight: weights.find((w) => w.name === `${layer}.weight`)!,
      bias: weights.find((w) => w.name === `${layer}.bias`) ?? null,
      stride: layerSpec.stride ?? 1,
      pads: info.pads!,
    },
    channel,
  );
  const plane = info.outShape[1] * info.outShape[2];
  return { a, out: Float32Array.from(out.data.subarray(channel * plane, (channel + 1) * plane)), input: prev ? Float32Array.from(prev.data) : input };
}

describe('layerAnimation', () => {
  test.each([
    ['the first conv (1 input channel, same padding)', 0, 2, { stride: 1, top: 1, oh: 9 }],
    ['the second conv (3 input channels, stride 2, padding 1)', 2, 1, { stride: 2, top: 1, oh: 5 }],
  ])('%s: windows row by row, each value the layer output, the filled map equal to it', (_name, layer, channel, want) => {
    const { a, out } = setup(layer, channel);
    const t = timelineOf(a);
    expect(t).toEqual({ conv: want.oh * want.oh, pool: 0, total: want.oh * want.oh, convW: want.oh, poolW: 0 });
    const filled = new Float32Array(t.conv).fill(NaN);
    for (let i = 0; i < t.total; i++) {
      const s = stepAt(a, a.stride, i) as ConvStep;
      expect(s.phase).toBe('conv');
      expect([s.oy, s.ox]).toEqual([Math.floor(i / want.oh), i % want.oh]);
      expect(s.top).toBe(s.oy * want.stride - want.top);
      expect(s.left).toBe(s.ox * want.stride - want.top);
      expect(s.value).toBe(out[i]);
      filled[i] = s.value;
      expect(filledAt(t, i).conv).toBe(i + 1);
    }
    expect(mapChecksum(filled)).toBe(mapChecksum(out));
  });

  test('the first conv: the input shown is the drawing, each cell its patch × weights + bias (the designer read-out)', () => {
    const { a, out, input } = setup(0, 1);
    expect(Array.from(a.shown.data)).toEqual(Array.from(input));
    for (let i = 0; i < out.length; i++) {
      const p = patchWithBias(a, Math.floor(i / 9), i % 9);
      expect(p.cells).toHaveLength(9);
      expect(p.total).toBeCloseTo(out[i], 4);
    }
    // the corner's window reaches into the padding: those cells are 0
    expect(patchWithBias(a, 0, 0).cells.filter((c) => !c.inside)).toHaveLength(5);
  });

  test('a later conv: the input shown is the sum over its channels; each cell is the sum of the channels\' dot products + bias', () => {
    const { a, out, input } = setup(2, 0);
    expect(a.input).toHaveLength(3);
    for (let i = 0; i < 81; i++) expect(a.shown.data[i]).toBeCloseTo(input[i] + input[81 + i] + input[162 + i], 5);
    for (let i = 0; i < out.length; i++) {
      const c = channelParts(a, Math.floor(i / 5), i % 5);
      expect(c.parts.map((p) => p.channel)).toEqual([0, 1, 2]);
      expect(c.total).toBeCloseTo(out[i], 4);
      expect(Math.abs(c.parts[c.top].dot)).toBe(Math.max(...c.parts.map((p) => Math.abs(p.dot))));
    }
  });

  test('shapes that do not fit (another model\'s weights) or a channel out of range throw, naming the shapes', () => {
    const { a } = setup(2, 0);
    const weight = { name: '2.weight', shape: [2, 1, 3, 3], data: new Float32Array(18) };
    const values = { input: new Float32Array(243), inShape: [3, 9, 9], output: new Float32Array(50), outShape: [2, 5, 5], weight, bias: null, stride: 2, pads: a.pads };
    expect(() => layerAnimation(values, 0)).toThrow(/layer animation: input \[3,9,9\], output \[2,5,5\] and 2\.weight \[2,1,3,3\] do not fit/);
    expect(() => layerAnimation({ ...values, weight: { ...weight, shape: [2, 3, 3, 3], data: new Float32Array(54) } }, 2)).toThrow(/channel 2/);
    expect(layerAnimation({ ...values, weight: { ...weight, shape: [2, 3, 3, 3], data: new Float32Array(54) } }, 1).bias).toBe(0);
  });
});
