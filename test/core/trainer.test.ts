// Trainer: event shapes and order, pause/resume/stop and hold between batches, diverged runs, the engine and the ETA
// (the config's checks and schedule: train-config.test.ts).
import { describe, expect, test } from 'vitest';
import type { Dataset } from '../../core/data/mnist.js';
import { Model } from '../../core/model.js';
import { Trainer, evaluate, type TrainEvent } from '../../core/train/trainer.js';
import { DEFAULT_CONFIG, learningRateAt, type TrainConfig } from '../../core/train/config.js';
import { syntheticDataset, tinySpec } from './helpers/synthetic.js';

const train = syntheticDataset(200, 1);
const test10 = syntheticDataset(50, 2);
const config = (over: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_CONFIG, epochs: 2, batchSize: 16, lr: 0.01, trainSize: 64, ...over });

type OnEvent = (e: TrainEvent, t: Trainer, events: TrainEvent[]) => void;

function run(over: Partial<TrainConfig>, onEvent: OnEvent = () => {}, data: Dataset = train, model = new Model(tinySpec, 3)) {
  const events: TrainEvent[] = [];
  const trainer: Trainer = new Trainer(model, data, test10, config(over), (e) => {
    events.push(e);
    onEvent(e, trainer, events);
  });
  return { trainer, events, model, done: trainer.run() };
}

const snapshot = (m: Model) => m.getWeights().map((w) => Array.from(w.data));

describe('events', () => {
  test('running, batches per epoch, an epoch summary each epoch, then done', async () => {
    const { events, done, trainer } = run({ epochs: 2, trainSize: 64, batchSize: 16, schedule: 'exponential', lrDecay: 0.5, lr: 0.01 });
    expect(await done).toBe('done');
    expect(events.map((e) => (e.type === 'state' ? e.state : e.type === 'batch' ? `b${e.epoch}.${e.batch}` : `epoch${e.epoch}`))).toEqual([
      'running', 'b0.0', 'b0.1', 'b0.2', 'b0.3', 'epoch0', 'b1.0', 'b1.1', 'b1.2', 'b1.3', 'epoch1', 'done',
    ]);
    for (const e of events) {
      if (e.type === 'batch') {
        expect(e.batches).toBe(4);
        expect(Number.isFinite(e.loss) && e.loss > 0).toBe(true);
        expect(e.accuracy).toBeGreaterThanOrEqual(0);
        expect(e.accuracy).toBeLessThanOrEqual(1);
        expect(e.imagesPerSec).toBeGreaterThan(0);
        expect(e.eta).toBeGreaterThanOrEqual(0);
      }
      if (e.type === 'epoch') {
        expect(e.epochs).toBe(2);
        expect(e.confusion).toHaveLength(100);
        expect(e.confusion.reduce((a, b) => a + b, 0)).toBe(50);
        expect(e.perClassAccuracy).toHaveLength(10);
        expect(e.predictions).toHaveLength(50);
        expect(e.testAccuracy).toBe(e.confusion.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0) / 50);
        expect(Number.isFinite(e.trainLoss) && Number.isFinite(e.testLoss) && e.seconds >= 0).toBe(true);
      }
    }
    // the last batch's ETA is the final evaluation still ahead: one epoch's measured evaluation time
    const last = events.filter((e) => e.type === 'batch').at(-1)!;
    const firstEval = events.find((e) => e.type === 'epoch')!;
    expect(last.type === 'batch' && last.eta).toBeLessThanOrEqual(firstEval.type === 'epoch' ? firstEval.seconds + 1 : 0);
    // smooth per-batch decay: the last step (epoch 1, batch 3 of 4) used lr · 0.5^(1 + 3/4)
    expect(trainer.optimizer.lr).toBeCloseTo(0.01 * 0.5 ** 1.75, 10);
  });

  test('label smoothing changes the steps, not the loss reported: the first batch (same weights) reports the same plain cross-entropy', async () => {
    const losses = async (labelSmoothing: number) => {
      const { events, done, model } = run({ epochs: 1, labelSmoothing });
      expect(await done).toBe('done');
      return { loss: events.flatMap((e) => (e.type === 'batch' ? [e.loss] : [])), weights: snapshot(model) };
    };
    const [plain, smooth] = [await losses(0), await losses(0.3)];
    expect(smooth.loss[0]).toBe(plain.loss[0]);
    expect(smooth.loss[1]).not.toBe(plain.loss[1]);
    expect(smooth.weights).not.toEqual(plain.weights);
  });

  test("the default schedule, warm-up then linear: each step's rate is learningRateAt's, from lr/10 up to lr, then down to near 0", async () => {
    const rates: number[] = [];
    const { done, trainer } = run({ epochs: 2, trainSize: 160, batchSize: 16, lr: 0.01 }, (e, t) => {
      if (e.type === 'batch') rates.push(t.optimizer.lr);
    });
    expect(trainer.config.schedule).toBe('warmup-linear');
    expect(await done).toBe('done');
    // 2 epochs × 10 batches: step k (0-based) used the rate at k/10 epochs done, of 2
    expect(rates).toHaveLength(20);
    rates.forEach((r, k) => expect(r).toBeCloseTo(learningRateAt(trainer.config, 0.01, k / 10), 12));
    expect(rates[0]).toBeCloseTo(0.001, 12);
    expect(rates[2]).toBeCloseTo(0.01, 12); // 2 of 20 steps = the tenth of the run spent warming up
    expect(rates[19]).toBeCloseTo(0.01 / 18, 12); // the last step: (1 − 19/20) / 0.9 of the peak
  });

  test('the same seed gives the same run; a different seed a different one', async () => {
    const [a, b, c] = [run({ seed: 5 }), run({ seed: 5 }), run({ seed: 6 })];
    await Promise.all([a.done, b.done, c.done]);
    const l = (r: typeof a) => r.events.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));
    expect(l(a)).toEqual(l(b));
    expect(l(a)).not.toEqual(l(c));
  });

  test('training on the synthetic task learns it (test accuracy rises above 80 %)', async () => {
    const model = new Model(tinySpec, 3);
    const before = evaluate(model, test10).accuracy;
    const { done } = run({ epochs: 3, trainSize: 200, batchSize: 10, lr: 0.01, lrDecay: 1 }, undefined, train, model);
    expect(await done).toBe('done');
    expect(before).toBeLessThan(0.5);
    expect(evaluate(model, test10).accuracy).toBeGreaterThan(0.8);
  });
});

