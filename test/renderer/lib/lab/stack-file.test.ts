// Stack files: the editor's JSON round-trips, a bad file says what and where, and the command-line trainer's
// --arch reads what the editor saves.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { preset } from '../../../../core/presets';
import type { ModelSpec } from '../../../../core/spec';
import { parseStack, serializeStack, stackFileName } from '../../../../renderer/lib/lab/stack-file';
import { loadArch } from '../../../../scripts/lib/spec-file';

const custom: ModelSpec = {
  name: 'my net',
  input: [1, 28, 28],
  layers: [{ type: 'conv2d', filters: 6, kernel: 5, stride: 1, padding: 2 }, { type: 'relu' }, { type: 'avgpool2d', size: 2, stride: 2 }, { type: 'flatten' }, { type: 'dense', units: 10 }],
};

describe('stack file', () => {
  test('round-trips every preset and a custom stack', () => {
    for (const spec of [preset('cnn'), preset('strided'), custom]) expect(parseStack(serializeStack(spec))).toEqual(spec);
    expect(stackFileName(custom)).toBe('my-net.json');
  });

  test.each([
    ['{"name": "x",', /^not valid JSON/],
    ['[1, 2]', /^expected an object/],
    ['{"input": [1, 28], "layers": []}', /^input must be \[channels, height, width\]/],
    ['{"input": [1, 28, 28], "layers": {}}', /^layers must be a list/],
    ['{"input": [1, 28, 28], "layers": [{"type": "relu"}, {"type": "conv3d"}]}', /^layers\[1\]: unknown type "conv3d"/],
    ['{"input": [1, 28, 28], "layers": [{"type": "relu", "units": 3}]}', /^layers\[0\] \(relu\): unknown field "units"/],
    ['{"input": [1, 28, 28], "layers": [{"type": "flatten"}, {"type": "dense", "units": 0}]}', /^layers\[1\] \(dense\): Units must be a whole number from 1/],
    ['{"input": [1, 28, 28], "layers": [{"type": "conv2d", "filters": 4, "kernel": 3, "padding": "full"}]}', /^layers\[0\] \(conv2d\): padding must be 'valid', 'same' or a number, got "full"/],
    ['{"input": [1, 28, 28], "layers": [{"type": "conv2d", "filters": "4", "kernel": 3}]}', /^layers\[0\] \(conv2d\): filters must be a number, got "4"/],
  ])('%s is refused: %s', (text, message) => {
    expect(() => parseStack(text)).toThrow(message);
  });

  test('a stack whose shapes do not fit still loads (the editor marks the row)', () => {
    const spec = parseStack('{"input": [1, 28, 28], "layers": [{"type": "conv2d", "filters": 4, "kernel": 40}]}');
    expect(spec).toEqual({ name: 'custom', input: [1, 28, 28], layers: [{ type: 'conv2d', filters: 4, kernel: 40 }] });
  });

  test('npm run train -- --arch reads a file the editor saved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-'));
    try {
      const file = join(dir, stackFileName(custom));
      writeFileSync(file, serializeStack(custom));
      expect(loadArch(file)).toEqual(custom);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
