// The session fuzz target's reference: what each command should get given the session's state, written from the docs
// (docs/architecture.md for the commands, docs/core.md for configs and limits), and the model of that state the
// generator keeps between awaits (commands sent back to back are deterministic; after a wait some are "either").
import { LIMITS } from '../../core/limits.js';
import { preset } from '../../core/presets.js';
import { isPlain, own, refModelFile, refSpec } from './reference.js';

/** Test images the fuzzed session holds. */
export const TEST_COUNT = 32;

type Kind = 'number' | 'id' | 'text' | 'boolean' | 'object' | 'numbers';
const M = { id: 'number', model: 'id' } as const;
const R = { id: 'number', run: 'id' } as const;
export const FIELDS: Record<string, Record<string, Kind>> = {
  'session:describe': { id: 'number' },
  'model:create': { id: 'number', spec: 'object', seed: 'number' },
  'model:set-spec': { ...M, spec: 'object', seed: 'number' },
  'model:load': { ...M, text: 'text' },
  'model:restore': { ...M, text: 'text', nextRun: 'number' },
  'model:reset': M,
  'model:set-filter': { ...M, layer: 'number', channel: 'number', weights: 'numbers', bias: 'number', frozen: 'boolean' },
  'model:save': M,
  'model:delete': M,
  'weights:get': M,
  'train:start': { ...M, config: 'object' },
  'train:pause': R,
  'train:resume': R,
  'train:stop': R,
  'train:set-lr': { ...R, lr: 'number' },
  'train:hold': { ...R, ms: 'number' },
  'data:test-images': { id: 'number', indices: 'numbers' },
  'eval:shift': { ...M, maxShift: 'number', grid: 'boolean', randomK: 'number', testSize: 'number' },
};
const LIST_LIMIT: Record<string, number> = { indices: LIMITS.testImages, weights: LIMITS.filterWeights };
export const CONFIG: Record<string, [number, number, boolean, 'open-min' | 'open-max' | null]> = {
  epochs: [1, 100, true, null],
  batchSize: [1, 1024, true, null],
  lr: [1e-6, 10, false, null],
  momentum: [0, 0.999, false, null],
  beta1: [0, 1, false, 'open-max'],
  beta2: [0, 1, false, 'open-max'],
  eps: [0, 1, false, 'open-min'],
  seed: [0, 2 ** 31 - 1, true, null],
  trainSize: [1, 60000, true, null],
  lrDecay: [0.01, 1, false, null],
  labelSmoothing: [0, 1, false, 'open-max'],
};

/** Whether a message is a well-formed command (docs: own fields only, the kinds, the size limits). */
function wellFormed(msg: unknown): boolean {
  if (!isPlain(msg)) return false;
  const type = own(msg, 'type');
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) return false;
  const fields = FIELDS[type];
  if (Object.keys(msg).some((k) => k !== 'type' && !Object.hasOwn(fields, k))) return false;
  return Object.entries(fields).every(([k, kind]) => {
    const v = own(msg, k);
    switch (kind) {
      case 'number':
        return typeof v === 'number' && Number.isFinite(v);
      case 'id':
        return typeof v === 'string' && v.length <= LIMITS.idChars;
      case 'text':
        return typeof v === 'string' && v.length <= LIMITS.modelFileChars;
      case 'boolean':
        return typeof v === 'boolean';
      case 'object':
        return isPlain(v);
      case 'numbers':
        return Array.isArray(v) && v.length <= (LIST_LIMIT[k] ?? LIMITS.numbers) && Object.keys(v).length === v.length && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    }
  });
}

function configOk(c: unknown): boolean {
  if (!isPlain(c)) return false;
  return Object.keys(c).every((k) => {
    const v = c[k];
    if (k === 'optimizer') return v === 'sgd' || v === 'adam';
    if (k === 'schedule') return v === 'warmup-linear' || v === 'exponential';
    if (!Object.hasOwn(CONFIG, k) || typeof v !== 'number' || !Number.isFinite(v)) return false;
    const [lo, hi, int, open] = CONFIG[k];
    return (!int || Number.isInteger(v)) && (open === 'open-min' ? v > lo : v >= lo) && (open === 'open-max' ? v < hi : v <= hi);
  });
}

