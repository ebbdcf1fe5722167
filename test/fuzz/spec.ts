// Fuzz target: model specs as the architecture editor and model:create / set-spec send them, built into a Model and
// run forward once: random layer stacks (many do not fit together), the presets with a field set to a value of the
// wrong kind or past a limit (stride 1e308, kernel 10 001, 10⁶ filters, input 2048×2048, padding null), unknown and
// inherited keys, cycles, BigInt, deep nesting, huge layer lists.
import { Model } from '../../core/model.js';
import { preset, PRESET_NAMES } from '../../core/presets.js';
import type { Rng } from '../../core/rng.js';
import { Tensor } from '../../core/tensor.js';
import { T, type Json } from './encode.js';
import { judge, pick, type FuzzCase, type Target } from './harness.js';
import { BASE_SPECS } from './model-file.js';
import { refSpec } from './reference.js';
import { nastyValue } from './values.js';

type Layer = Record<string, Json>;

function randomLayer(rng: Rng): Layer {
  switch (rng.int(6)) {
    case 0: {
      const l: Layer = { type: 'conv2d', filters: 1 + rng.int(16), kernel: 1 + rng.int(7) };
      if (rng.next() < 0.4) l.stride = 1 + rng.int(3);
      if (rng.next() < 0.6) l.padding = pick(rng, ['valid', 'same', 0, 1, 2, 3]);
      return l;
    }
    case 1:
    case 2:
      return { type: 'relu' };
    case 3: {
      const l: Layer = { type: pick(rng, ['maxpool2d', 'avgpool2d']), size: 1 + rng.int(3) };
      if (rng.next() < 0.3) l.stride = 1 + rng.int(3);
      return l;
    }
    case 4:
      return { type: 'flatten' };
    default:
      return { type: 'dense', units: 2 + rng.int(30) };
  }
}

/** A random stack: often valid, often not (a dense before a flatten, a window larger than its input). */
function randomSpec(rng: Rng): Json {
  const side = pick(rng, [28, 8, 12, 32, 5]);
  const layers = Array.from({ length: 1 + rng.int(7) }, () => randomLayer(rng));
  if (rng.next() < 0.7) layers.push({ type: 'flatten' }, { type: 'dense', units: 2 + rng.int(9) });
  return { name: 'random', input: [pick(rng, [1, 1, 3]), side, rng.next() < 0.8 ? side : side + 4], layers };
}

const EXAMPLES: [string, Json][] = [
  ['stride 1e308', { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 3, stride: 1e308 }, { type: 'flatten' }, { type: 'dense', units: 10 }] }],
  ['kernel 10 001 same', { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 10_001, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 10 }] }],
  ['kernel 1 001 same', { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 1, kernel: 1001, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 10 }] }],
  ['10⁶ filters', { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 1e6, kernel: 3 }, { type: 'flatten' }, { type: 'dense', units: 10 }] }],
  ['input 2048×2048', { name: 'x', input: [1, 2048, 2048], layers: [{ type: 'conv2d', filters: 4, kernel: 3 }, { type: 'flatten' }, { type: 'dense', units: 10 }] }],
  ['two dense of 10⁵', { name: 'x', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 1e5 }, { type: 'dense', units: 1e5 }, { type: 'dense', units: 10 }] }],
  ['padding null', { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 3, padding: null }, { type: 'flatten' }, { type: 'dense', units: 10 }] }],
  ['10⁵ layers', { name: 'x', input: [1, 28, 28], layers: T.fill({ type: 'relu' }, 1e5) }],
  ['frozenChannels of 10⁷', { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 3, frozenChannels: T.fill(0, 1e7) }, { type: 'flatten' }, { type: 'dense', units: 10 }] }],
  ['sparse frozenChannels', { name: 'x', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 3, frozenChannels: T.sparse(3, { 1: 1 }) }, { type: 'flatten' }, { type: 'dense', units: 10 }] }],
];

/** Every (object, key) place in a spec's JSON. */
function places(v: Json | undefined, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...at, i], ...places(x, [...at, i])]);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[...at, k], ...places(x, [...at, k])]);
  return [];
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): void {
  let node = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
}

function generate(rng: Rng): FuzzCase {
  const op = rng.int(10);
  if (op < 3) return { target: 'spec', kind: 'random stack', input: { spec: randomSpec(rng) } };
  if (op === 3) {
    const [kind, spec] = pick(rng, EXAMPLES);
    return { target: 'spec', kind, input: { spec } };
  }
  const base = JSON.parse(JSON.stringify(rng.next() < 0.5 ? preset(pick(rng, PRESET_NAMES)) : pick(rng, BASE_SPECS))) as Json;
  const path = pick(rng, places(base));
  if (op === 4) {
    setAt(base, path, undefined);
    return { target: 'spec', kind: `${path.join('.')} deleted`, input: { spec: base } };
  }
  if (op === 5) {
    const objects = [[], ...places(base).filter((p) => {
      let v = base as Json;
      for (const k of p) v = (v as Record<string | number, Json>)[k];
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    })];
    const at = pick(rng, objects);
    const key = pick(rng, ['extra', '__proto__', 'constructor', 'toString', 'activation', T.key('$weird')]);
    const value = key === 'extra' ? T.cycle(0) : nastyValue(rng);
    if (key === '__proto__') {
      // an own "__proto__" key, as JSON.parse makes it
      const target = at.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], base) as Record<string, Json>;
      Object.defineProperty(target, '__proto__', { value, enumerable: true, writable: true, configurable: true });
    } else setAt(base, [...at, key], value);
    return { target: 'spec', kind: `${[...at, key].join('.')} added`, input: { spec: base } };
  }
  let v = base as Json;
  for (const k of path) v = (v as Record<string | number, Json>)[k];
  setAt(base, path, nastyValue(rng, typeof v === 'number' ? v : undefined));
  return { target: 'spec', kind: `${path.join('.')}=nasty`, input: { spec: base } };
}

const sample = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 101) / 100);

export const specTarget: Target = {
  name: 'spec',
  label: 'model spec (build + one forward pass)',
  generate,
  async run(input) {
    const { spec } = input as { spec: unknown };
    const ref = refSpec(spec);
    const verdict = ref.ok ? ({ ok: true } as const) : ref;
    const t0 = performance.now();
    let model: Model;
    try {
      model = new Model(spec as never, 1);
    } catch (error) {
      return { ...judge(verdict, { error }, /^(spec|layer \d+)/), ms: performance.now() - t0 };
    }
    try {
      const [c, h, w] = model.spec.input;
      const y = model.forward(new Tensor([2, c, h, w], sample(2 * c * h * w)));
      const ms = performance.now() - t0;
      const k = ref.ok ? ref.ref.out[0] : -1;
      const problem = y.shape[0] !== 2 || y.shape[1] !== k ? `logits ${JSON.stringify(y.shape)}, expected [2,${k}]` : y.data.every(Number.isFinite) ? undefined : 'logits not finite';
      return { ...judge(verdict, { accepted: true, problem }, /^(spec|layer \d+)/), ms };
    } catch (e) {
      const ms = performance.now() - t0;
      if (!verdict.ok) return { outcome: 'wrong accept', detail: `accepted (${verdict.why}); then forward threw ${(e as Error).message.slice(0, 120)}`, ms };
      return { outcome: 'other exception', detail: `a valid spec's forward pass threw ${(e as Error).name}: ${(e as Error).message.slice(0, 120)}`, ms };
    }
  },
};
