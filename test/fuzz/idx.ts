// Fuzz target: the IDX reader through loadMnist (the four MNIST files, as the app loads them): byte flips in headers
// and bodies, truncation at every boundary, extra bytes, huge or zero declared sizes, valid files of other image sizes,
// wrong magic, element type and dimension counts, labels past 9, files swapped.
import { loadMnist, MNIST_FILES } from '../../core/data/mnist.js';
import type { Rng } from '../../core/rng.js';
import { T } from './encode.js';
import { judge, pick, type FuzzCase, type Target } from './harness.js';
import { refIdx, refMnist } from './reference.js';

/** An unsigned-byte IDX file with these dims and body. */
export function idxFile(dims: number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, 8, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d >>> 0, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

const random = (rng: Rng, n: number, below: number) => Uint8Array.from({ length: n }, () => rng.int(below));

/** Images that are mostly black with a few random strokes of ink (small in git, where regressions.json is kept). */
function pixels(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let k = 0; k < n / 100; k++) out[rng.int(n)] = 1 + rng.int(255);
  return out;
}

/** A valid split: n images of rows×cols and n labels in 0..9. */
function split(rng: Rng, n: number, rows = 28, cols = 28): [Uint8Array, Uint8Array] {
  return [idxFile([n, rows, cols], pixels(rng, n * rows * cols)), idxFile([n], random(rng, n, 10))];
}

function generate(rng: Rng): FuzzCase {
  const { kind, files } = idxFiles(rng);
  return { target: 'idx', kind, input: { files: files.map((b) => T.bytes(b)) } };
}

/** The four MNIST-style files (train images, labels, test images, labels), valid or broken in one way, and how. */
export function idxFiles(rng: Rng): { kind: string; files: Uint8Array[] } {
  const files = [...split(rng, 1 + rng.int(4)), ...split(rng, 1 + rng.int(3))];
  const f = rng.int(4);
  const file = files[f];
  const header = 4 + 4 * file[3];
  const view = new DataView(file.buffer);
  let kind: string;
  switch (rng.int(11)) {
    case 0:
      kind = 'valid';
      break;
    case 1: {
      const n = 1 + rng.int(3);
      for (let k = 0; k < n; k++) {
        const i = rng.next() < 0.5 ? rng.int(Math.min(header, file.length)) : rng.int(file.length);
        file[i] = rng.next() < 0.5 ? file[i] ^ (1 << rng.int(8)) : rng.int(256);
      }
      kind = `${n} byte flips`;
      break;
    }
    case 2: {
      const at = pick(rng, [0, 1, 3, 4, 7, header - 1, header, header + 1, rng.int(file.length), file.length - 1]);
      files[f] = file.slice(0, Math.max(0, at));
      kind = `truncated at ${at}`;
      break;
    }
    case 3: {
      const extra = pick(rng, [1, 4, 784]);
      files[f] = Uint8Array.from([...file, ...random(rng, extra, 10)]);
      kind = `${extra} extra bytes`;
      break;
    }
    case 4: {
      const d = rng.int(file[3]);
      const v = pick(rng, [0, 1, 2, 14, 27, 29, 56, 65_535, 2 ** 31, 2 ** 32 - 1, view.getUint32(4 + 4 * d) + 1, view.getUint32(4 + 4 * d) - 1]);
      view.setUint32(4 + 4 * d, v >>> 0, false);
      kind = `dim ${d} = ${v}, body as it was`;
      break;
    }
    case 5: {
      // valid IDX files, but not MNIST's 28×28: the shape the issue saw reported ready and failing in training
      const [rows, cols] = pick(rng, [[14, 56], [28, 27], [27, 28], [1, 784], [56, 14], [32, 32]]);
      const s = rng.int(2);
      const n = files[2 * s + 1].length - 8;
      files[2 * s] = idxFile([n, rows, cols], pixels(rng, n * rows * cols));
      kind = `images of ${rows}×${cols}`;
      break;
    }
    case 6: {
      const s = rng.int(2);
      files[2 * s] = idxFile([0, 28, 28], new Uint8Array(0));
      files[2 * s + 1] = idxFile([0], new Uint8Array(0));
      kind = 'zero images';
      break;
    }
    case 7: {
      const i = pick(rng, [0, 1, 2, 3]);
      file[i] = pick(rng, [0, 1, 8, 9, 0x0b, 0x0d, 0x0e, 2, 3, 5, 255]);
      kind = `header byte ${i} = ${file[i]}`;
      break;
    }
    case 8: {
      const s = rng.int(2);
      const lab = files[2 * s + 1];
      lab[8 + rng.int(lab.length - 8)] = pick(rng, [10, 11, 200, 255]);
      kind = 'label past 9';
      break;
    }
    case 9: {
      const s = rng.int(2);
      [files[2 * s], files[2 * s + 1]] = [files[2 * s + 1], files[2 * s]];
      kind = 'images and labels swapped';
      break;
    }
    default: {
      // a huge declared count with a small body, and labels that agree with it
      const s = rng.int(2);
      const n = pick(rng, [60_001, 1e6, 2 ** 31, 2 ** 32 - 1]);
      new DataView(files[2 * s].buffer).setUint32(4, n >>> 0, false);
      new DataView(files[2 * s + 1].buffer).setUint32(4, n >>> 0, false);
      kind = `count ${n} declared`;
    }
  }
  return { kind, files };
}

const NAMES = [MNIST_FILES.trainImages, MNIST_FILES.trainLabels, MNIST_FILES.testImages, MNIST_FILES.testLabels];

export const idxTarget: Target = {
  name: 'idx',
  label: 'IDX reader (MNIST files)',
  generate,
  async run(input) {
    const { files } = input as { files: Uint8Array[] };
    const verdict = refMnist(files);
    const t0 = performance.now();
    try {
      const m = await loadMnist(async (name) => files[NAMES.indexOf(name as (typeof NAMES)[number])].slice());
      const ms = performance.now() - t0;
      let problem: string | undefined;
      [m.train, m.test].forEach((d, s) => {
        const img = refIdx(files[2 * s]);
        const lab = refIdx(files[2 * s + 1]);
        const same = img && lab && d.count === img.dims[0] && d.rows === 28 && d.cols === 28 && d.images.every((x, i) => x === img.body[i]) && d.labels.every((x, i) => x === lab.body[i]);
        if (!same) problem = `split ${s}: the data set does not hold what the files say`;
      });
      return { ...judge(verdict, { accepted: true, problem }, /^(train|t10k)-(images|labels)-idx[13]-ubyte: /), ms };
    } catch (error) {
      return { ...judge(verdict, { error }, /^(train|t10k)-(images|labels)-idx[13]-ubyte: /), ms: performance.now() - t0 };
    }
  },
};
