// Model files, format "cnn-studio-model" v1 (documented in docs/model-format.md): a JSON header with the spec,
// metadata and a table of tensors with CRC-32s, and the float32 weights as one base64 blob.
// parseModelFile validates everything before returning, so a bad file never yields a half-loaded model.
import { CoreError } from './assert.js';
import { Base64Error, fromBase64, toBase64 } from './base64.js';
import { Model, type NamedWeights } from './model.js';
import { assertClassifier, type ModelSpec } from './spec.js';

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

function checkMeta(meta: ModelMeta): void {
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const bad = (field: string, want: string) => new ModelFileError(`meta.${field}: expected ${want}, got ${JSON.stringify((meta as unknown as Record<string, unknown>)[field])}`);
  if (typeof meta.createdAt !== 'string') throw bad('createdAt', 'a date string');
  if (!isNum(meta.epochs) || meta.epochs < 0) throw bad('epochs', 'a number ≥ 0');
  if (meta.testAccuracy !== null && !(isNum(meta.testAccuracy) && meta.testAccuracy >= 0 && meta.testAccuracy <= 1)) throw bad('testAccuracy', 'null or a number in [0, 1]');
  if (meta.seed !== null && !isNum(meta.seed)) throw bad('seed', 'null or a number');
  if (meta.notes !== undefined && typeof meta.notes !== 'string') throw bad('notes', 'a string');
}

/** Parses and validates model-file text, then builds the model. Throws ModelFileError saying what is wrong. */
export function parseModelFile(text: string): LoadedModel {
  let file: ModelFile;
  try {
    file = JSON.parse(text) as ModelFile;
  } catch (e) {
    throw new ModelFileError(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof file !== 'object' || file === null) throw new ModelFileError('expected a JSON object');
  if (file.format !== MODEL_FORMAT) throw new ModelFileError(`format is ${JSON.stringify(file.format)}, expected "${MODEL_FORMAT}"`);
  if (file.version !== MODEL_VERSION) throw new ModelFileError(`version ${JSON.stringify(file.version)} is not supported (this app reads version ${MODEL_VERSION})`);
  const meta = file.meta;
  if (typeof meta !== 'object' || meta === null || typeof meta.name !== 'string') throw new ModelFileError('meta: missing or has no name');
  checkMeta(meta);
  try {
    assertClassifier(file.spec);
  } catch (e) {
    throw new ModelFileError(`spec: ${(e as Error).message}`);
  }
  if (!Array.isArray(file.tensors)) throw new ModelFileError('tensors: missing');
  if (typeof file.weights !== 'string') throw new ModelFileError('weights: missing');
  const bytes = weightBytes(file.weights);
  if (bytes.length % 4 !== 0) throw new ModelFileError(`weights: ${bytes.length} bytes is not a whole number of float32 values`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const model = new Model(file.spec);
  if (file.tensors.length !== model.params.length) throw new ModelFileError(`tensors: the spec needs ${model.params.length} tensors, the file has ${file.tensors.length}`);
  const weights: NamedWeights[] = file.tensors.map((t, i) => {
    const p = model.params[i];
    if (typeof t !== 'object' || t === null) throw new ModelFileError(`tensor ${i}: expected an object, got ${JSON.stringify(t)}`);
    if (t.name !== p.name || !Array.isArray(t.shape) || t.shape.join() !== p.value.shape.join()) {
      throw new ModelFileError(`tensor ${i}: is ${t.name} [${t.shape}], the spec needs ${p.name} [${p.value.shape}]`);
    }
    if (!Number.isInteger(t.offset) || t.offset < 0 || t.length !== p.value.size || (t.offset + t.length) * 4 > bytes.length) {
      throw new ModelFileError(`tensor ${t.name}: offset ${t.offset} length ${t.length} does not fit the ${bytes.length / 4} stored values`);
    }
    const slice = bytes.subarray(t.offset * 4, (t.offset + t.length) * 4);
    if (crc32(slice) !== t.crc32) throw new ModelFileError(`tensor ${t.name}: checksum mismatch (the weights are corrupted)`);
    const data = new Float32Array(t.length);
    for (let j = 0; j < t.length; j++) {
      data[j] = view.getFloat32((t.offset + j) * 4, true);
      if (!Number.isFinite(data[j])) throw new ModelFileError(`tensor ${t.name}: value ${j} is not finite`);
    }
    return { name: t.name, shape: t.shape, data };
  });
  model.setWeights(weights);
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
