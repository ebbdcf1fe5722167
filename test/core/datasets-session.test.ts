// N classes end to end: a 3-class head trains and evaluates (3×3 confusion), model files keep their class names,
// data:load switches the session's data set (IDX bytes or pixels), and a model whose classes do not fit is refused
// with a message naming both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadIdxSet } from '../../core/data/idx-set.js';
import { Model } from '../../core/model.js';
import { parseModelFile, serializeModel } from '../../core/model-file.js';
import { preset } from '../../core/presets.js';
import type { SessionEvent } from '../../core/protocol.js';
import { TrainingSession } from '../../core/session/session.js';
import { withClassCount } from '../../core/spec.js';
import { evaluate, Trainer, type EpochEvent } from '../../core/train/trainer.js';
import { DEFAULT_CONFIG } from '../../core/train/config.js';
import { loadDataFromDisk } from '../../scripts/lib/node-data.js';
import { bandImages, idxPair, writeClassFolder } from './helpers/idx-files.js';

const meta = (classes?: string[]) => ({ name: 'm', createdAt: '2026-12-06T08:00:00.000Z', epochs: 1, testAccuracy: 0.5, seed: 1, ...(classes ? { dataset: 'bands', classes } : {}) });

describe('N-class heads', () => {
  test('withClassCount fits the last dense layer; a 3-class mlp trains and evaluates to a 3×3 confusion matrix', async () => {
    const spec = withClassCount(preset('mlp'), 3);
    expect(spec.layers.at(-1)).toEqual({ type: 'dense', units: 3 });
    expect(preset('mlp').layers.at(-1)).toEqual({ type: 'dense', units: 10 }); // the preset itself is untouched
    const data = await loadIdxSet([...idxPair('train', 300, 3, 1, true), ...idxPair('t10k', 60, 3, 2, true)]);
    const model = new Model(spec, 1);
    const epochs: EpochEvent[] = [];
    const state = await new Trainer(model, data.train, data.test, { ...DEFAULT_CONFIG, epochs: 2, batchSize: 20 }, (e) => e.type === 'epoch' && epochs.push(e)).run();
    expect(state).toBe('done');
    const last = epochs.at(-1)!;
    expect(last.confusion).toHaveLength(9);
    expect(last.perClassAccuracy).toHaveLength(3);
    expect(last.confusion.reduce((a, b) => a + b, 0)).toBe(60);
    // the bands are easy: far above the 1/3 of chance
    expect(last.testAccuracy).toBeGreaterThan(0.9);
    expect(evaluate(model, data.test).accuracy).toBe(last.testAccuracy);
  });

  test('a spec with no dense layer cannot be fitted', () => {
    expect(() => withClassCount({ name: 'x', input: [1, 28, 28], layers: [{ type: 'flatten' }] }, 3)).toThrow(/no dense layer to score 3 classes/);
  });
});

describe('model files keep class names', () => {
  const model = new Model(withClassCount(preset('mlp'), 3), 1);
  test('written and read back', () => {
    const back = parseModelFile(serializeModel(model, meta(['cat', 'dog', 'bird'])));
    expect(back.meta.classes).toEqual(['cat', 'dog', 'bird']);
    expect(back.meta.dataset).toBe('bands');
    expect(parseModelFile(serializeModel(model, meta())).meta.classes).toBeUndefined();
  });
  test.each([
    ['too few names', ['cat', 'dog'], /meta\.classes: names 2 classes, the model scores 3/],
    ['an empty name', ['cat', '', 'bird'], /meta\.classes: expected a list of at most 100 class names of 1 to 64 characters/],
  ])('%s is refused', (_, classes, message) => {
    expect(() => parseModelFile(serializeModel(model, meta(classes)))).toThrow(message);
  });
});

