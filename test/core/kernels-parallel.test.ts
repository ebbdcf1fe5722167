// Data-parallel training over real worker threads gives the same loss, accuracy count and gradients as one
// Model.lossAndGrad on the whole batch, also on fewer of its threads (use); forward matches Model.forward; inference,
// which the threads claim image range by image range (claimImages), gives Model.infer's floats; errors are clear.
import { afterAll, describe, expect, test, vi } from 'vitest';
import { nodeWorkerFactory } from '../../scripts/lib/node-threads.js';
import { DataParallel, ReplicaPool, threadsSupported, type WorkerFactory } from '../../core/kernels/parallel.js';
import { Model } from '../../core/model.js';
import { Adam, SGD, type Optimizer } from '../../core/optim.js';
import { preset } from '../../core/presets.js';
import type { ModelSpec } from '../../core/spec.js';
import { Rng } from '../../core/rng.js';
import { Tensor } from '../../core/tensor.js';
import { claimAt, claimImages, ctrlWords, type InitMessage } from '../../core/kernels/parallel-shared.js';
import { createWasmBackend } from '../../core/kernels/wasm.js';
import type { Dataset } from '../../core/data/mnist.js';
import { DEFAULT_CONFIG } from '../../core/train/config.js';
import { Trainer } from '../../core/train/trainer.js';
import { syntheticDataset, tinySpec } from './helpers/synthetic.js';

const engines: DataParallel[] = [];
afterAll(() => engines.forEach((e) => e.dispose()));

function batch(n: number, seed: number): { x: Tensor; labels: Uint8Array } {
  return batchOf(preset('cnn'), n, seed);
}

function batchOf(spec: ModelSpec, n: number, seed: number): { x: Tensor; labels: Uint8Array } {
  const rng = new Rng(seed);
  const x = new Tensor([n, ...spec.input]);
  for (let i = 0; i < x.size; i++) x.data[i] = rng.next();
  return { x, labels: Uint8Array.from({ length: n }, () => rng.int(10)) };
}

/** A cnn model with a DataParallel over `threads`, and a single-threaded twin with the same weights. */
async function twins(seed: number, threads: number, maxBatch: number): Promise<{ model: Model; single: Model; dp: DataParallel }> {
  const model = new Model(preset('cnn'), seed);
  const single = new Model(preset('cnn'), seed);
  const dp = await DataParallel.create(model, nodeWorkerFactory, { threads, maxBatch });
  engines.push(dp);
  return { model, single, dp };
}

/** A wasm cnn's DataParallel (weights from `seed`) gives one model's loss and gradients on an 8-image batch. */
function expectGradsOfOneModel(dp: DataParallel, seed: number): void {
  const single = new Model(preset('cnn'), seed, { backend: createWasmBackend()! });
  const { x, labels } = batch(8, seed + 3);
  dp.model.zeroGrad();
  single.zeroGrad();
  expect(dp.lossAndGrad(x, labels).loss).toBeCloseTo(single.lossAndGrad(x, labels).loss, 5);
  expectSameGrads(dp.model, single);
}

/** Every gradient of `model` equals `single`'s to 1e-4 of that parameter's largest gradient. */
function expectSameGrads(model: Model, single: Model): void {
  model.params.forEach((p, i) => {
    const q = single.params[i].grad.data;
    let scale = 1e-9;
    for (const v of q) scale = Math.max(scale, Math.abs(v));
    for (let j = 0; j < q.length; j++) expect(Math.abs(p.grad.data[j] - q[j]) / scale).toBeLessThan(1e-4);
  });
}

