// Model files, format "cnn-studio-model" v1 (documented in docs/model-format.md): a JSON header with the spec,
// metadata and a table of tensors with CRC-32s, and the float32 weights as one base64 blob.
// parseModelFile validates everything before returning, so a bad file never yields a half-loaded model.
import { checkBudget } from './analysis.js';
import { CoreError, isPlainObject, preview } from './assert.js';
import { Base64Error, fromBase64, toBase64 } from './base64.js';
import { LIMITS } from './limits.js';
import { Model, type NamedWeights } from './model.js';
import { assertClassifier, type LayerInfo, type ModelSpec } from './spec.js';

export const MODEL_FORMAT = 'cnn-studio-model';
export const MODEL_VERSION = 1;

export interface ModelMeta {
  /** Free text: which preset or file the model came from. */
  name: string;
  createdAt: string;
  /** Epochs of training behind these weights (0 = untrained). */
  epochs: number;
  testAccuracy: number | null;
  seed: number | null;
  /** Anything else the writer wants to record (hyper-parameters, the command that made it). */
  notes?: string;
  /** The data set the model was trained on and its class names, one per output (absent in older files: unknown). */
  dataset?: string;
  classes?: string[];
}

interface TensorEntry {
  name: string;
  shape: number[];
  /** Offset and length in float32 values within the blob. */
  offset: number;
  length: number;
  crc32: number;
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  spec: ModelSpec;
  meta: ModelMeta;
  tensors: TensorEntry[];
  /** Little-endian float32 values, base64. */
  weights: string;
}

export class ModelFileError extends CoreError {
  constructor(message: string) {
    super(`model file: ${message}`);
    this.name = 'ModelFileError';
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as in zlib). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function f32Bytes(a: Float32Array): Uint8Array {
  const out = new Uint8Array(a.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat32(i * 4, a[i], true);
  return out;
}

/** Serialises a model to model-file text (JSON). */
export function serializeModel(model: Model, meta: ModelMeta): string {
  const weights = model.getWeights();
  const total = weights.reduce((a, w) => a + w.data.length, 0);
  const all = new Float32Array(total);
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const w of weights) {
    all.set(w.data, offset);
    tensors.push({ name: w.name, shape: w.shape, offset, length: w.data.length, crc32: crc32(f32Bytes(w.data)) });
    offset += w.data.length;
  }
  const file: ModelFile = { format: MODEL_FORMAT, version: MODEL_VERSION, spec: model.spec, meta, tensors, weights: toBase64(f32Bytes(all)) };
  return JSON.stringify(file);
}

export interface LoadedModel {
  model: Model;
  meta: ModelMeta;
}

const FILE_KEYS = ['format', 'version', 'spec', 'meta', 'tensors', 'weights'];
const META_KEYS = ['name', 'createdAt', 'epochs', 'testAccuracy', 'seed', 'notes', 'dataset', 'classes'];
const TENSOR_KEYS = ['name', 'shape', 'offset', 'length', 'crc32'];

/** Refuses a field not in `allowed` (inherited names such as "constructor" included), naming where. */
function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) throw new ModelFileError(`${where}unknown field ${preview(key)}`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time naming a real day and time ("2026-02-30…" and "yesterday" are not). */
export function isIsoDate(s: unknown): boolean {
  const m = typeof s === 'string' && s.length <= 64 ? ISO_DATE.exec(s) : null;
  if (!m) return false;
  const [y, mo, d, hh, mm, ss] = m.slice(1).map((x) => Number(x ?? 0));
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate() && hh < 24 && mm < 60 && ss < 60;
}

function checkMeta(meta: unknown): asserts meta is ModelMeta {
  if (!isPlainObject(meta)) throw new ModelFileError(`meta: expected an object, got ${preview(meta)}`);
  onlyKeys(meta, META_KEYS, 'meta: ');
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const bad = (field: string, want: string) => new ModelFileError(`meta.${field}: expected ${want}, got ${preview(meta[field])}`);
  if (typeof meta.name !== 'string' || meta.name.length > LIMITS.nameChars) throw bad('name', `a string of at most ${LIMITS.nameChars} characters`);
  if (!isIsoDate(meta.createdAt)) throw bad('createdAt', 'an ISO 8601 date and time, e.g. "2026-11-29T09:34:49.738Z"');
  if (!Number.isSafeInteger(meta.epochs) || (meta.epochs as number) < 0) throw bad('epochs', 'a whole number ≥ 0');
  if (meta.testAccuracy !== null && !(isNum(meta.testAccuracy) && (meta.testAccuracy as number) >= 0 && (meta.testAccuracy as number) <= 1)) throw bad('testAccuracy', 'null or a number in [0, 1]');
  if (meta.seed !== null && !isNum(meta.seed)) throw bad('seed', 'null or a number');
  if (meta.notes !== undefined && (typeof meta.notes !== 'string' || meta.notes.length > LIMITS.notesChars)) throw bad('notes', `a string of at most ${LIMITS.notesChars} characters`);
  if (meta.dataset !== undefined && (typeof meta.dataset !== 'string' || meta.dataset.length > LIMITS.nameChars)) throw bad('dataset', `a string of at most ${LIMITS.nameChars} characters`);
  const classes: unknown = meta.classes;
  const isName = (c: unknown) => typeof c === 'string' && c.length > 0 && c.length <= LIMITS.classNameChars;
  if (classes !== undefined && !(Array.isArray(classes) && classes.length <= LIMITS.classes && classes.every(isName))) throw bad('classes', `a list of at most ${LIMITS.classes} class names of 1 to ${LIMITS.classNameChars} characters`);
}

/**
 * How deep objects and lists nest in a JSON text (brackets outside strings), stopping as soon as it passes `max`: so
 * a file nested 10⁶ deep is refused before JSON.parse builds it and before any message walks it.
 */
function nestingOver(text: string, max: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // a backslash escapes the next character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      if (++depth > max) return i;
    } else if (ch === 93 || ch === 125) depth--;
  }
  return null;
}

