// ONNX CLI: `npm run onnx -- export --model model.json --out model.onnx` writes a studio model file as ONNX;
// `npm run onnx -- import model.onnx --out model.json` reads an ONNX image classifier into a studio model file
// (core/onnx, docs/onnx.md). Bad arguments or input files: one line on stderr and exit code 2; other failures: exit 1.
import { readFileSync } from 'node:fs';
import { parseModelFile, type LoadedModel } from '../core/model-file.js';
import { exportOnnx } from '../core/onnx/export.js';
import { importOnnxModel } from '../core/onnx/import.js';
import { UsageError } from './lib/args.js';
import { ONNX_USAGE, parseOnnxArgs, type OnnxArgs } from './lib/onnx-args.js';
import { checkOut, writeAtomic } from './lib/out-file.js';

/** The file's bytes, or a UsageError naming it and why (no such file, a directory, …). */
function readInput(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file} is not a readable ${what} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message})`);
  }
}

/** Core's errors about an input file (not a model file, not an ONNX model we read) are usage errors. */
function asUsage<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof Error && (e.name === 'ModelFileError' || e.name === 'OnnxError')) throw new UsageError(e.message);
    throw e;
  }
}

const shape = (s: readonly number[]) => `[${s.join(',')}]`;

function exportCommand(model: string, out: string): string[] {
  const loaded: LoadedModel = asUsage(() => parseModelFile(readInput(model, 'model file').toString('utf8')));
  checkOut(out);
  const { spec } = loaded.model;
  const { name, epochs, testAccuracy } = loaded.meta;
  const docString = `CNN Studio model "${name}": ${epochs} epoch(s)${testAccuracy !== null ? `, test accuracy ${(testAccuracy * 100).toFixed(2)} %` : ''}; from ${model}`;
  const bytes = exportOnnx(loaded.model, { producerVersion: process.env.npm_package_version ?? '', docString });
  writeAtomic(out, bytes);
  const classes = loaded.model.infos.at(-1)!.outShape[0];
  return [`${model} (${name}, ${spec.layers.length} layers, ${loaded.model.paramCount} parameters) → ${out}: ${bytes.length} bytes, ONNX opset 13`, `input "input" [batch,${spec.input.join(',')}], output "logits" [batch,${classes}]`];
}

function importCommand(file: string, out: string): string[] {
  const bytes = readInput(file, 'ONNX file');
  checkOut(out);
  const r = asUsage(() => importOnnxModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file));
  writeAtomic(out, r.text);
  const { spec } = r.model;
  const lines = [`${file} → ${out}: ${spec.layers.length} layers, ${r.model.paramCount} parameters, input ${shape(spec.input)}, ${r.model.infos.at(-1)!.outShape[0]} classes`];
  lines.push(`layers: ${spec.layers.map((l) => l.type).join(' → ')}`);
  for (const note of r.notes) lines.push(`note: ${note}`);
  const [c, h, w] = spec.input;
  if (c !== 1 || h !== 28 || w !== 28) lines.push(`note: the model takes ${shape(spec.input)} images; the studio's MNIST session needs [1,28,28], so the app will not load it (export and this file still work)`);
  return lines;
}

function main(argv: readonly string[]): number {
  let args: OnnxArgs;
  try {
    args = parseOnnxArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(`${ONNX_USAGE}\n`);
      return 0;
    }
    const lines = args.command === 'export' ? exportCommand(args.model, args.out) : importCommand(args.file, args.out);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`onnx: ${e.message} (see --help)\n`);
      return 2;
    }
    process.stderr.write(`onnx: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