describe('claimImages (the counter inference threads take ranges of a batch from)', () => {
  test.each([
    [256, 2, 8],
    [256, 2, 2],
    [37, 3, 4],
    [5, 2, 8],
    [1, 3, 1],
  ])('n=%i, %i threads, unit %i: the ranges cover the batch once, in order, in whole units but the last, shrinking from half an even share', (n, threads, unit) => {
    const ctrl = new Int32Array(ctrlWords(threads));
    ctrl[claimAt(ctrl)] = 0;
    const claim = claimImages(ctrl, n, threads);
    const got: { start: number; count: number }[] = [];
    for (let r = claim(unit); r; r = claim(unit)) got.push(r);
    expect(got.reduce((at, r) => (expect(r.start).toBe(at), at + r.count), 0)).toBe(n);
    got.slice(0, -1).forEach((r) => expect(r.count % unit).toBe(0));
    expect(got[0].count).toBe(Math.min(n, unit * Math.max(1, Math.ceil(n / (2 * threads * unit)))));
    got.slice(1).forEach((r, i) => expect(r.count).toBeLessThanOrEqual(got[i].count));
    expect(claim(unit)).toBeNull();
  });
});

describe('DataParallel (2 and 3 threads, wasm backend in the workers)', () => {
  test('this Node has SharedArrayBuffer and Atomics', () => expect(threadsSupported()).toBe(true));

  test.each([
    [2, 32],
    [3, 7],
    [3, 2],
  ])('threads=%i batch=%i: loss, correct and every gradient match the single model', async (threads, n) => {
    const { model, single, dp } = await twins(4, threads, 64);
    const { x, labels } = batch(n, threads * 100 + n);
    model.zeroGrad();
    single.zeroGrad();
    const got = dp.lossAndGrad(x, labels);
    const want = single.lossAndGrad(x, labels);
    expect(got.loss).toBeCloseTo(want.loss, 5);
    expect(got.correct).toBe(want.correct);
    expect(got.probs.shape).toEqual([n, 10]);
    expectSameGrads(model, single);
    const logits = dp.infer(x);
    const ref = single.forward(x);
    for (let i = 0; i < ref.size; i++) expect(logits.data[i]).toBeCloseTo(ref.data[i], 4);
  });

  test('infer: the threads claim images of the batch as they go, and every logit is the float model.infer gives (a Winograd F(6×6) layer and the cnn; 1 image on 3 threads; fewer threads by use)', async () => {
    const k: ModelSpec = { name: 'k', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 8, kernel: 3 }, { type: 'relu' }, { type: 'conv2d', filters: 16, kernel: 3 }, { type: 'relu' }, { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 32 }, { type: 'relu' }, { type: 'dense', units: 10 }] };
    for (const spec of [k, preset('cnn')]) {
      const model = new Model(spec, 8, { backend: createWasmBackend()! });
      const single = new Model(spec, 8, { backend: createWasmBackend()! });
      const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 3, maxBatch: 200 });
      engines.push(dp);
      for (const [n, threads] of [[200, 3], [37, 3], [1, 3], [200, 2], [5, 1]]) {
        const { x } = batchOf(spec, n, n);
        expect(Array.from(dp.use(threads).infer(x).data), `${spec.name}: ${n} images on ${threads} threads`).toEqual(Array.from(single.infer(x).data));
      }
    }
  });

  test('use(k) splits the next batches over k threads (1: the calling thread alone) with the same results', async () => {
    const { model, single, dp } = await twins(5, 3, 16);
    const { x, labels } = batch(9, 7);
    single.zeroGrad();
    const want = single.lossAndGrad(x, labels);
    for (const k of [1, 2, 3, 0, 9]) {
      model.zeroGrad();
      const got = dp.use(k).lossAndGrad(x, labels);
      expect(got.loss).toBeCloseTo(want.loss, 5);
      expect(got.correct).toBe(want.correct);
      expectSameGrads(model, single);
    }
    expect(dp.threads).toBe(3);
  });

  test('label smoothing reaches every replica: gradients match the single model with the same ε, then without it again', async () => {
    const { model, single, dp } = await twins(8, 2, 16);
    const { x, labels } = batch(10, 9);
    for (const labelSmoothing of [0.2, 0]) {
      model.zeroGrad();
      single.zeroGrad();
      const got = dp.lossAndGrad(x, labels, { labelSmoothing });
      const want = single.lossAndGrad(x, labels, { labelSmoothing });
      expect(got.loss).toBeCloseTo(want.loss, 5);
      expectSameGrads(model, single);
    }
    // and the smoothed gradient differs from the plain one
    single.zeroGrad();
    single.lossAndGrad(x, labels);
    const plain = Float32Array.from(single.params[single.params.length - 1].grad.data);
    single.zeroGrad();
    single.lossAndGrad(x, labels, { labelSmoothing: 0.2 });
    const smooth = single.params[single.params.length - 1].grad.data;
    expect(Math.max(...plain.map((v, j) => Math.abs(v - smooth[j])))).toBeGreaterThan(1e-3);
  });

  // the step runs on every thread's range of the weights, with the optimizer's state moved into shared memory: the
  // same arithmetic as zeroGrad + lossAndGrad + step on the same threads, so the weights agree bit for bit
  test.each([
    ['SGD', (m: Model) => new SGD(m.params, 0.05, 0.9)],
    ['Adam', (m: Model) => new Adam(m.params, 0.01)],
  ] as const)('trainStep with %s: weights and results equal zeroGrad + lossAndGrad + step, also after use(k) and reset', async (_, make) => {
    const [model, other] = [new Model(preset('cnn'), 6), new Model(preset('cnn'), 6)];
    const [dp, ref] = await Promise.all([model, other].map((m) => DataParallel.create(m, nodeWorkerFactory, { threads: 3, maxBatch: 16 })));
    engines.push(dp, ref);
    const [opt, refOpt]: Optimizer[] = [make(model), make(other)];
    for (let step = 0; step < 6; step++) {
      const { x, labels } = batch(11, 50 + step);
      // fewer threads mid-run: other ranges, same results (2 and 1 replicas take the one-pass reduce and step)
      if (step === 2 || step === 3) [dp, ref].forEach((e) => e.use(step === 2 ? 2 : 1));
      if (step === 5) [dp, ref].forEach((e) => e.use(3));
      if (step === 4) [opt, refOpt].forEach((o) => o.reset()); // reset clears the shared state too
      opt.lr = refOpt.lr = 0.01 * (step + 1);
      const got = dp.trainStep(x, labels, opt);
      refOpt.zeroGrad();
      const want = ref.lossAndGrad(x, labels);
      refOpt.step();
      expect(got.loss).toBe(want.loss);
      expect(got.correct).toBe(want.correct);
      model.params.forEach((p, i) => expect(p.value.data).toEqual(other.params[i].value.data));
      model.params.forEach((p, i) => expect(p.grad.data).toEqual(other.params[i].grad.data)); // the batch mean
    }
  });

  test('trainStep with SGD on 3 threads: the weights of one model stepping alone, to float rounding', async () => {
    const { model, single, dp } = await twins(6, 3, 16);
    const [opt, ref] = [new SGD(model.params, 0.05), new SGD(single.params, 0.05)];
    for (let step = 0; step < 3; step++) {
      const { x, labels } = batch(11, 70 + step);
      dp.trainStep(x, labels, opt);
      ref.zeroGrad();
      single.lossAndGrad(x, labels);
      ref.step();
    }
    model.params.forEach((p, i) => {
      const q = single.params[i].value.data;
      for (let j = 0; j < q.length; j++) expect(p.value.data[j]).toBeCloseTo(q[j], 5);
    });
  });

  test('trainStep with a masked param falls back to the step on the calling thread, which skips the masked weights', async () => {
    const model = new Model(preset('cnn'), 8);
    const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 2, maxBatch: 8 });
    engines.push(dp);
    const opt = new Adam(model.params, 0.01);
    const p = model.params[0];
    p.mask = new Float32Array(p.value.size).fill(1);
    p.mask.fill(0, 0, 25); // the first 5×5 filter is frozen
    const before = Float32Array.from(p.value.data);
    const { x, labels } = batch(6, 4);
    expect(opt.takeFlatStep()).toBeNull();
    dp.trainStep(x, labels, opt);
    expect(Array.from(p.value.data.subarray(0, 25))).toEqual(Array.from(before.subarray(0, 25)));
    expect(Array.from(p.value.data.subarray(25))).not.toEqual(Array.from(before.subarray(25)));
  });

  test('weights changed on the main model reach the workers on the next batch', async () => {
    const model = new Model(preset('mlp'), 1);
    const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 2, maxBatch: 8 });
    engines.push(dp);
    const { x } = batch(4, 1);
    const before = dp.infer(x);
    model.params[0].value.data.fill(0);
    const after = dp.infer(x);
    expect(Array.from(after.data)).not.toEqual(Array.from(before.data));
    const single = new Model(preset('mlp'), 1);
    single.params[0].value.data.fill(0);
    const ref = single.forward(x);
    for (let i = 0; i < ref.size; i++) expect(after.data[i]).toBeCloseTo(ref.data[i], 5);
  });

  test('bad arguments give clear errors', async () => {
    const model = new Model(preset('mlp'), 1);
    await expect(DataParallel.create(model, nodeWorkerFactory, { threads: 0, maxBatch: 8 })).rejects.toThrow(/threads must be an integer/);
    const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 2, maxBatch: 4 });
    engines.push(dp);
    expect(() => dp.infer(batch(5, 2).x)).toThrow(/batch 5 exceeds maxBatch 4/);
  });

  test('replicas get the calling thread\'s compiled WebAssembly modules instead of compiling their own', async () => {
    const model = new Model(preset('cnn'), 2, { backend: createWasmBackend()! });
    const inits: InitMessage[] = [];
    const capturing: WorkerFactory = () => {
      const port = nodeWorkerFactory();
      return { ...port, postMessage: (m) => (inits.push(m as InitMessage), port.postMessage(m)) };
    };
    const dp = await DataParallel.create(model, capturing, { threads: 2, maxBatch: 8, wasm: {} });
    engines.push(dp);
    const build = createWasmBackend()!.name.includes('relaxed') ? 'relaxed' : 'simd';
    expect(inits).toHaveLength(1);
    expect(inits[0].modules?.kernels[build]).toBeInstanceOf(WebAssembly.Module);
    expect(inits[0].modules?.step).toBeInstanceOf(WebAssembly.Module);
    expect(dp.replicaBackends[0]).toBe(createWasmBackend()!.name);
    // the replica computes with them: the same gradients as one model alone
    expectGradsOfOneModel(dp, 2);
  });

  test('a port that cannot carry compiled modules gets the init message without them, and the replica compiles its own', async () => {
    const model = new Model(preset('cnn'), 3, { backend: createWasmBackend()! });
    const inits: InitMessage[] = [];
    const noModules: WorkerFactory = () => {
      const port = nodeWorkerFactory();
      return {
        ...port,
        postMessage: (m) => {
          if ((m as InitMessage).modules) throw new Error('DataCloneError: #<Module> could not be cloned');
          inits.push(m as InitMessage);
          port.postMessage(m);
        },
      };
    };
    const dp = await DataParallel.create(model, noModules, { threads: 2, maxBatch: 8, wasm: {} });
    engines.push(dp);
    expect(inits).toHaveLength(1);
    expect(inits[0].modules).toBeUndefined();
    expectGradsOfOneModel(dp, 3);
  });

  test('modules that are not WebAssembly modules are ignored: the kernels still load from their bytes', async () => {
    // fresh copies of the loader and the backend, with nothing compiled yet, so the junk would be taken if it passed
    vi.resetModules();
    const loader = await import('../../core/kernels/wasm-loader.js');
    const wasm = await import('../../core/kernels/wasm.js');
    loader.adoptCompiledModules({ kernels: { simd: {}, relaxed: 'not a module' as unknown as object }, step: { exports: 1 } });
    loader.adoptCompiledModules(undefined);
    expect(loader.compiledModules().kernels).toEqual({});
    const be = wasm.createWasmBackend()!;
    expect(be.name).toMatch(/^wasm/);
    expect(loader.compiledModules().kernels[be.name.includes('relaxed') ? 'relaxed' : 'simd']).toBeInstanceOf(WebAssembly.Module);
    expect(loader.compiledModules().step).toBeInstanceOf(WebAssembly.Module);
  });

  test('outputBoundWhile: a replica computes model.outputBound() to the bit while meanwhile runs here once; on one thread, here', async () => {
    const { model, dp } = await twins(7, 2, 8);
    model.params[0].value.data[3] = 123.456; // the weights are shared: the replica's model sees this
    let ran = 0;
    expect(dp.outputBoundWhile(() => ran++)).toBe(model.outputBound());
    model.params[2].value.data[0] = Number.NaN;
    expect(dp.outputBoundWhile(() => ran++)).toBeNaN();
    dp.use(1);
    expect(dp.outputBoundWhile(() => ran++)).toBeNaN();
    dp.use(2);
    model.params[2].value.data[0] = 0.5;
    expect(dp.outputBoundWhile(() => ran++)).toBe(model.outputBound());
    expect(ran).toBe(4);
    // meanwhile's error surfaces after the replica is done, and the next call works
    expect(() => dp.outputBoundWhile(() => {
      throw new Error('fill failed');
    })).toThrow('fill failed');
    expect(dp.outputBoundWhile(() => ran++)).toBe(model.outputBound());
  });

  test('a Trainer on threads: weights made non-finite by a NaN pixel pause the run with the weights from before that step', async () => {
    const train = syntheticDataset(200, 1);
    const images = Float32Array.from(train.images);
    images.fill(Number.NaN, 5 * 64, 6 * 64); // example 5, hidden by the ReLU: a finite loss, NaN gradients
    const poisoned = { ...train, images } as unknown as Dataset;
    const model = new Model(tinySpec, 3);
    const dp = await DataParallel.create(model, nodeWorkerFactory, { threads: 2, maxBatch: 16 });
    engines.push(dp);
    const snaps: number[][] = [model.getWeights().flatMap((w) => Array.from(w.data))];
    let message = '';
    const trainer: Trainer = new Trainer(model, poisoned, syntheticDataset(50, 2), { ...DEFAULT_CONFIG, epochs: 1, batchSize: 16, lr: 0.01, trainSize: 64 }, (e) => {
      if (e.type === 'batch') snaps.push(model.getWeights().flatMap((w) => Array.from(w.data)));
      if (e.type === 'state' && e.state === 'paused') [message] = [e.message ?? '', trainer.stop()];
    }, dp);
    expect(await trainer.run()).toBe('stopped');
    expect(message).toMatch(/^the weights became non-finite \(NaN or infinite gradient\) at epoch 1, batch \d; training paused/);
    const failed = Number(/batch (\d)/.exec(message)![1]);
    expect(model.getWeights().flatMap((w) => Array.from(w.data))).toEqual(snaps[failed - 1]);
  });

  test('a worker that never finishes its share fails the batch with a clear error instead of hanging', async () => {
    const model = new Model(preset('mlp'), 1);
    // a worker that starts, says it is ready, and then never runs a job
    const silent: WorkerFactory = () => {
      let reply: ((m: unknown) => void) | null = null;
      return {
        postMessage: () => queueMicrotask(() => reply?.({ type: 'ready', backend: 'js' })),
        onMessage: (cb) => (reply = cb),
        terminate: () => undefined,
      };
    };
    const dp = await DataParallel.create(model, silent, { threads: 2, maxBatch: 8, stallMs: 300 });
    engines.push(dp);
    const { x, labels } = batch(4, 3);
    expect(() => dp.lossAndGrad(x, labels)).toThrow(/worker 1 has not finished its share of the batch in 0.3 s/);
  });
});

