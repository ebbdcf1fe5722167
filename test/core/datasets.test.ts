// Data sets beyond MNIST: IDX files plain and gzipped (given or chosen split, other sizes resized), class folders
// (planned from a listing, decoded through the caller), and every bad input refused with the file's name.
import { gzipSync } from 'node:zlib';
import { describe, expect, test, vi } from 'vitest';
import { FASHION_MNIST_CLASS_NAMES } from '../../core/data/catalog.js';
import { buildFolderSet, planFolder, type FolderFile } from '../../core/data/folder-set.js';
import { gunzip } from '../../core/data/gzip.js';
import { idxRole, loadIdxSet } from '../../core/data/idx-set.js';
import { resizeGray, toGray } from '../../core/data/images.js';
import { LIMITS } from '../../core/limits.js';
import { bandImages, idxBytes, idxPair } from './helpers/idx-files.js';

describe('IDX data sets', () => {
  test('four gzipped files: the given split, classes from the labels, pixels as written', async () => {
    const files = [...idxPair('train', 30, 3, 1, true), ...idxPair('t10k', 12, 3, 2, true)];
    const d = await loadIdxSet(files, { name: 'bands' });
    expect(d.train.count).toBe(30);
    expect(d.test.count).toBe(12);
    expect(d.train.classes).toBe(3);
    expect(d.classNames).toEqual(['0', '1', '2']);
    expect(d.name).toBe('bands');
    const plain = bandImages(30, 3, 1);
    expect(Array.from(d.train.images)).toEqual(Array.from(plain.images));
    expect(Array.from(d.train.labels)).toEqual(Array.from(plain.labels));
  });

  test('class names given (Fashion-MNIST) name the labels', async () => {
    const files = [...idxPair('train', 20, 10, 1, false), ...idxPair('t10k', 10, 10, 2, true)];
    const d = await loadIdxSet(files, { name: 'Fashion-MNIST', classNames: FASHION_MNIST_CLASS_NAMES });
    expect(d.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES]);
    expect(d.notes).toEqual([]);
  });

  test('one pair: a seeded, per-class test split, said in a note; the same seed picks the same images', async () => {
    const files = idxPair('train', 100, 4, 1, true);
    const a = await loadIdxSet(files, { testFraction: 0.25, seed: 7 });
    const b = await loadIdxSet(files, { testFraction: 0.25, seed: 7 });
    expect(a.test.count).toBe(24 + 0); // round(0.25 × 25) = 6 of each of the 4 classes
    expect(a.train.count).toBe(76);
    expect(Array.from(a.test.images)).toEqual(Array.from(b.test.images));
    for (let c = 0; c < 4; c++) expect(a.test.labels.filter((l) => l === c).length).toBe(6);
    expect(a.notes?.join(' ')).toMatch(/24 of the 100 images .*25 %.*seed 7.*testing/);
  });

  test('images of another size are resized to 28×28 with a note', async () => {
    const files = [...idxPair('train', 12, 2, 1, false, 56), ...idxPair('t10k', 4, 2, 2, false, 56)];
    const d = await loadIdxSet(files);
    expect([d.train.rows, d.train.cols, d.train.images.length]).toEqual([28, 28, 12 * 784]);
    expect(d.notes?.join(' ')).toMatch(/56×56 pixels; resized to 28×28/);
  });

  test('file roles from MNIST-style names', () => {
    expect(idxRole('data/t10k-images-idx3-ubyte.gz')).toBe('testImages');
    expect(idxRole('train-labels.idx1-ubyte')).toBe('trainLabels');
    expect(idxRole('letters-images-idx3-ubyte')).toBe('images');
    expect(idxRole('readme.txt')).toBeNull();
  });

  const good = () => [...idxPair('train', 10, 2, 1, true), ...idxPair('t10k', 4, 2, 2, true)];
  test.each([
    ['a truncated .gz', (f: ReturnType<typeof good>) => (f[0] = { ...f[0], bytes: f[0].bytes.subarray(0, f[0].bytes.length - 40) }), /^train-images-idx3-ubyte\.gz: not a readable gzip file: .*truncated or corrupt/],
    ['a wrong magic number', (f: ReturnType<typeof good>) => (f[1] = { ...f[1], bytes: new Uint8Array(gzipSync(Uint8Array.from([1, 2, 8, 1, 0, 0, 0, 10, ...new Array<number>(10).fill(0)]))) }), /^train-labels-idx1-ubyte\.gz: wrong magic number/],
    ['a truncated IDX body', (f: ReturnType<typeof good>) => (f[2] = { ...f[2], bytes: idxBytes([4, 28, 28], new Uint8Array(100)) }), /^t10k-images-idx3-ubyte\.gz: truncated: header says 4×28×28 = 3136 bytes of data, file has 100/],
    ['labels and images that disagree', (f: ReturnType<typeof good>) => (f[3] = { ...f[3], bytes: idxBytes([5], new Uint8Array(5)) }), /^t10k-labels-idx1-ubyte\.gz: has 5 labels but t10k-images-idx3-ubyte\.gz has 4 images/],
    ['an unknown file', (f: ReturnType<typeof good>) => (f[3] = { ...f[3], name: 'notes.txt' }), /^notes\.txt: is not named like an IDX images or labels file/],
    ['three files', (f: ReturnType<typeof good>) => f.pop(), /^IDX data set: got .*; expected four files/],
  ])('%s is a DataError naming the file', async (_, spoil, message) => {
    const files = good();
    spoil(files);
    await expect(loadIdxSet(files)).rejects.toThrow(message);
  });

  test('a .gz unpacking to more than the limit is stopped once its output passes it, whatever its trailer says', async () => {
    const liar = new Uint8Array(gzipSync(new Uint8Array(4 << 20)));
    new DataView(liar.buffer).setUint32(liar.length - 4, 10, true);
    await expect(gunzip(liar, 'liar.gz', 100_000)).rejects.toThrow(/^liar\.gz: unpacks to more than 100000 bytes \(\d+ so far\), over the limit$/);
    const big = new Uint8Array(gzipSync(new Uint8Array(200_000)));
    await expect(gunzip(big, 'big.gz', 100_000)).rejects.toThrow(/^big\.gz: unpacks to more than 100000 bytes/);
    await expect(gunzip(big, 'big.gz', 200_000)).resolves.toHaveLength(200_000);
  });
});