const fitsData = (spec: unknown) => {
  const r = refSpec(spec, 10);
  return r.ok && JSON.stringify((spec as { input: number[] }).input) === '[1,28,28]';
};

type Tri = 'yes' | 'no' | 'maybe';
interface SimModel {
  exists: Tri;
  busy: Tri;
  /** Layer 0 is a conv of this many filters over one channel with a 5×5 kernel (null: no conv there; undefined: unknown). */
  conv0: number | null | undefined;
}
interface SimRun {
  live: Tri;
}

/** The session as the generator models it between awaits (commands sent back to back are deterministic). */
export class Sim {
  models = new Map<string, SimModel>([['m1', { exists: 'yes', busy: 'no', conv0: 16 }]]);
  runs = new Map<string, SimRun>();
  nextModel = 2;
  nextRun = 1;
  /** A command that changes the state may or may not have been carried out: from here on only malformed ones are sure. */
  unsure = false;

  count(tri: Tri): number {
    return [...this.models.values()].filter((m) => m.exists === tri).length;
  }
  liveRuns(tri: Tri): number {
    return [...this.runs.values()].filter((r) => r.live === tri).length;
  }

  /** What the command should get, and its effect on the model of the state. */
  expect(msg: unknown): 'ok' | 'error' | 'either' {
    if (!wellFormed(msg)) return 'error';
    if (this.unsure) return 'either';
    const cmd = msg as Record<string, unknown> & { type: string };
    const m = typeof cmd.model === 'string' ? this.models.get(cmd.model) : undefined;
    const r = typeof cmd.run === 'string' ? this.runs.get(cmd.run) : undefined;
    const combine = (...conds: Tri[]): 'ok' | 'error' | 'either' => (conds.includes('no') ? 'error' : conds.includes('maybe') ? 'either' : 'ok');
    const exists: Tri = m ? m.exists : 'no';
    const idle: Tri = !m ? 'no' : m.busy === 'no' ? 'yes' : m.busy === 'yes' ? 'no' : 'maybe';
    const live: Tri = r ? r.live : 'no';
    const ok = (b: boolean): Tri => (b ? 'yes' : 'no');
    switch (cmd.type) {
      case 'session:describe':
        return 'ok';
      case 'model:create': {
        const room: Tri = this.count('yes') >= 8 ? 'no' : this.count('yes') + this.count('maybe') >= 8 ? 'maybe' : 'yes';
        const e = combine(room, ok(fitsData(cmd.spec)));
        if (e === 'ok') this.models.set(`m${this.nextModel++}`, { exists: 'yes', busy: 'no', conv0: conv0Of(cmd.spec) });
        this.unsure ||= e === 'either';
        return e;
      }
      case 'model:set-spec':
      case 'model:load':
      case 'model:reset': {
        const spec = cmd.type === 'model:reset' ? preset('cnn') : cmd.type === 'model:load' ? safeSpecOfFile(cmd.text as string) : cmd.spec;
        const valid = cmd.type === 'model:load' ? refModelFile(cmd.text as string, 10).ok && fitsData(spec) : fitsData(spec);
        const e = combine(exists, idle, ok(valid));
        if (e !== 'error' && m) m.conv0 = e === 'ok' ? conv0Of(spec) : undefined;
        return e;
      }
      case 'model:restore': {
        // docs: "m" and a number from 1 to 999 999 999; nextRun a whole number in the same range; a new id needs room,
        // an existing one must not be training; the file must load and fit the data
        const at = /^m([1-9][0-9]{0,8})$/.exec(cmd.model as string);
        const nextRun = cmd.nextRun as number;
        const fields = ok(!!at && Number.isInteger(nextRun) && nextRun >= 1 && nextRun < 1e9);
        const there: Tri = m ? m.exists : 'no';
        const room: Tri = there === 'yes' ? 'yes' : there === 'maybe' ? 'maybe' : this.count('yes') >= 8 ? 'no' : this.count('yes') + this.count('maybe') >= 8 ? 'maybe' : 'yes';
        const free: Tri = there === 'no' ? 'yes' : idle;
        const spec = safeSpecOfFile(cmd.text as string);
        const e = combine(fields, room, free, ok(refModelFile(cmd.text as string, 10).ok && fitsData(spec)));
        if (e === 'ok' && at) {
          this.models.set(cmd.model as string, { exists: 'yes', busy: 'no', conv0: conv0Of(spec) });
          this.nextModel = Math.max(this.nextModel, Number(at[1]) + 1);
          this.nextRun = Math.max(this.nextRun, nextRun);
        } else if (e === 'either' && m) m.conv0 = undefined;
        this.unsure ||= e === 'either';
        return e;
      }
      case 'model:set-filter': {
        const conv: Tri = !m || m.conv0 === null ? 'no' : m.conv0 === undefined ? 'maybe' : 'yes';
        const weights = cmd.weights as number[];
        const fits = cmd.layer === 0 && Number.isInteger(cmd.channel) && (cmd.channel as number) >= 0 && (cmd.channel as number) < (m?.conv0 ?? Infinity) && weights.length === 25;
        const small = weights.every((w) => Math.abs(w) <= LIMITS.weight) && Math.abs(cmd.bias as number) <= LIMITS.weight;
        return combine(exists, idle, conv, ok(fits && small));
      }
      case 'model:save':
      case 'weights:get':
        return combine(exists);
      case 'model:delete': {
        const e = combine(exists, idle);
        if (e === 'ok' && m) m.exists = 'no';
        this.unsure ||= e === 'either';
        return e;
      }
      case 'train:start': {
        const room: Tri = this.liveRuns('yes') >= 4 ? 'no' : this.liveRuns('yes') + this.liveRuns('maybe') >= 4 ? 'maybe' : 'yes';
        const e = combine(exists, idle, room, ok(configOk(cmd.config)));
        if (e === 'ok' && m) {
          this.runs.set(`r${this.nextRun++}`, { live: 'yes' });
          m.busy = 'yes';
        }
        this.unsure ||= e === 'either';
        return e;
      }
      case 'train:pause':
      case 'train:resume':
      case 'train:stop':
        return combine(live);
      case 'train:hold':
        return combine(live, ok((cmd.ms as number) >= 0 && (cmd.ms as number) <= 10_000));
      case 'train:set-lr':
        return combine(ok(!!r), ok((cmd.lr as number) >= 1e-6 && (cmd.lr as number) <= 10));
      case 'data:test-images':
        return combine(ok((cmd.indices as number[]).every((i) => Number.isInteger(i) && i >= 0 && i < TEST_COUNT)));
      case 'eval:shift': {
        const { maxShift, randomK, testSize } = cmd as unknown as Record<string, number>;
        const valid = Number.isInteger(maxShift) && maxShift >= 0 && maxShift <= 27 && Number.isInteger(randomK) && randomK >= 0 && randomK <= maxShift && Number.isInteger(testSize) && testSize >= 1;
        const e = combine(exists, idle, ok(valid));
        if (e === 'ok' && m) m.busy = 'yes';
        this.unsure ||= e === 'either';
        return e;
      }
      default:
        return 'error';
    }
  }

  /** Time passed: runs and shift tests may have ended. */
  tick(): void {
    for (const r of this.runs.values()) if (r.live === 'yes') r.live = 'maybe';
    for (const m of this.models.values()) if (m.busy === 'yes') m.busy = 'maybe';
  }

  /** Everything has ended (the harness waited for it). */
  idle(): void {
    for (const r of this.runs.values()) r.live = 'no';
    for (const m of this.models.values()) m.busy = 'no';
  }
}

function conv0Of(spec: unknown): number | null {
  const l = (spec as { layers?: Record<string, unknown>[] })?.layers?.[0];
  return l && l.type === 'conv2d' && l.kernel === 5 && (spec as { input: number[] }).input[0] === 1 ? (l.filters as number) : null;
}

function safeSpecOfFile(text: string): unknown {
  try {
    return (JSON.parse(text.replace(/^\uFEFF/, '')) as { spec?: unknown }).spec;
  } catch {
    return undefined;
  }
}
