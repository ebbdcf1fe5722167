// Resolves --arch to a ModelSpec: a preset name, or a spec JSON file checked with core's inferShapes.
import { readFileSync } from 'node:fs';
import { preset } from '../../core/presets.js';
import { MNIST_CLASSES } from '../../core/data/mnist.js';
import { assertClassifier, type ModelSpec } from '../../core/spec.js';
import { UsageError, isPreset } from './args.js';

/** Reads and validates the architecture; every problem is a UsageError naming the file. */
export function loadArch(arch: string): ModelSpec {
  if (isPreset(arch)) return preset(arch);
  let text: string;
  try {
    text = readFileSync(arch, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new UsageError(`--arch: ${arch} is neither a preset (cnn, mlp, lenet, strided) nor a readable spec file (${why})`);
  }
  let spec: ModelSpec;
  try {
    spec = JSON.parse(text) as ModelSpec;
  } catch (e) {
    throw new UsageError(`--arch: ${arch} is not valid JSON (${(e as Error).message})`);
  }
  try {
    assertClassifier(spec, MNIST_CLASSES);
  } catch (e) {
    throw new UsageError(`--arch: ${arch}: ${(e as Error).message}`);
  }
  const [c, h, w] = spec.input;
  if (c !== 1 || h !== 28 || w !== 28) throw new UsageError(`--arch: ${arch}: input must be [1,28,28] for MNIST, got [${spec.input.join(',')}]`);
  if (typeof spec.name !== 'string' || spec.name === '') spec.name = arch.replace(/^.*[/\\]/, '').replace(/\.json$/i, '');
  return spec;
}