describe('pause, resume, stop (honoured between batches)', () => {
  test('pause after batch 1: no batch runs until resume; then stop after batch 3 ends the run', async () => {
    let resumeAt = -1;
    let pausedState = '';
    let eventsWhilePaused = -1;
    const { events, done } = run({ epochs: 2 }, (e, t, events) => {
      if (e.type === 'batch' && e.epoch === 0 && e.batch === 1) {
        resumeAt = events.length;
        t.pause();
        setTimeout(() => {
          pausedState = t.runState;
          eventsWhilePaused = events.length - resumeAt; // only the 'paused' state event should arrive meanwhile
          t.resume();
        }, 50);
      }
      if (e.type === 'batch' && e.epoch === 0 && e.batch === 3) t.stop();
    });
    expect(await done).toBe('stopped');
    const tags = events.map((e) => (e.type === 'state' ? e.state : e.type === 'batch' ? `b${e.batch}` : e.type));
    expect(tags).toEqual(['running', 'b0', 'b1', 'paused', 'running', 'b2', 'b3', 'stopped']);
    expect([pausedState, eventsWhilePaused]).toEqual(['paused', 1]);
  });

  test('stop while paused ends the run without another batch', async () => {
    const { events, done } = run({}, (e, t) => {
      if (e.type === 'batch' && e.batch === 0) {
        t.pause();
        setTimeout(() => t.stop(), 20);
      }
    });
    expect(await done).toBe('stopped');
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'state', state: 'stopped' });
  });

  test('setLearningRate changes the optimizer rate mid-run', async () => {
    const { trainer, done } = run({ epochs: 1, schedule: 'exponential', lrDecay: 1 }, (e, t) => {
      if (e.type === 'batch' && e.batch === 0) t.setLearningRate(0.123);
    });
    await done;
    expect(trainer.optimizer.lr).toBe(0.123);
  });
});

