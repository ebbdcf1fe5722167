// ONNX files another framework wrote: PyTorch 1.13 (Debian's python3-torch) exported the small CNNs of
// scripts/fixtures/onnx_fixtures.py (made by scripts/fixtures/make-onnx-fixtures.sh, committed in test/fixtures/onnx/).
// The importer must reproduce torch's logits within 1e-4 and refuse the one with unsupported ops, naming them.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { importOnnx, importOnnxModel } from '../../core/onnx/import.js';
import { Tensor } from '../../core/tensor.js';
import { maxAbsDiff, ortLogits } from './helpers/onnx.js';

const DIR = 'test/fixtures/onnx';
interface Fixture {
  input: [number, number, number];
  logits: number[][];
  outputs_are_probabilities: boolean;
  output_kind: 'logits' | 'probabilities' | 'log-probabilities';
}
const read = (name: string) => ({ bytes: new Uint8Array(readFileSync(`${DIR}/${name}.onnx`)), info: JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as Fixture });

/** The 20 inputs the fixture script fed torch: x[n, i] = ((n·7919 + i·104729) mod 1000) / 1000 as float32. */
function inputs([c, h, w]: [number, number, number], count: number): Tensor {
  const size = c * h * w;
  return Tensor.from([count, c, h, w], Float32Array.from({ length: count * size }, (_, k) => ((Math.floor(k / size) * 7919 + (k % size) * 104729) % 1000) / 1000));
}

describe('PyTorch-written files import with torch\'s logits', () => {
  test.each([
    ['bn-conv', [1, 28, 28], ['conv2d', 'relu', 'maxpool2d', 'conv2d', 'relu', 'avgpool2d', 'flatten', 'dense', 'relu', 'dense'], /^folded BatchNormalization \(node \/features\/features\.1\/BatchNormalization\) into layer 0 \(conv2d\); folded BatchNormalization .* into layer 3 \(conv2d\)$/],
    ['matmul-softmax', [1, 28, 28], ['conv2d', 'relu', 'flatten', 'dense', 'relu', 'dense'], /^dropped the trailing Softmax \(node \/Softmax\)/],
    ['lenet-32', [1, 32, 32], ['conv2d', 'relu', 'maxpool2d', 'conv2d', 'relu', 'maxpool2d', 'flatten', 'dense', 'relu', 'dense', 'relu', 'dense'], /^$/],
    // x.view(x.size(0), -1) after AdaptiveAvgPool2d(1): Shape, Gather, Unsqueeze, Concat computing [batch, -1]
    ['view-gap', [1, 28, 28], ['conv2d', 'relu', 'conv2d', 'relu', 'avgpool2d', 'flatten', 'dense'], /^read GlobalAveragePool \(node \/gap\/GlobalAveragePool\) as a 14×14 average pool; dropped the trailing LogSoftmax \(node \/LogSoftmax\)/],
  ] as const)('%s', async (name, input, types, notes) => {
    const { bytes, info } = read(name);
    const r = importOnnxModel(bytes, `${name}.onnx`);
    expect(r.model.spec.input).toEqual(input);
    expect(r.model.spec.layers.map((l) => l.type)).toEqual(types);
    expect(r.notes.join('; ')).toMatch(notes);
    expect(r.meta.notes).toMatch(new RegExp(`^imported from ${name}\\.onnx`));
    const x = inputs(info.input, info.logits.length);
    const delta = maxAbsDiff(r.model.forward(x).data, info.logits.flat());
    console.log(`torch vs imported, ${name}: max |Δlogit| over ${info.logits.length} inputs = ${delta.toExponential(2)}`);
    expect(delta).toBeLessThan(1e-4);
    // the file itself (ONNX Runtime) gives probabilities where a Softmax was dropped, logits elsewhere
    const fromFile = await ortLogits(bytes, x);
    const ours = { logits: r.model.forward(x).data, probabilities: r.model.predict(x).data, 'log-probabilities': r.model.predict(x).data.map(Math.log) }[info.output_kind];
    expect(maxAbsDiff(fromFile, ours)).toBeLessThan(1e-4);
  });

  test('unsupported-sigmoid: refused, naming each unsupported op and its node', () => {
    expect(() => importOnnx(read('unsupported-sigmoid').bytes, 'unsupported-sigmoid.onnx')).toThrow(
      /^unsupported-sigmoid\.onnx: unsupported ops: Sigmoid \(node \/Sigmoid\), Tanh \(node \/Tanh\); the importer reads /,
    );
  });
});