/** Parses and validates model-file text, then builds the model. Throws ModelFileError saying what is wrong. */
export function parseModelFile(raw: string): LoadedModel {
  if (raw.length > LIMITS.modelFileChars) throw new ModelFileError(`${raw.length} characters is over the limit of ${LIMITS.modelFileChars}`);
  // a UTF-8 byte-order mark, as some editors write one, is not part of the JSON
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const deep = nestingOver(text, LIMITS.jsonDepth);
  if (deep !== null) throw new ModelFileError(`nested more than ${LIMITS.jsonDepth} levels deep (at character ${deep}); a model file needs 5`);
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  if (!isPlainObject(file)) throw new ModelFileError('expected a JSON object');
  onlyKeys(file, FILE_KEYS, '');
  if (file.format !== MODEL_FORMAT) throw new ModelFileError(`format is ${preview(file.format)}, expected "${MODEL_FORMAT}"`);
  if (file.version !== MODEL_VERSION) throw new ModelFileError(`version ${preview(file.version)} is not supported (this app reads version ${MODEL_VERSION})`);
  const meta = file.meta;
  checkMeta(meta);
  let infos: LayerInfo[];
  try {
    infos = assertClassifier(file.spec as ModelSpec);
    checkBudget(file.spec as ModelSpec, infos);
  } catch (e) {
    throw new ModelFileError(`spec: ${(e as Error).message}`);
  }
  const spec = file.spec as ModelSpec;
  const outputs = infos[infos.length - 1].outShape[0];
  if (meta.classes && meta.classes.length !== outputs) throw new ModelFileError(`meta.classes: names ${meta.classes.length} classes, the model scores ${outputs}`);
  if (!Array.isArray(file.tensors)) throw new ModelFileError(`tensors: expected a list, got ${preview(file.tensors)}`);
  if (typeof file.weights !== 'string') throw new ModelFileError(`weights: expected a base64 string, got ${preview(file.weights)}`);
  // the blob must hold exactly the spec's values before a model of that size is built
  const total = infos.reduce((a, l) => a + l.params, 0);
  const bytes = weightBytes(file.weights);
  if (bytes.length !== total * 4) throw new ModelFileError(`weights: the spec needs ${total} float32 values (${total * 4} bytes), the file stores ${bytes.length} bytes`);
  const tensors: unknown[] = file.tensors;
  const model = new Model(spec);
  if (tensors.length !== model.params.length) throw new ModelFileError(`tensors: the spec needs ${model.params.length} tensors, the file has ${tensors.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights: NamedWeights[] = model.params.map((p, i) => {
    const t = tensors[i];
    if (!isPlainObject(t)) throw new ModelFileError(`tensor ${i}: expected an object, got ${preview(t)}`);
    onlyKeys(t, TENSOR_KEYS, `tensor ${i}: `);
    const want = p.value.shape;
    const shape = t.shape;
    // element by element: [[16,1],5,5] or ["16","1","5","5"] are not [16,1,5,5]
    const sameShape = Array.isArray(shape) && shape.length === want.length && want.every((d, j) => shape[j] === d);
    if (t.name !== p.name || !sameShape) throw new ModelFileError(`tensor ${i}: is ${typeof t.name === 'string' ? t.name.slice(0, 60) : preview(t.name)} ${preview(shape)}, the spec needs ${p.name} [${want}]`);
    const { offset, length, crc32: crc } = t;
    if (!Number.isSafeInteger(offset) || (offset as number) < 0 || length !== p.value.size || (offset as number) + p.value.size > total) {
      throw new ModelFileError(`tensor ${p.name}: offset ${preview(offset)} length ${preview(length)} does not fit the ${total} stored values`);
    }
    if (!Number.isInteger(crc) || (crc as number) < 0 || (crc as number) > 0xffffffff) throw new ModelFileError(`tensor ${p.name}: crc32 must be a whole number from 0 to 4294967295, got ${preview(crc)}`);
    const at = offset as number;
    const slice = bytes.subarray(at * 4, (at + p.value.size) * 4);
    if (crc32(slice) !== crc) throw new ModelFileError(`tensor ${p.name}: checksum mismatch (the weights are corrupted)`);
    const data = new Float32Array(p.value.size);
    for (let j = 0; j < data.length; j++) {
      data[j] = view.getFloat32((at + j) * 4, true);
      if (!Number.isFinite(data[j])) throw new ModelFileError(`tensor ${p.name}: value ${j} is not finite`);
    }
    return { name: p.name, shape: [...want], data };
  });
  model.setWeights(weights);
  // finite is not enough: weights of 1e30 overflow a forward pass to NaN
  const bound = model.outputBound();
  if (!(bound <= LIMITS.outputBound)) throw new ModelFileError(`weights: too large to use (some image could make a layer output ${bound.toPrecision(3)}, over ${LIMITS.outputBound}; every prediction would overflow)`);
  return { model, meta };
}

/** The file's weights string as bytes; a malformed one is a ModelFileError naming the field. */
function weightBytes(b64: string): Uint8Array {
  try {
    return fromBase64(b64);
  } catch (e) {
    if (e instanceof Base64Error) throw new ModelFileError(`weights: ${e.message}`);
    throw e;
  }
}
