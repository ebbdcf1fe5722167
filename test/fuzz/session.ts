// Fuzz target: the protocol parser and the training session together, as the worker runs them. A case is a sequence
// of commands — well-formed ones from a model of the session's state, mutated ones (wrong kinds, NaN, BigInt, cycles,
// inherited names, huge lists, specs and configs past their limits) — sent out of order too: pause before start, stop
// twice, set-spec or load during training, a fifth run, a ninth model, 10⁹ batch size, NaN learning rate. Each command
// must get exactly one answer; a refused one must change nothing.
import type { DataSplits, Dataset } from '../../core/data/mnist.js';
import { preset } from '../../core/presets.js';
import type { Command, SessionEvent } from '../../core/protocol.js';
import { Rng } from '../../core/rng.js';
import { TrainingSession } from '../../core/session/session.js';
import { decode, T, type Json } from './encode.js';
import { RAW_ERROR, pick, type FuzzCase, type Judged, type Target } from './harness.js';
import { BASE_SPECS, baseFile } from './model-file.js';
import { isPlain } from './reference.js';
import { CONFIG, FIELDS, Sim, TEST_COUNT } from './session-ref.js';
import { nastyValue } from './values.js';

function dataset(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    for (let j = 0; j < 784; j++) images[i * 784 + j] = rng.int(40);
    for (let x = 4; x < 24; x++) images[i * 784 + (2 + 2 * (i % 10)) * 28 + x] = 220;
  }
  return { images, labels, count, channels: 1, rows: 28, cols: 28, classes: 10 };
}
const DATA: DataSplits = { train: dataset(64, 1), test: dataset(TEST_COUNT, 2) };

// ---- the generator ----

const SPECS: Json[] = [BASE_SPECS[2] as unknown as Json, preset('cnn') as unknown as Json, preset('mlp') as unknown as Json];
const LOAD_TEXT = baseFile(2);
const CONFIG_OK: Json = { epochs: 1, trainSize: 64, batchSize: 16, lr: 0.01 };

type Step = { cmd: Json; expect: 'ok' | 'error' | 'either' } | { wait: 'tick' | 'idle' };

function template(rng: Rng, sim: Sim, id: number): Json {
  const models = [...sim.models.keys()];
  const model = rng.next() < 0.9 && models.length ? pick(rng, models) : pick(rng, ['m99', 'r1', '']);
  const runs = [...sim.runs.keys()];
  const run = rng.next() < 0.85 && runs.length ? pick(rng, runs) : pick(rng, ['r1', 'r99', 'm1']);
  const type = pick(rng, Object.keys(FIELDS));
  switch (type) {
    case 'model:create':
      return { type, id, spec: pick(rng, SPECS), seed: rng.int(100) };
    case 'model:set-spec':
      return { type, id, model, spec: pick(rng, SPECS), seed: rng.int(100) };
    case 'model:load':
      return { type, id, model, text: LOAD_TEXT };
    case 'model:restore':
      return { type, id, model: rng.next() < 0.6 ? model : pick(rng, ['m5', 'm12', 'm999999999', 'm1000000000', 'm0', 'x1', 'm01']), text: LOAD_TEXT, nextRun: pick(rng, [1, 3, 50, 0, 1.5, 1e9]) };
    case 'model:set-filter':
      return { type, id, model, layer: 0, channel: rng.int(2), weights: Array.from({ length: 25 }, () => rng.int(5) - 2), bias: 0.5, frozen: rng.next() < 0.5 };
    case 'train:start':
      return { type, id, model, config: { ...(CONFIG_OK as object), optimizer: pick(rng, ['adam', 'sgd']), schedule: pick(rng, ['warmup-linear', 'exponential']) } };
    case 'train:pause':
    case 'train:resume':
    case 'train:stop':
      return { type, id, run };
    case 'train:set-lr':
      return { type, id, run, lr: 0.005 };
    case 'train:hold':
      return { type, id, run, ms: pick(rng, [0, 50]) };
    case 'data:test-images':
      return { type, id, indices: Array.from({ length: 1 + rng.int(4) }, () => rng.int(TEST_COUNT)) };
    case 'eval:shift':
      return { type, id, model, maxShift: 1, grid: false, randomK: 0, testSize: 8 };
    case 'session:describe':
      return { type, id };
    default:
      return { type, id, model };
  }
}

