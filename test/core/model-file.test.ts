// Model files ("cnn-studio-model" v1): round trip, and a clear ModelFileError for every kind of bad file.
import { describe, expect, test } from 'vitest';
import { Model } from '../../core/model.js';
import { fromBase64, toBase64 } from '../../core/base64.js';
import { MODEL_FORMAT, ModelFileError, crc32, parseModelFile, serializeModel, type ModelFile, type ModelMeta } from '../../core/model-file.js';
import { preset } from '../../core/presets.js';
import type { ModelSpec } from '../../core/spec.js';
import { randn } from './helpers/gradcheck.js';

const spec: ModelSpec = {
  name: 'small',
  input: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 3, kernel: 5, stride: 2, padding: 'same', frozenChannels: [1] },
    { type: 'relu' },
    { type: 'avgpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};
const meta: ModelMeta = { name: 'small', createdAt: '2026-01-01T00:00:00.000Z', epochs: 2, testAccuracy: 0.5, seed: 7, notes: 'npm run train -- --arch small.json' };

function file(): ModelFile {
  return JSON.parse(serializeModel(new Model(spec, 7), meta)) as ModelFile;
}
const parse = (f: unknown) => () => parseModelFile(JSON.stringify(f));

describe('round trip', () => {
  test.each([['small (frozen channel, avgpool)', spec], ['cnn preset', preset('cnn')], ['lenet preset', preset('lenet')]] as const)('%s: same weights, spec, meta and predictions', (_, s) => {
    const model = new Model(s, 3);
    const { model: back, meta: m } = parseModelFile(serializeModel(model, meta));
    expect(back.spec).toEqual(s);
    expect(m).toEqual(meta);
    expect(back.getWeights()).toEqual(model.getWeights());
    const x = randn([3, 1, 28, 28], 9).as('float32');
    for (let i = 0; i < x.size; i++) x.data[i] = Math.abs(x.data[i]) % 1;
    expect(Array.from(back.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  test('frozen channels survive (the loaded model masks the same gradients)', () => {
    const back = parseModelFile(serializeModel(new Model(spec, 7), meta)).model;
    expect(back.params[0].mask).not.toBeNull();
    expect(Array.from(back.params[1].mask!)).toEqual([1, 0, 1]);
  });

  test('base64 and CRC-32 helpers', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 10000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      expect(Array.from(fromBase64(toBase64(bytes)))).toEqual(Array.from(bytes));
    }
    expect(toBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('bad files', () => {
  test.each([
    ['not JSON', () => parseModelFile('{"format": '), /^model file: not valid JSON/],
    ['JSON but not an object', () => parseModelFile('42'), /^model file: expected a JSON object/],
    ['null', () => parseModelFile('null'), /^model file: expected a JSON object/],
    ['wrong format', parse({ ...file(), format: 'keras' }), /^model file: format is "keras", expected "cnn-studio-model"/],
    ['wrong version', parse({ ...file(), version: 2 }), /^model file: version 2 is not supported \(this app reads version 1\)/],
    ['missing meta', parse({ ...file(), meta: undefined }), /^model file: meta: expected an object, got undefined$/],
    ['meta.epochs not a number', parse({ ...file(), meta: { ...meta, epochs: 'two' } }), /^model file: meta\.epochs: expected a whole number ≥ 0, got "two"/],
    ['meta.testAccuracy above 1', parse({ ...file(), meta: { ...meta, testAccuracy: 97 } }), /^model file: meta\.testAccuracy: expected null or a number in \[0, 1\], got 97/],
    ['meta.createdAt missing', parse({ ...file(), meta: { ...meta, createdAt: undefined } }), /^model file: meta\.createdAt: expected an ISO 8601 date and time, e\.g\. "2026-11-29T09:34:49\.738Z", got undefined$/],
    ['meta.seed a string', parse({ ...file(), meta: { ...meta, seed: '7' } }), /^model file: meta\.seed: expected null or a number, got "7"/],
    ['meta.notes a number', parse({ ...file(), meta: { ...meta, notes: 5 } }), /^model file: meta\.notes: expected a string of at most 65536 characters, got 5/],
    ['bad spec (layer named)', parse({ ...file(), spec: { ...spec, layers: [{ type: 'conv2d', filters: 3, kernel: 29 }, ...spec.layers.slice(1)] } }), /^model file: spec: layer 0 \(conv2d\): kernel 29 is larger than the padded input 28×28/],
    ['spec that is not a classifier', parse({ ...file(), spec: { ...spec, layers: [{ type: 'flatten' }, { type: 'dense', units: 1 }] } }), /^model file: spec: spec: the last layer must output one score per class \(\[k\], k ≥ 2\), got \[1\]/],
    ['missing spec', parse({ ...file(), spec: undefined }), /^model file: spec: spec: expected an object/],
    ['tensor count mismatch', parse({ ...file(), tensors: file().tensors.slice(1) }), /^model file: tensors: the spec needs 4 tensors, the file has 3/],
    ['tensor shape mismatch', parse({ ...file(), tensors: file().tensors.map((t, i) => (i === 0 ? { ...t, shape: [3, 1, 4, 4] } : t)) }), /^model file: tensor 0: is 0\.weight \[3,1,4,4\], the spec needs 0\.weight \[3,1,5,5\]/],
    ['tensor name mismatch', parse({ ...file(), tensors: file().tensors.map((t, i) => (i === 3 ? { ...t, name: '4.weight' } : t)) }), /^model file: tensor 3: is 4\.weight/],
    ['tensor entry not an object', parse({ ...file(), tensors: [null, ...file().tensors.slice(1)] }), /^model file: tensor 0: /],
    ['tensors missing', parse({ ...file(), tensors: 'none' }), /^model file: tensors: expected a list, got "none"$/],
    ['weights missing', parse({ ...file(), weights: 12 }), /^model file: weights: expected a base64 string, got 12$/],
    ['truncated weights (base64 cut mid-group)', parse({ ...file(), weights: file().weights.slice(0, -1) }), /^model file: weights: base64 length \d+ is not a multiple of 4/],
    ['truncated weights (whole groups cut)', parse({ ...file(), weights: file().weights.slice(0, 400) }), /^model file: weights: the spec needs 1558 float32 values \(6232 bytes\), the file stores 300 bytes$/],
    ['a tensor past the end of the blob', parse({ ...file(), tensors: file().tensors.map((t, i) => (i === 3 ? { ...t, offset: 1550 } : t)) }), /^model file: tensor 4\.bias: offset 1550 length 10 does not fit the 1558 stored values$/],
    // issue #17: validate what is accepted
    ['shape [[3,1],5,5] (join() would pass it)', parse({ ...file(), tensors: file().tensors.map((t, i) => (i === 0 ? { ...t, shape: [[3, 1], 5, 5] } : t)) }), /^model file: tensor 0: is 0\.weight \[\[3,1\],5,5\], the spec needs 0\.weight \[3,1,5,5\]$/],
    ['shape of strings', parse({ ...file(), tensors: file().tensors.map((t, i) => (i === 0 ? { ...t, shape: ['3', '1', '5', '5'] } : t)) }), /^model file: tensor 0: is 0\.weight \["3","1","5","5"\]/],
    ['crc32 as a string', parse({ ...file(), tensors: file().tensors.map((t, i) => (i === 1 ? { ...t, crc32: String(t.crc32) } : t)) }), /^model file: tensor 0\.bias: crc32 must be a whole number from 0 to 4294967295, got "\d+"$/],
    ['createdAt not a date', parse({ ...file(), meta: { ...meta, createdAt: '2026-02-30T00:00:00Z' } }), /^model file: meta\.createdAt: expected an ISO 8601 date and time.*got "2026-02-30T00:00:00Z"$/],
    ['meta.epochs 1.5', parse({ ...file(), meta: { ...meta, epochs: 1.5 } }), /^model file: meta\.epochs: expected a whole number ≥ 0, got 1\.5$/],
    ['an unknown field', parse({ ...file(), extra: 1 }), /^model file: unknown field "extra"$/],
    ['a "constructor" field in meta', parse({ ...file(), meta: { ...meta, constructor: 5 } }), /^model file: meta: unknown field "constructor"$/],
    ['a "__proto__" field in a tensor', () => parseModelFile(JSON.stringify(file()).replace('"name":"0.weight"', '"__proto__":{},"name":"0.weight"')), /^model file: tensor 0: unknown field "__proto__"$/],
    ['spec over a field limit', parse({ ...file(), spec: { ...spec, layers: [{ type: 'conv2d', filters: 3, kernel: 10_001 }, ...spec.layers.slice(1)] } }), /^model file: spec: layer 0 \(conv2d\): kernel 10001 is over the limit of 32$/],
    ['spec over the budget', parse({ ...file(), spec: { name: 'big', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 16_384 }, { type: 'dense', units: 16_384 }, { type: 'dense', units: 10 }] } }), /^model file: spec: layer 2 \(dense\): the model would need 281 M parameters/],
    ['nested 10⁶ deep', () => parseModelFile(`{"format":"cnn-studio-model","version":${'['.repeat(1e6)}1${']'.repeat(1e6)}}`), /^model file: nested more than 16 levels deep \(at character 54\); a model file needs 5$/],
    ['a tensor shape nested 10⁴ deep', () => parseModelFile(JSON.stringify(file()).replace('"shape":[3,1,5,5]', `"shape":${'['.repeat(1e4)}3${']'.repeat(1e4)}`)), /^model file: nested more than 16 levels deep/],
    ['longer than the limit', () => parseModelFile(' '.repeat(2 ** 27 + 1)), /^model file: 134217729 characters is over the limit of 134217728$/],
    ['invalid base64 character', parse({ ...file(), weights: '!' + file().weights.slice(1) }), /^model file: weights: invalid base64 character at 0/],
  ])('%s', (_, fn, message) => {
    expect(fn).toThrow(message);
    expect(fn).toThrow(ModelFileError);
  });

  test('checksum mismatch: one flipped base64 character', () => {
    const f = file();
    const i = 40; // inside tensor 0.weight (75 floats = 300 bytes = 400 base64 characters)
    const ch = f.weights[i];
    const flipped = f.weights.slice(0, i) + (ch === 'A' ? 'B' : 'A') + f.weights.slice(i + 1);
    expect(parse({ ...f, weights: flipped })).toThrow(/^model file: tensor 0\.weight: checksum mismatch \(the weights are corrupted\)/);
  });

  test('non-finite values are refused even with a matching checksum', () => {
    const model = new Model(spec, 7);
    model.params[2].value.data[5] = Number.NaN;
    expect(() => parseModelFile(serializeModel(model, meta))).toThrow(/^model file: tensor 4\.weight: value 5 is not finite/);
    model.params[2].value.data[5] = Number.POSITIVE_INFINITY;
    expect(() => parseModelFile(serializeModel(model, meta))).toThrow(/value 5 is not finite/);
  });

  test('weights of 1e30 with good checksums: finite, yet every prediction would be NaN, so refused', () => {
    const model = new Model(spec, 7);
    for (const p of model.params) p.value.data.fill(1e30);
    expect(() => parseModelFile(serializeModel(model, meta))).toThrow(/^model file: weights: too large to use \(some image could make a layer output 3\.82e\+63, over 1e\+38; every prediction would overflow\)$/);
    for (const p of model.params) p.value.data.fill(0.5); // large but harmless weights load
    expect(parseModelFile(serializeModel(model, meta)).model.outputBound()).toBeLessThan(1e38);
  });

  test('a file that starts with a UTF-8 byte-order mark loads (some editors write one)', () => {
    const text = serializeModel(new Model(spec, 7), meta);
    expect(parseModelFile(`\uFEFF${text}`).model.getWeights()).toEqual(parseModelFile(text).model.getWeights());
    expect(() => parseModelFile('\uFEFF')).toThrow(/^model file: not valid JSON/);
  });

  test('the format name is the documented one', () => {
    expect(file().format).toBe(MODEL_FORMAT);
    expect(MODEL_FORMAT).toBe('cnn-studio-model');
  });
});
