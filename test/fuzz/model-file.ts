// Fuzz target: the model-file loader (parseModelFile), fed what a user's file could hold: valid files written other ways
// (BOM, pretty-printed, keys reordered), JSON values of the wrong kind at every field, wrong versions and checksums,
// mismatched shapes, weights of NaN, Infinity or 1e30 with good checksums, huge declared sizes, deep and huge JSON,
// truncation, and byte flips decoded as UTF-8 the way the app reads files.
import { crc32 } from 'node:zlib';
import { Model } from '../../core/model.js';
import { parseModelFile, serializeModel } from '../../core/model-file.js';
import type { Rng } from '../../core/rng.js';
import type { ModelSpec } from '../../core/spec.js';
import { Tensor } from '../../core/tensor.js';
import { T, type Json } from './encode.js';
import { judge, pick, type FuzzCase, type Target } from './harness.js';
import { refModelFile } from './reference.js';
import { nastyText } from './values.js';

/** Small models (a file of each is 1–2 KB), one of them MNIST-shaped as the session needs. */
export const BASE_SPECS: ModelSpec[] = [
  { name: 'tiny-conv', input: [1, 6, 6], layers: [{ type: 'conv2d', filters: 2, kernel: 3, padding: 'same' }, { type: 'relu' }, { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 3 }] },
  { name: 'tiny-mlp', input: [1, 5, 5], layers: [{ type: 'flatten' }, { type: 'dense', units: 4 }, { type: 'relu' }, { type: 'dense', units: 2 }] },
  { name: 'mnist-small', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 2, kernel: 5, stride: 3 }, { type: 'relu' }, { type: 'maxpool2d', size: 4 }, { type: 'flatten' }, { type: 'dense', units: 10 }] },
];

const META = { name: 'fuzz', createdAt: '2026-11-29T09:34:49.738Z', epochs: 3, testAccuracy: 0.5, seed: 1, notes: 'fuzz base' };

/** The text of a valid file of BASE_SPECS[i] (weights seeded by i). */
export function baseFile(i: number): string {
  return serializeModel(new Model(BASE_SPECS[i], 100 + i), META);
}

type Obj = Record<string, unknown>;

/** The base file with the value at `path` replaced by raw JSON text `raw` (a T.concat part); undefined deletes it. */
function withRaw(file: Obj, path: (string | number)[], raw: Json | undefined): Json {
  const copy = JSON.parse(JSON.stringify(file)) as Obj;
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (raw === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
    return JSON.stringify(copy);
  }
  node[last] = '@@FUZZ@@';
  const [before, after] = JSON.stringify(copy).split('"@@FUZZ@@"');
  return T.concat(before, raw, after);
}

/** Every path into the file's header (not inside the weights string), with the number found there. */
function paths(v: unknown, at: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  const here = at.length ? [{ path: at, value: v }] : [];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return here;
}

/** The file with its weights replaced by f(values), checksums recomputed: a good checksum over bad values. */
function withValues(file: Obj, f: (v: Float32Array) => void): string {
  const copy = JSON.parse(JSON.stringify(file)) as Obj & { tensors: { offset: number; length: number; crc32: number }[]; weights: string };
  const bytes = new Uint8Array(Buffer.from(copy.weights, 'base64'));
  const values = new Float32Array(bytes.buffer);
  f(values);
  for (const t of copy.tensors) t.crc32 = crc32(bytes.subarray(t.offset * 4, (t.offset + t.length) * 4));
  copy.weights = Buffer.from(bytes).toString('base64');
  return JSON.stringify(copy);
}

const VALID_DATES = ['2026-01-01T00:00:00Z', '2026-02-28T23:59:59.999+02:00', '1999-12-31T12:00Z', '2024-02-29T00:00:00.000Z'];
const BAD_DATES = ['yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01', '1', '', '2026-01-01T25:00:00Z', '0000-00-00T00:00:00Z'];