describe('data:load in the session', () => {
  const make = async () => {
    const events: SessionEvent[] = [];
    const mnistLike = await loadIdxSet([...idxPair('train', 40, 10, 1, false), ...idxPair('t10k', 20, 10, 2, false)], { name: 'MNIST' });
    const session = new TrainingSession({ loadData: async () => mnistLike, post: (e) => events.push(e) });
    await session.init();
    let id = 1;
    const ask = async (cmd: Record<string, unknown>) => {
      const n = id++;
      session.handle({ id: n, ...cmd });
      for (let i = 0; i < 2000; i++) {
        const hit = events.find((e) => 'id' in e && e.id === n);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('no answer');
    };
    return { events, ask };
  };

  test('IDX bytes: the reply and a ready event carry the name, class names and notes; a fresh model fits, the old one is refused', async () => {
    const { events, ask } = await make();
    const files = [...idxPair('train', 30, 3, 1, true), ...idxPair('t10k', 9, 3, 2, true)];
    const r = await ask({ type: 'data:load', source: { kind: 'idx', name: 'bands', files, classNames: ['low', 'mid', 'high'] } });
    expect(r).toMatchObject({ type: 'data', data: { name: 'bands', classes: 3, classNames: ['low', 'mid', 'high'], trainCount: 30, testCount: 9 } });
    expect(events.filter((e) => e.type === 'ready').at(-1)).toMatchObject({ data: { name: 'bands' } });
    const refused = await ask({ type: 'train:start', model: 'm1', config: { epochs: 1 } });
    expect(refused).toMatchObject({ type: 'error', message: expect.stringMatching(/the model scores 10 classes.*the data set bands has 3 \(low, mid, high\)\. Open the model's data set first, or make a fresh model for 3 classes/) });
    const created = await ask({ type: 'model:create', spec: withClassCount(preset('mlp'), 3), seed: 1 });
    expect(created).toMatchObject({ type: 'model', model: { meta: { dataset: 'bands', classes: ['low', 'mid', 'high'] } } });
    // back to the host's own set
    expect(await ask({ type: 'data:load', source: { kind: 'mnist' } })).toMatchObject({ type: 'data', data: { name: 'MNIST', classes: 10 } });
  });

  test('a model file trained on other classes is refused, naming both', async () => {
    const { ask } = await make();
    const text = serializeModel(new Model(preset('mlp'), 1), { ...meta([...'abcdefghij']), dataset: 'Letters' });
    const r = await ask({ type: 'model:load', model: 'm1', text });
    expect(r).toMatchObject({ type: 'error', message: expect.stringMatching(/model:load: the model was trained on the classes a, b, c, d, … \(10\) \(Letters\), but the data set MNIST has 0, 1, 2, 3, … \(10\)\. Open the model's data set first/) });
  });

  test('pixels from a class folder, and bad sources refused with the field and the old data kept', async () => {
    const { ask } = await make();
    const part = (n: number) => ({ images: bandImages(n, 2, 1).images, labels: bandImages(n, 2, 1).labels });
    expect(await ask({ type: 'data:load', source: { kind: 'pixels', name: 'pets', classNames: ['cat', 'dog'], train: part(10), test: part(4) } })).toMatchObject({ type: 'data', data: { name: 'pets', classNames: ['cat', 'dog'], trainCount: 10 } });
    const bad = [
      [{ kind: 'pixels', name: 'x', classNames: ['a', 'a'], train: part(2), test: part(2) }, /classNames: the class name "a" is given twice/],
      [{ kind: 'pixels', name: 'x', classNames: ['a', 'b'], train: { images: new Uint8Array(10), labels: new Uint8Array(2) }, test: part(2) }, /source\.train: 2 labels need 1568 pixels/],
      [{ kind: 'idx', name: 'x', files: [{ name: 'train-images-idx3-ubyte', bytes: new Uint8Array(3) }] }, /IDX data set: got train-images-idx3-ubyte; expected four files/],
      [{ kind: 'csv' }, /source\.kind: expected "mnist", "idx" or "pixels"/],
    ] as const;
    for (const [source, message] of bad) expect(await ask({ type: 'data:load', source })).toMatchObject({ type: 'error', message: expect.stringMatching(message) });
    expect(await ask({ type: 'session:describe' })).toMatchObject({ data: { name: 'pets' } });
  });
});

describe('--data PATH in Node (scripts/lib/node-data.ts)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cnn-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  test('a class folder of PNGs (one 56×56 class) reads with names, a chosen split and a resize note', async () => {
    writeClassFolder(path.join(dir, 'shapes'), ['circle', 'square'], 5);
    writeClassFolder(path.join(dir, 'shapes'), ['triangle'], 5, 56);
    const d = await loadDataFromDisk(path.join(dir, 'shapes'), { testFraction: 0.2 });
    expect(d.name).toBe('shapes');
    expect(d.classNames).toEqual(['circle', 'square', 'triangle']);
    expect([d.train.count, d.test.count]).toEqual([12, 3]);
    expect(d.notes?.join(' ')).toMatch(/5 of 15 images were not 28×28 \(e\.g\. 56×56: triangle\/0\.png\)/);
  });
  test('a broken PNG is named', async () => {
    writeClassFolder(path.join(dir, 'broken'), ['a', 'b'], 2);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'broken', 'b', 'bad.png'), 'not a png');
    await expect(loadDataFromDisk(path.join(dir, 'broken'))).rejects.toThrow(/^b\/bad\.png: cannot be read as an image/);
  });
});
