// Resolves --arch to a ModelSpec (a preset name, or a spec JSON file checked with core's inferShapes) and reads model
// files for --models; both must fit MNIST (input [1,28,28], 10 classes).
import { readFileSync } from 'node:fs';
import { preset } from '../../core/presets.js';
import { MNIST_CLASSES } from '../../core/data/mnist.js';
import { parseModelFile, type LoadedModel } from '../../core/model-file.js';
import { assertClassifier, type ModelSpec } from '../../core/spec.js';
import { UsageError, isPreset } from './args.js';

/** The file's text, or a UsageError naming the flag, the file and why (no such file, a directory, …). */
function readText(file: string, flag: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new UsageError(`${flag}: ${file} is ${what} (${why})`);
  }
}

/** Fails unless the spec takes MNIST's [1,28,28] images. */
function checkMnistInput(spec: ModelSpec, flag: string, file: string): void {
  const [c, h, w] = spec.input;
  if (c !== 1 || h !== 28 || w !== 28) throw new UsageError(`${flag}: ${file}: input must be [1,28,28] for MNIST, got [${spec.input.join(',')}]`);
}

/**
 * Reads and validates the architecture; every problem is a UsageError naming `flag` and the file. `classes`: the class
 * scores a spec file must end in (null: any count from 2; the trainer then fits the head to its data set).
 */
export function loadArch(arch: string, flag = '--arch', classes: number | null = MNIST_CLASSES): ModelSpec {
  if (isPreset(arch)) return preset(arch);
  const text = readText(arch, flag, 'neither a preset (cnn, mlp, lenet, strided) nor a readable spec file');
  let spec: ModelSpec;
  try {
    spec = JSON.parse(text) as ModelSpec;
  } catch (e) {
    throw new UsageError(`${flag}: ${arch} is not valid JSON (${(e as Error).message})`);
  }
  try {
    assertClassifier(spec, classes ?? undefined);
  } catch (e) {
    throw new UsageError(`${flag}: ${arch}: ${(e as Error).message}`);
  }
  checkMnistInput(spec, flag, arch);
  if (typeof spec.name !== 'string' || spec.name === '') spec.name = arch.replace(/^.*[/\\]/, '').replace(/\.json$/i, '');
  return spec;
}

/** Reads a model file (core/model-file.ts) for MNIST; every problem is a UsageError naming `flag` and the file. */
export function loadModelFile(file: string, flag = '--models'): LoadedModel {
  const text = readText(file, flag, 'not a readable model file');
  let loaded: LoadedModel;
  try {
    loaded = parseModelFile(text);
  } catch (e) {
    throw new UsageError(`${flag}: ${file}: ${(e as Error).message}`);
  }
  checkMnistInput(loaded.model.spec, flag, file);
  const classes = loaded.model.infos.at(-1)?.outShape[0];
  if (classes !== MNIST_CLASSES) throw new UsageError(`${flag}: ${file}: the model scores ${classes} classes, MNIST has ${MNIST_CLASSES}`);
  return loaded;
}