describe('hold (the user draws): the run waits between batches, its state stays running', () => {
  const batchTimes = (events: { e: TrainEvent; at: number }[]) => events.filter((x) => x.e.type === 'batch').map((x) => x.at);

  test('a hold of 80 ms after batch 0: the next batch starts after it, no state event; the held time is in no speed', async () => {
    const seen: { e: TrainEvent; at: number }[] = [];
    const { done, events } = run({ epochs: 1 }, (e, t) => {
      seen.push({ e, at: performance.now() });
      if (e.type === 'batch' && e.batch === 0) t.hold(80);
    });
    expect(await done).toBe('done');
    const [b0, b1] = batchTimes(seen);
    expect(b1 - b0).toBeGreaterThanOrEqual(78);
    expect(events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state)).toEqual(['running', 'done']);
    // 4 batches of 16 tiny images: far faster than 16 images per 80 ms if the hold were counted
    const last = events.filter((e) => e.type === 'batch').at(-1) as { imagesPerSec: number; imagesPerSecNow: number };
    expect(last.imagesPerSec).toBeGreaterThan(4 * 16 / 0.08);
    expect(last.imagesPerSecNow).toBeGreaterThan(4 * 16 / 0.08);
  });

  test('hold(0) ends a hold early; a renewed hold extends it', async () => {
    const seen: { e: TrainEvent; at: number }[] = [];
    const { done } = run({ epochs: 1 }, (e, t) => {
      seen.push({ e, at: performance.now() });
      if (e.type !== 'batch') return;
      if (e.batch === 0) {
        t.hold(10_000);
        setTimeout(() => t.hold(0), 30);
      }
      if (e.batch === 1) {
        t.hold(40);
        setTimeout(() => t.hold(60), 20); // now until 80 ms after batch 1
      }
    });
    expect(await done).toBe('done');
    const [b0, b1, b2] = batchTimes(seen);
    expect(b1 - b0).toBeGreaterThanOrEqual(28);
    expect(b1 - b0).toBeLessThan(1000);
    expect(b2 - b1).toBeGreaterThanOrEqual(78);
  });

  test('stop during a hold ends the run at once, without another batch', async () => {
    const t0 = performance.now();
    const { events, done } = run({}, (e, t) => {
      if (e.type === 'batch' && e.batch === 0) {
        t.hold(10_000);
        setTimeout(() => t.stop(), 20);
      }
    });
    expect(await done).toBe('stopped');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(1);
  });
});

/** Every weight's float32 bytes, for byte-for-byte comparisons (NaN included). */
const bytes = (m: Model) => m.getWeights().map((w) => Array.from(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength)));

