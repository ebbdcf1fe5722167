// The fuzz oracle: what the docs say must be accepted, written again from docs/core.md, docs/model-format.md and the
// limits (core/limits.ts, core/analysis.ts BUDGET), independently of the code under test. A case is valid when this says
// so; the code must accept exactly those and refuse the rest with a clean error.
import { crc32 } from 'node:zlib';
import { BUDGET } from '../../core/analysis.js';
import { LIMITS } from '../../core/limits.js';

export type Verdict = { ok: true } | { ok: false; why: string };
const yes: Verdict = { ok: true };
const no = (why: string): { ok: false; why: string } => ({ ok: false, why });

export const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Object]';
export const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const denseArray = (v: unknown): v is unknown[] => Array.isArray(v) && Object.keys(v).length === v.length;

const LAYER_KEYS: Record<string, string[]> = {
  conv2d: ['type', 'filters', 'kernel', 'stride', 'padding', 'trainable', 'frozenChannels'],
  dense: ['type', 'units', 'trainable'],
  maxpool2d: ['type', 'size', 'stride'],
  avgpool2d: ['type', 'size', 'stride'],
  relu: ['type'],
  flatten: ['type'],
};

export interface RefSpec {
  /** Parameter tensors in order: name and shape. */
  params: { name: string; shape: number[] }[];
  /** The per-layer kind and its parameter index range, for the output bound. */
  out: number[];
}

/** A spec as docs/core.md describes it, within LIMITS and BUDGET; `classes`: the last layer must score that many. */
export function refSpec(spec: unknown, classes?: number): { ok: true; ref: RefSpec } | { ok: false; why: string } {
  if (!isPlain(spec)) return no('spec not an object');
  for (const k of Object.keys(spec)) if (!['name', 'input', 'layers'].includes(k)) return no(`spec field ${k}`);
  const name = own(spec, 'name');
  if (name !== undefined && (typeof name !== 'string' || name.length > LIMITS.nameChars)) return no('name');
  const input = own(spec, 'input');
  if (!denseArray(input) || input.length !== 3) return no('input');
  if (!isInt(input[0], 1, LIMITS.inputChannels) || !isInt(input[1], 1, LIMITS.inputSide) || !isInt(input[2], 1, LIMITS.inputSide)) return no('input values');
  const layers = own(spec, 'layers');
  if (!Array.isArray(layers) || layers.length < 1 || layers.length > LIMITS.layers || !denseArray(layers)) return no('layers');
  let shape: number[] = [...(input as number[])];
  const params: RefSpec['params'] = [];
  let [nParams, acts, macs] = [0, 0, 0];
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    if (!isPlain(l)) return no(`layer ${i} not an object`);
    const type = own(l, 'type');
    if (typeof type !== 'string' || !Object.hasOwn(LAYER_KEYS, type)) return no(`layer ${i} type`);
    for (const k of Object.keys(l)) if (!LAYER_KEYS[type].includes(k)) return no(`layer ${i} field ${k}`);
    const trainable = own(l, 'trainable');
    if (trainable !== undefined && typeof trainable !== 'boolean') return no(`layer ${i} trainable`);
    const image = shape.length === 3;
    const [c, h, w] = shape;
    if (type === 'conv2d') {
      const [f, k] = [own(l, 'filters'), own(l, 'kernel')];
      // absent (or undefined, as structured clone can send it) takes the default; null is a wrong value
      const s = own(l, 'stride') === undefined ? 1 : own(l, 'stride');
      const p = own(l, 'padding') === undefined ? 'valid' : own(l, 'padding');
      if (!image || !isInt(f, 1, LIMITS.filters) || !isInt(k, 1, LIMITS.kernel) || !isInt(s, 1, LIMITS.stride)) return no(`layer ${i} conv fields`);
      if (!(p === 'valid' || p === 'same' || isInt(p, 0, LIMITS.padding))) return no(`layer ${i} padding`);
      const frozen = own(l, 'frozenChannels');
      if (frozen !== undefined && (!Array.isArray(frozen) || frozen.length > f || !denseArray(frozen) || new Set(frozen).size !== frozen.length || !frozen.every((x) => isInt(x, 0, f - 1)))) return no(`layer ${i} frozenChannels`);
      const pad = (side: number) => (p === 'valid' ? 0 : p === 'same' ? Math.max((Math.ceil(side / s) - 1) * s + k - side, 0) : 2 * p);
      const [ph, pw] = [h + pad(h), w + pad(w)];
      if (k > ph || k > pw) return no(`layer ${i} kernel larger than padded input`);
      const [oh, ow] = [Math.floor((ph - k) / s) + 1, Math.floor((pw - k) / s) + 1];
      params.push({ name: `${i}.weight`, shape: [f, c, k, k] }, { name: `${i}.bias`, shape: [f] });
      nParams += f * c * k * k + f;
      macs += f * oh * ow * c * k * k;
      shape = [f, oh, ow];
    } else if (type === 'maxpool2d' || type === 'avgpool2d') {
      const size = own(l, 'size');
      const s = own(l, 'stride') === undefined ? size : own(l, 'stride');
      if (!image || !isInt(size, 1, LIMITS.kernel) || !isInt(s, 1, LIMITS.stride) || size > h || size > w) return no(`layer ${i} pool`);
      shape = [c, Math.floor((h - size) / s) + 1, Math.floor((w - size) / s) + 1];
    } else if (type === 'dense') {
      const u = own(l, 'units');
      if (shape.length !== 1 || !isInt(u, 1, LIMITS.units)) return no(`layer ${i} dense`);
      params.push({ name: `${i}.weight`, shape: [u, shape[0]] }, { name: `${i}.bias`, shape: [u] });
      nParams += u * shape[0] + u;
      macs += u * shape[0];
      shape = [u];
    } else if (type === 'flatten') shape = [shape.reduce((a, b) => a * b, 1)];
    acts += shape.reduce((a, b) => a * b, 1);
    if (nParams > BUDGET.params || acts > BUDGET.activations || macs > BUDGET.macs) return no(`layer ${i} over budget`);
  }
  if (shape.length !== 1 || (classes === undefined ? shape[0] < 2 : shape[0] !== classes)) return no('not a classifier');
  return { ok: true, ref: { params, out: shape } };
}

