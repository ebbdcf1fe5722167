// TrainingSession.handle(): invalid commands answer with one 'error' event and change nothing; model commands,
// filters, loading, inference and training through the session.
import { beforeEach, describe, expect, test } from 'vitest';
import type { Dataset, Mnist } from '../../core/data/mnist.js';
import { Model } from '../../core/model.js';
import { serializeModel } from '../../core/model-file.js';
import { preset } from '../../core/presets.js';
import type { SessionEvent } from '../../core/protocol.js';
import { Rng } from '../../core/rng.js';
import { TrainingSession } from '../../core/session/session.js';

function digits(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const images = Uint8Array.from({ length: count * 784 }, () => rng.int(256));
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images, labels, count, rows: 28, cols: 28 };
}
const data: Mnist = { train: digits(64, 1), test: digits(20, 2) };

let events: SessionEvent[];
let session: TrainingSession;

beforeEach(async () => {
  events = [];
  session = new TrainingSession({ loadData: async () => data, post: (e) => events.push(e) });
  await session.init();
});

/** Sends one command and returns the events it posted synchronously. */
function send(cmd: unknown): SessionEvent[] {
  const start = events.length;
  session.handle(cmd);
  return events.slice(start);
}

function weights(): number[][] {
  const [e] = send({ type: 'weights:get', id: 999 });
  if (e.type !== 'weights') throw new Error(`expected weights, got ${e.type}`);
  return e.weights.map((w) => Array.from(w.data));
}

function currentSpec(): unknown {
  const [e] = send({ type: 'model:save', id: 998 });
  if (e.type !== 'model:file') throw new Error(`expected model:file, got ${e.type}`);
  return JSON.parse(e.text).spec;
}

