// The ONNX fuzz target's files: exports of random small classifiers (core/onnx/export.ts), rewritten in forms
// docs/onnx.md says the importer reads (valid by construction), then often broken: byte flips, truncation, extra
// bytes, unsupported ops and attributes, tampered initializers and inputs, branches, wrong opsets and IR versions,
// huge declared sizes, 10⁵ nodes, huge attributes and nesting 10⁴–10⁵ deep.
import { Model } from '../../core/model.js';
import { exportOnnx } from '../../core/onnx/export.js';
import { floatTensor, onnx } from '../../core/onnx/proto.js';
import type { Rng } from '../../core/rng.js';
import type { LayerSpec, ModelSpec } from '../../core/spec.js';
import { pick } from './harness.js';

/** How a case's file relates to what the importer must do: accept it, refuse it, or either (judged by ONNX Runtime). */
export type Expect = 'valid' | 'invalid' | 'either';

const { DataType } = onnx.TensorProto;
const AttrType = onnx.AttributeProto.AttributeType;

/** A random small classifier that core builds. */
export function randomSpec(rng: Rng): ModelSpec {
  const side = 6 + rng.int(9);
  const input: [number, number, number] = [1 + rng.int(3), side, side + rng.int(3)];
  const layers: LayerSpec[] = [];
  for (let b = rng.int(3); b > 0; b--) {
    layers.push({ type: 'conv2d', filters: 1 + rng.int(4), kernel: 1 + rng.int(3), stride: 1 + rng.int(2), padding: pick(rng, ['valid', 'same', 0, 1] as const) });
    if (rng.next() < 0.7) layers.push({ type: 'relu' });
    if (rng.next() < 0.4) layers.push({ type: pick(rng, ['maxpool2d', 'avgpool2d'] as const), size: 2 });
  }
  layers.push({ type: 'flatten' });
  if (rng.next() < 0.4) layers.push({ type: 'dense', units: 2 + rng.int(6) }, { type: 'relu' });
  layers.push({ type: 'dense', units: 2 + rng.int(9) });
  const spec: ModelSpec = { name: 'fuzz', input, layers };
  try {
    new Model(spec, 1);
    return spec;
  } catch {
    return { name: 'fuzz', input: [1, 8, 8], layers: [{ type: 'flatten' }, { type: 'dense', units: 3 }] };
  }
}