describe('images to the studio input', () => {
  test('gray from RGBA: luma times alpha (transparent is black)', () => {
    const g = toGray({ width: 3, height: 1, channels: 4, data: Uint8Array.from([255, 255, 255, 255, 255, 0, 0, 255, 255, 255, 255, 0]) });
    expect(Array.from(g)).toEqual([255, 76, 0]);
  });
  test('area resize: a 4×4 image to 2×2 averages each quarter; same size copies', () => {
    const src = Uint8Array.from([0, 0, 100, 100, 0, 0, 100, 100, 40, 40, 200, 200, 40, 40, 200, 200]);
    expect(Array.from(resizeGray(src, 4, 4, 2, 2))).toEqual([0, 100, 40, 200]);
    expect(Array.from(resizeGray(src, 4, 4, 4, 4))).toEqual(Array.from(src));
  });
});

const listing = (paths: string[]): FolderFile[] => paths.map((p) => ({ path: p, size: 100 }));
const decodeBand = (names: string[]) => async (p: string) => {
  const c = names.indexOf(p.split('/').at(-2)!);
  const { images } = bandImages(names.length, names.length, 1, 28);
  return { width: 28, height: 28, channels: 1 as const, data: images.subarray(c * 784, (c + 1) * 784) };
};

describe('class folders', () => {
  test('one sub-folder per class: names sorted, labels in that order, a chosen split, other files skipped with a note', async () => {
    const paths = ['cat/1.png', 'cat/2.PNG', 'cat/3.jpg', 'dog/1.jpeg', 'dog/2.png', 'dog/3.png', 'dog/Thumbs.db', 'README.txt', 'bird/a.png', 'bird/b.png'];
    const plan = planFolder(listing(paths));
    expect(plan.classNames).toEqual(['bird', 'cat', 'dog']);
    expect(plan.items).toHaveLength(8);
    expect(plan.notes.join(' ')).toMatch(/1 file\(s\) that are not .*Thumbs\.db.*1 file\(s\) outside the class folders/);
    const d = await buildFolderSet(plan, decodeBand(plan.classNames), { name: 'pets', testFraction: 0.34 });
    expect(d.classNames).toEqual(['bird', 'cat', 'dog']);
    expect(d.train.count + d.test.count).toBe(8);
    expect(d.test.count).toBe(3); // one of each class
    expect(d.notes?.[0]).toBe('3 classes from the folder names: bird, cat, dog');
  });

  test('train/ and test/ give the split; numeric names sort as numbers', async () => {
    const paths = ['train/10/a.png', 'train/2/a.png', 'train/2/b.png', 'train/10/b.png', 'test/2/c.png', 'test/10/c.png'];
    const plan = planFolder(listing(paths));
    expect(plan.classNames).toEqual(['2', '10']);
    const d = await buildFolderSet(plan, decodeBand(plan.classNames));
    expect([d.train.count, d.test.count]).toEqual([4, 2]);
    expect(Array.from(d.test.labels)).toEqual([0, 1]);
  });

  test('other sizes are resized, with a note naming one', async () => {
    const plan = planFolder(listing(['a/1.png', 'a/2.png', 'b/1.png', 'b/2.png']));
    const d = await buildFolderSet(plan, async () => ({ width: 64, height: 32, channels: 3, data: new Uint8Array(64 * 32 * 3).fill(255) }), { testFraction: 0.5 });
    expect(d.notes?.join(' ')).toMatch(/4 of 4 images were not 28×28 \(e\.g\. 64×32: a\/1\.png\); resized to 28×28/);
    expect(d.train.images.every((v) => v === 255)).toBe(true);
  });

  test.each([
    ['an empty class folder', () => planFolder(listing(['a/1.png', 'b/1.png']), ['a', 'b', 'c']), /^c: class folder is empty/],
    ['a class folder of no images', () => planFolder(listing(['a/1.png', 'b/1.png', 'c/notes.txt'])), /^c: class folder is empty/],
    ['one class', () => planFolder(listing(['a/1.png', 'a/2.png']), [], 'mine'), /^mine: has one class folder \(a\)/],
    ['loose files only', () => planFolder(listing(['1.png', '2.png']), [], 'mine'), /^mine: has no class folders/],
    ['a test class with no training images', () => planFolder(listing(['train/a/1.png', 'train/b/1.png', 'test/a/2.png', 'test/c/2.png'])), /^train\/c: class folder is empty or missing/],
    ['an image over the size limit', () => planFolder([{ path: 'a/big.png', size: LIMITS.imageFileBytes + 1 }, { path: 'b/1.png', size: 1 }]), /^a\/big\.png: \d+ bytes is over the limit/],
  ])('%s is refused, naming it', (_, plan, message) => {
    expect(plan).toThrow(message);
  });

  test('100 000 tiny files are refused from the listing, before any is read', async () => {
    const files: FolderFile[] = Array.from({ length: 100_000 }, (_, i) => ({ path: `c${i % 2}/${i}.png`, size: 70 }));
    const decode = vi.fn();
    expect(() => planFolder(files, [], 'tiny')).toThrow(`tiny: holds 100000 files, over the limit of ${LIMITS.folderFiles}; pick a folder with fewer images`);
    expect(decode).not.toHaveBeenCalled();
  });

  test('an unreadable image is a DataError naming the file', async () => {
    const plan = planFolder(listing(['a/1.png', 'b/broken.png']));
    const decode = async (p: string) => {
      if (p.includes('broken')) throw new Error('Invalid PNG signature');
      return { width: 28, height: 28, channels: 1 as const, data: new Uint8Array(784) };
    };
    await expect(buildFolderSet(plan, decode)).rejects.toThrow('b/broken.png: cannot be read as an image (Invalid PNG signature)');
    await expect(buildFolderSet(plan, async () => ({ width: 5000, height: 2, channels: 1, data: new Uint8Array(10000) }))).rejects.toThrow(/^a\/1\.png: is 5000×2 pixels, over the limit of 4096/);
  });
});
