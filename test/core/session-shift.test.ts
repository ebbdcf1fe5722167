// eval:shift through the session: the sweep's shape, its progress events, its (0, 0) point against a plain
// evaluation, the checks on its numbers, and a model that is training or being swept is left alone.
import { describe, expect, test } from 'vitest';
import { subset, type DataSplits } from '../../core/data/mnist.js';
import { Model } from '../../core/model.js';
import type { SessionEvent } from '../../core/protocol.js';
import { TrainingSession } from '../../core/session/session.js';
import { evaluate } from '../../core/train/trainer.js';
import { syntheticDataset, tinySpec } from './helpers/synthetic.js';

const data: DataSplits = { train: syntheticDataset(64, 1), test: syntheticDataset(40, 2) };

async function session(): Promise<{ s: TrainingSession; posted: SessionEvent[]; answer: (id: number) => Promise<SessionEvent> }> {
  const posted: SessionEvent[] = [];
  const s = new TrainingSession({ loadData: async () => data, post: (e) => posted.push(e) });
  await s.init();
  s.handle({ type: 'model:set-spec', id: 1, model: 'm1', spec: tinySpec, seed: 4 });
  const answer = async (id: number) => {
    for (let t = 0; t < 2000; t++) {
      const e = posted.find((x) => 'id' in x && x.id === id);
      if (e) return e;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no answer to ${id}`);
  };
  return { s, posted, answer };
}

describe('eval:shift', () => {
  test('axis sweep, grid and random shift, with one progress event per step; (0, 0) is the plain test accuracy', async () => {
    const { s, posted, answer } = await session();
    s.handle({ type: 'eval:shift', id: 2, model: 'm1', maxShift: 2, grid: true, randomK: 1, testSize: 30 });
    const e = await answer(2);
    expect(e.type).toBe('shift');
    if (e.type !== 'shift') return;
    expect([e.model, e.testSize, e.maxShift]).toEqual(['m1', 30, 2]);
    expect(e.axis.map((p) => [p.dx, p.dy])).toEqual([[-2, 0], [-1, 0], [0, 0], [1, 0], [2, 0], [0, -2], [0, -1], [0, 1], [0, 2]]);
    expect(e.grid).toHaveLength(25);
    expect(e.random?.k).toBe(1);
    for (const p of [...e.axis, ...e.grid!]) expect(p.accuracy).toBeGreaterThanOrEqual(0);
    const progress = posted.filter((x) => x.type === 'eval:progress');
    expect(progress.map((x) => (x.type === 'eval:progress' ? x.done : 0))).toEqual(Array.from({ length: 9 + 25 + 1 }, (_, i) => i + 1));
    expect(progress[0]).toMatchObject({ request: 2, model: 'm1', total: 35 });
    // the session's model with the same weights, evaluated on the same 30 unshifted images
    s.handle({ type: 'weights:get', id: 3, model: 'm1' });
    const w = await answer(3);
    const m = new Model(tinySpec);
    if (w.type === 'weights') m.setWeights(w.weights);
    expect(e.axis[2].accuracy).toBe(evaluate(m, subset(data.test, 30)).accuracy);
  });

  test('bad numbers are refused naming the field; a model in training or under a sweep is busy', async () => {
    const { s, posted, answer } = await session();
    s.handle({ type: 'eval:shift', id: 4, model: 'm1', maxShift: 8, grid: false, randomK: 0, testSize: 10 });
    expect(await answer(4)).toMatchObject({ type: 'error', code: 'invalid', message: 'eval:shift.maxShift: expected 0 to 7 pixels, got 8' });
    s.handle({ type: 'eval:shift', id: 5, model: 'm1', maxShift: 2, grid: false, randomK: 3, testSize: 10 });
    expect(await answer(5)).toMatchObject({ type: 'error', message: 'eval:shift.randomK: expected 0 to maxShift (2), got 3' });
    s.handle({ type: 'eval:shift', id: 6, model: 'm1', maxShift: 2, grid: false, randomK: 0, testSize: 0 });
    expect(await answer(6)).toMatchObject({ type: 'error', message: 'eval:shift.testSize: expected a whole number ≥ 1, got 0' });
    s.handle({ type: 'eval:shift', id: 7, model: 'm1', maxShift: 3, grid: true, randomK: 0, testSize: 40 });
    s.handle({ type: 'train:start', id: 8, model: 'm1', config: {} });
    expect(await answer(8)).toMatchObject({ type: 'error', code: 'busy', message: 'cannot start training while its shift test runs; wait for it' });
    expect((await answer(7)).type).toBe('shift');
    s.handle({ type: 'train:start', id: 9, model: 'm1', config: { epochs: 50, trainSize: 64, batchSize: 4 } });
    expect((await answer(9)).type).toBe('run');
    s.handle({ type: 'eval:shift', id: 10, model: 'm1', maxShift: 1, grid: false, randomK: 0, testSize: 10 });
    expect(await answer(10)).toMatchObject({ type: 'error', code: 'busy', message: 'cannot run the shift test while training runs; wait until the run ends' });
    s.handle({ type: 'train:stop', id: 11, run: 'r1' });
    expect(posted.some((e) => e.type === 'eval:progress' && e.request === 10)).toBe(false);
  });

  test('train:start refuses an epoch estimated to take over the limit, with the limit code', async () => {
    const posted: SessionEvent[] = [];
    const s = new TrainingSession({ loadData: async () => ({ train: syntheticDataset(60_000, 1), test: data.test }), post: (e) => posted.push(e) });
    await s.init();
    // 411 M multiply-adds per 8×8 image: within the per-image budget, but 60 000 of them take about 2 h here
    const big = { name: 'big', input: [1, 8, 8], layers: [{ type: 'conv2d', filters: 256, kernel: 3, padding: 'same' }, { type: 'conv2d', filters: 512, kernel: 7, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 10 }] };
    s.handle({ type: 'model:set-spec', id: 12, model: 'm1', spec: big, seed: 1 });
    expect(posted.at(-1)?.type).toBe('model');
    s.handle({ type: 'train:start', id: 13, model: 'm1', config: { trainSize: 60_000 } });
    expect(posted.at(-1)).toMatchObject({ type: 'error', code: 'limit', message: expect.stringMatching(/^train:start: one epoch of 60,000 images would take about 12\d min here \(the limit is 60 min\); use fewer training images or a smaller model$/) });
    s.handle({ type: 'train:start', id: 14, model: 'm1', config: { trainSize: 64, epochs: 1 } });
    expect(posted.at(-1)).toMatchObject({ type: 'run', id: 14 });
    s.handle({ type: 'train:stop', id: 15, run: 'r1' });
  });
});