const values = (rng: Rng, n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
const int64s = (name: string, v: number[]): onnx.ITensorProto => ({ name, dims: [v.length], dataType: DataType.INT64, int64Data: v });
const dimsOf = (g: onnx.IGraphProto, name: string) => g.initializer!.find((t) => t.name === name)!.dims!.map(Number);

/** Rewrites the importer documents as equivalent (or as another valid model): each returns its name, or null. */
const REWRITES: ((m: onnx.IModelProto, rng: Rng) => string | null)[] = [
  (m, rng) => {
    const v = 7 + rng.int(16);
    m.opsetImport = [{ domain: pick(rng, ['', 'ai.onnx']), version: v }];
    m.irVersion = 10; // an IR version every opset up to 22 may use
    return `opset ${v}`;
  },
  (m, rng) => {
    const g = m.graph!;
    const last = g.node!.at(-1)!;
    if (last.opType === 'Softmax') return null;
    g.node!.push({ opType: 'Softmax', input: [last.output![0]], output: ['probs'], name: 'softmax', attribute: [{ name: 'axis', type: AttrType.INT, i: pick(rng, [1, -1]) }] });
    g.output = [{ name: 'probs' }];
    return 'trailing Softmax';
  },
  (m, rng) => {
    const g = m.graph!;
    const flat = g.node!.find((n) => n.opType === 'Flatten');
    if (!flat) return null;
    // the features: the first dense layer's inputs (Gemm's weight is [out, in], MatMul's [in, out])
    const dense = g.node!.find((n) => n.opType === 'Gemm' || n.opType === 'MatMul')!;
    const f = dimsOf(g, dense.input![1])[dense.opType === 'Gemm' ? 1 : 0];
    g.initializer!.push(int64s('shape', pick(rng, [[-1, f], [0, -1], [0, f]])));
    Object.assign(flat, { opType: 'Reshape', input: [flat.input![0], 'shape'], attribute: [] });
    return 'Flatten as Reshape';
  },
  (m) => {
    const g = m.graph!;
    const i = g.node!.findIndex((n) => n.opType === 'Gemm');
    if (i < 0) return null;
    const gemm = g.node![i];
    const w = g.initializer!.find((t) => t.name === gemm.input![1])!;
    const [out, inn] = w.dims!.map(Number);
    const src = new Float32Array(new Uint8Array(w.rawData!).buffer);
    const t = new Float32Array(out * inn);
    for (let o = 0; o < out; o++) for (let k = 0; k < inn; k++) t[k * out + o] = src[o * inn + k];
    g.initializer!.push(floatTensor(`${w.name}.t`, [inn, out], t));
    const mid = `${gemm.output![0]}.mm`;
    g.node!.splice(i, 1, { opType: 'MatMul', input: [gemm.input![0], `${w.name}.t`], output: [mid], name: `${gemm.name}.mm` }, { opType: 'Add', input: [mid, gemm.input![2]], output: gemm.output, name: `${gemm.name}.add` });
    return 'Gemm as MatMul + Add';
  },
  (m, rng) => {
    const g = m.graph!;
    const i = g.node!.findIndex((n) => n.opType === 'Conv');
    if (i < 0) return null;
    const conv = g.node![i];
    const f = dimsOf(g, conv.input![1])[0];
    const out = conv.output![0];
    const p = (k: string, lo: number, hi: number) => g.initializer!.push(floatTensor(`${out}.${k}`, [f], values(rng, f, lo, hi)));
    p('scale', 0.5, 1.5);
    p('B', -0.5, 0.5);
    p('mean', -0.5, 0.5);
    p('var', 0.2, 2);
    conv.output = [`${out}.pre`];
    g.node!.splice(i + 1, 0, { opType: 'BatchNormalization', input: [`${out}.pre`, `${out}.scale`, `${out}.B`, `${out}.mean`, `${out}.var`], output: [out], name: `${out}.bn`, attribute: [{ name: 'epsilon', type: AttrType.FLOAT, f: 1e-5 }] });
    return 'BatchNormalization after a Conv';
  },
  (m) => {
    const conv = m.graph!.node!.find((n) => n.opType === 'Conv' && n.input!.length === 3);
    if (!conv) return null;
    m.graph!.initializer = m.graph!.initializer!.filter((t) => t.name !== conv.input![2]);
    conv.input = conv.input!.slice(0, 2);
    return 'Conv without a bias';
  },
  (m, rng) => {
    for (const n of m.graph!.node!) n.name = rng.next() < 0.5 ? '' : `/n${rng.int(1000)}/${n.opType}`;
    return 'nodes renamed or unnamed';
  },
  (m) => {
    m.graph!.input![0].type!.tensorType!.shape!.dim![0] = { dimValue: 1 };
    return 'fixed batch 1';
  },
];

/** Breaks the file in a way the importer must refuse: its name and the file. */
const BREAKS: ((m: onnx.IModelProto, rng: Rng) => string)[] = [
  (m, rng) => {
    const n = pick(rng, m.graph!.node!);
    const [op, domain] = pick(rng, [['Sigmoid', ''], ['Tanh', ''], ['ConvTranspose', ''], ['LeakyRelu', ''], ['Relu', 'com.example'], ['Sqrt', ''], ['Loop', '']]);
    n.opType = op;
    n.domain = domain;
    return `node ${n.name} as ${domain ? `${domain}.` : ''}${op}`;
  },
  (m, rng) => {
    const n = m.graph!.node!.find((x) => x.opType === 'Conv') ?? m.graph!.node![0];
    const [name, a] = pick(rng, [
      ['group', { type: AttrType.INT, i: 2 }],
      ['dilations', { type: AttrType.INTS, ints: [2, 2] }],
      ['kernel_shape', { type: AttrType.INTS, ints: [3, 5] }],
      ['strides', { type: AttrType.INTS, ints: [1, 2] }],
      ['strides', { type: AttrType.INTS, ints: [0, 0] }],
      ['strides', { type: AttrType.INTS, ints: [1e9, 1e9] }],
      ['pads', { type: AttrType.INTS, ints: [1, 0, 0, 1] }],
      ['pads', { type: AttrType.INTS, ints: [-1, -1, -1, -1] }],
      ['pads', { type: AttrType.INTS, ints: [1e6, 1e6, 1e6, 1e6] }],
      ['auto_pad', { type: AttrType.STRING, s: new TextEncoder().encode('SAME_SIDEWAYS') }],
      ['auto_pad', { type: AttrType.STRING, s: new Uint8Array(3e6).fill(65) }],
      ['kernel_shape', { type: AttrType.INTS, ints: Array.from({ length: 1e5 }, () => 3) }],
      ['group', { type: AttrType.FLOAT, f: 1 }],
      ['transA', { type: AttrType.INT, i: 1 }],
      ['alpha', { type: AttrType.FLOAT, f: 2 }],
      ['unknown_attr', { type: AttrType.INT, i: 1 }],
    ] as [string, onnx.IAttributeProto][]);
    n.attribute = [...(n.attribute ?? []).filter((x) => x.name !== name), { name, ...a }];
    return `${n.opType} ${name} = ${JSON.stringify(a.ints?.slice(0, 4) ?? a.i ?? a.f ?? `${a.s?.length} bytes`)}`;
  },
  (m, rng) => {
    const t = pick(rng, m.graph!.initializer!.filter((x) => x.rawData?.length));
    const how = rng.int(7);
    if (how === 0) t.dims = [2 ** 31, ...(t.dims ?? []).slice(1)];
    else if (how === 1) t.rawData = t.rawData!.subarray(0, t.rawData!.length - 4);
    else if (how === 2) t.dataType = pick(rng, [DataType.FLOAT16, DataType.STRING, DataType.UNDEFINED, DataType.BFLOAT16, 99]);
    else if (how === 3) new DataView(t.rawData!.buffer, t.rawData!.byteOffset).setFloat32(0, pick(rng, [NaN, Infinity, -Infinity]), true);
    else if (how === 4) Object.assign(t, { dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: 'weights.bin' }] });
    else if (how === 5) t.dims = [-(t.dims?.length ?? 1)];
    else t.dims = [...(t.dims ?? []), 1e9];
    return `initializer ${t.name} tampered (${how})`;
  },
  (m, rng) => {
    const dim = m.graph!.input![0].type!.tensorType!.shape!.dim!;
    const how = rng.int(6);
    if (how === 0) dim[1 + rng.int(3)] = { dimValue: pick(rng, [0, 5000, 2 ** 40, -3]) };
    else if (how === 1) dim[1 + rng.int(3)] = { dimParam: 'C' };
    else if (how === 2) m.graph!.input![0].type!.tensorType!.elemType = DataType.INT64;
    else if (how === 3) m.graph!.input!.push({ name: 'second', type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimValue: 1 }] } } } });
    else if (how === 4) m.graph!.input = [];
    else dim.splice(0, 1);
    return `input tampered (${how})`;
  },
  (m, rng) => {
    const g = m.graph!;
    const how = rng.int(7);
    if (how === 0) g.output = [{ name: 'nowhere' }];
    else if (how === 1) pick(rng, g.node!).input![0] = 'missing';
    else if (how === 2 && g.node!.length > 1) g.node!.splice(rng.int(g.node!.length - 1), 1);
    else if (how === 3 && g.node!.length > 1) g.node!.reverse();
    else if (how === 4) g.node = [];
    else if (how === 5) g.node!.push({ ...g.node!.at(-1)!, input: [g.node!.at(-1)!.input![0]] });
    else if (how === 6 && g.node!.length > 1) g.node![1].input = [g.node![0].input![0], ...g.node![1].input!.slice(1)];
    else g.output = [{ name: 'nowhere' }];
    return `graph tampered (${how})`;
  },
  (m, rng) => {
    const how = rng.int(5);
    if (how === 0) m.irVersion = pick(rng, [0, 2, -1]);
    else if (how === 1) m.opsetImport = [{ domain: '', version: pick(rng, [1, 6, 23, 99, 2 ** 40]) }];
    else if (how === 2) m.opsetImport = [{ domain: 'com.example', version: 1 }];
    else if (how === 3) m.graph = null;
    else m.irVersion = 2 ** 60;
    return `container tampered (${how})`;
  },
  (m, rng) => {
    // a long chain of Relus before the output: valid in form, but past what a studio spec may hold
    const g = m.graph!;
    const n = pick(rng, [2000, 20_000, 100_000]);
    let prev = g.output![0].name!;
    for (let k = 0; k < n; k++) g.node!.push({ opType: 'Relu', input: [prev], output: [(prev = `r${k}`)] });
    g.output = [{ name: prev }];
    return `${n} Relu nodes`;
  },
];

