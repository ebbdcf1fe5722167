// TrainingSession.handle(): every request gets exactly one answer with its id; invalid commands answer with one
// coded error and change nothing; models and runs are keyed by id; filters and loading (training through the
// session: session-training.test.ts).
import { describe, expect, test } from 'vitest';
import type { Dataset } from '../../core/data/mnist.js';
import { Model } from '../../core/model.js';
import { serializeModel } from '../../core/model-file.js';
import { preset } from '../../core/presets.js';
import type { SessionEvent } from '../../core/protocol.js';
import { Rng } from '../../core/rng.js';
import { TrainingSession } from '../../core/session/session.js';
import { ask, currentSpec, data, events, send, session, setupSession, startRun, until, weights } from './helpers/session.js';

setupSession();

describe('ready and describe', () => {
  test('init announces the data; session:describe lists the default model, no runs and no problems', () => {
    expect(events).toEqual([{ type: 'ready', data: { name: 'MNIST', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], notes: [], trainCount: 64, testCount: 20, input: [1, 28, 28], classes: 10 } }]);
    const d = ask({ type: 'session:describe' });
    expect(d.type).toBe('session');
    if (d.type !== 'session') return;
    expect(d.models.map((m) => [m.id, m.spec.name, m.paramCount, m.run])).toEqual([['m1', 'cnn', new Model(preset('cnn')).paramCount, null]]);
    expect(d.models[0].infos).toHaveLength(10);
    expect([d.runs, d.data?.trainCount, d.problems]).toEqual([[], 64, []]);
  });

  test('an unreadable default model is reported once with its code, and the session starts from an untrained cnn', async () => {
    const posted: SessionEvent[] = [];
    const s = new TrainingSession({ loadData: async () => data, post: (e) => posted.push(e), defaultModel: '{"format":"nope"}' });
    expect(posted).toEqual([{ type: 'error', code: 'default-model', message: expect.stringMatching(/^the bundled default model cannot be read \(model file: .*\); starting from an untrained cnn$/) }]);
    s.handle({ type: 'session:describe', id: 1 });
    const d = posted.at(-1)!;
    expect(d.type === 'session' && [d.models[0].spec.name, d.problems.map((p) => p.code)]).toEqual(['cnn', ['default-model']]);
  });

  test('a data set that fails to load is a data problem; commands needing it are refused with the data code', async () => {
    const posted: SessionEvent[] = [];
    const s = new TrainingSession({ loadData: () => Promise.reject(new Error('MNIST: cannot read /x/train-images-idx3-ubyte: ENOENT')), post: (e) => posted.push(e) });
    await s.init();
    expect(posted).toEqual([{ type: 'error', code: 'data', message: 'MNIST: cannot read /x/train-images-idx3-ubyte: ENOENT' }]);
    s.handle({ type: 'train:start', id: 2, model: 'm1', config: {} });
    expect(posted.at(-1)).toMatchObject({ type: 'error', code: 'data', id: 2, message: 'the data set could not be loaded' });
    s.handle({ type: 'weights:get', id: 3, model: 'm1' });
    expect(posted.at(-1)).toMatchObject({ type: 'weights', id: 3 });
  });
});

/** An object that holds itself. */
function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  o.self = o;
  return o;
}

/** A list of n holes. */
const sparse = (n: number): number[] => new Array<number>(n);

