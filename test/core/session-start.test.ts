// startSession: the one start-up both workers use. The default-model fallback happens once, in the session, and
// every start-up problem is reported with its code (never recognised by its wording) and kept for session:describe.
import { describe, expect, test } from 'vitest';
import type { DataSplits } from '../../core/data/mnist.js';
import { ReplicaPool } from '../../core/kernels/parallel.js';
import { Model } from '../../core/model.js';
import { serializeModel } from '../../core/model-file.js';
import { preset } from '../../core/presets.js';
import type { SessionEvent } from '../../core/protocol.js';
import { startSession, type SessionHost } from '../../core/session/start.js';
import { syntheticDataset } from './helpers/synthetic.js';

const data: DataSplits = { train: syntheticDataset(32, 1), test: syntheticDataset(10, 2) };

function start(host: Partial<SessionHost>): { posted: SessionEvent[]; describe: () => Extract<SessionEvent, { type: 'session' }> } {
  const posted: SessionEvent[] = [];
  const session = startSession({ post: (e) => posted.push(e), loadData: async () => data, ...host });
  return {
    posted,
    describe: () => {
      session.handle({ type: 'session:describe', id: 99 });
      const e = posted.at(-1)!;
      if (e.type !== 'session') throw new Error(`expected session, got ${e.type}`);
      return e;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('startSession', () => {
  test('with a default model and data: ready, the model from the file, no problems', async () => {
    const text = serializeModel(new Model(preset('mlp'), 4), { name: 'bundled', createdAt: '2026-01-01T00:00:00Z', epochs: 3, testAccuracy: 0.97, seed: 4 });
    const s = start({ defaultModel: () => text });
    await settle();
    expect(s.posted.map((e) => e.type)).toEqual(['ready']);
    const d = s.describe();
    expect([d.models[0].meta.name, d.problems, d.data?.input]).toEqual(['bundled', [], [1, 8, 8]]);
  });

  test('a default model that cannot be read (bad text, or the host failing to read it): one default-model problem, an untrained cnn', async () => {
    for (const host of [{ defaultModel: () => 'not json' }, { defaultModel: (): string => { throw new Error('EACCES: /app/default-cnn.json'); } }]) {
      const s = start(host);
      await settle();
      const problems = s.posted.filter((e) => e.type === 'error');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'default-model', message: expect.stringMatching(/^the bundled default model cannot be read \(.+\); starting from an untrained cnn$/) });
      const d = s.describe();
      expect([d.models[0].spec.name, d.models[0].meta.epochs, d.problems.map((p) => p.code)]).toEqual(['cnn', 0, ['default-model']]);
    }
  });

  test('a host\'s replica pool: the default thread count minus one starts once the data is in, not before', async () => {
    let started = 0;
    const pool = new ReplicaPool(() => {
      started++;
      return { postMessage: () => undefined, onMessage: () => undefined, terminate: () => undefined };
    });
    const s = start({ replicas: { pool, threads: 3 } });
    expect([started, s.posted.length]).toEqual([0, 0]);
    await settle();
    expect(s.posted.map((e) => e.type)).toEqual(['ready']);
    expect([started, pool.idleCount]).toEqual([2, 2]);
    pool.dispose();
  });

  test('no default model: an untrained cnn, no problem', async () => {
    const s = start({});
    await settle();
    expect(s.describe().models[0].meta).toMatchObject({ name: 'cnn', epochs: 0 });
    expect(s.describe().problems).toEqual([]);
  });

  test('data that fails to load: a data problem with the loader\'s message; the model still answers', async () => {
    const s = start({ loadData: () => Promise.reject(new Error('MNIST: could not load train-images-idx3-ubyte (404 Not Found)')) });
    await settle();
    expect(s.posted).toEqual([{ type: 'error', code: 'data', message: 'MNIST: could not load train-images-idx3-ubyte (404 Not Found)' }]);
    const d = s.describe();
    expect([d.data, d.problems.map((p) => p.code), d.models.length]).toEqual([null, ['data'], 1]);
  });
});