/** A valid length-delimited protobuf nesting `depth` graphs deep: ModelProto.graph → node → attribute.g → node … */
export function deepFile(depth: number): Uint8Array {
  // field tags: ModelProto.graph 7, GraphProto.node 1, NodeProto.attribute 5, AttributeProto.g 6 (all length-delimited)
  const tags = [0x0a, 0x2a, 0x32]; // node, attribute, g (repeated per level); ModelProto.graph is 0x3a
  const varintLen = (n: number) => (n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4);
  const sizes: number[] = [0];
  for (let i = 0; i < depth * 3; i++) sizes.push(1 + varintLen(sizes[i]) + sizes[i]);
  const total = 2 + 1 + varintLen(sizes.at(-1)!) + sizes.at(-1)!;
  const out = new Uint8Array(total);
  let at = 0;
  out[at++] = 0x08; // ir_version 7
  out[at++] = 7;
  const put = (tag: number, len: number) => {
    out[at++] = tag;
    for (let v = len; ; v >>>= 7) {
      if (v < 128) {
        out[at++] = v;
        break;
      }
      out[at++] = (v & 127) | 128;
    }
  };
  put(0x3a, sizes.at(-1)!);
  for (let i = depth * 3 - 1; i >= 0; i--) put(tags[(depth * 3 - 1 - i) % 3], sizes[i]);
  return out;
}

