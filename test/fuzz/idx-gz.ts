// Fuzz target: IDX data sets as the data set chooser reads them (core/data/idx-set.ts loadIdxSet, the four files
// gzipped as Fashion-MNIST ships them, with the digits as class names): idx.ts's file-level cases, gzipped, plus
// gzip-level breaks (truncated streams, a flipped CRC or length, bytes after the stream, one file left plain, a bomb
// that unpacks past the IDX size limit). The oracle unpacks with node:zlib, an implementation of its own.
import { gunzipSync, gzipSync } from 'node:zlib';
import { MNIST_CLASS_NAMES } from '../../core/data/catalog.js';
import { loadIdxSet } from '../../core/data/idx-set.js';
import { LIMITS } from '../../core/limits.js';
import type { Rng } from '../../core/rng.js';
import { T } from './encode.js';
import { judge, pick, type FuzzCase, type Target } from './harness.js';
import { idxFiles } from './idx.js';
import { refIdx, type Verdict } from './reference.js';

const NAMES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

let bomb: Uint8Array | null = null;
/** A gzip stream of zeros that unpacks to just past the IDX size limit (made once: ~260 KB). */
function gzipBomb(): Uint8Array {
  return (bomb ??= new Uint8Array(gzipSync(new Uint8Array(LIMITS.idxBytes + 1024), { level: 9 })));
}

function generate(rng: Rng): FuzzCase {
  const { kind: base, files } = idxFiles(rng);
  const gz: Uint8Array[] = files.map((f) => new Uint8Array(gzipSync(f)));
  const f = rng.int(4);
  let kind = base;
  // the bomb inflates 256 MB (about a second): one case in a hundred
  const how = rng.next() < 0.01 ? 'bomb' : rng.int(7);
  switch (how) {
    case 0:
      gz[f] = gz[f].slice(0, pick(rng, [0, 1, 2, 10, 17, 18, gz[f].length >> 1, gz[f].length - 8, gz[f].length - 1]));
      kind += `, gzip stream ${f} truncated to ${gz[f].length} bytes`;
      break;
    case 1: {
      const at = gz[f].length - 8 + rng.int(8); // the CRC-32 or ISIZE trailer
      gz[f][at] ^= 1 << rng.int(8);
      kind += `, gzip trailer byte ${at} of ${f} flipped`;
      break;
    }
    case 2:
      gz[f] = Uint8Array.from([...gz[f], ...Array.from({ length: pick(rng, [1, 7, 64]) }, () => rng.int(256))]);
      kind += `, bytes after gzip stream ${f}`;
      break;
    case 3:
      gz[f] = files[f] as Uint8Array<ArrayBuffer>;
      kind += `, file ${f} not gzipped`;
      break;
    case 'bomb':
      gz[f] = gzipBomb();
      kind += `, file ${f} a gzip bomb (${LIMITS.idxBytes + 1024} bytes unpacked)`;
      break;
    default:
      break;
  }
  return { target: 'idx-gz', kind, input: { files: gz.map((b) => T.bytes(b)) } };
}

/** The oracle's unpacking (node:zlib; more than the IDX size limit is refused); null when it cannot unpack. */
function unpack(b: Uint8Array): Uint8Array | null {
  if (!(b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b)) return b.length > LIMITS.idxBytes ? null : b;
  try {
    return new Uint8Array(gunzipSync(b, { maxOutputLength: LIMITS.idxBytes }));
  } catch {
    return null;
  }
}

/** docs/datasets.md: four IDX files, images [n, rows, cols] (n ≥ 1, any size, resized), labels [n] of the 10 classes. */
function refIdxSet(plain: (Uint8Array | null)[]): Verdict {
  const sizes: string[] = [];
  for (let s = 0; s < 2; s++) {
    const [ib, lb] = [plain[2 * s], plain[2 * s + 1]];
    if (!ib || !lb) return { ok: false, why: 'a gzip stream that does not unpack (or unpacks past the limit)' };
    const img = refIdx(ib);
    const lab = refIdx(lb);
    if (!img || !lab) return { ok: false, why: 'not IDX' };
    if (img.dims.length !== 3 || lab.dims.length !== 1 || img.dims[0] !== lab.dims[0] || img.dims[0] < 1 || img.dims[1] < 1 || img.dims[2] < 1) return { ok: false, why: 'dims' };
    if (img.dims[0] > LIMITS.datasetImages) return { ok: false, why: 'too many images' };
    if (lab.body.some((x) => x >= MNIST_CLASS_NAMES.length)) return { ok: false, why: 'label past the classes' };
    sizes.push(`${img.dims[1]}×${img.dims[2]}`);
  }
  if (sizes[0] !== sizes[1]) return { ok: false, why: 'train and test images of different sizes' };
  return { ok: true };
}

export const idxGzTarget: Target = {
  name: 'idx-gz',
  label: 'IDX data set (.gz)',
  generate,
  async run(input) {
    const { files } = input as { files: Uint8Array[] };
    const plain = files.map(unpack);
    const verdict = refIdxSet(plain);
    const t0 = performance.now();
    try {
      const d = await loadIdxSet(files.map((b, i) => ({ name: NAMES[i], bytes: b.slice() })), { name: 'fuzz', classNames: MNIST_CLASS_NAMES });
      const ms = performance.now() - t0;
      let problem: string | undefined;
      [d.train, d.test].forEach((set, s) => {
        const img = refIdx(plain[2 * s]!)!;
        const lab = refIdx(plain[2 * s + 1]!)!;
        const native = img.dims[1] === 28 && img.dims[2] === 28;
        const same = set.count === img.dims[0] && set.rows === 28 && set.cols === 28 && set.labels.every((x, i) => x === lab.body[i]) && (!native || set.images.every((x, i) => x === img.body[i]));
        if (!same) problem = `split ${s}: the data set does not hold what the files say`;
      });
      return { ...judge(verdict, { accepted: true, problem }, /^(train|t10k)-(images|labels)-idx[13]-ubyte\.gz: |^IDX data set: /), ms };
    } catch (error) {
      return { ...judge(verdict, { error }, /^(train|t10k)-(images|labels)-idx[13]-ubyte\.gz: |^IDX data set: /), ms: performance.now() - t0 };
    }
  },
};