/** The out-of-order and oversized commands the issue lists, by name. */
const SPECIALS: Record<string, (id: number, sim: Sim) => Json> = {
  '10⁹ batch size': (id) => ({ type: 'train:start', id, model: 'm1', config: { batchSize: 1e9 } }),
  'NaN learning rate (set-lr)': (id) => ({ type: 'train:set-lr', id, run: 'r1', lr: T.nan }),
  'NaN learning rate (config)': (id) => ({ type: 'train:start', id, model: 'm1', config: { lr: T.nan } }),
  'config {constructor: 5}': (id) => ({ type: 'train:start', id, model: 'm1', config: JSON.parse('{"constructor": 5}') as Json }),
  'config {__proto__: …}': (id) => ({ type: 'train:start', id, model: 'm1', config: JSON.parse('{"__proto__": {"lr": 5}}') as Json }),
  'own __proto__ field': (id) => JSON.parse(`{"type":"session:describe","id":${id},"__proto__":1}`) as Json,
  'type toString': (id) => ({ type: 'toString', id }),
  'type constructor': (id) => ({ type: 'constructor', id }),
  'type __proto__': (id) => ({ type: '__proto__', id }),
  'BigInt lr': (id) => ({ type: 'train:set-lr', id, run: 'r1', lr: T.bigint('10') }),
  'cyclic spec': (id) => ({ type: 'model:create', id, seed: 1, spec: { name: 'c', input: [1, 28, 28], layers: [{ type: 'relu', self: T.cycle(0) }] } }),
  'cyclic input': (id) => ({ type: 'model:create', id, seed: 1, spec: { name: 'c', input: [1, 28, T.cycle(0)], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] } }),
  '1.4 M test indices': (id) => ({ type: 'data:test-images', id, indices: T.fill(0, 1.4e6) }),
  '10 001 test indices': (id) => ({ type: 'data:test-images', id, indices: T.fill(0, 10_001) }),
  '10 000 test indices': (id) => ({ type: 'data:test-images', id, indices: T.fill(1, 10_000) }),
  'weights of 1e39': (id) => ({ type: 'model:set-filter', id, model: 'm1', layer: 0, channel: 0, weights: T.fill(1e39, 25), bias: 0, frozen: true }),
  'bias of 1e308': (id) => ({ type: 'model:set-filter', id, model: 'm1', layer: 0, channel: 0, weights: T.fill(0.5, 25), bias: 1e308, frozen: true }),
  'sparse weights': (id) => ({ type: 'model:set-filter', id, model: 'm1', layer: 0, channel: 0, weights: T.sparse(25, { 0: 1 }), bias: 0, frozen: true }),
  'weights of 10⁷': (id) => ({ type: 'model:set-filter', id, model: 'm1', layer: 0, channel: 0, weights: T.fill(0, 1e7), bias: 0, frozen: true }),
  'stride 1e308 spec': (id) => ({ type: 'model:set-spec', id, model: 'm1', seed: 1, spec: { name: 's', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 3, stride: 1e308 }, { type: 'flatten' }, { type: 'dense', units: 10 }] } }),
  'padding null spec': (id) => ({ type: 'model:create', id, seed: 1, spec: { name: 's', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 3, padding: null }, { type: 'flatten' }, { type: 'dense', units: 10 }] } }),
  'model file as text, 2·10⁷ characters': (id) => ({ type: 'model:load', id, model: 'm1', text: T.repeat(' ', 2e7) }),
  'deep spec': (id) => ({ type: 'model:create', id, seed: 1, spec: { name: 'd', input: T.deep(1e4, 1), layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] } }),
  'null message': () => null,
  'a number message': () => 5,
  'an array': (id) => [{ type: 'session:describe', id }],
};