async function until(pred: (e: SessionEvent) => boolean, timeoutMs = 20_000): Promise<SessionEvent> {
  const t0 = Date.now();
  for (;;) {
    const hit = events.find(pred);
    if (hit) return hit;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out; events: ${events.map((e) => e.type).join(',')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const image = (v = 0.5) => new Float32Array(784).fill(v);

describe('ready', () => {
  test('init announces the model and the data sizes', () => {
    const ready = events[0];
    expect(ready.type).toBe('ready');
    if (ready.type !== 'ready') return;
    expect([ready.trainCount, ready.testCount, ready.model.spec.name, ready.model.paramCount]).toEqual([64, 20, 'cnn', new Model(preset('cnn')).paramCount]);
    expect(ready.model.infos).toHaveLength(10);
  });
});

describe('invalid commands post one error event and change nothing', () => {
  test.each([
    ['not an object', 'train:start', /^command: expected an object, got string/],
    ['null', null, /^command: expected an object, got null/],
    ['an array', [1], /^command: expected an object, got object/],
    ['unknown type', { type: 'train:go' }, /^command: unknown type "train:go"/],
    ['missing type', { config: {} }, /^command: unknown type undefined/],
    ['missing field', { type: 'model:set-filter', layer: 0, channel: 0, weights: [1], bias: 0 }, /^model:set-filter\.frozen: expected true or false, got nothing/],
    ['extra field', { type: 'train:pause', now: true }, /^train:pause: unexpected field "now"/],
    ['wrong type: string for number', { type: 'train:set-lr', lr: '0.1' }, /^train:set-lr\.lr: expected a finite number, got "0\.1"/],
    ['wrong type: NaN', { type: 'train:set-lr', lr: Number.NaN }, /^train:set-lr\.lr: expected a finite number/],
    ['wrong type: config list', { type: 'train:start', config: [] }, /^train:start\.config: expected an object, got \[\]/],
    ['wrong type: weights with a string', { type: 'model:set-filter', layer: 0, channel: 0, weights: [1, 'x'], bias: 0, frozen: true }, /^model:set-filter\.weights: expected a list of finite numbers/],
    ['infer image of wrong length', { type: 'infer', id: 1, image: new Float32Array(783) }, /^infer\.image: expected a Float32Array of 784 finite values, got a Float32Array of 783 values$/],
    ['infer image as a plain list', { type: 'infer', id: 1, image: Array(784).fill(0) }, /^infer\.image: expected a Float32Array of 784/],
    ['infer image with NaN', { type: 'infer', id: 1, image: image(Number.NaN) }, /^infer\.image: expected a Float32Array of 784 finite values/],
    ['bad config value', { type: 'train:start', config: { lr: -1 } }, /^config\.lr: must be between/],
    ['bad config field', { type: 'train:start', config: { rate: 1 } }, /^config: unknown field "rate"/],
    ['train:hold for longer than the longest hold', { type: 'train:hold', ms: 60_000 }, /^train:hold\.ms: expected 0 to 10000 ms, got 60000$/],
    ['train:hold for a negative time', { type: 'train:hold', ms: -1 }, /^train:hold\.ms: expected 0 to 10000 ms, got -1$/],
    ['train:hold without ms', { type: 'train:hold' }, /^train:hold\.ms: expected a finite number, got nothing$/],
    ['bad learning rate', { type: 'train:set-lr', lr: 50 }, /^config\.lr: must be between 0\.000001 and 10, got 50|^config\.lr: must be between 1e-6 and 10, got 50/],
    ['bad spec', { type: 'model:set-spec', spec: { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 2, kernel: 40 }, { type: 'flatten' }, { type: 'dense', units: 10 }] }, seed: 1 }, /^layer 0 \(conv2d\): kernel 40 is larger than the padded input 28×28/],
    ['spec that is not a classifier', { type: 'model:set-spec', spec: { name: 'x', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 5 }] }, seed: 1 }, /last layer must output 10 class scores/],
    ['spec for 3-channel input (infer could not feed it)', { type: 'model:set-spec', spec: { name: 'x', input: [3, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] }, seed: 1 }, /^model:set-spec: the input must be \[1,28,28\] \(MNIST digits\), got \[3,28,28\]/],
    ['model:load of a 14×14 model', { type: 'model:load', id: 8, text: serializeModel(new Model({ name: 's', input: [1, 14, 14], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] }), { name: 's', createdAt: '', epochs: 0, testAccuracy: null, seed: 1 }) }, /^model:load: the input must be \[1,28,28\]/],
    ['filter on a relu layer', { type: 'model:set-filter', layer: 1, channel: 0, weights: [1], bias: 0, frozen: true }, /^model:set-filter: layer 1 is not a conv2d layer/],
    ['filter channel out of range', { type: 'model:set-filter', layer: 0, channel: 16, weights: Array(9).fill(0), bias: 0, frozen: true }, /^model:set-filter: channel 16 is outside 0\.\.15 of layer 0/],
    ['filter of the wrong size', { type: 'model:set-filter', layer: 3, channel: 0, weights: Array(9).fill(0), bias: 0, frozen: true }, /^model:set-filter: layer 3 needs 144 weights \(16×3×3\), got 9/],
    ['test image index out of range', { type: 'data:test-images', id: 4, indices: [0, 20] }, /^data:test-images: index 20 is outside 0\.\.19/],
    ['model:load of a bad file', { type: 'model:load', id: 5, text: '{"format":"cnn-studio-model","version":9}' }, /^model file: version 9 is not supported/],
    ['model:load of non-JSON', { type: 'model:load', id: 6, text: 'hello' }, /^model file: not valid JSON/],
  ])('%s', (_, cmd, message) => {
    const w0 = weights();
    const spec0 = currentSpec();
    const out = send(cmd);
    expect(out).toHaveLength(1);
    expect(out[0].type).toBe('error');
    if (out[0].type === 'error') expect(out[0].message).toMatch(message);
    expect(weights()).toEqual(w0);
    expect(currentSpec()).toEqual(spec0);
    expect(session.busy).toBe(false);
  });

  test('errors for requests carry the id and the command', () => {
    const [e] = send({ type: 'data:test-images', id: 42, indices: [-1] });
    expect(e).toMatchObject({ type: 'error', id: 42, command: 'data:test-images' });
  });
});

