// data:load's source: the bundled MNIST (the host's own loader), IDX files' bytes (core unpacks and reads them), or a
// data set the edge has already read into pixels (a class folder, whose images only the edge can decode). Validated
// here, field by field, before anything is read; a bad source is an `invalid` error naming the field.
import { CoreError, isPlainObject, preview } from '../assert.js';
import { classList, classNamesOf, sameClasses } from '../data/catalog.js';
import { loadIdxSet, type NamedBytes } from '../data/idx-set.js';
import { imageShape, type Dataset, type DataSplits } from '../data/mnist.js';
import { checkTestFraction } from '../data/split.js';
import { LIMITS } from '../limits.js';
import type { ModelMeta } from '../model-file.js';
import type { DataSummary } from '../protocol.js';
import { classCount, inferShapes, type ModelSpec } from '../spec.js';

/** A set the edge has read (class folders): 28×28 gray pixels and labels 0..k-1, split given or already chosen. */
export interface PixelsPart {
  images: Uint8Array;
  labels: Uint8Array;
}

export type DataSource =
  | { kind: 'mnist' }
  | { kind: 'idx'; name: string; files: NamedBytes[]; classNames?: string[]; testFraction?: number; seed?: number }
  | { kind: 'pixels'; name: string; classNames: string[]; train: PixelsPart; test: PixelsPart; notes?: string[] };

/** The bytes one data:load may carry: four unpacked IDX files of the size limit. */
const MAX_SOURCE_BYTES = 4 * LIMITS.idxBytes;
const SIDE = 28;

const bad = (field: string, want: string, got: unknown) => new CoreError(`data:load.source.${field}: expected ${want}, got ${preview(got)}`);

function checkName(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.nameChars) throw bad(field, `a name of 1 to ${LIMITS.nameChars} characters`, v);
  return v;
}

function checkClassNames(v: unknown, field: string): string[] {
  const ok = Array.isArray(v) && v.length >= 2 && v.length <= LIMITS.classes && v.every((c) => typeof c === 'string' && c.length > 0 && c.length <= LIMITS.classNameChars);
  if (!ok) throw bad(field, `2 to ${LIMITS.classes} class names of 1 to ${LIMITS.classNameChars} characters`, v);
  const names = v as string[];
  const twin = names.find((n, i) => names.indexOf(n) !== i);
  if (twin !== undefined) throw new CoreError(`data:load.source.${field}: the class name ${preview(twin)} is given twice`);
  return names;
}

function checkPart(v: unknown, field: string, classes: number): Dataset {
  if (!isPlainObject(v) || !(v.images instanceof Uint8Array) || !(v.labels instanceof Uint8Array)) throw bad(field, '{ images: Uint8Array, labels: Uint8Array }', v);
  const { images, labels } = v;
  const count = labels.length;
  if (count === 0) throw new CoreError(`data:load.source.${field}: holds no images`);
  if (images.length !== count * SIDE * SIDE) throw new CoreError(`data:load.source.${field}: ${count} labels need ${count * SIDE * SIDE} pixels (28×28 each), got ${images.length}`);
  const over = labels.findIndex((l) => l >= classes);
  if (over >= 0) throw new CoreError(`data:load.source.${field}.labels[${over}]: ${labels[over]} is not a class 0–${classes - 1}`);
  return { images, labels, count, channels: 1, rows: SIDE, cols: SIDE, classes };
}