describe('invalid commands post one error answer and change nothing', () => {
  test.each([
    ['not an object', 'train:start', 'bad-command', /^command: expected an object, got string/],
    ['null', null, 'bad-command', /^command: expected an object, got null/],
    ['an array', [1], 'bad-command', /^command: expected an object, got a list$/],
    ['unknown type', { type: 'train:go', id: 1 }, 'bad-command', /^command: unknown type "train:go"/],
    ['missing type', { config: {} }, 'bad-command', /^command: unknown type undefined/],
    ['missing id', { type: 'session:describe' }, 'bad-command', /^session:describe\.id: expected a finite number, got nothing/],
    ['missing model', { type: 'weights:get', id: 1 }, 'bad-command', /^weights:get\.model: expected a string, got nothing/],
    ['missing field', { type: 'model:set-filter', id: 1, model: 'm1', layer: 0, channel: 0, weights: [1], bias: 0 }, 'bad-command', /^model:set-filter\.frozen: expected true or false, got nothing/],
    ['extra field', { type: 'train:pause', id: 1, run: 'r1', now: true }, 'bad-command', /^train:pause: unexpected field "now"/],
    ['wrong type: string for number', { type: 'train:set-lr', id: 1, run: 'r1', lr: '0.1' }, 'bad-command', /^train:set-lr\.lr: expected a finite number, got "0\.1"/],
    ['wrong type: NaN', { type: 'train:set-lr', id: 1, run: 'r1', lr: Number.NaN }, 'bad-command', /^train:set-lr\.lr: expected a finite number/],
    ['wrong type: config list', { type: 'train:start', id: 1, model: 'm1', config: [] }, 'bad-command', /^train:start\.config: expected an object, got \[\]/],
    ['wrong type: weights with a string', { type: 'model:set-filter', id: 1, model: 'm1', layer: 0, channel: 0, weights: [1, 'x'], bias: 0, frozen: true }, 'bad-command', /^model:set-filter\.weights\[1\]: expected a finite number, got "x"$/],
    ['a command the session no longer has', { type: 'infer', id: 1, image: new Float32Array(784) }, 'bad-command', /^command: unknown type "infer"/],
    ['unknown model', { type: 'weights:get', id: 1, model: 'm9' }, 'not-found', /^no model "m9" \(the session has m1\)/],
    ['unknown run', { type: 'train:pause', id: 1, run: 'r7' }, 'not-found', /^no run "r7"/],
    ['bad config value', { type: 'train:start', id: 1, model: 'm1', config: { lr: -1 } }, 'invalid', /^config\.lr: must be between/],
    ['bad config field', { type: 'train:start', id: 1, model: 'm1', config: { rate: 1 } }, 'invalid', /^config: unknown field "rate"/],
    ['bad spec', { type: 'model:set-spec', id: 1, model: 'm1', spec: { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 2, kernel: 29 }, { type: 'flatten' }, { type: 'dense', units: 10 }] }, seed: 1 }, 'invalid', /^layer 0 \(conv2d\): kernel 29 is larger than the padded input 28×28/],
    ['spec that is not a classifier', { type: 'model:set-spec', id: 1, model: 'm1', spec: { name: 'x', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 1 }] }, seed: 1 }, 'invalid', /last layer must output one score per class/],
    ['spec scoring other classes than the data', { type: 'model:set-spec', id: 1, model: 'm1', spec: { name: 'x', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 5 }] }, seed: 1 }, 'invalid', /^model:set-spec: the model scores 5 classes; the data set MNIST has 10 \(0, 1, 2, 3, … \(10\)\)\. Open the model's data set first, or make a fresh model for 10 classes$/],
    ['spec for 3-channel input', { type: 'model:set-spec', id: 1, model: 'm1', spec: { name: 'x', input: [3, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] }, seed: 1 }, 'invalid', /^model:set-spec: the input must be \[1,28,28\] \(the data set's images\), got \[3,28,28\]/],
    ['model:load of a 14×14 model', { type: 'model:load', id: 8, model: 'm1', text: serializeModel(new Model({ name: 's', input: [1, 14, 14], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] }), { name: 's', createdAt: '2026-01-01T00:00:00Z', epochs: 0, testAccuracy: null, seed: 1 }) }, 'invalid', /^model:load: the input must be \[1,28,28\]/],
    ['filter on a relu layer', { type: 'model:set-filter', id: 1, model: 'm1', layer: 1, channel: 0, weights: [1], bias: 0, frozen: true }, 'invalid', /^model:set-filter: layer 1 is not a conv2d layer/],
    ['filter channel out of range', { type: 'model:set-filter', id: 1, model: 'm1', layer: 0, channel: 16, weights: Array(9).fill(0), bias: 0, frozen: true }, 'invalid', /^model:set-filter: channel 16 is outside 0\.\.15 of layer 0/],
    ['filter of the wrong size', { type: 'model:set-filter', id: 1, model: 'm1', layer: 3, channel: 0, weights: Array(9).fill(0), bias: 0, frozen: true }, 'invalid', /^model:set-filter: layer 3 needs 144 weights \(16×3×3\), got 9/],
    ['test image index out of range', { type: 'data:test-images', id: 4, indices: [0, 20] }, 'invalid', /^data:test-images: index 20 is outside 0\.\.19/],
    ['model:load of a bad file', { type: 'model:load', id: 5, model: 'm1', text: '{"format":"cnn-studio-model","version":9}' }, 'invalid', /^model file: version 9 is not supported/],
    ['model:load of non-JSON', { type: 'model:load', id: 6, model: 'm1', text: 'hello' }, 'invalid', /^model file: not valid JSON/],
    ['occlusion of an input of the wrong size', { type: 'explain:occlusion', id: 1, model: 'm1', input: [0, 1], cls: -1, size: 4, stride: 2 }, 'invalid', /^explain:occlusion\.input: expected 784 values \(the model's input \[1,28,28\]\), got 2$/],
    ['occlusion without a stride', { type: 'explain:occlusion', id: 1, model: 'm1', input: [0], cls: -1, size: 4 }, 'bad-command', /^explain:occlusion\.stride: expected a finite number, got nothing/],
    ['occlusion of class 10', { type: 'explain:occlusion', id: 1, model: 'm1', input: Array(784).fill(0), cls: 10, size: 4, stride: 2 }, 'invalid', /^explain:occlusion\.cls: expected −1 \(the predicted class\) or a class 0\.\.9, got 10$/],
    ['top patches of a relu layer', { type: 'explain:top-patches', id: 1, model: 'm1', layer: 1, channel: 0, count: 9 }, 'invalid', /^explain:top-patches: layer 1 is relu, not a conv layer \(conv layers: 0, 3\)$/],
    ['top patches of channel 32 of a 32-channel layer', { type: 'explain:top-patches', id: 1, model: 'm1', layer: 3, channel: 32, count: 9 }, 'invalid', /^explain:top-patches\.channel: channel 32 is outside 0\.\.31 of layer 3$/],
    ['top patches with a layer given as text', { type: 'explain:top-patches', id: 1, model: 'm1', layer: '3', channel: 0, count: 9 }, 'bad-command', /^explain:top-patches\.layer: expected a finite number, got "3"/],
    ['explain:cancel without a request', { type: 'explain:cancel', id: 1 }, 'bad-command', /^explain:cancel\.request: expected a finite number, got nothing/],
    // issue #17: own properties only, values JSON cannot carry, sizes before anything is read
    ['type "toString"', { type: 'toString', id: 1 }, 'bad-command', /^command: unknown type "toString"$/],
    ['type "constructor"', { type: 'constructor', id: 1 }, 'bad-command', /^command: unknown type "constructor"$/],
    ['type "__proto__"', { type: '__proto__', id: 1 }, 'bad-command', /^command: unknown type "__proto__"$/],
    ['an own "__proto__" field', JSON.parse('{"type":"session:describe","id":1,"__proto__":1}'), 'bad-command', /^session:describe: unexpected field "__proto__"$/],
    ['a "constructor" field', { type: 'session:describe', id: 1, constructor: 5 }, 'bad-command', /^session:describe: unexpected field "constructor"$/],
    ['a config {constructor: 5}', { type: 'train:start', id: 1, model: 'm1', config: { constructor: 5 } }, 'invalid', /^config: unknown field "constructor"$/],
    ['a config with an own "__proto__"', { type: 'train:start', id: 1, model: 'm1', config: JSON.parse('{"__proto__":{"lr":5}}') }, 'invalid', /^config: unknown field "__proto__"$/],
    ['a BigInt', { type: 'train:set-lr', id: 1, run: 'r1', lr: 10n }, 'bad-command', /^train:set-lr\.lr: expected a finite number, got 10n$/],
    ['a BigInt in a config', { type: 'train:start', id: 1, model: 'm1', config: { lr: 10n } }, 'invalid', /^config\.lr: must be a number, got 10n$/],
    ['a cyclic value', { type: 'train:hold', id: 1, run: cyclic(), ms: 1 }, 'bad-command', /^train:hold\.run: expected a string, got \{"self":\{"self":\{"self":\{…\}\}\}\}$/],
    ['a cyclic spec', { type: 'model:create', id: 1, seed: 1, spec: { name: 'c', input: [1, 28, 28], layers: [cyclic()] } }, 'invalid', /^layer 0 \(undefined\): unknown layer type/],
    ['a NaN learning rate in a config', { type: 'train:start', id: 1, model: 'm1', config: { lr: Number.NaN } }, 'invalid', /^config\.lr: must be a number, got NaN$/],
    ['a batch size of 10⁹', { type: 'train:start', id: 1, model: 'm1', config: { batchSize: 1e9 } }, 'invalid', /^config\.batchSize: must be between 1 and 1024, got 1000000000$/],
    ['10 001 test indices', { type: 'data:test-images', id: 1, indices: new Array(10_001).fill(0) }, 'bad-command', /^data:test-images\.indices: 10001 values is over the limit of 10000$/],
    ['a sparse weights list', { type: 'model:set-filter', id: 1, model: 'm1', layer: 0, channel: 0, weights: sparse(25), bias: 0, frozen: true }, 'bad-command', /^model:set-filter\.weights\[0\]: expected a finite number, got a hole \(a sparse list\)$/],
    ['weights of 1e39', { type: 'model:set-filter', id: 1, model: 'm1', layer: 0, channel: 0, weights: new Array(25).fill(1e39), bias: 0, frozen: true }, 'invalid', /^model:set-filter: weight 0 is 1e\+39, over the limit of ±1000000$/],
    ['a bias of 1e308', { type: 'model:set-filter', id: 1, model: 'm1', layer: 0, channel: 0, weights: new Array(25).fill(0.5), bias: 1e308, frozen: true }, 'invalid', /^model:set-filter: bias 1e\+308 is over the limit of ±1000000$/],
    ['a model id of 65 characters', { type: 'weights:get', id: 1, model: 'm'.repeat(65) }, 'bad-command', /^weights:get\.model: 65 characters is over the limit of 64$/],
    ['a typed array for a list', { type: 'data:test-images', id: 1, indices: new Float64Array(2) }, 'bad-command', /^data:test-images\.indices: expected a list of finite numbers, got a Float64Array$/],
  ])('%s', (_, cmd, code, message) => {
    const w0 = weights();
    const spec0 = currentSpec();
    const out = send(cmd);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'error', code, message: expect.stringMatching(message) });
    expect(weights()).toEqual(w0);
    expect(currentSpec()).toEqual(spec0);
    expect(session.busy).toBe(false);
  });

  test('errors answer the request: they carry its id and command, even when the rest of it is malformed', () => {
    expect(send({ type: 'data:test-images', id: 42, indices: [-1] })[0]).toMatchObject({ type: 'error', code: 'invalid', id: 42, command: 'data:test-images' });
    expect(send({ type: 'weights:get', id: 43 })[0]).toMatchObject({ type: 'error', code: 'bad-command', id: 43, command: 'weights:get' });
  });
});