/** One case's file: an export, rewritten, then maybe broken (as a message or at the byte level). */
export function generateOnnx(rng: Rng): { kind: string; bytes: Uint8Array; expect: Expect } {
  if (rng.next() < 0.02) {
    const depth = pick(rng, [1e4, 1e5]);
    return { kind: `nested ${depth} deep`, bytes: deepFile(depth), expect: 'invalid' };
  }
  const model = new Model(randomSpec(rng), 1 + rng.int(1000));
  const m = onnx.ModelProto.decode(exportOnnx(model));
  const kinds: string[] = [];
  for (let k = rng.int(4); k > 0; k--) {
    const done = pick(rng, REWRITES)(m, rng);
    if (done) kinds.push(done);
  }
  let expect: Expect = 'valid';
  if (rng.next() < 0.45) {
    kinds.push(pick(rng, BREAKS)(m, rng));
    expect = 'invalid';
  }
  let bytes = onnx.ModelProto.encode(m).finish();
  if (expect === 'valid' && rng.next() < 0.4) {
    const how = rng.int(3);
    if (how === 0) {
      bytes = bytes.slice();
      for (let n = 1 + rng.int(3); n > 0; n--) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
      kinds.push('byte flips');
    } else if (how === 1) {
      const at = rng.int(bytes.length);
      bytes = bytes.slice(0, at);
      kinds.push(`truncated at ${at}`);
    } else {
      bytes = Uint8Array.from([...bytes, ...Array.from({ length: pick(rng, [1, 2, 8, 100]) }, () => rng.int(256))]);
      kinds.push('extra bytes');
    }
    expect = 'either';
  }
  return { kind: kinds.join(', ') || 'export as it is', bytes, expect };
}
