// The ONNX CLI: argument parsing (scripts/lib/onnx-args.ts) and real runs of scripts/onnx.ts through child_process:
// export a shipped model, import it back (same spec and weights), import a PyTorch file, and one line on stderr with
// exit code 2 for bad arguments and bad input files.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseModelFile } from '../../core/model-file.js';
import { exportOnnx } from '../../core/onnx/export.js';
import { onnx } from '../../core/onnx/proto.js';
import { UsageError } from '../../scripts/lib/args.js';
import { parseOnnxArgs } from '../../scripts/lib/onnx-args.js';
import { useTempDirs } from './helpers/temp-dir.js';

const tempDir = useTempDirs();
const CNN = 'core/models/default-cnn.json';

describe('parseOnnxArgs', () => {
  test('export and import, flags in both forms; help', () => {
    expect(parseOnnxArgs(['export', '--model', 'm.json', '--out=m.onnx'])).toEqual({ command: 'export', model: 'm.json', out: 'm.onnx' });
    expect(parseOnnxArgs(['import', 'm.onnx', '--out', 'm.json'])).toEqual({ command: 'import', file: 'm.onnx', out: 'm.json' });
    for (const argv of [[], ['--help'], ['-h'], ['export', '--help']]) expect(parseOnnxArgs(argv)).toEqual({ command: 'help' });
  });

  test.each([
    [['convert'], /^expected export or import, got "convert"$/],
    [['export', '--out', 'x.onnx'], /^export: --model is required$/],
    [['export', '--model', 'm.json'], /^export: --out is required$/],
    [['import', '--out', 'm.json'], /^import: give the \.onnx file first/],
    [['import', 'm.onnx'], /^import: --out is required$/],
    [['import', 'm.onnx', '--out', 'a', '--model', 'b'], /^unknown flag --model$/],
    [['export', '--model', 'a', '--model', 'b', '--out', 'c'], /^--model given twice$/],
  ])('%j: %s', (argv, message) => {
    expect(() => parseOnnxArgs(argv)).toThrow(UsageError);
    expect(() => parseOnnxArgs(argv)).toThrow(message);
  });
});

describe('npm run onnx', () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const run = (args: string[]) => spawnSync(tsx, ['scripts/onnx.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

  test('export the shipped cnn, import it back: the same spec and weights; the file is what exportOnnx writes', () => {
    const dir = tempDir('/tmp/onnx-cli-');
    const onnxFile = path.join(dir, 'cnn.onnx');
    const exported = run(['export', '--model', CNN, '--out', onnxFile]);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/cnn, 10 layers, 55594 parameters\) → .*cnn\.onnx: \d+ bytes, ONNX opset 13\ninput "input" \[batch,1,28,28\], output "logits" \[batch,10\]/);
    const original = parseModelFile(readFileSync(CNN, 'utf8')).model;
    const bytes = new Uint8Array(readFileSync(onnxFile));
    // the same graph and weights as exportOnnx in this process; the doc string says where the model came from
    const file = onnx.ModelProto.decode(bytes);
    expect(file.graph).toEqual(onnx.ModelProto.decode(exportOnnx(original)).graph);
    expect(file.docString).toMatch(/^CNN Studio model "cnn": 3 epoch\(s\), test accuracy \d+\.\d\d %; from core\/models\/default-cnn\.json$/);

    const back = path.join(dir, 'back.json');
    const imported = run(['import', onnxFile, '--out', back]);
    expect([imported.status, imported.stderr]).toEqual([0, '']);
    expect(imported.stdout).toContain('10 layers, 55594 parameters, input [1,28,28], 10 classes');
    const { model, meta } = parseModelFile(readFileSync(back, 'utf8'));
    expect(model.spec).toEqual(original.spec);
    expect(model.getWeights()).toEqual(original.getWeights());
    expect(meta).toMatchObject({ name: 'cnn', epochs: 0, notes: 'imported from cnn.onnx' });
  });

  test('a PyTorch file with BatchNormalization: the notes say what was folded', () => {
    const out = path.join(tempDir('/tmp/onnx-cli-'), 'bn.json');
    const r = run(['import', 'test/fixtures/onnx/bn-conv.onnx', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('note: folded BatchNormalization (node /features/features.1/BatchNormalization) into layer 0 (conv2d)');
    expect(parseModelFile(readFileSync(out, 'utf8')).meta.notes).toMatch(/^imported from bn-conv\.onnx; folded BatchNormalization/);
  });

  test('bad arguments and bad input files: one line on stderr, exit code 2, nothing written', () => {
    const dir = tempDir('/tmp/onnx-cli-');
    const junk = path.join(dir, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    const out = path.join(dir, 'never.json');
    const cases: [string[], RegExp][] = [
      [['export', '--model', CNN], /^onnx: export: --out is required \(see --help\)\n$/],
      [['export', '--model', 'nope.json', '--out', out], /^onnx: nope\.json is not a readable model file \(no such file\) \(see --help\)\n$/],
      [['export', '--model', junk, '--out', out], /^onnx: model file: not valid JSON/],
      [['export', '--model', CNN, '--out', path.join(dir, 'no', 'x.onnx')], /^onnx: --out: folder .*no does not exist \(see --help\)\n$/],
      [['import', junk, '--out', out], /^onnx: .*junk\.onnx: not an ONNX model/],
      [['import', 'test/fixtures/onnx/unsupported-sigmoid.onnx', '--out', out], /^onnx: test\/fixtures\/onnx\/unsupported-sigmoid\.onnx: unsupported ops: Sigmoid \(node \/Sigmoid\), Tanh \(node \/Tanh\);/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });
});