describe('model commands', () => {
  test('model:set-spec builds a fresh seeded model in place (same id) and answers with it', () => {
    const spec = preset('mlp');
    const e = ask({ type: 'model:set-spec', model: 'm1', spec, seed: 3 });
    expect(e.type).toBe('model');
    if (e.type !== 'model') return;
    expect([e.model.id, e.model.run]).toEqual(['m1', null]);
    expect(e.model.spec).toEqual(spec);
    expect(e.model.paramCount).toBe(784 * 128 + 128 + 1290);
    expect(e.model.meta).toMatchObject({ name: 'mlp', epochs: 0, seed: 3 });
    expect(weights()).toEqual(new Model(spec, 3).getWeights().map((w) => Array.from(w.data)));
  });

  test('model:set-filter writes the filter and bias, freezes the channel, keeps the other weights', () => {
    const before = weights();
    // a 5×5 Sobel x (the cnn preset's first layer has 5×5 filters): channel 2 is values 50..74
    const sobel = [-1, -2, 0, 2, 1, -4, -8, 0, 8, 4, -6, -12, 0, 12, 6, -4, -8, 0, 8, 4, -1, -2, 0, 2, 1];
    const e = ask({ type: 'model:set-filter', model: 'm1', layer: 0, channel: 2, weights: sobel, bias: 0.25, frozen: true });
    expect(e.type).toBe('model');
    if (e.type === 'model') {
      expect(e.model.spec.layers[0]).toMatchObject({ type: 'conv2d', frozenChannels: [2] });
      expect(e.model.meta.name).toBe('cnn+filters');
    }
    const after = weights();
    expect(after[0].slice(50, 75)).toEqual(sobel);
    expect(after[1][2]).toBe(0.25);
    expect(after[0].slice(0, 50)).toEqual(before[0].slice(0, 50));
    expect(after.slice(2)).toEqual(before.slice(2));
    // Unfreezing keeps the weights and drops the channel from frozenChannels.
    ask({ type: 'model:set-filter', model: 'm1', layer: 0, channel: 2, weights: sobel, bias: 0.25, frozen: false });
    expect((currentSpec() as { layers: { frozenChannels?: number[] }[] }).layers[0].frozenChannels).toBeUndefined();
  });

  test('model:load replaces the model; a bad one keeps the old; model:reset brings the default back', () => {
    const other = new Model(preset('mlp'), 9);
    const text = serializeModel(other, { name: 'mine', createdAt: '2026-01-01T00:00:00Z', epochs: 4, testAccuracy: 0.9, seed: 9 });
    const bad = text.replace('"version":1', '"version":2');
    const w0 = weights();
    expect(ask({ type: 'model:load', id: 1, model: 'm1', text: bad })).toMatchObject({ type: 'error', id: 1, command: 'model:load' });
    expect(weights()).toEqual(w0);
    const e = ask({ type: 'model:load', id: 2, model: 'm1', text });
    expect(e.type === 'model' && e.model.meta.name).toBe('mine');
    expect(weights()).toEqual(other.getWeights().map((w) => Array.from(w.data)));
    expect(ask({ type: 'model:reset', model: 'm1' }).type).toBe('model');
    expect(weights()).toEqual(w0);
  });

  test('data:test-images returns the pixels and labels asked for', () => {
    const e = ask({ type: 'data:test-images', id: 3, indices: [19, 0] });
    expect(e.type).toBe('test-images');
    if (e.type !== 'test-images') return;
    expect(Array.from(e.labels)).toEqual([9, 0]);
    expect(Array.from(e.images.subarray(0, 784))).toEqual(Array.from(data.test.images.subarray(19 * 784, 20 * 784)));
  });
});