describe('model commands', () => {
  test('model:set-spec builds a fresh seeded model and announces it', () => {
    const spec = preset('mlp');
    const [e] = send({ type: 'model:set-spec', spec, seed: 3 });
    expect(e.type).toBe('model');
    if (e.type !== 'model') return;
    expect(e.model.spec).toEqual(spec);
    expect(e.model.paramCount).toBe(784 * 128 + 128 + 1290);
    expect(e.model.meta).toMatchObject({ name: 'mlp', epochs: 0, seed: 3 });
    expect(weights()).toEqual(new Model(spec, 3).getWeights().map((w) => Array.from(w.data)));
  });

  test('model:set-filter writes the filter and bias, freezes the channel, keeps the other weights', () => {
    const before = weights();
    // a 5×5 Sobel x (the cnn preset's first layer has 5×5 filters): channel 2 is values 50..74
    const sobel = [-1, -2, 0, 2, 1, -4, -8, 0, 8, 4, -6, -12, 0, 12, 6, -4, -8, 0, 8, 4, -1, -2, 0, 2, 1];
    const out = send({ type: 'model:set-filter', layer: 0, channel: 2, weights: sobel, bias: 0.25, frozen: true });
    expect(out.map((e) => e.type)).toEqual(['model']);
    if (out[0].type === 'model') {
      expect(out[0].model.spec.layers[0]).toMatchObject({ type: 'conv2d', frozenChannels: [2] });
      expect(out[0].model.meta.name).toBe('cnn+filters');
    }
    const after = weights();
    expect(after[0].slice(50, 75)).toEqual(sobel);
    expect(after[1][2]).toBe(0.25);
    expect(after[0].slice(0, 50)).toEqual(before[0].slice(0, 50));
    expect(after.slice(2)).toEqual(before.slice(2));
    // Unfreezing keeps the weights and drops the channel from frozenChannels.
    send({ type: 'model:set-filter', layer: 0, channel: 2, weights: sobel, bias: 0.25, frozen: false });
    expect((currentSpec() as { layers: { frozenChannels?: number[] }[] }).layers[0].frozenChannels).toBeUndefined();
  });

  test('model:load replaces the model; a bad one keeps the old', () => {
    const other = new Model(preset('mlp'), 9);
    const text = serializeModel(other, { name: 'mine', createdAt: 'now', epochs: 4, testAccuracy: 0.9, seed: 9 });
    const bad = text.replace('"version":1', '"version":2');
    const w0 = weights();
    expect(send({ type: 'model:load', id: 1, text: bad })[0]).toMatchObject({ type: 'error', id: 1, command: 'model:load' });
    expect(weights()).toEqual(w0);
    const [e] = send({ type: 'model:load', id: 2, text });
    expect(e.type === 'model' && e.model.meta.name).toBe('mine');
    expect(weights()).toEqual(other.getWeights().map((w) => Array.from(w.data)));
    send({ type: 'model:reset' });
    expect(weights()).toEqual(w0);
  });

  test('infer returns one output per layer with its per-sample shape, and 10 probabilities', () => {
    const [e] = send({ type: 'infer', id: 7, image: image(0.3) });
    expect(e.type).toBe('inference');
    if (e.type !== 'inference') return;
    expect(e.id).toBe(7);
    expect(e.outputs.map((o) => o.shape)).toEqual([[16, 28, 28], [16, 28, 28], [16, 14, 14], [32, 14, 14], [32, 14, 14], [32, 7, 7], [1568], [32], [32], [10]]);
    e.outputs.forEach((o) => expect(o.data.length).toBe(o.shape.reduce((a, b) => a * b, 1)));
    expect(e.argmax.map((a) => (a ? a.length : null))).toEqual([null, null, 16 * 14 * 14, null, null, 32 * 7 * 7, null, null, null, null]);
    expect(e.probs).toHaveLength(10);
    expect(Array.from(e.probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(Math.min(...e.outputs[1].data)).toBeGreaterThanOrEqual(0); // the relu layer's output
  });

  test('data:test-images returns the pixels and labels asked for', () => {
    const [e] = send({ type: 'data:test-images', id: 3, indices: [19, 0] });
    expect(e.type).toBe('test-images');
    if (e.type !== 'test-images') return;
    expect(Array.from(e.labels)).toEqual([9, 0]);
    expect(Array.from(e.images.subarray(0, 784))).toEqual(Array.from(data.test.images.subarray(19 * 784, 20 * 784)));
  });
});

describe('training through the session', () => {
  test('a frozen hand-made filter is bit-identical after training; busy commands are refused meanwhile', async () => {
    send({ type: 'model:set-spec', spec: { name: 'small', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 3, kernel: 3, stride: 2 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 10 }] }, seed: 2 });
    const sobel = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
    send({ type: 'model:set-filter', layer: 0, channel: 1, weights: sobel, bias: 0, frozen: true });
    const before = weights();
    send({ type: 'train:start', config: { epochs: 2, batchSize: 16, trainSize: 64, lr: 0.01 } });
    expect(session.busy).toBe(true);
    expect(send({ type: 'train:start', config: {} })[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/already running/) });
    expect(send({ type: 'model:set-spec', spec: preset('mlp'), seed: 1 })[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/^cannot change the architecture while training runs/) });
    await until((e) => e.type === 'state' && e.state === 'done');
    await until(() => !session.busy);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    const after = weights();
    expect(after[0].slice(9, 18)).toEqual(sobel);
    expect(after[0].slice(9, 18)).toEqual(before[0].slice(9, 18));
    expect(after[1][1]).toBe(before[1][1]);
    expect([...after[0].slice(0, 9), ...after[0].slice(18)]).not.toEqual([...before[0].slice(0, 9), ...before[0].slice(18)]);
    expect(after[2]).not.toEqual(before[2]);
    const [saved] = send({ type: 'model:save', id: 1 });
    expect(saved.type === 'model:file' && JSON.parse(saved.text).meta).toMatchObject({ epochs: 2, seed: 1 });
  });

  test('train:stop ends a run; pause and resume pass through', async () => {
    send({ type: 'model:set-spec', spec: preset('mlp'), seed: 1 });
    send({ type: 'train:start', config: { epochs: 5, batchSize: 4, trainSize: 64 } });
    send({ type: 'train:pause' });
    expect(events.at(-1)).toEqual({ type: 'state', state: 'paused' });
    send({ type: 'train:resume' });
    send({ type: 'train:stop' });
    await until((e) => e.type === 'state' && e.state === 'stopped');
    await until(() => !session.busy);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(0);
  });

  test('train:hold: no batch while held, the state stays running, hold 0 lets it go on; ignored without a run', async () => {
    expect(send({ type: 'train:hold', ms: 500 })).toEqual([]);
    send({ type: 'model:set-spec', spec: preset('mlp'), seed: 1 });
    send({ type: 'train:start', config: { epochs: 100, batchSize: 1, trainSize: 64 } });
    await until((e) => e.type === 'batch');
    send({ type: 'train:hold', ms: 10_000 });
    // the hold takes effect at the next batch boundary; from then on no batch for as long as it lasts
    await new Promise((r) => setTimeout(r, 50));
    const held = events.filter((e) => e.type === 'batch').length;
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.type === 'batch').length).toBe(held);
    expect(events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state)).toEqual(['running']);
    send({ type: 'train:hold', ms: 0 });
    await until((e) => e.type === 'batch' && events.filter((x) => x.type === 'batch').length > held);
    send({ type: 'train:stop' });
    await until(() => !session.busy);
  });
});
