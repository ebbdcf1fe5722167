// explain:occlusion, explain:top-patches and explain:cancel through the session: the answers against the core
// functions on the same weights, progress, the checks, cancellation (by request, by a newer occlusion, by replacing the
// model), the model's step count, and training going on meanwhile.
import { describe, expect, test } from 'vitest';
import type { DataSplits } from '../../core/data/mnist.js';
import { occlusion, topPatches } from '../../core/explain/index.js';
import { Model } from '../../core/model.js';
import type { SessionEvent } from '../../core/protocol.js';
import { TrainingSession } from '../../core/session/session.js';
import { syntheticDataset, tinySpec } from './helpers/synthetic.js';

const data: DataSplits = { train: syntheticDataset(64, 1), test: syntheticDataset(250, 2) };
const input = Array.from({ length: 64 }, (_, i) => ((i * 37) % 64) / 64);

async function session() {
  const posted: SessionEvent[] = [];
  const s = new TrainingSession({ loadData: async () => data, post: (e) => posted.push(e) });
  await s.init();
  s.handle({ type: 'model:set-spec', id: 1, model: 'm1', spec: tinySpec, seed: 4 });
  const answer = async (id: number) => {
    for (let t = 0; t < 4000; t++) {
      const e = posted.find((x) => 'id' in x && x.id === id);
      if (e) return e;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no answer to ${id}`);
  };
  /** The model's weights right now, in a model of its own. */
  const copy = () => {
    s.handle({ type: 'weights:get', id: 900 + posted.length, model: 'm1' });
    const w = posted.at(-1)!;
    const m = new Model(tinySpec);
    if (w.type === 'weights') m.setWeights(w.weights);
    return m;
  };
  const steps = () => {
    s.handle({ type: 'session:describe', id: 800 + posted.length });
    const d = posted.at(-1)!;
    return d.type === 'session' ? d.models[0].steps : -1;
  };
  return { s, posted, answer, copy, steps };
}

describe('explain:occlusion', () => {
  test('answers the occlusion map of the core function on the same weights, with progress; cls −1 is the predicted class', async () => {
    const { s, posted, answer, copy } = await session();
    const m = copy();
    s.handle({ type: 'explain:occlusion', id: 2, model: 'm1', input, cls: -1, size: 4, stride: 2 });
    const e = await answer(2);
    expect(e.type).toBe('occlusion');
    if (e.type !== 'occlusion') return;
    const want = occlusion(m, Float32Array.from(input), undefined, { size: 4, stride: 2 })!;
    expect([e.model, e.class, e.size, e.stride]).toEqual(['m1', want.class, 4, 2]);
    expect(e.map).toEqual(Array.from(want.map));
    expect(e.probabilities).toEqual(want.probabilities);
    expect(e.seconds).toBeGreaterThanOrEqual(0);
    expect(posted.filter((x) => x.type === 'eval:progress')).toEqual([{ type: 'eval:progress', request: 2, model: 'm1', done: 9, total: 9 }]);
    s.handle({ type: 'explain:occlusion', id: 3, model: 'm1', input, cls: 7, size: 5, stride: 1 });
    const e7 = await answer(3);
    expect(e7.type === 'occlusion' && [e7.class, e7.map]).toEqual([7, Array.from(occlusion(m, Float32Array.from(input), 7, { size: 5, stride: 1 })!.map)]);
  });

  test('a newer occlusion of the same model cancels the older one; another model\'s goes on', async () => {
    const { s, answer } = await session();
    s.handle({ type: 'model:create', id: 2, spec: { ...tinySpec, input: [1, 8, 8] }, seed: 1 });
    s.handle({ type: 'explain:occlusion', id: 3, model: 'm1', input, cls: -1, size: 4, stride: 1 });
    s.handle({ type: 'explain:occlusion', id: 4, model: 'm2', input, cls: -1, size: 4, stride: 1 });
    s.handle({ type: 'explain:occlusion', id: 5, model: 'm1', input, cls: 2, size: 4, stride: 1 });
    expect(await answer(3)).toEqual({ type: 'error', code: 'cancelled', id: 3, command: 'explain:occlusion', message: 'explain:occlusion: cancelled (a newer explain:occlusion (request 5) of model m1 replaced it)' });
    expect((await answer(4)).type).toBe('occlusion');
    expect(await answer(5)).toMatchObject({ type: 'occlusion', class: 2 });
  });

  test('every field is checked with a clear message; nothing starts', async () => {
    const { s, posted } = await session();
    const bad: [Record<string, unknown>, string, string][] = [
      [{ input: [0, 1] }, 'invalid', "explain:occlusion.input: expected 64 values (the model's input [1,8,8]), got 2"],
      [{ cls: 10 }, 'invalid', 'explain:occlusion.cls: expected −1 (the predicted class) or a class 0..9, got 10'],
      [{ cls: -2 }, 'invalid', 'explain:occlusion.cls: expected −1 (the predicted class) or a class 0..9, got -2'],
      [{ size: 9 }, 'invalid', 'explain:occlusion.size: expected a whole number from 4 to 8, got 9'],
      [{ stride: 0 }, 'invalid', 'explain:occlusion.stride: expected a whole number from 1 to 4, got 0'],
      [{ model: 'm7' }, 'not-found', 'no model "m7" (the session has m1)'],
      [{ input: [...input.slice(1), 'x'] }, 'bad-command', 'explain:occlusion.input[63]: expected a finite number, got "x"'],
    ];
    for (const [fields, code, message] of bad) {
      const n = posted.length;
      s.handle({ type: 'explain:occlusion', id: 6, model: 'm1', input, cls: -1, size: 4, stride: 2, ...fields });
      expect(posted.slice(n)).toEqual([{ type: 'error', code, id: 6, command: 'explain:occlusion', message }]);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(posted.some((e) => e.type === 'eval:progress')).toBe(false);
  });
});

describe('explain:top-patches', () => {
  test('answers the core function\'s patches over the test set with the model\'s steps; progress per 100 images', async () => {
    const { s, posted, answer, copy } = await session();
    s.handle({ type: 'explain:top-patches', id: 2, model: 'm1', layer: 0, channel: 3, count: 6 });
    const e = await answer(2);
    expect(e.type).toBe('top-patches');
    if (e.type !== 'top-patches') return;
    const want = topPatches(copy(), data.test, 0, 3, 6)!;
    expect([e.model, e.layer, e.channel, e.field, e.steps]).toEqual(['m1', 0, 3, 3, 0]);
    expect(e.patches).toEqual(want.patches.map((p) => ({ ...p, pixels: Array.from(p.pixels) })));
    expect(e.average).toEqual(Array.from(want.average));
    const progress = posted.filter((x) => x.type === 'eval:progress');
    expect(progress.map((p) => p.type === 'eval:progress' && [p.request, p.done, p.total])).toEqual([[2, 100, 250], [2, 200, 250], [2, 250, 250]]);
  });

  test('layer, channel and count are checked; a model without conv layers is told so', async () => {
    const { s, posted } = await session();
    const bad: [Record<string, unknown>, string][] = [
      [{ layer: 1 }, 'explain:top-patches: layer 1 is relu, not a conv layer (conv layers: 0)'],
      [{ layer: 12 }, 'explain:top-patches: layer 12 is not a layer of model "tiny", not a conv layer (conv layers: 0)'],
      [{ channel: 4 }, 'explain:top-patches.channel: channel 4 is outside 0..3 of layer 0'],
      [{ count: 0 }, 'explain:top-patches.count: expected a whole number from 1 to 64, got 0'],
      [{ count: 65 }, 'explain:top-patches.count: expected a whole number from 1 to 64, got 65'],
    ];
    for (const [fields, message] of bad) {
      s.handle({ type: 'explain:top-patches', id: 3, model: 'm1', layer: 0, channel: 0, count: 9, ...fields });
      expect(posted.at(-1)).toEqual({ type: 'error', code: 'invalid', id: 3, command: 'explain:top-patches', message });
    }
    s.handle({ type: 'model:set-spec', id: 4, model: 'm1', spec: { name: 'flat', input: [1, 8, 8], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] }, seed: 1 });
    s.handle({ type: 'explain:top-patches', id: 5, model: 'm1', layer: 0, channel: 0, count: 9 });
    expect(posted.at(-1)).toMatchObject({ type: 'error', code: 'invalid', message: 'explain:top-patches: model "flat" has no conv layer; saliency and occlusion still work' });
  });

  test('before the data set has loaded: the data code', () => {
    const posted: SessionEvent[] = [];
    const s = new TrainingSession({ loadData: () => new Promise(() => {}), post: (e) => posted.push(e) });
    s.handle({ type: 'explain:top-patches', id: 1, model: 'm1', layer: 0, channel: 0, count: 9 });
    expect(posted.at(-1)).toMatchObject({ type: 'error', code: 'data', id: 1, message: 'the data set is still loading' });
  });
});

describe('explain:cancel, replacing the model, steps and training', () => {
  test('explain:cancel answers done; the request is answered cancelled with no further progress; unknown ids are fine', async () => {
    const { s, posted, answer } = await session();
    s.handle({ type: 'explain:top-patches', id: 2, model: 'm1', layer: 0, channel: 0, count: 9 });
    s.handle({ type: 'explain:cancel', id: 3, request: 2 });
    expect(posted.at(-1)).toEqual({ type: 'done', id: 3 });
    expect(await answer(2)).toEqual({ type: 'error', code: 'cancelled', id: 2, command: 'explain:top-patches', message: 'explain:top-patches: cancelled (explain:cancel (request 3))' });
    expect(posted.filter((e) => e.type === 'eval:progress').map((e) => e.type === 'eval:progress' && e.done)).toEqual([100]);
    s.handle({ type: 'explain:cancel', id: 4, request: 2 });
    s.handle({ type: 'explain:cancel', id: 5, request: 99 });
    expect(posted.slice(-2)).toEqual([{ type: 'done', id: 4 }, { type: 'done', id: 5 }]);
  });

  test('replacing or deleting the model cancels its requests', async () => {
    const { s, answer } = await session();
    s.handle({ type: 'explain:top-patches', id: 2, model: 'm1', layer: 0, channel: 0, count: 9 });
    s.handle({ type: 'model:set-spec', id: 3, model: 'm1', spec: tinySpec, seed: 5 });
    expect(await answer(2)).toMatchObject({ code: 'cancelled', message: 'explain:top-patches: cancelled (model m1 was replaced)' });
    s.handle({ type: 'model:create', id: 4, spec: tinySpec, seed: 1 });
    s.handle({ type: 'explain:top-patches', id: 5, model: 'm2', layer: 0, channel: 0, count: 9 });
    s.handle({ type: 'model:delete', id: 6, model: 'm2' });
    expect(await answer(5)).toMatchObject({ code: 'cancelled', message: 'explain:top-patches: cancelled (model m2 was deleted)' });
  });

  test('steps count training batches, reset when the model is replaced; explaining goes on while it trains, on the weights it was asked with', async () => {
    const { s, posted, answer, copy, steps } = await session();
    expect(steps()).toBe(0);
    s.handle({ type: 'train:start', id: 2, model: 'm1', config: { epochs: 1, batchSize: 4, trainSize: 64 } });
    for (let t = 0; t < 2000 && !posted.some((e) => e.type === 'state' && e.state === 'done'); t++) await new Promise((r) => setTimeout(r, 5));
    expect(steps()).toBe(16);
    s.handle({ type: 'train:start', id: 3, model: 'm1', config: { epochs: 30, batchSize: 4, trainSize: 64 } });
    for (let t = 0; t < 2000 && steps() < 20; t++) await new Promise((r) => setTimeout(r, 5));
    const before = copy();
    const at = steps();
    s.handle({ type: 'explain:top-patches', id: 4, model: 'm1', layer: 0, channel: 2, count: 4 });
    s.handle({ type: 'explain:occlusion', id: 5, model: 'm1', input, cls: 1, size: 4, stride: 1 });
    const e = await answer(4);
    const o = await answer(5);
    expect(steps()).toBeGreaterThan(at); // training went on
    expect(e.type === 'top-patches' && [e.steps, e.patches.map((p) => p.index)]).toEqual([at, topPatches(before, data.test, 0, 2, 4)!.patches.map((p) => p.index)]);
    expect(o.type === 'occlusion' && o.map).toEqual(Array.from(occlusion(before, Float32Array.from(input), 1, { size: 4, stride: 1 })!.map));
    s.handle({ type: 'train:stop', id: 6, run: 'r2' });
    for (let t = 0; t < 2000 && !posted.some((x) => x.type === 'state' && x.state === 'stopped'); t++) await new Promise((r) => setTimeout(r, 5));
    s.handle({ type: 'model:reset', id: 7, model: 'm1' });
    expect(posted.at(-1)).toMatchObject({ type: 'model', model: { steps: 0 } });
    expect(steps()).toBe(0);
  });
});
