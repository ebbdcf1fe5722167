// What the training worker reads from disk: the four MNIST IDX files and the bundled default model.
// Paths come from main (workerData), so the same code works in development and in a packaged app.
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist, type Mnist } from '../../core/data/mnist.js';

/** Where the worker finds its files; sent by main as `workerData`. */
export interface WorkerPaths {
  /** Folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte. */
  mnistDir: string;
  /** The default model file; may not exist (the session then starts from an untrained cnn). */
  defaultModelPath: string;
  /** The replica thread's bundle for data-parallel training; absent: training runs on one thread. */
  replicaScript?: string;
}

export function parseWorkerPaths(data: unknown): WorkerPaths {
  const d = data as Partial<WorkerPaths> | null;
  if (!d || typeof d.mnistDir !== 'string' || typeof d.defaultModelPath !== 'string') {
    throw new Error('training worker: workerData must be { mnistDir: string, defaultModelPath: string }');
  }
  if (d.replicaScript !== undefined && typeof d.replicaScript !== 'string') throw new Error('training worker: workerData.replicaScript must be a string when given');
  return { mnistDir: d.mnistDir, defaultModelPath: d.defaultModelPath, ...(d.replicaScript ? { replicaScript: d.replicaScript } : {}) };
}

/** Reads MNIST from `dir`; a missing or unreadable file is reported with its full path. */
export function loadMnistFromDir(dir: string): Promise<Mnist> {
  return loadMnist(async (name) => {
    const file = join(dir, name);
    try {
      const buf = await readFile(file);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (e) {
      throw new Error(`MNIST: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
}

/** The default model's text, or undefined when the file is not there (yet). */
export function readDefaultModel(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