function generate(rng: Rng): FuzzCase {
  const b = rng.int(BASE_SPECS.length);
  const text = baseFile(b);
  const file = JSON.parse(text) as Obj;
  const all = paths(file).filter((p) => p.path[0] !== 'weights' || p.path.length === 1);
  const op = rng.int(15);
  const c = (kind: string, input: Json): FuzzCase => ({ target: 'model-file', kind: `${BASE_SPECS[b].name}: ${kind}`, input });
  switch (op) {
    case 0:
      return c('valid as written', { text });
    case 1: {
      const kind = pick(rng, ['BOM', 'pretty', 'reordered', 'whitespace', 'date', 'null accuracy and seed', 'notes']);
      const o = JSON.parse(text) as Obj & { meta: Obj };
      if (kind === 'BOM') return c(kind, { text: `\uFEFF${text}` });
      if (kind === 'pretty') return c(kind, { text: JSON.stringify(o, null, 2) });
      if (kind === 'whitespace') return c(kind, { text: `\n  ${text}\r\n\t` });
      if (kind === 'reordered') return c(kind, { text: JSON.stringify(Object.fromEntries(Object.entries(o).reverse())) });
      if (kind === 'date') o.meta.createdAt = pick(rng, VALID_DATES);
      if (kind === 'null accuracy and seed') [o.meta.testAccuracy, o.meta.seed] = [null, null];
      if (kind === 'notes') o.meta.notes = 'x'.repeat(pick(rng, [0, 1000, 65_536, 65_537]));
      return c(kind, { text: JSON.stringify(o) });
    }
    case 2:
    case 3:
    case 4: {
      const p = pick(rng, all);
      return c(`${p.path.join('.')}=nasty`, { text: withRaw(file, p.path, nastyText(rng, typeof p.value === 'number' ? p.value : undefined)) });
    }
    case 5: {
      const p = pick(rng, all);
      return c(`${p.path.join('.')} deleted`, { text: withRaw(file, p.path, undefined) });
    }
    case 6: {
      const objects = all.filter((p) => p.value && typeof p.value === 'object' && !Array.isArray(p.value)).map((p) => p.path);
      const at = pick(rng, [[], ...objects]);
      const key = pick(rng, ['extra', '__proto__', 'constructor', 'toString', 'valueOf']);
      return c(`${[...at, key].join('.')} added`, { text: withRaw(file, [...at, key], nastyText(rng)) });
    }
    case 7: {
      const kind = pick(rng, ['version 2', 'version 0', 'version "1"', 'version 1.0', 'format', 'date', 'epochs 1.5', 'accuracy 1.5', 'shape nested', 'shape strings', 'crc string', 'crc + 1']);
      const raw: Record<string, [(string | number)[], string]> = {
        'version 2': [['version'], '2'],
        'version 0': [['version'], '0'],
        'version "1"': [['version'], '"1"'],
        'version 1.0': [['version'], '1.0'],
        format: [['format'], '"cnn-studio-model-v2"'],
        date: [['meta', 'createdAt'], JSON.stringify(pick(rng, BAD_DATES))],
        'epochs 1.5': [['meta', 'epochs'], '1.5'],
        'accuracy 1.5': [['meta', 'testAccuracy'], '1.5'],
        'shape nested': [['tensors', 0, 'shape'], JSON.stringify([[(file.tensors as { shape: number[] }[])[0].shape[0], 1], ...(file.tensors as { shape: number[] }[])[0].shape.slice(1)])],
        'shape strings': [['tensors', 0, 'shape'], JSON.stringify((file.tensors as { shape: number[] }[])[0].shape.map(String))],
        'crc string': [['tensors', 1, 'crc32'], JSON.stringify(String((file.tensors as { crc32: number }[])[1].crc32))],
        'crc + 1': [['tensors', 1, 'crc32'], String((file.tensors as { crc32: number }[])[1].crc32 + 1)],
      };
      const [path, value] = raw[kind];
      return c(kind, { text: withRaw(file, path, value) });
    }
    case 8: {
      const kind = pick(rng, ['all 1e30', 'one NaN', 'one Infinity', 'all 1e6', 'all 1e3', 'halved', 'subnormal', 'negative zero']);
      const f: Record<string, (v: Float32Array) => void> = {
        'all 1e30': (v) => v.fill(1e30),
        'one NaN': (v) => (v[rng.int(v.length)] = Number.NaN),
        'one Infinity': (v) => (v[rng.int(v.length)] = Number.POSITIVE_INFINITY),
        'all 1e6': (v) => v.fill(1e6),
        'all 1e3': (v) => v.fill(1e3),
        halved: (v) => v.forEach((x, i) => (v[i] = x / 2)),
        subnormal: (v) => (v[0] = 1e-40),
        'negative zero': (v) => (v[0] = -0),
      };
      return c(`weights ${kind}, checksums good`, { text: withValues(file, f[kind]) });
    }
    case 9: {
      // huge declared sizes in an otherwise valid file
      const layer0 = (BASE_SPECS[b].layers[0].type === 'conv2d' ? ['filters', 'kernel', 'stride', 'padding'] : ['type']) as string[];
      const choices: [(string | number)[], string][] = [
        [['spec', 'input'], pick(rng, ['[1,2048,2048]', '[1,100000,1]', '[100,28,28]', '[1,28]', '[1,28,28,1]'])],
        [['spec', 'layers', 0, pick(rng, layer0)], pick(rng, ['1000000', '10001', '1e308', 'null', '1001', '33', '"same"', '"SAME"'])],
        [['spec', 'layers'], JSON.stringify(Array.from({ length: pick(rng, [65, 1000]) }, () => ({ type: 'relu' })))],
      ];
      const [path, raw] = pick(rng, choices);
      return c(`${path.join('.')}=${raw.slice(0, 20)}`, { text: withRaw(file, path, raw) });
    }
    case 10: {
      const at = pick(rng, [0, 1, rng.int(text.length), text.indexOf('"weights"'), text.length - 1, text.indexOf('"tensors"') + 5]);
      return c(`truncated at ${at}`, { text: text.slice(0, Math.max(0, at)) });
    }
    case 11: {
      const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
      const n = 1 + rng.int(3);
      for (let k = 0; k < n; k++) {
        const i = rng.int(bytes.length);
        bytes[i] = rng.next() < 0.5 ? bytes[i] ^ (1 << rng.int(8)) : pick(rng, [0x80, 0xc3, 0xff, 0xfe, 0xed, 0x00, rng.int(256)]);
      }
      return c(`${n} byte flips`, { bytes: T.bytes(bytes) });
    }
    case 12: {
      const w = text.indexOf('"weights":"') + 11;
      const i = w + rng.int(text.length - w - 2);
      const ch = pick(rng, ['A', 'z', '+', '/', '=', '!', ' ', '\u00e9', '-', '_']);
      return c(`weights[${i - w}]=${ch}`, { text: text.slice(0, i) + ch + text.slice(i + 1) });
    }
    case 13: {
      const kind = pick(rng, ['tensors swapped', 'tensor missing', 'tensor extra', 'offsets overlap', 'weights extra bytes', 'weights short']);
      const o = JSON.parse(text) as Obj & { tensors: Obj[]; weights: string };
      if (kind === 'tensors swapped') [o.tensors[0], o.tensors[1]] = [o.tensors[1], o.tensors[0]];
      if (kind === 'tensor missing') o.tensors.pop();
      if (kind === 'tensor extra') o.tensors.push({ ...o.tensors[0] });
      if (kind === 'offsets overlap') o.tensors[1] = { ...o.tensors[1], offset: 0 };
      if (kind === 'weights extra bytes') o.weights += 'AAAA';
      if (kind === 'weights short') o.weights = o.weights.slice(0, -8);
      return c(kind, { text: JSON.stringify(o) });
    }
    default: {
      const kind = pick(rng, ['empty', 'array', 'number', 'string', 'deep', 'huge string', 'BOM only', 'two documents']);
      const texts: Record<string, Json> = {
        empty: '',
        array: '[]',
        number: '1',
        string: '"cnn-studio-model"',
        deep: T.concat(T.repeat('[', pick(rng, [1e4, 1e6])), T.repeat(']', 1)),
        'huge string': T.concat('"', T.repeat('a', 2e7), '"'),
        'BOM only': '\uFEFF',
        'two documents': `${text}${text}`,
      };
      return c(kind, { text: texts[kind] });
    }
  }
}

const sample = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 101) / 100);

export const modelFileTarget: Target = {
  name: 'model-file',
  label: 'model-file loader',
  generate,
  async run(input) {
    const { text, bytes } = input as { text?: string; bytes?: Uint8Array };
    const t = text ?? new TextDecoder().decode(bytes);
    const verdict = refModelFile(t);
    const t0 = performance.now();
    try {
      const { model } = parseModelFile(t);
      const ms = performance.now() - t0;
      const [c, h, w] = model.spec.input;
      const y = model.forward(new Tensor([2, c, h, w], sample(2 * c * h * w)));
      const problem = y.data.every(Number.isFinite) ? undefined : 'accepted, but its predictions are not finite';
      return { ...judge(verdict, { accepted: true, problem }, /^model file: /), ms };
    } catch (error) {
      return { ...judge(verdict, { error }, /^model file: /), ms: performance.now() - t0 };
    }
  },
};