describe('models keyed by id', () => {
  test('model:create adds models with new ids; commands on one leave the others alone; model:delete forgets one', () => {
    const m1 = weights('m1');
    const e = ask({ type: 'model:create', spec: preset('mlp'), seed: 5 });
    expect(e.type === 'model' && e.model.id).toBe('m2');
    const f = ask({ type: 'model:create', spec: preset('lenet'), seed: 6 });
    expect(f.type === 'model' && [f.model.id, f.model.paramCount]).toEqual(['m3', new Model(preset('lenet')).paramCount]);
    ask({ type: 'model:set-spec', model: 'm2', spec: preset('strided'), seed: 7 });
    expect(weights('m1')).toEqual(m1);
    expect((currentSpec('m2') as { name: string }).name).toBe('strided');
    expect((currentSpec('m3') as { name: string }).name).toBe('lenet');
    expect(ask({ type: 'model:delete', model: 'm2', id: 4242 })).toEqual({ type: 'done', id: 4242 });
    const d = ask({ type: 'session:describe' });
    expect(d.type === 'session' && d.models.map((m) => m.id)).toEqual(['m1', 'm3']);
    expect(ask({ type: 'weights:get', model: 'm2' })).toMatchObject({ type: 'error', code: 'not-found' });
  });

  test('the session holds at most maxModels models: one more is refused with the limit code', () => {
    const s = new TrainingSession({ loadData: async () => data, post: (e) => events.push(e), maxModels: 2 });
    s.handle({ type: 'model:create', id: 1, spec: preset('mlp'), seed: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'model', id: 1 });
    s.handle({ type: 'model:create', id: 2, spec: preset('mlp'), seed: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'limit', id: 2, message: 'model:create: the session holds 2 models already; delete one first' });
  });

  test('two models train at once, each run named in its events; a model in training refuses changes with the busy code', async () => {
    ask({ type: 'model:set-spec', model: 'm1', spec: preset('mlp'), seed: 1 });
    ask({ type: 'model:create', spec: preset('mlp'), seed: 2 });
    const r1 = startRun('m1', { epochs: 1, batchSize: 16, trainSize: 64 });
    const r2 = startRun('m2', { epochs: 2, batchSize: 16, trainSize: 64 });
    expect([r1, r2]).toEqual(['r1', 'r2']);
    expect(ask({ type: 'model:set-spec', model: 'm2', spec: preset('mlp'), seed: 1 })).toMatchObject({ type: 'error', code: 'busy', message: expect.stringMatching(/^cannot change the architecture while training runs/) });
    expect(ask({ type: 'train:start', model: 'm1', config: {} })).toMatchObject({ type: 'error', code: 'busy', message: expect.stringMatching(/already running/) });
    await until((e) => e.type === 'state' && e.run === 'r2' && e.state === 'done');
    await until(() => !session.busy);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => (e.type === 'epoch' ? `${e.run}/${e.model}` : '')).sort()).toEqual(['r1/m1', 'r2/m2', 'r2/m2']);
    const d = ask({ type: 'session:describe' });
    expect(d.type === 'session' && d.runs.map((r) => [r.id, r.model, r.state])).toEqual([['r1', 'm1', 'done'], ['r2', 'm2', 'done']]);
    expect(ask({ type: 'train:pause', run: 'r1' })).toMatchObject({ type: 'error', code: 'invalid', message: 'run "r1" has ended (done)' });
  });
});

