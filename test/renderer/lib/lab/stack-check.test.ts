// The editor's validation: figures worked out by hand for a small stack, and the problem core names for the
// row it blames (a kernel too large, a layer that needs another input, the wrong class count, over budget).
import { describe, expect, test } from 'vitest';
import { preset } from '../../../../core/presets';
import { assertClassifier, SpecError, type LayerSpec, type ModelSpec } from '../../../../core/spec';
import { checkStack, specTotals, type CheckContext } from '../../../../renderer/lib/lab/stack-check';

const MNIST: CheckContext = { data: { input: [1, 28, 28], classes: 10 }, trainImages: 1000 };
const stack = (...layers: LayerSpec[]): ModelSpec => ({ name: 't', input: [1, 28, 28], layers });
const conv = (filters: number, kernel: number, padding?: 'same' | 'valid'): LayerSpec => ({ type: 'conv2d', filters, kernel, ...(padding ? { padding } : {}) });

describe('stack check', () => {
  test('conv5 same → pool2 → conv5 valid: fields 5, 6, 14, hand-worked shapes, params and multiply-adds', () => {
    const c = checkStack(stack(conv(8, 5, 'same'), { type: 'maxpool2d', size: 2 }, conv(16, 5), { type: 'flatten' }, { type: 'dense', units: 10 }), MNIST);
    expect(c.problem).toBeNull();
    expect(c.rows.map((r) => r!.field)).toEqual([[5, 5], [6, 6], [14, 14], [14, 14], [28, 28]]);
    expect(c.rows.map((r) => r!.outShape)).toEqual([[8, 28, 28], [8, 14, 14], [16, 10, 10], [1600], [10]]);
    // conv 1: 8 filters of 1·5·5 + 8 biases; every one of the 8·28·28 outputs is a 25-term dot product
    expect(c.rows[0]).toMatchObject({ params: 208, macs: 8 * 784 * 25, unshared: 784 * 6272 + 6272 });
    expect(c.rows[1]).toMatchObject({ params: 0, macs: 0 });
    // conv 2: 16 filters of 8·5·5; 16·10·10 outputs of 200 terms
    expect(c.rows[2]).toMatchObject({ params: 16 * 200 + 16, macs: 1600 * 200 });
    expect(c.rows[4]).toMatchObject({ params: 16_010, macs: 16_000, unshared: undefined });
    expect(c.totals).toEqual({ params: 208 + 3216 + 16_010, macs: 156_800 + 320_000 + 16_000, activations: 6272 + 1568 + 1600 + 1600 + 10 });
  });

  test('a kernel larger than its input marks that row; the rows before it keep their figures', () => {
    const c = checkStack(stack(conv(4, 5, 'same'), { type: 'maxpool2d', size: 4 }, conv(4, 9), { type: 'flatten' }, { type: 'dense', units: 10 }), MNIST);
    expect(c.problem).toEqual({ row: 2, message: 'layer 2 (conv2d): kernel 9 is larger than the padded input 7×7' });
    expect(c.rows[0]?.outShape).toEqual([4, 28, 28]);
    expect(c.rows[1]?.outShape).toEqual([4, 7, 7]);
    expect(c.rows.slice(2)).toEqual([null, null, null]);
    expect(c.totals).toBeNull();
  });

  test('an image layer after flatten marks its row with core\'s message', () => {
    const c = checkStack(stack({ type: 'flatten' }, conv(4, 3), { type: 'dense', units: 10 }), MNIST);
    expect(c.problem?.row).toBe(1);
    expect(c.problem?.message).toMatch(/^layer 1 \(conv2d\): /);
  });

  test('dense before flatten: the editor shows whatever core says, for the row it names', () => {
    const spec = stack(conv(4, 3), { type: 'dense', units: 10 });
    let core: { row: number | null; message: string } | null = null;
    try {
      assertClassifier(spec, 10);
    } catch (e) {
      core = { row: (e as SpecError).layer, message: (e as SpecError).message };
    }
    expect(checkStack(spec, MNIST).problem).toEqual(core);
  });

  test('the last layer must score the data set\'s classes', () => {
    const c = checkStack(stack({ type: 'flatten' }, { type: 'dense', units: 5 }), MNIST);
    expect(c.problem).toEqual({ row: 1, message: 'spec: the last layer must output 10 class scores, got [5]' });
    expect(c.totals).not.toBeNull();
    expect(checkStack(stack(conv(4, 3)), MNIST).problem?.row).toBe(0);
  });

  test('the input must be the data set\'s image shape', () => {
    const c = checkStack({ ...preset('mlp'), input: [1, 14, 14] }, MNIST);
    expect(c.problem).toEqual({ row: null, message: "input: the data set's images are 1×28×28, the stack takes 1×14×14" });
  });

  test('over budget: the layer that takes the parameters over names itself', () => {
    const c = checkStack(stack({ type: 'flatten' }, { type: 'dense', units: 16_384 }, { type: 'dense', units: 2_048 }, { type: 'dense', units: 10 }), MNIST);
    expect(c.problem?.row).toBe(2);
    expect(c.problem?.message).toMatch(/^layer 2 \(dense\): the model would need 46\.4 M parameters up to here, more than the 20\.0 M/);
    // past a field's own limit, the field is what the row says
    expect(checkStack(stack({ type: 'flatten' }, { type: 'dense', units: 30_000 }, { type: 'dense', units: 10 }), MNIST).problem).toMatchObject({ row: 1, message: 'layer 1 (dense): units 30000 is over the limit of 16384' });
  });

  test('an epoch estimated over an hour for the form\'s training images is refused; fewer images fit', () => {
    const big = stack(conv(256, 5, 'same'), conv(64, 5, 'same'), { type: 'flatten' }, { type: 'dense', units: 10 });
    expect(checkStack(big, { ...MNIST, trainImages: 60_000 }).problem).toMatchObject({ row: null, message: expect.stringMatching(/^one epoch of 60,000 images would take about \d+ min/) });
    expect(checkStack(big, { ...MNIST, trainImages: 300 }).problem).toBeNull();
  });

  test('checking 30 layers takes well under a frame', () => {
    const layers: LayerSpec[] = [];
    for (let i = 0; i < 12; i++) layers.push(conv(8, 3, 'same'), { type: 'relu' }, ...(i % 3 === 2 ? [{ type: 'maxpool2d', size: 2 } as LayerSpec] : []));
    const spec = stack(...layers, { type: 'flatten' }, { type: 'dense', units: 10 });
    expect(spec.layers).toHaveLength(30);
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) expect(checkStack(spec, MNIST).problem).toBeNull();
    expect((performance.now() - t0) / 100).toBeLessThan(4);
  });

  test('an empty stack says so; the mlp preset\'s totals are there for comparison', () => {
    expect(checkStack(stack(), MNIST).problem?.message).toMatch(/empty/);
    expect(specTotals(preset('mlp'))).toEqual({ params: 101_770, macs: 784 * 128 + 1280, activations: 784 + 128 + 128 + 10 });
  });
});