/** One mutation of a well-formed command. */
function mutate(rng: Rng, cmd: Record<string, Json>): { cmd: Json; what: string } {
  const keys = Object.keys(cmd).filter((k) => k !== 'type');
  switch (rng.int(6)) {
    case 0: {
      const type = pick(rng, ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'MODEL:CREATE', '', `${cmd.type} `, T.repeat('x', 1e6), null]);
      return { cmd: { ...cmd, type }, what: 'type' };
    }
    case 1: {
      const k = pick(rng, keys);
      const { [k]: _, ...rest } = cmd;
      return { cmd: rest, what: `${k} missing` };
    }
    case 2: {
      const k = pick(rng, ['extra', '__proto__', 'constructor', 'toString']);
      // through JSON text, so "__proto__" becomes an own key as JSON.parse makes it
      const out = JSON.parse(JSON.stringify({ ...cmd, extraPlaceholder: 1 }).replace('"extraPlaceholder"', JSON.stringify(k))) as Json;
      return { cmd: out, what: `${k} added` };
    }
    default: {
      const k = pick(rng, keys);
      const v = cmd[k];
      if (k === 'spec' && v && typeof v === 'object' && !Array.isArray(v) && rng.next() < 0.6) {
        const spec = JSON.parse(JSON.stringify(v)) as { layers: Record<string, Json>[]; input: Json[] };
        const l = spec.layers[rng.int(spec.layers.length)];
        const f = pick(rng, Object.keys(l));
        l[f] = nastyValue(rng, typeof l[f] === 'number' ? (l[f] as number) : undefined);
        return { cmd: { ...cmd, spec: spec as unknown as Json }, what: `spec layer .${f}` };
      }
      if (k === 'config' && rng.next() < 0.7) {
        const f = pick(rng, [...Object.keys(CONFIG), 'optimizer', 'schedule', 'constructor', 'learningRate']);
        return { cmd: { ...cmd, config: { ...(v as Record<string, Json>), [f]: nastyValue(rng, f in CONFIG ? CONFIG[f][1] : undefined) } }, what: `config.${f}` };
      }
      return { cmd: { ...cmd, [k]: nastyValue(rng, typeof v === 'number' && k !== 'id' ? v : undefined) }, what: k };
    }
  }
}

function generate(rng: Rng): FuzzCase {
  const sim = new Sim();
  const steps: Step[] = [];
  const kinds: string[] = [];
  // ids far from the numbers a mutation puts in an id field, so a mutated id never answers for another command
  let id = 123_456_000;
  const n = 1 + rng.int(7);
  for (let s = 0; s < n; s++) {
    const r = rng.next();
    if (r < 0.12) {
      steps.push({ wait: 'tick' });
      sim.tick();
      continue;
    }
    let cmd: Json;
    if (r < 0.3) {
      const name = pick(rng, Object.keys(SPECIALS));
      cmd = SPECIALS[name](id++, sim);
      kinds.push(name);
    } else {
      cmd = template(rng, sim, id++);
      if (r > 0.65) {
        const m = mutate(rng, cmd as Record<string, Json>);
        cmd = m.cmd;
        kinds.push(`${(cmd as { type?: Json })?.type ?? '?'}: ${m.what}`);
      } else kinds.push(String((cmd as { type: string }).type));
    }
    // judged on the decoded value, as the session sees it
    steps.push({ cmd, expect: sim.expect(decode(cmd)) });
  }
  // stop whatever may still run, then wait until everything has ended
  for (const [run, r] of sim.runs) if (r.live !== 'no') steps.push({ cmd: { type: 'train:stop', id: id++, run }, expect: r.live === 'yes' ? 'ok' : 'either' });
  steps.push({ wait: 'idle' });
  return { target: 'session', kind: kinds.join(' → ') || 'nothing', input: { steps } as unknown as Json };
}

// ---- running a case ----

const snapshot = (s: TrainingSession, events: SessionEvent[], model: unknown): string => {
  const at = events.length;
  s.handle({ type: 'session:describe', id: -1 });
  if (typeof model === 'string') s.handle({ type: 'weights:get', id: -2, model });
  // held batch reports go out ahead of the answers (core/session/outbox.ts): pushed progress, not the session's state
  const got = events.splice(at).filter((e) => e.type !== 'batches');
  return JSON.stringify(got.map((e) => (e.type === 'weights' ? e.weights.map((w) => [w.name, w.data.reduce((a, b) => a + b, 0)]) : e.type === 'session' ? [e.models.map((m) => [m.id, m.spec, m.meta, m.run]), e.runs.map((r) => [r.id, r.state, r.config])] : e.type)));
};

