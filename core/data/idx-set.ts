// A data set from IDX files, plain or gzipped: the four files of a given split (train-images, train-labels, test or
// t10k images and labels, as MNIST and Fashion-MNIST ship them), or one images/labels pair split by a seeded fraction.
// The caller passes the bytes (fs in Node, File objects in the browser); images of another size are resized.
import { LIMITS } from '../limits.js';
import { classList, IMAGE_SIDE, numberedClasses } from './catalog.js';
import { maybeGunzip } from './gzip.js';
import { DataError } from './idx.js';
import { resizeGray } from './images.js';
import { datasetFromIdx, type Dataset, type DataSplits } from './mnist.js';
import { DEFAULT_TEST_FRACTION, splitDataset } from './split.js';

/** A file as the caller read it: its name (a path is fine; only the last part is looked at) and its bytes. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export interface IdxSetOptions {
  /** The data set's name (default: "IDX data set"). */
  name?: string;
  /** Class names in label order; absent: '0'..'k-1' from the largest label. */
  classNames?: readonly string[];
  /** With one images/labels pair: the test share (default 0.2) and the seed that picks it (default 1). */
  testFraction?: number;
  seed?: number;
}

type Role = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels' | 'images' | 'labels';

const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;

/** What an IDX file holds, from its name: images or labels, of the training or the test set (or not said). */
export function idxRole(name: string): Role | null {
  const n = baseName(name).toLowerCase().replace(/\.gz$/, '');
  const kind = /images|idx3/.test(n) ? 'images' : /labels|idx1/.test(n) ? 'labels' : null;
  if (!kind) return null;
  const split = /^t10k|test/.test(n) ? 'test' : /train/.test(n) ? 'train' : null;
  if (!split) return kind;
  return `${split}${kind === 'images' ? 'Images' : 'Labels'}` as Role;
}

const EXPECTED = 'four files train-images, train-labels, t10k- (or test-) images and labels (…-idx3-ubyte / …-idx1-ubyte, plain or .gz), or one images and one labels file';

/** Sorts the files into their roles; anything unrecognised, missing or doubled is a DataError naming the file. */
function assignRoles(files: readonly NamedBytes[]): Partial<Record<Role, NamedBytes>> {
  if (files.length === 0) throw new DataError('IDX data set', `no files given; expected ${EXPECTED}`);
  const roles: Partial<Record<Role, NamedBytes>> = {};
  for (const f of files) {
    const role = idxRole(f.name);
    if (!role) throw new DataError(baseName(f.name), `is not named like an IDX images or labels file; expected ${EXPECTED}`);
    const twin = roles[role];
    if (twin) throw new DataError(baseName(f.name), `and ${baseName(twin.name)} are both ${role} files; give one of each`);
    roles[role] = f;
  }
  const given = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;
  const four = given.every((r) => roles[r]) && !roles.images && !roles.labels;
  // a pair: one images and one labels file, whatever split its names say
  const all = Object.values(roles);
  const pair = all.length === 2 && all.some((f) => /images|idx3/i.test(baseName(f.name))) && all.some((f) => /labels|idx1/i.test(baseName(f.name)));
  if (!four && !pair) {
    const missing = given.filter((r) => !roles[r]);
    throw new DataError('IDX data set', `got ${files.map((f) => baseName(f.name)).join(', ')}; expected ${EXPECTED}${missing.length < 4 && all.length > 2 ? ` (missing: ${missing.join(', ')})` : ''}`);
  }
  return roles;
}

/** Brings a one-channel data set to IMAGE_SIDE × IMAGE_SIDE (a copy only when it must be resized). */
function toStudioSize(d: Dataset): Dataset {
  if (d.rows === IMAGE_SIDE && d.cols === IMAGE_SIDE) return d;
  const px = IMAGE_SIDE * IMAGE_SIDE;
  const images = new Uint8Array(d.count * px);
  for (let i = 0; i < d.count; i++) resizeGray(d.images.subarray(i * d.rows * d.cols, (i + 1) * d.rows * d.cols), d.cols, d.rows, IMAGE_SIDE, IMAGE_SIDE, images, i * px);
  return { ...d, images, rows: IMAGE_SIDE, cols: IMAGE_SIDE };
}

async function readPair(images: NamedBytes, labels: NamedBytes, classes: number): Promise<Dataset> {
  const [ib, lb] = await Promise.all([maybeGunzip(images.bytes, baseName(images.name), LIMITS.idxBytes), maybeGunzip(labels.bytes, baseName(labels.name), LIMITS.idxBytes)]);
  const d = datasetFromIdx(ib, lb, baseName(images.name), baseName(labels.name), classes);
  if (d.count > LIMITS.datasetImages) throw new DataError(baseName(images.name), `holds ${d.count} images, over the limit of ${LIMITS.datasetImages}`);
  return d;
}

/** Reads an IDX data set (see the file header). Throws DataError naming the file and the problem. */
export async function loadIdxSet(files: readonly NamedBytes[], opts: IdxSetOptions = {}): Promise<DataSplits> {
  const roles = assignRoles(files);
  const named = opts.classNames;
  if (named && (named.length < 2 || named.length > LIMITS.classes)) throw new DataError('IDX data set', `needs 2 to ${LIMITS.classes} class names, got ${named.length}`);
  const cap = named?.length ?? LIMITS.classes;
  const notes: string[] = [];
  let train: Dataset;
  let test: Dataset;
  if (roles.trainImages && roles.trainLabels && roles.testImages && roles.testLabels && Object.keys(roles).length === 4) {
    train = await readPair(roles.trainImages, roles.trainLabels, cap);
    test = await readPair(roles.testImages, roles.testLabels, cap);
    if (train.count + test.count > LIMITS.datasetImages) throw new DataError('IDX data set', `${train.count} + ${test.count} images is over the limit of ${LIMITS.datasetImages}`);
    if (train.rows !== test.rows || train.cols !== test.cols) throw new DataError(baseName(roles.testImages.name), `images are ${test.rows}×${test.cols}, the training images ${train.rows}×${train.cols}`);
  } else {
    const all = Object.values(roles);
    const images = all.find((f) => /images|idx3/i.test(baseName(f.name)))!;
    const labels = all.find((f) => f !== images)!;
    const whole = await readPair(images, labels, cap);
    const fraction = opts.testFraction ?? DEFAULT_TEST_FRACTION;
    ({ train, test } = splitDataset(whole, fraction, opts.seed ?? 1));
    notes.push(`no test set given: ${test.count} of the ${whole.count} images (${Math.round(fraction * 100)} % of each class, seed ${opts.seed ?? 1}) were set aside for testing`);
  }
  let k = named?.length ?? 0;
  if (!named) for (const d of [train, test]) for (let i = 0; i < d.count; i++) k = Math.max(k, d.labels[i] + 1);
  if (k < 2) throw new DataError(baseName((roles.trainLabels ?? roles.labels ?? files[0]).name), 'every label is 0: a classifier needs at least 2 classes');
  if (train.rows !== IMAGE_SIDE || train.cols !== IMAGE_SIDE) notes.push(`images are ${train.rows}×${train.cols} pixels; resized to ${IMAGE_SIDE}×${IMAGE_SIDE}`);
  train = { ...toStudioSize(train), classes: k };
  test = { ...toStudioSize(test), classes: k };
  const classNames = named ? [...named] : numberedClasses(k);
  if (!named) notes.push(`classes named by their labels: ${classList(classNames)}`);
  return { train, test, name: opts.name ?? 'IDX data set', classNames, notes };
}