describe('diverged runs pause with a message and keep the weights from before the bad step', () => {
  test('a NaN weight appearing after batch 2 → paused at batch 4 (not failed), weights byte for byte those before step 3; stop keeps them', async () => {
    const snaps: number[][][] = [];
    let paused: TrainEvent | null = null;
    const { events, done, model, trainer } = run({ epochs: 1 }, (e, t) => {
      if (e.type === 'batch') {
        snaps.push(bytes(t.model));
        if (e.batch === 2) t.model.params[2].value.data[0] = Number.NaN; // poison the dense layer
      }
      if (e.type === 'state' && e.state === 'paused') {
        paused = e;
        setTimeout(() => t.stop(), 0);
      }
    });
    expect(await done).toBe('stopped');
    expect(paused).toEqual({ type: 'state', state: 'paused', message: 'the loss became NaN at epoch 1, batch 4; training paused with the weights from before the step that caused it. Lower the learning rate, then resume (or stop).' });
    expect(events.some((e) => e.type === 'state' && e.state === 'failed')).toBe(false);
    expect(events.some((e) => e.type === 'epoch')).toBe(false);
    // Batch 4 (1-based) had a NaN loss with the weights step 3 made; step 3 started from the weights batch 2's event saw.
    expect(bytes(model)).toEqual(snaps[1]);
    expect(model.getWeights().every((w) => w.data.every(Number.isFinite))).toBe(true);
    expect(trainer.runState).toBe('stopped');
  });

  test('a NaN loss again on the retry after resume: still the same finite weights from before the step that caused it', async () => {
    const snaps: number[][][] = [];
    let pauses = 0;
    const { done, model } = run({ epochs: 1 }, (e, t) => {
      if (e.type === 'batch') {
        snaps.push(bytes(t.model));
        if (e.batch === 2) t.model.params[2].value.data[0] = Number.NaN;
      }
      if (e.type === 'state' && e.state === 'paused' && ++pauses === 1) {
        t.model.params[2].value.data[1] = Number.NaN; // poisoned again while paused: the retry fails too
        setTimeout(() => t.resume(), 0);
      } else if (e.type === 'state' && e.state === 'paused') setTimeout(() => t.stop(), 0);
    });
    expect(await done).toBe('stopped');
    expect(pauses).toBe(2);
    expect(bytes(model)).toEqual(snaps[1]);
  });

  test('a NaN pixel hidden by ReLU poisons the conv gradient: paused, weights byte for byte as before that step', async () => {
    const images = Float32Array.from(train.images);
    images.fill(Number.NaN, 5 * 64, 6 * 64); // example 5
    const poisoned = { ...train, images } as unknown as Dataset;
    const snaps: number[][][] = [];
    const model = new Model(tinySpec, 3);
    snaps.push(bytes(model));
    let message = '';
    const { done } = run({ epochs: 1, trainSize: 64 }, (e, t) => {
      if (e.type === 'batch') snaps.push(bytes(t.model));
      if (e.type === 'state' && e.state === 'paused') [message] = [e.message ?? '', t.stop()];
    }, poisoned, model);
    expect(await done).toBe('stopped');
    expect(message).toMatch(/^the weights became non-finite \(NaN or infinite gradient\) at epoch 1, batch \d; training paused with the weights from before the step that caused it/);
    const failedBatch = Number(/batch (\d)/.exec(message)![1]);
    expect(bytes(model)).toEqual(snaps[failedBatch - 1]); // the weights before the failing batch's update
  });

  test('SGD at lr 10 (allowed): paused, the kept weights finite with finite outputs; at a lower rate the run then resumes to done', async () => {
    const model = new Model(tinySpec, 3);
    const snaps: number[][][] = [bytes(model)];
    let message = '';
    const { done, events } = run({ optimizer: 'sgd', lr: 10, schedule: 'exponential', momentum: 0.9, epochs: 1, trainSize: 160, batchSize: 4 }, (e, t) => {
      if (e.type === 'batch') snaps.push(bytes(t.model));
      if (e.type === 'state' && e.state === 'paused' && e.message) {
        message = e.message;
        // batch b's loss blew up with the weights step b−1 made: the kept ones are those before it, byte for byte
        expect(bytes(t.model)).toEqual(snaps[snaps.length - 2]);
        // finite weights that give finite outputs for any image in [0, 1]
        expect(t.model.outputBound()).toBeLessThanOrEqual(1e38);
        expect(Number.isFinite(evaluate(t.model, test10).loss)).toBe(true);
        t.setLearningRate(0.01);
        setTimeout(() => t.resume(), 0);
      }
    }, train, model);
    expect(await done).toBe('done');
    expect(message).toMatch(/^the loss jumped to \S+ \(over 100\) at epoch 1, batch \d+; training paused/);
    const pausedAt = events.findIndex((e) => e.type === 'state' && e.state === 'paused');
    expect(events[pausedAt + 1]).toEqual({ type: 'state', state: 'running' });
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(40); // the paused batch was retried: all 160/4 ran
    expect(Number.isFinite(evaluate(model, test10).loss)).toBe(true);
  });

  test('Adam at lr 10: the real loss (no clamp) trips the guard instead of a run that ends "done" at chance', async () => {
    let message = '';
    const { done } = run({ optimizer: 'adam', lr: 10, schedule: 'exponential', epochs: 1, trainSize: 160, batchSize: 16 }, (e, t) => {
      if (e.type === 'state' && e.state === 'paused') [message] = [e.message ?? '', t.stop()];
    });
    expect(await done).toBe('stopped');
    expect(message).toMatch(/^the loss jumped to \S+ \(over 100\) at epoch 1, batch \d+; training paused/);
  });

  test("divergence 'fail' (headless runs) ends the run as failed with the same weights kept", async () => {
    const snaps: number[][][] = [];
    const { events, done, model, trainer } = run({ epochs: 1 }, (e, t) => {
      if (e.type !== 'batch') return;
      snaps.push(bytes(t.model));
      if (e.batch === 2) t.model.params[2].value.data[0] = Number.NaN;
    });
    trainer.divergence = 'fail';
    expect(await done).toBe('failed');
    expect(events.at(-1)).toEqual({ type: 'state', state: 'failed', message: 'the loss became NaN at epoch 1, batch 4; training stopped with the weights from before the step that caused it. Try a smaller learning rate.' });
    expect(bytes(model)).toEqual(snaps[1]);
  });
});