/** Checks data:load's `source` and returns it typed; throws CoreError naming the field. */
export function parseDataSource(v: unknown): DataSource {
  if (!isPlainObject(v)) throw bad('', 'an object', v);
  if (v.kind === 'mnist') return { kind: 'mnist' };
  if (v.kind === 'idx') {
    const name = checkName(v.name, 'name');
    if (!Array.isArray(v.files) || v.files.length === 0 || v.files.length > 4) throw bad('files', '1 to 4 files { name, bytes }', v.files);
    let total = 0;
    const files = v.files.map((f: unknown, i: number) => {
      if (!isPlainObject(f) || typeof f.name !== 'string' || f.name.length > LIMITS.stringChars || !(f.bytes instanceof Uint8Array)) throw bad(`files[${i}]`, '{ name: string, bytes: Uint8Array }', f);
      total += f.bytes.length;
      return { name: f.name, bytes: f.bytes };
    });
    if (total > MAX_SOURCE_BYTES) throw new CoreError(`data:load.source.files: ${total} bytes is over the limit of ${MAX_SOURCE_BYTES}`);
    const classNames = v.classNames === undefined ? undefined : checkClassNames(v.classNames, 'classNames');
    const testFraction = v.testFraction === undefined ? undefined : typeof v.testFraction === 'number' ? checkTestFraction(v.testFraction) : checkTestFraction(NaN);
    if (v.seed !== undefined && !(Number.isInteger(v.seed) && (v.seed as number) >= 0)) throw bad('seed', 'a whole number ≥ 0', v.seed);
    return { kind: 'idx', name, files, ...(classNames ? { classNames } : {}), ...(testFraction !== undefined ? { testFraction } : {}), ...(v.seed !== undefined ? { seed: v.seed as number } : {}) };
  }
  if (v.kind === 'pixels') {
    const name = checkName(v.name, 'name');
    const classNames = checkClassNames(v.classNames, 'classNames');
    const notes = v.notes === undefined ? [] : v.notes;
    if (!Array.isArray(notes) || notes.length > 16 || !notes.every((n) => typeof n === 'string' && n.length <= LIMITS.stringChars)) throw bad('notes', 'up to 16 strings', v.notes);
    checkPart(v.train, 'train', classNames.length);
    checkPart(v.test, 'test', classNames.length);
    const t = v.train as PixelsPart;
    const s = v.test as PixelsPart;
    if (t.labels.length + s.labels.length > LIMITS.datasetImages) throw new CoreError(`data:load.source: ${t.labels.length + s.labels.length} images is over the limit of ${LIMITS.datasetImages}`);
    return { kind: 'pixels', name, classNames, train: t, test: s, notes: notes as string[] };
  }
  throw bad('kind', '"mnist", "idx" or "pixels"', v.kind);
}

/** Reads a checked source into splits; `mnist` goes to the host's own loader. */
export async function loadSource(source: DataSource, loadDefault: () => Promise<DataSplits>): Promise<DataSplits> {
  switch (source.kind) {
    case 'mnist':
      return loadDefault();
    case 'idx':
      return loadIdxSet(source.files, source);
    case 'pixels': {
      const k = source.classNames.length;
      const notes = source.notes?.length ? source.notes : [`${k} classes: ${classList(source.classNames)}`];
      return { name: source.name, classNames: source.classNames, notes, train: checkPart(source.train, 'train', k), test: checkPart(source.test, 'test', k) };
    }
  }
}

/** What the session says about its data set (session:describe, ready, data). */
export function summarizeData(d: DataSplits): DataSummary {
  return { name: d.name ?? 'MNIST', trainCount: d.train.count, testCount: d.test.count, input: imageShape(d.train), classes: d.train.classes, classNames: [...classNamesOf(d)], notes: [...(d.notes ?? [])] };
}

/** The data set's name and class names, for the meta of a model made or trained on it (nothing without data). */
export function dataMeta(d: DataSummary | null): Pick<ModelMeta, 'dataset' | 'classes'> {
  return d ? { dataset: d.name, classes: [...d.classNames] } : {};
}

/**
 * A model must take the data set's images and score its classes; with `meta` (a loaded file) that names the classes
 * it was trained on, they must be the data set's, in order. Nothing to check before the data has loaded.
 */
export function checkFits(spec: ModelSpec, d: DataSummary | null, what: string, meta?: ModelMeta): void {
  if (!d) return;
  if (spec.input.join() !== d.input.join()) throw new CoreError(`${what}: the input must be [${d.input.join(',')}] (the data set's images), got [${spec.input.join(',')}]`);
  const k = classCount(inferShapes(spec));
  const trained = meta?.classes ? ` (${classList(meta.classes)}${meta.dataset ? `, from ${meta.dataset}` : ''})` : '';
  if (k !== d.classes) throw new CoreError(`${what}: the model scores ${k} classes${trained}; the data set ${d.name} has ${d.classes} (${classList(d.classNames)}). Open the model's data set first, or make a fresh model for ${d.classes} classes`);
  if (meta?.classes && !sameClasses(meta.classes, d.classNames)) {
    throw new CoreError(`${what}: the model was trained on the classes ${classList(meta.classes)}${meta.dataset ? ` (${meta.dataset})` : ''}, but the data set ${d.name} has ${classList(d.classNames)}. Open the model's data set first`);
  }
}