/** The largest |output| any input in [0, 1] can give (interval arithmetic, float64), from the weights as tensors. */
export function refBound(spec: { layers: { type: string }[] }, tensors: Map<string, Float32Array>): number {
  let bound = 1;
  spec.layers.forEach((l, i) => {
    if (l.type !== 'conv2d' && l.type !== 'dense') return;
    const w = tensors.get(`${i}.weight`)!;
    const b = tensors.get(`${i}.bias`)!;
    const row = w.length / b.length;
    let worst = 0;
    for (let r = 0; r < b.length; r++) {
      let sum = 0;
      for (let j = 0; j < row; j++) sum += Math.abs(w[r * row + j]);
      const v = sum * bound + Math.abs(b[r]);
      worst = Number.isNaN(v) || Number.isNaN(worst) ? Number.NaN : Math.max(worst, v);
    }
    bound = worst;
  });
  return bound;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time that names a real day and time (docs/model-format.md: createdAt). */
export function refDate(s: unknown): boolean {
  if (typeof s !== 'string' || s.length > 64) return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d, hh, mm, ss] = m.slice(1).map((x) => Number(x ?? 0));
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && hh < 24 && mm < 60 && ss < 60;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** JSON nesting depth of a text, counting brackets outside strings. */
export function refDepth(text: string): number {
  let [depth, most, inString, escaped] = [0, 0, false, false];
  for (const ch of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') most = Math.max(most, ++depth);
    else if (ch === ']' || ch === '}') depth--;
  }
  return most;
}

const FILE_KEYS = ['format', 'version', 'spec', 'meta', 'tensors', 'weights'];
const META_KEYS = ['name', 'createdAt', 'epochs', 'testAccuracy', 'seed', 'notes'];
const TENSOR_KEYS = ['name', 'shape', 'offset', 'length', 'crc32'];

/** A model file as docs/model-format.md describes it (a UTF-8 BOM allowed), with weights that cannot overflow. */
export function refModelFile(raw: string, classes?: number): Verdict {
  if (raw.length > LIMITS.modelFileChars) return no('too long');
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (refDepth(text) > LIMITS.jsonDepth) return no('too deep');
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return no('not JSON');
  }
  if (!isPlain(file)) return no('not an object');
  for (const k of Object.keys(file)) if (!FILE_KEYS.includes(k)) return no(`field ${k}`);
  if (own(file, 'format') !== 'cnn-studio-model' || own(file, 'version') !== 1) return no('format or version');
  const meta = own(file, 'meta');
  if (!isPlain(meta)) return no('meta');
  for (const k of Object.keys(meta)) if (!META_KEYS.includes(k)) return no(`meta field ${k}`);
  const [name, epochs, acc, seed, notes] = ['name', 'epochs', 'testAccuracy', 'seed', 'notes'].map((k) => own(meta, k));
  if (typeof name !== 'string' || name.length > LIMITS.nameChars) return no('meta.name');
  if (!refDate(own(meta, 'createdAt'))) return no('meta.createdAt');
  if (!isInt(epochs, 0, Number.MAX_SAFE_INTEGER)) return no('meta.epochs');
  if (acc !== null && !(typeof acc === 'number' && acc >= 0 && acc <= 1)) return no('meta.testAccuracy');
  if (seed !== null && !(typeof seed === 'number' && Number.isFinite(seed))) return no('meta.seed');
  if (notes !== undefined && (typeof notes !== 'string' || notes.length > LIMITS.notesChars)) return no('meta.notes');
  const spec = refSpec(own(file, 'spec'), classes);
  if (!spec.ok) return no(`spec: ${spec.why}`);
  const tensors = own(file, 'tensors');
  const weights = own(file, 'weights');
  if (!denseArray(tensors) || tensors.length !== spec.ref.params.length) return no('tensors');
  if (typeof weights !== 'string' || !B64.test(weights)) return no('weights base64');
  const bytes = new Uint8Array(Buffer.from(weights, 'base64'));
  const total = spec.ref.params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
  if (bytes.length !== total * 4) return no('weights size');
  const view = new DataView(bytes.buffer);
  const values = new Map<string, Float32Array>();
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    const p = spec.ref.params[i];
    if (!isPlain(t)) return no(`tensor ${i}`);
    for (const k of Object.keys(t)) if (!TENSOR_KEYS.includes(k)) return no(`tensor ${i} field ${k}`);
    const shape = own(t, 'shape');
    if (own(t, 'name') !== p.name || !denseArray(shape) || shape.length !== p.shape.length || !shape.every((d, j) => d === p.shape[j])) return no(`tensor ${i} name or shape`);
    const [offset, length, crc] = [own(t, 'offset'), own(t, 'length'), own(t, 'crc32')];
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (!isInt(offset, 0, total) || length !== size || offset + size > total || !isInt(crc, 0, 2 ** 32 - 1)) return no(`tensor ${i} offset, length or crc`);
    const slice = bytes.subarray(offset * 4, (offset + size) * 4);
    if (crc32(slice) !== crc) return no(`tensor ${i} checksum`);
    const data = new Float32Array(size);
    for (let j = 0; j < size; j++) data[j] = view.getFloat32((offset + j) * 4, true);
    if (!data.every(Number.isFinite)) return no(`tensor ${i} not finite`);
    values.set(p.name, data);
  }
  const bound = refBound(own(file, 'spec') as { layers: { type: string }[] }, values);
  if (!(bound <= LIMITS.outputBound)) return no('weights overflow');
  return yes;
}