describe('errors inside the loop', () => {
  test('a model whose input does not fit the data ends in failed (the promise resolves), weights unchanged', async () => {
    const model = new Model({ ...tinySpec, input: [1, 6, 6] }, 3);
    const before = snapshot(model);
    const { events, done } = run({ epochs: 1 }, undefined, train, model);
    expect(await done).toBe('failed');
    expect(events.at(-1)).toEqual({ type: 'state', state: 'failed', message: 'training failed: model.forward: input must be [N,1,6,6], got [16,1,8,8]' });
    expect(snapshot(model)).toEqual(before);
  });
});

describe('the engine', () => {
  test('an engine with trainStep takes whole steps (zeroGrad, loss, update) and the run matches the three calls', async () => {
    const plain = new Model(tinySpec, 3);
    await new Trainer(plain, train, test10, config(), () => {}).run();
    const model = new Model(tinySpec, 3);
    let steps = 0;
    const engine = {
      lossAndGrad: () => {
        throw new Error('the trainer should take whole steps');
      },
      infer: (x: Parameters<Model['infer']>[0]) => model.infer(x),
      trainStep: (x: Parameters<Model['infer']>[0], labels: Uint8Array, opt: Trainer['optimizer']) => {
        steps++;
        opt.zeroGrad();
        const r = model.lossAndGrad(x, labels);
        opt.step();
        return r;
      },
    };
    expect(await new Trainer(model, train, test10, config(), () => {}, engine).run()).toBe('done');
    expect(steps).toBe(8);
    expect(snapshot(model)).toEqual(snapshot(plain));
  });
});

describe('ETA', () => {
  test('with a fake clock it is within 20 % of the real remaining time once 10 % of the run has passed (evaluations counted, a pause left out)', async () => {
    // a fake clock: each training image costs 1 ms, each test image 0.4 ms (a forward pass); a 500 ms pause after batch 4
    let t = 0;
    const model = new Model(tinySpec, 3);
    const engine = {
      lossAndGrad: (x: Parameters<Model['lossAndGrad']>[0], labels: Uint8Array) => ((t += x.shape[0]), model.lossAndGrad(x, labels)),
      infer: (x: Parameters<Model['infer']>[0]) => ((t += 0.4 * x.shape[0]), model.infer(x)),
    };
    const PAUSE = 500;
    let pausedAt = -1;
    const stamps: { at: number; eta: number }[] = [];
    let trainer!: Trainer;
    trainer = new Trainer(model, train, syntheticDataset(100, 2), config({ epochs: 2, batchSize: 16, trainSize: 160 }), (e) => {
      if (e.type !== 'batch') return;
      stamps.push({ at: t, eta: e.eta });
      if (e.epoch === 0 && e.batch === 4) {
        pausedAt = t;
        trainer.pause();
        // the pause's time passes while the trainer waits in it (after its yield to the event loop)
        setTimeout(() => setTimeout(() => ((t += PAUSE), trainer.resume()), 0), 0);
      }
    }, engine, () => t);
    expect(await trainer.run()).toBe('done');
    // active time: 2 × (160 training images at 1 ms + 100 test images at 0.4 ms) = 400 ms, plus the pause
    expect(t).toBe(400 + PAUSE);
    const active = (at: number) => (at > pausedAt ? at - PAUSE : at);
    let checked = 0;
    for (const s of stamps) {
      const real = (400 - active(s.at)) / 1000;
      if (active(s.at) < 40) continue;
      expect(Math.abs(s.eta - real), `at ${s.at} ms: ETA ${s.eta.toFixed(3)} s, real ${real.toFixed(3)} s`).toBeLessThanOrEqual(0.2 * real + 1e-9);
      checked++;
    }
    expect(checked).toBe(18);
  });

  test('the old estimate (training images only) would have been off by more than 20 % here', () => {
    // at 10 % of the same run (40 ms, after batch 2): 17 batches × 16 ms left, two 40 ms evaluations not counted
    const real = 400 - 48;
    const old = 17 * 16;
    expect(Math.abs(old - real) / real).toBeGreaterThan(0.2);
  });
});
