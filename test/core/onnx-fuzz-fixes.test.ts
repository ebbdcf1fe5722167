// What the ONNX fuzz target (test/fuzz/onnx.ts) found in the importer, as fixed cases: attributes an op does not have
// are refused (ONNX Runtime refuses them; they were ignored), a 3 MB string attribute is refused cleanly (it overflowed
// the stack), and an ir_version past 2⁵³ names the file. The small failing cases are also in test/fuzz/regressions.json.
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../core/onnx/import.js';
import { onnx } from '../../core/onnx/proto.js';
import { node, onnxBytes, randomInit } from './helpers/onnx.js';

const AT = onnx.AttributeProto.AttributeType;
const conv = (attribute: onnx.IAttributeProto[]) =>
  onnxBytes({
    nodes: [node('Conv', ['x', 'w'], 'c', attribute), node('Flatten', ['c'], 'f'), node('Gemm', ['f', 'd'], 'y', [{ name: 'transB', type: AT.INT, i: 1 }])],
    inits: [randomInit('w', [2, 1, 3, 3], 1), randomInit('d', [3, 32], 2)],
    input: ['N', 1, 6, 6],
  });

describe('ONNX import: what fuzzing found', () => {
  test('the file imports without the tampering (the cases below fail only for it)', () => {
    expect(importOnnx(conv([]), 'f.onnx').spec.layers.map((l) => l.type)).toEqual(['conv2d', 'flatten', 'dense']);
  });

  test.each([
    ['pads', { type: AT.INTS, ints: [1, 0, 0, 1] }],
    ['transA', { type: AT.INT, i: 1 }],
    ['unknown_attr', { type: AT.INT, i: 1 }],
  ])('an attribute Flatten does not have (%s) is refused, naming it and the node', (name, a) => {
    const bytes = onnxBytes({
      nodes: [node('Flatten', ['x'], 'f', [{ name, ...a }]), node('Gemm', ['f', 'd'], 'y', [{ name: 'transB', type: AT.INT, i: 1 }])],
      inits: [randomInit('d', [3, 36], 2)],
      input: ['N', 1, 6, 6],
    });
    expect(() => importOnnx(bytes, 'f.onnx')).toThrow(`f.onnx: Flatten (node f): "${name}" is not an attribute of Flatten (it has axis)`);
  });

  test('a 3 MB auto_pad string is refused as no ONNX value, shown cut (it overflowed the stack)', () => {
    const bytes = conv([{ name: 'auto_pad', type: AT.STRING, s: new Uint8Array(3e6).fill(65) }]);
    expect(() => importOnnx(bytes, 'f.onnx')).toThrow(/^f\.onnx: Conv \(node c\): auto_pad A{40}… \(3000000 bytes\) is not an ONNX value$/);
  });

  test('an ir_version past 2⁵³ names the file', () => {
    const m = onnx.ModelProto.decode(conv([]));
    m.irVersion = 2 ** 60;
    expect(() => importOnnx(onnx.ModelProto.encode(m).finish(), 'f.onnx')).toThrow(/^f\.onnx: ir_version: /);
  });
});