/** One unsigned-byte IDX file: [dims, body] when it is well-formed (header complete, body exactly the dims' product). */
export function refIdx(b: Uint8Array): { dims: number[]; body: Uint8Array } | null {
  if (b.length < 4 || b[0] !== 0 || b[1] !== 0 || b[2] !== 8 || b[3] < 1 || b[3] > 4) return null;
  const header = 4 + 4 * b[3];
  if (b.length < header) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const dims = Array.from({ length: b[3] }, (_, i) => view.getUint32(4 + 4 * i, false));
  if (dims.reduce((a, d) => a * d, 1) !== b.length - header) return null;
  return { dims, body: b.subarray(header) };
}

/** MNIST's four files: images [n, 28, 28] with n ≥ 1, labels [n] in 0..9, for the training and the test split. */
export function refMnist(files: Uint8Array[]): Verdict {
  for (let s = 0; s < 2; s++) {
    const img = refIdx(files[2 * s]);
    const lab = refIdx(files[2 * s + 1]);
    if (!img || !lab) return no('not IDX');
    if (img.dims.length !== 3 || lab.dims.length !== 1 || img.dims[0] !== lab.dims[0] || img.dims[0] < 1) return no('dims');
    if (img.dims[1] !== 28 || img.dims[2] !== 28) return no('not 28×28');
    if (lab.body.some((x) => x >= 10)) return no('label');
  }
  return yes;
}