describe('ReplicaPool: replica workers kept between engines', () => {
  test('a disposed engine gives its workers back; the next engine, of another model, takes them and computes right', async () => {
    let started = 0;
    const pool = new ReplicaPool(() => (started++, nodeWorkerFactory()));
    pool.prestart(1);
    expect([started, pool.idleCount]).toEqual([1, 1]);
    const first = await DataParallel.create(new Model(preset('cnn'), 5), pool, { threads: 2, maxBatch: 8 });
    expect([started, pool.idleCount]).toEqual([1, 0]);
    expectGradsOfOneModel(first, 5);
    first.dispose();
    expect(pool.idleCount).toBe(1);
    // another architecture on the same worker: its replica is built anew from the init message
    const model = new Model(tinySpec, 2);
    const single = new Model(tinySpec, 2);
    const second = await DataParallel.create(model, pool, { threads: 3, maxBatch: 8 });
    expect([started, pool.idleCount]).toEqual([2, 0]);
    const { x, labels } = batchOf(tinySpec, 6, 9);
    model.zeroGrad();
    single.zeroGrad();
    expect(second.lossAndGrad(x, labels).loss).toBeCloseTo(single.lossAndGrad(x, labels).loss, 5);
    expectSameGrads(model, single);
    second.dispose();
    expect(pool.idleCount).toBe(2);
    // a worker keeps its kernels for the next replica with the same options, and makes new ones for other options
    const plain = await DataParallel.create(new Model(tinySpec, 3), pool, { threads: 2, maxBatch: 8, wasm: { relaxed: false } });
    expect(plain.replicaBackends[0]).toMatch(/^wasm/);
    expect(plain.replicaBackends[0]).not.toMatch(/relaxed/);
    plain.dispose();
    expect(pool.idleCount).toBe(2);
    pool.dispose();
    expect(pool.idleCount).toBe(0);
    expect(() => pool.take(1)).toThrow(/after dispose/);
  });

  test('a worker that failed to load reports it to the engine that takes it; the pool keeps at most `keep` idle', async () => {
    const broken: WorkerFactory = () => {
      let reply: ((m: unknown) => void) | null = null;
      // the load error comes before any engine listens (a prestarted worker): it waits for the listener
      queueMicrotask(() => reply?.({ type: 'error', message: 'replica.worker.js: 404' }));
      return { postMessage: () => undefined, onMessage: (cb) => (reply = cb), terminate: () => undefined };
    };
    const pool = new ReplicaPool(broken, 1);
    pool.prestart(3);
    expect(pool.idleCount).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    await expect(DataParallel.create(new Model(preset('mlp'), 1), pool, { threads: 2, maxBatch: 8 })).rejects.toThrow('DataParallel: worker 1 failed to start: replica.worker.js: 404');
    expect(pool.idleCount).toBe(0);
  });

  test('dispose ends a worker whose loop does not end (stuck or crashed) instead of giving it back', async () => {
    let ended = 0;
    const silent: WorkerFactory = () => {
      let reply: ((m: unknown) => void) | null = null;
      return {
        postMessage: () => queueMicrotask(() => reply?.({ type: 'ready', backend: 'js' })),
        onMessage: (cb) => (reply = cb),
        terminate: () => void ended++,
      };
    };
    const pool = new ReplicaPool(silent);
    const dp = await DataParallel.create(new Model(preset('mlp'), 1), pool, { threads: 2, maxBatch: 8 });
    dp.dispose();
    expect([ended, pool.idleCount]).toEqual([1, 0]);
  });
});
