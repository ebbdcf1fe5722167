// Data sets as uint8 pixels and labels (any channels, size and class count), MNIST loaded through a caller-supplied
// file reader (fs in Node, fetch in a browser), plus seeded shuffling and batching that normalises to floats in [0, 1].
import { DataError, parseIdx } from './idx.js';
import { MNIST_CLASS_NAMES } from './catalog.js';
import { Rng } from '../rng.js';
import { Tensor } from '../tensor.js';

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** MNIST's ten digit classes. */
export const MNIST_CLASSES = 10;
/** MNIST's image size, rows × cols: files of another size are refused when they load, not when training starts. */
export const MNIST_SIZE = [28, 28] as const;

export interface Dataset {
  /** count × channels × rows × cols pixels, 0..255. */
  images: Uint8Array;
  /** One class index in 0..classes-1 per image. */
  labels: Uint8Array;
  count: number;
  channels: number;
  rows: number;
  cols: number;
  classes: number;
}

/** A training set and a test set of the same shape, with what the data set is called and its classes are named. */
export interface DataSplits {
  train: Dataset;
  test: Dataset;
  /** The data set's name ("MNIST", "Fashion-MNIST", a folder's name); absent: "MNIST". */
  name?: string;
  /** One name per class (label order); absent: '0'..'k-1'. */
  classNames?: readonly string[];
  /** How the data was read: images resized, a test split chosen, files skipped. */
  notes?: readonly string[];
}
/** MNIST's splits (the type the MNIST loader returns). */
export type Mnist = DataSplits;

/** Per-image shape [channels, rows, cols]. */
export function imageShape(d: Dataset): [number, number, number] {
  return [d.channels, d.rows, d.cols];
}

/** Pixels per image (channels × rows × cols). */
export function imageSize(d: Dataset): number {
  return d.channels * d.rows * d.cols;
}

/**
 * Builds a one-channel dataset from the bytes of an images file and a labels file, checking they agree. With `size`
 * ([rows, cols]) images of any other size are refused here, before anything trains on them.
 */
export function datasetFromIdx(imageBytes: Uint8Array, labelBytes: Uint8Array, imageFile: string, labelFile: string, classes = MNIST_CLASSES, size?: readonly [number, number]): Dataset {
  const img = parseIdx(imageBytes, imageFile);
  const lab = parseIdx(labelBytes, labelFile);
  if (img.dims.length !== 3) throw new DataError(imageFile, `expected 3 dimensions (count, rows, cols), got ${img.dims.length}`);
  if (lab.dims.length !== 1) throw new DataError(labelFile, `expected 1 dimension (count), got ${lab.dims.length}`);
  const [count, rows, cols] = img.dims;
  if (count === 0) throw new DataError(imageFile, 'holds no images');
  if (rows === 0 || cols === 0) throw new DataError(imageFile, `images of ${rows}×${cols} pixels hold nothing`);
  if (size && (rows !== size[0] || cols !== size[1])) throw new DataError(imageFile, `images are ${rows}×${cols} pixels; this data set's are ${size[0]}×${size[1]}`);
  if (count !== lab.dims[0]) throw new DataError(labelFile, `has ${lab.dims[0]} labels but ${imageFile} has ${count} images`);
  for (let i = 0; i < lab.data.length; i++) {
    if (lab.data[i] >= classes) throw new DataError(labelFile, `label ${lab.data[i]} at index ${i} is not a class 0–${classes - 1}`);
  }
  return { images: img.data, labels: lab.data, count, channels: 1, rows, cols, classes };
}

export type ReadFile = (name: string) => Promise<Uint8Array>;

/** Loads the four MNIST files through `read` (which resolves a file name to its bytes). */
export async function loadMnist(read: ReadFile): Promise<Mnist> {
  const f = MNIST_FILES;
  const [ti, tl, vi, vl] = await Promise.all([read(f.trainImages), read(f.trainLabels), read(f.testImages), read(f.testLabels)]);
  return {
    train: datasetFromIdx(ti, tl, f.trainImages, f.trainLabels, MNIST_CLASSES, MNIST_SIZE),
    test: datasetFromIdx(vi, vl, f.testImages, f.testLabels, MNIST_CLASSES, MNIST_SIZE),
    name: 'MNIST',
    classNames: MNIST_CLASS_NAMES,
  };
}

/** The first `n` examples (no copy). */
export function subset(d: Dataset, n: number): Dataset {
  const count = Math.max(0, Math.min(n, d.count));
  const px = imageSize(d);
  return { ...d, count, images: d.images.subarray(0, count * px), labels: d.labels.subarray(0, count) };
}

/** Example indices in a seeded random order. */
export function shuffledIndices(count: number, rng: Rng): Uint32Array {
  const idx = new Uint32Array(count);
  for (let i = 0; i < count; i++) idx[i] = i;
  return rng.shuffle(idx);
}

/** Writes examples idx[start..start+n) into x ([n,channels,rows,cols], pixels · (1/255) rounded to float32) and labels. */
export function fillBatch(d: Dataset, idx: ArrayLike<number>, start: number, x: Tensor, labels: Uint8Array): void {
  const px = imageSize(d);
  const n = labels.length;
  const out = x.data;
  for (let i = 0; i < n; i++) {
    const s = idx[start + i];
    out.set(d.images.subarray(s * px, s * px + px), i * px);
    labels[i] = d.labels[s];
  }
  // the bytes copied as they are (a native loop), then scaled in place: a third faster than a table lookup per pixel
  for (let j = 0, m = n * px; j < m; j++) out[j] = Math.fround(out[j] * (1 / 255));
}

/** One example as a [1, channels, rows, cols] tensor in [0, 1]. */
export function exampleTensor(d: Dataset, i: number): Tensor {
  const px = imageSize(d);
  const t = new Tensor([1, d.channels, d.rows, d.cols]);
  for (let j = 0; j < px; j++) t.data[j] = d.images[i * px + j] / 255;
  return t;
}