const settle = () => new Promise<void>((r) => setTimeout(r, 0));

async function run(input: unknown): Promise<Judged> {
  const { steps } = input as { steps: ({ cmd: unknown; expect: string } | { wait: string })[] };
  const events: SessionEvent[] = [];
  const session = new TrainingSession({ loadData: async () => DATA, post: (e) => events.push(e) });
  await session.init();
  events.length = 0;
  const sent: { id: number | undefined; expect: string; type: string; changed?: string }[] = [];
  let ms = 0;
  for (const step of steps) {
    if ('wait' in step) {
      if (step.wait === 'tick') for (let i = 0; i < 3; i++) await settle();
      else {
        // training and shift tests run here (their time is not the commands'); ten seconds is a hang
        const deadline = performance.now() + 10_000;
        while ((session.busy || sent.some((c) => c.id !== undefined && !events.some((e) => 'id' in e && e.id === c.id))) && performance.now() < deadline) await settle();
        if (performance.now() >= deadline) return { outcome: 'hang', detail: 'runs or answers still pending after 10 s', ms };
      }
      continue;
    }
    const cmd = step.cmd as Command;
    const raw = cmd as unknown as Record<string, unknown>;
    const id = isPlain(raw) && Object.hasOwn(raw, 'id') && typeof raw.id === 'number' && Number.isFinite(raw.id) ? raw.id : undefined;
    const type = isPlain(raw) && typeof raw.type === 'string' ? raw.type.slice(0, 40) : typeof raw;
    const before = step.expect !== 'ok' ? snapshot(session, events, isPlain(raw) ? raw.model : undefined) : '';
    const at = events.length;
    const t0 = performance.now();
    try {
      session.handle(cmd);
    } catch (e) {
      return { outcome: 'other exception', detail: `handle threw on ${type}: ${(e as Error).message.slice(0, 120)}`, ms };
    }
    ms += performance.now() - t0;
    const refusedNow = events.slice(at).some((e) => e.type === 'error' && (id === undefined || e.id === id));
    const entry: (typeof sent)[number] = { id, expect: step.expect, type };
    if (refusedNow && before && snapshot(session, events, isPlain(raw) ? raw.model : undefined) !== before) entry.changed = 'a refused command changed the session';
    sent.push(entry);
  }
  // every command answered exactly once, as expected
  let errors = 0;
  const noId = sent.filter((c) => c.id === undefined).length;
  const idless = events.filter((e) => e.type === 'error' && e.id === undefined).length;
  for (const e of events) if (e.type === 'error' && RAW_ERROR.test(e.message)) return { outcome: 'other exception', detail: `${e.command}: ${e.message.slice(0, 150)}`, ms };
  if (idless !== noId) return { outcome: 'other exception', detail: `${noId} commands without a usable id, ${idless} errors without an id`, ms };
  for (const c of sent) {
    if (c.changed) return { outcome: 'wrong accept', detail: `${c.type}: ${c.changed}`, ms };
    if (c.id === undefined) {
      errors++;
      if (c.expect === 'ok') return { outcome: 'wrong reject', detail: `${c.type}: refused (no usable id)`, ms };
      continue;
    }
    const answers = events.filter((e) => 'id' in e && e.id === c.id);
    if (answers.length !== 1) return { outcome: 'other exception', detail: `${c.type} #${c.id}: ${answers.length} answers`, ms };
    const a = answers[0];
    const refused = a.type === 'error';
    if (refused) errors++;
    if (refused && (!a.message || !a.code)) return { outcome: 'other exception', detail: `${c.type}: an error without code or message`, ms };
    if (c.expect === 'ok' && refused) return { outcome: 'wrong reject', detail: `${c.type}: ${a.type === 'error' ? a.message.slice(0, 150) : ''}`, ms };
    if (c.expect === 'error' && !refused) return { outcome: 'wrong accept', detail: `${c.type}: answered ${a.type}`, ms };
  }
  return { outcome: errors > 0 ? 'clean error' : 'correct accept', detail: '', ms };
}

export const sessionTarget: Target = { name: 'session', label: 'protocol and session', generate, run };