describe('shapes flow from the data set and the spec', () => {
  /** count images of 1×size×size where class c lights up a bar at row 1 + c. */
  function bars(count: number, size: number, classes: number, seed: number): Dataset {
    const rng = new Rng(seed);
    const px = size * size;
    const images = new Uint8Array(count * px);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const c = i % classes;
      labels[i] = c;
      for (let j = 0; j < px; j++) images[i * px + j] = rng.int(30);
      for (let x = 2; x < size - 2; x++) images[i * px + (1 + Math.floor((c * (size - 2)) / classes)) * size + x] = 230;
    }
    return { images, labels, count, channels: 1, rows: size, cols: size, classes };
  }

  test.each([
    [3, 16],
    [12, 32],
  ])('%i classes on 1×%i² images: a model is built, trained a few steps and evaluated through the session', async (classes, size) => {
    const posted: SessionEvent[] = [];
    const s = new TrainingSession({ loadData: async () => ({ train: bars(96, size, classes, 1), test: bars(36, size, classes, 2) }), post: (e) => posted.push(e) });
    await s.init();
    expect(posted[0]).toEqual({ type: 'ready', data: { name: 'MNIST', classNames: Array.from({ length: classes }, (_, i) => String(i)), notes: [], trainCount: 96, testCount: 36, input: [1, size, size], classes } });
    // the default cnn (MNIST's shape) does not fit this data set
    s.handle({ type: 'train:start', id: 1, model: 'm1', config: {} });
    expect(posted.at(-1)).toMatchObject({ type: 'error', code: 'invalid', message: `train:start: the input must be [1,${size},${size}] (the data set's images), got [1,28,28]` });
    const spec = { name: `bars${classes}`, input: [1, size, size], layers: [{ type: 'conv2d', filters: 4, kernel: 3, padding: 'same' }, { type: 'relu' }, { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: classes }] };
    s.handle({ type: 'model:create', id: 2, spec, seed: 1 });
    const created = posted.at(-1)!;
    expect(created.type === 'model' && [created.model.id, created.model.infos.at(-1)!.outShape]).toEqual(['m2', [classes]]);
    s.handle({ type: 'train:start', id: 3, model: 'm2', config: { epochs: 2, batchSize: 8, trainSize: 96, lr: 0.01 } });
    expect(posted.at(-1)).toMatchObject({ type: 'run', id: 3, run: { id: 'r1', model: 'm2' } });
    const t0 = Date.now();
    while (!posted.some((e) => e.type === 'state' && e.state === 'done') && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
    const epochs = posted.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(2);
    const last = epochs[1];
    if (last.type !== 'epoch') return;
    expect(last.confusion).toHaveLength(classes * classes);
    expect(last.confusion.reduce((a, b) => a + b, 0)).toBe(36);
    expect(last.perClassAccuracy).toHaveLength(classes);
    expect(last.predictions).toHaveLength(36);
    expect(Math.max(...last.predictions)).toBeLessThan(classes);
    expect(last.testAccuracy).toBeGreaterThan(1 / classes);
    s.handle({ type: 'data:test-images', id: 4, indices: [0, 35] });
    const imgs = posted.at(-1)!;
    expect(imgs.type === 'test-images' && imgs.images.length).toBe(2 * size * size);
  });
});
