// model:restore: a new session takes back a crashed one's models under the same ids (byte for byte), its later
// model and run ids follow them, and bad restores are refused with a coded error that changes nothing.
import { beforeEach, describe, expect, test } from 'vitest';
import type { DataSplits, Dataset } from '../../core/data/mnist.js';
import { Model } from '../../core/model.js';
import { serializeModel, type ModelMeta } from '../../core/model-file.js';
import { preset } from '../../core/presets.js';
import type { SessionEvent } from '../../core/protocol.js';
import { Rng } from '../../core/rng.js';
import { TrainingSession } from '../../core/session/session.js';

function digits(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  return { images: Uint8Array.from({ length: count * 784 }, () => rng.int(256)), labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count, channels: 1, rows: 28, cols: 28, classes: 10 };
}
const data: DataSplits = { train: digits(40, 1), test: digits(10, 2) };
const META: ModelMeta = { name: 'trained mlp', createdAt: '2026-12-01T10:00:00.000Z', epochs: 3, testAccuracy: 0.91, seed: 5 };

let events: SessionEvent[];
let session: TrainingSession;
let nextId = 1;
beforeEach(async () => {
  events = [];
  session = new TrainingSession({ loadData: async () => data, post: (e) => events.push(e), maxModels: 3 });
  await session.init();
});

function ask(cmd: Record<string, unknown>): SessionEvent {
  const start = events.length;
  session.handle({ id: nextId++, ...cmd });
  const out = events.slice(start);
  expect(out).toHaveLength(1);
  return out[0];
}

const mlpText = (seed: number, meta = META) => serializeModel(new Model(preset('mlp'), seed), meta);
const weightsOf = (model: string) => {
  const e = ask({ type: 'weights:get', model });
  if (e.type !== 'weights') throw new Error(JSON.stringify(e));
  return e.weights.map((w) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength).toString('hex'));
};

describe('model:restore', () => {
  test('puts models at their old ids with their weights and meta; new models and runs get ids after them', () => {
    const m4 = new Model(preset('mlp'), 11);
    expect(ask({ type: 'model:restore', model: 'm4', text: serializeModel(m4, META), nextRun: 7 })).toMatchObject({ type: 'model', model: { id: 'm4', meta: META, run: null, steps: 0 } });
    expect(ask({ type: 'model:restore', model: 'm1', text: mlpText(12), nextRun: 3 })).toMatchObject({ type: 'model', model: { id: 'm1' } });
    expect(weightsOf('m4')).toEqual(m4.getWeights().map((w) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength).toString('hex')));
    const d = ask({ type: 'session:describe' });
    expect(d.type === 'session' && d.models.map((m) => m.id)).toEqual(['m1', 'm4']);
    expect(ask({ type: 'model:create', spec: preset('mlp'), seed: 1 })).toMatchObject({ model: { id: 'm5' } });
    expect(ask({ type: 'train:start', model: 'm4', config: { trainSize: 20, batchSize: 10, epochs: 1 } })).toMatchObject({ type: 'run', run: { id: 'r7', model: 'm4' } });
  });

  test.each([
    [{ model: 'x1' }, 'invalid', /model:restore\.model: expected "m" and a number/],
    [{ model: 'm0' }, 'invalid', /model:restore\.model/],
    [{ model: 'm1000000000' }, 'invalid', /model:restore\.model/],
    [{ nextRun: 0.5 }, 'invalid', /model:restore\.nextRun: expected a whole number from 1/],
    [{ nextRun: 1e12 }, 'invalid', /model:restore\.nextRun/],
    [{ text: '{"format":"cnn-studio-model"' }, 'invalid', /model file/],
    [{ text: serializeModel(new Model({ ...preset('mlp'), input: [1, 14, 14] }, 1), META) }, 'invalid', /model:restore: the input must be \[1,28,28\]/],
  ])('refuses %o with a %s error and changes nothing', (fields, code, message) => {
    const before = ask({ type: 'session:describe' });
    expect(ask({ type: 'model:restore', model: 'm2', text: mlpText(1), nextRun: 1, ...fields })).toMatchObject({ type: 'error', code, message: expect.stringMatching(message) });
    expect(ask({ type: 'session:describe' })).toEqual({ ...before, id: expect.any(Number) });
  });

  test('a new id past the model limit is refused (limit); restoring over a training model is refused (busy)', () => {
    ask({ type: 'model:restore', model: 'm2', text: mlpText(2), nextRun: 1 });
    ask({ type: 'model:restore', model: 'm3', text: mlpText(3), nextRun: 1 });
    expect(ask({ type: 'model:restore', model: 'm9', text: mlpText(4), nextRun: 1 })).toMatchObject({ type: 'error', code: 'limit' });
    expect(ask({ type: 'train:start', model: 'm2', config: { trainSize: 40, batchSize: 1, epochs: 5 } })).toMatchObject({ type: 'run' });
    expect(ask({ type: 'model:restore', model: 'm2', text: mlpText(5), nextRun: 1 })).toMatchObject({ type: 'error', code: 'busy' });
    expect(ask({ type: 'train:stop', run: 'r1' })).toMatchObject({ type: 'done' });
  });
});
