// ONNX in: an ONNX file of a small image classifier as a studio model spec and weights (bytes in, no I/O). Reads a
// chain of Conv, Relu, MaxPool, AveragePool, GlobalAveragePool, Flatten, Reshape-to-flat (its shape constant or
// computed, shape-ops.ts), Gemm and MatMul(+Add) nodes; folds initializers, Constant nodes, bias Adds,
// BatchNormalization and zero Pads into the layer around them; passes over Identity and inference-mode Dropout; drops
// a trailing Softmax or LogSoftmax. docs/onnx.md.
// Anything else is one OnnxError naming every unsupported op and its node, or the shape that cannot be mapped.
import { SpecError } from '../layers/checks.js';
import { serializeModel, type LoadedModel, type ModelMeta } from '../model-file.js';
import { Model, type NamedWeights } from '../model.js';
import { assertClassifier, inferShapes, resolvePads, type LayerSpec, type ModelSpec, type Padding } from '../spec.js';
import { decode, readInput } from './container.js';
import { Attrs, MAX_CONST_VALUES, OnnxError, onnx, readTensor, type Const } from './proto.js';
import { IMPORTED_OPS, unknownAttributes, type ImportedOp } from './ops.js';
import { evaluateShapeOp, SHAPE_OPS, shapeConst, type ShapeOp, type ShapeValue } from './shape-ops.js';

export { MAX_ONNX_BYTES } from './limits.js';
export { IMPORTED_OPS } from './ops.js';

type Op = Exclude<ImportedOp, ShapeOp | 'Constant'>;

export interface ImportedOnnx {
  spec: ModelSpec;
  /** In the model's parameter order (`0.weight`, `0.bias`, …). */
  weights: NamedWeights[];
  /** What was changed on the way in (a dropped Softmax, folded BatchNormalization), one sentence each. */
  notes: string[];
}

/** A conv or dense layer's parameters while they are still being folded into: weight [out, …] and bias [out]. */
interface Params {
  weight: Float64Array;
  shape: number[];
  bias: Float64Array;
}

/** A node as the walk sees it: its op, a name for messages, its attributes and its inputs split by kind. */
interface Step {
  node: onnx.INodeProto;
  op: Op;
  where: string;
  attrs: Attrs;
  /** Inputs after the first (weights, shapes, biases): constants, or null where the input is absent. */
  consts: (Const | null)[];
}

const nodeName = (n: onnx.INodeProto, i: number) => (n.name ? `node ${n.name}` : `node #${i} (unnamed)`);

/** The file name without folders or extension, as the model's name. */
export function onnxBaseName(file: string): string {
  return file.replace(/^.*[/\\]/, '').replace(/\.onnx$/i, '') || 'imported';
}

class Importer {
  readonly consts = new Map<string, Const>();
  readonly layers: LayerSpec[] = [];
  readonly params = new Map<number, Params>();
  readonly notes: string[] = [];
  /** Per-sample shape of the current activation ([C,H,W] or [F]) and its tensor name. */
  shape: number[];
  current: string;
  /** The conv or dense layer whose output is the current activation, as long as nothing came after it. */
  folding: number | null = null;
  softmax: string | null = null;
  /** Shapes the graph computes (shape-ops.ts), by tensor name. */
  readonly shapeValues = new Map<string, ShapeValue>();
  /** Zero padding [top, left, bottom, right] from a Pad node, waiting for the Conv it must come right before. */
  padded: { pads: number[]; where: string } | null = null;

  constructor(
    readonly file: string,
    readonly input: [number, number, number],
    inputName: string,
    readonly batch: number | null,
    readonly opset: number,
  ) {
    this.shape = [...input];
    this.current = inputName;
  }

  fail(message: string): never {
    throw new OnnxError(`${this.file}: ${message}`);
  }

  /** Appends a layer and works out the new shape; a layer the spec refuses is named with its node. */
  push(layer: LayerSpec, where: string): number {
    this.layers.push(layer);
    try {
      this.shape = inferShapes({ name: 'import', input: this.input, layers: this.layers }).at(-1)!.outShape;
    } catch (e) {
      if (e instanceof SpecError) this.fail(`${where}: ${e.message.replace(/^layer \d+ /, '')}`);
      throw e;
    }
    return this.layers.length - 1;
  }

  image(where: string): [number, number, number] {
    if (this.shape.length !== 3) this.fail(`${where}: needs an image [batch,C,H,W], gets [batch,${this.shape.join(',')}]`);
    return this.shape as [number, number, number];
  }

  flat(where: string): number {
    if (this.shape.length !== 1) this.fail(`${where}: needs flat features [batch,F], gets [batch,${this.shape.join(',')}]; put a Flatten before it`);
    return this.shape[0];
  }

  step(s: Step): void {
    const passThrough = s.op === 'Identity' || s.op === 'Dropout';
    if (this.softmax && !passThrough) this.fail(`${s.where}: comes after ${this.softmax}; only a Softmax at the very end can be dropped`);
    if (passThrough) return this.identity(s);
    const folding = this.folding;
    this.folding = null;
    if (this.padded && s.op !== 'Conv') this.fail(`${this.padded.where}: pads [${this.padded.pads.join(',')}] and is followed by ${s.where}; only padding right before a Conv can be imported`);
    switch (s.op) {
      case 'Pad':
        return this.pad(s);
      case 'Conv':
        return this.conv(s);
      case 'Relu':
        return void this.push({ type: 'relu' }, s.where);
      case 'MaxPool':
      case 'AveragePool':
        return this.pool(s);
      case 'GlobalAveragePool':
        return this.globalPool(s);
      case 'Flatten':
      case 'Reshape':
        return this.flatten(s);
      case 'Gemm':
      case 'MatMul':
        return this.dense(s);
      case 'Add':
      case 'BatchNormalization':
        if (folding === null) this.fail(`${s.where}: does not come right after a Conv, Gemm or MatMul, so it cannot be folded into one`);
        this.folding = folding;
        return s.op === 'Add' ? this.addBias(s, folding) : this.batchNorm(s, folding);
      case 'Softmax':
      case 'LogSoftmax': {
        const axis = s.attrs.int('axis', this.opset >= 13 ? -1 : 1);
        this.flat(s.where);
        if (axis !== 1 && axis !== -1) this.fail(`${s.where}: ${s.op.toLowerCase()} over axis ${axis}; only over the class scores (axis 1 or -1) can be dropped`);
        this.softmax = s.where;
        this.notes.push(`dropped the trailing ${s.where}: the model outputs logits, whose ${s.op === 'Softmax' ? 'softmax' : 'log-softmax'} is the file's output (the same class wins)`);
        return;
      }
    }
  }

  /** A required constant input: weights, a shape. */
  need(s: Step, i: number, what: string): Const {
    const c = s.consts[i - 1];
    if (!c) this.fail(`${s.where}: input ${i} (${what}) must be an initializer or a Constant`);
    return c;
  }

  conv(s: Step): void {
    const [c, h, w] = this.image(s.where);
    const wt = this.need(s, 1, 'weights');
    if (wt.dims.length !== 4) this.fail(`${s.where}: weights [${wt.dims.join(',')}] are not [F,C,kH,kW]`);
    const [f, wc, kh, kw] = wt.dims;
    const kernel = s.attrs.ints('kernel_shape');
    if (kernel && kernel.join() !== `${kh},${kw}`) this.fail(`${s.where}: kernel_shape [${kernel.join(',')}] does not match weights [${wt.dims.join(',')}]`);
    if (kh !== kw) this.fail(`${s.where}: kernel ${kh}×${kw} is not square; the studio's convolutions are k×k`);
    const group = s.attrs.int('group', 1);
    if (group !== 1) this.fail(`${s.where}: group ${group} (grouped or depthwise convolution) is not supported; only group 1`);
    if (wc !== c) this.fail(`${s.where}: weights take ${wc} input channels, the input has ${c}`);
    const stride = this.stride(s);
    const pads = this.pads(s, h, w, kh, stride).map((p, k) => p + (this.padded?.pads[k] ?? 0));
    this.padded = null;
    const padding = this.convPadding(s, pads, h, w, kh, stride);
    const bias = s.consts[1] ?? null;
    if (bias && (bias.dims.length !== 1 || bias.dims[0] !== f)) this.fail(`${s.where}: bias [${bias.dims.join(',')}] does not match ${f} filters`);
    const i = this.push({ type: 'conv2d', filters: f, kernel: kh, ...(stride !== 1 ? { stride } : {}), ...(padding !== 'valid' ? { padding } : {}) }, s.where);
    this.params.set(i, { weight: Float64Array.from(wt.data), shape: wt.dims, bias: bias ? Float64Array.from(bias.data) : new Float64Array(f) });
    this.folding = i;
  }

  /**
   * Pad with zeros (mode constant, value 0) on H and W only: nothing when all pads are 0 (PyTorch writes such a Pad
   * before every AveragePool), else added to the pads of the Conv that must come next.
   */
  pad(s: Step): void {
    this.image(s.where);
    const mode = s.attrs.string('mode', 'constant');
    const value = s.consts[1]?.data[0] ?? s.attrs.float('value', 0);
    if (mode !== 'constant' || value !== 0) this.fail(`${s.where}: ${mode} padding with value ${value} is not supported; only zeros`);
    if (s.consts[2]) this.fail(`${s.where}: the axes input is not supported`);
    const all = this.opset >= 11 ? Array.from(this.need(s, 1, 'pads').data) : (s.attrs.ints('pads') ?? []);
    // [N, C, H, W] begins, then ends
    if (all.length !== 8 || [0, 1, 4, 5].some((k) => all[k] !== 0) || all.some((p) => p < 0)) this.fail(`${s.where}: pads [${all.join(',')}] are not zero padding of H and W`);
    const pads = [all[2], all[3], all[6], all[7]];
    if (pads.some((p) => p !== 0)) this.padded = { pads, where: s.where };
  }

  /** Equal strides (default 1) and dilations 1, or an error naming the attribute. */
  stride(s: Step): number {
    const dil = s.attrs.ints('dilations');
    if (dil && dil.some((d) => d !== 1)) this.fail(`${s.where}: dilations [${dil.join(',')}] are not supported; only 1`);
    const [sh, sw] = s.attrs.ints('strides') ?? [1, 1];
    if (sh !== sw) this.fail(`${s.where}: strides [${sh},${sw}] differ; the studio's strides are the same along both axes`);
    return sh;
  }

  /** The pads [top, left, bottom, right], from auto_pad or the pads attribute. */
  pads(s: Step, h: number, w: number, k: number, stride: number): number[] {
    const auto = s.attrs.string('auto_pad', 'NOTSET');
    let pads: number[];
    if (auto === 'NOTSET') pads = s.attrs.ints('pads') ?? [0, 0, 0, 0];
    else if (auto === 'VALID') pads = [0, 0, 0, 0];
    else if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
      const p = resolvePads(h, w, k, stride, 'same');
      pads = auto === 'SAME_UPPER' ? [p.top, p.left, p.bottom, p.right] : [p.bottom, p.right, p.top, p.left];
    } else this.fail(`${s.where}: auto_pad ${auto} is not an ONNX value`);
    if (pads.length !== 4 || pads.some((p) => p < 0)) this.fail(`${s.where}: pads [${pads.join(',')}] are not 4 sizes ≥ 0 [top,left,bottom,right]`);
    return pads;
  }

  /** Pads as a studio conv Padding: none, exactly what 'same' resolves to, or equal on every side; else an error. */
  convPadding(s: Step, pads: number[], h: number, w: number, k: number, stride: number): Padding {
    const same = resolvePads(h, w, k, stride, 'same');
    const want = [same.top, same.left, same.bottom, same.right];
    if (pads.every((p) => p === 0)) return 'valid';
    if (pads.join() === want.join()) return 'same';
    if (pads.every((p) => p === pads[0])) return pads[0];
    return this.fail(`${s.where}: pads [${pads.join(',')}] (top,left,bottom,right) cannot be mapped: a studio conv pads every side equally, or as 'same' does (here [${want.join(',')}]: the odd extra row and column at the bottom and right)`);
  }

  pool(s: Step): void {
    const [, h, w] = this.image(s.where);
    const kernel = s.attrs.ints('kernel_shape');
    if (!kernel || kernel.length !== 2 || kernel[0] !== kernel[1]) this.fail(`${s.where}: kernel_shape [${kernel?.join(',') ?? ''}] is not a square k×k window`);
    const size = kernel[0];
    const stride = this.stride(s);
    const pads = this.pads(s, h, w, size, stride);
    if (pads.some((p) => p !== 0)) this.fail(`${s.where}: pads [${pads.join(',')}] are not supported: the studio's pooling has no padding`);
    if (s.attrs.int('ceil_mode', 0) === 1 && ((h - size) % stride !== 0 || (w - size) % stride !== 0)) {
      this.fail(`${s.where}: ceil_mode 1 gives a larger output than the studio's pooling on ${h}×${w} (window ${size}, stride ${stride})`);
    }
    if ((s.node.output ?? []).slice(1).some((o) => o)) this.fail(`${s.where}: its Indices output is not supported`);
    this.push({ type: s.op === 'MaxPool' ? 'maxpool2d' : 'avgpool2d', size, ...(stride !== size ? { stride } : {}) }, s.where);
  }

  /** Identity, and Dropout as inference runs it (nothing; one in training mode is refused): nothing changes. */
  identity(s: Step): void {
    const inputs = (s.node.input ?? []).length;
    if (s.op === 'Identity' ? inputs !== 1 : inputs < 1 || inputs > 3) this.fail(`${s.where}: has ${inputs} inputs; ${s.op} takes ${s.op === 'Identity' ? 'one' : 'one to three (data, ratio, training_mode)'}`);
    if (s.op === 'Dropout') {
      // training_mode is an input from opset 12 on; before, an exported Dropout is inference only
      const training = this.opset >= 12 ? (s.consts[1]?.data[0] ?? 0) : 0;
      if (training) this.fail(`${s.where}: dropout in training mode is not supported (export the model in eval mode)`);
    }
  }

  /** GlobalAveragePool over a square map: an average pool whose window is the whole map. */
  globalPool(s: Step): void {
    const [, h, w] = this.image(s.where);
    if (h !== w) this.fail(`${s.where}: averages a ${h}×${w} map; the studio's pooling windows are square, so only a square map can be pooled whole`);
    this.push({ type: 'avgpool2d', size: h }, s.where);
    this.notes.push(`read ${s.where} as a ${h}×${h} average pool`);
  }

  /** Flatten(axis 1) or a Reshape to [batch, C·H·W]: a studio flatten (nothing for features that are flat already). */
  flatten(s: Step): void {
    const features = this.shape.reduce((a, d) => a * d, 1);
    if (s.op === 'Flatten') {
      const axis = s.attrs.int('axis', 1);
      const rank = this.shape.length + 1;
      if (axis !== 1 && axis !== 1 - rank) this.fail(`${s.where}: Flatten axis ${axis} does not give [batch, features]; only axis 1`);
    } else {
      const target = Array.from(this.need(s, 1, 'shape').data);
      // a computed shape's 0 is the batch itself (shape-ops.ts), whatever allowzero says
      const zero = s.attrs.int('allowzero', 0) === 0 || this.shapeValues.has(s.node.input?.[1] ?? '');
      const batchOk = (d: number) => (d === 0 && zero) || d === -1 || (this.batch !== null && d === this.batch);
      const ok = target.length === 2 && batchOk(target[0]) && (target[1] === features || (target[1] === -1 && target[0] !== -1));
      if (!ok) this.fail(`${s.where}: reshapes [batch,${this.shape.join(',')}] to [${target.join(',')}]; only a reshape to [batch, ${features}] (e.g. [-1, ${features}] or [0, -1]) is supported`);
    }
    if (this.shape.length > 1) this.push({ type: 'flatten' }, s.where);
  }

  /** Gemm (x·B or x·Bᵀ, plus C) and MatMul (x·B): a dense layer with weight [out, in]. */
  dense(s: Step): void {
    const features = this.flat(s.where);
    const b = this.need(s, 1, 'weights');
    const transB = s.op === 'Gemm' ? s.attrs.int('transB', 0) : 0;
    if (s.op === 'Gemm') {
      const [alpha, beta, transA] = [s.attrs.float('alpha', 1), s.attrs.float('beta', 1), s.attrs.int('transA', 0)];
      if (alpha !== 1 || beta !== 1 || transA !== 0) this.fail(`${s.where}: alpha ${alpha}, beta ${beta}, transA ${transA}; only alpha 1, beta 1, transA 0 are supported`);
    }
    if (b.dims.length !== 2) this.fail(`${s.where}: weights [${b.dims.join(',')}] are not a matrix`);
    const [inDim, out] = transB ? [b.dims[1], b.dims[0]] : b.dims;
    if (inDim !== features) this.fail(`${s.where}: weights [${b.dims.join(',')}${transB ? '] (transposed)' : ']'} take ${inDim} features, the input has ${features}`);
    const weight = transB ? Float64Array.from(b.data) : new Float64Array(out * inDim);
    if (!transB) for (let o = 0; o < out; o++) for (let j = 0; j < inDim; j++) weight[o * inDim + j] = b.data[j * out + o];
    const i = this.push({ type: 'dense', units: out }, s.where);
    this.params.set(i, { weight, shape: [out, inDim], bias: new Float64Array(out) });
    this.folding = i;
    const c = s.op === 'Gemm' ? s.consts[1] : null;
    if (c) this.addTo(i, c, s.where);
  }

  addBias(s: Step, layer: number): void {
    const c = s.consts[0];
    if (!c) this.fail(`${s.where}: adds something that is not a constant; only a bias can be added`);
    this.addTo(layer, c, s.where);
  }

  /** Adds a constant that is the same for every position (a bias: [], [1], [F], [1,F] or [F,1,1], [1,F,1,1]). */
  addTo(layer: number, c: Const, where: string): void {
    const p = this.params.get(layer)!;
    const n = p.bias.length;
    const rank = this.shape.length + 1;
    const dims = [...Array<number>(Math.max(rank - c.dims.length, 0)).fill(1), ...c.dims];
    const perChannel = dims.length === rank && dims[0] === 1 && (dims[1] === 1 || dims[1] === n) && dims.slice(2).every((d) => d === 1);
    if (!perChannel) this.fail(`${where}: adds a [${c.dims.join(',')}] tensor to [batch,${this.shape.join(',')}]; only a bias of ${n} values (one per ${rank > 2 ? 'channel' : 'unit'}) can be folded in`);
    for (let o = 0; o < n; o++) p.bias[o] += c.data[c.data.length === 1 ? 0 : o];
  }

  /** y = (x − mean)·scale/√(var + ε) + B per channel, folded into the weights and bias of the layer before. */
  batchNorm(s: Step, layer: number): void {
    if (s.attrs.int('training_mode', 0) !== 0) this.fail(`${s.where}: training_mode 1 is not supported (export the model in eval mode)`);
    if ((s.node.output ?? []).slice(1).some((o) => o)) this.fail(`${s.where}: its running mean/var outputs are not supported (export in eval mode)`);
    const p = this.params.get(layer)!;
    const n = p.bias.length;
    const [scale, shift, mean, variance] = ['scale', 'B', 'mean', 'var'].map((what, k) => {
      const c = this.need(s, k + 1, what);
      if (c.data.length !== n) this.fail(`${s.where}: ${what} has ${c.data.length} values, the layer before has ${n} channels`);
      return c.data;
    });
    const eps = s.attrs.float('epsilon', 1e-5);
    const per = p.weight.length / n;
    for (let o = 0; o < n; o++) {
      const g = scale[o] / Math.sqrt(variance[o] + eps);
      for (let j = 0; j < per; j++) p.weight[o * per + j] *= g;
      p.bias[o] = (p.bias[o] - mean[o]) * g + shift[o];
    }
    this.notes.push(`folded ${s.where} into layer ${layer} (${this.layers[layer].type})`);
  }
}

/**
 * Reads an ONNX file of an image classifier into a spec and weights. Accepts any input size [C, H, W] a spec can hold
 * (a session still refuses one that does not fit its data set). Throws OnnxError prefixed with `file`.
 */
export function importOnnx(bytes: Uint8Array, file: string): ImportedOnnx {
  const { graph, opset } = decode(bytes, file);
  const nodes = graph.node ?? [];
  const unsupported = nodes
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => (n.domain && n.domain !== 'ai.onnx') || !(IMPORTED_OPS as readonly string[]).includes(n.opType ?? ''))
    .map(({ n, i }) => `${n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.` : ''}${n.opType} (${nodeName(n, i)})`);
  if (unsupported.length) throw new OnnxError(`${file}: unsupported ops: ${unsupported.join(', ')}; the importer reads ${IMPORTED_OPS.join(', ')}`);

  const consts = new Map<string, Const>();
  let total = 0;
  for (const t of graph.initializer ?? []) {
    const c = readTensor(t, `${file}: initializer ${t.name}`);
    total += c.data.length;
    if (total > MAX_CONST_VALUES) throw new OnnxError(`${file}: the initializers hold more than ${MAX_CONST_VALUES} values`);
    consts.set(t.name ?? '', c);
  }
  const { name, input, batch } = readInput(graph, consts, file);
  const im = new Importer(file, input, name, batch, opset);
  nodes.forEach((node, i) => {
    const where = `${node.opType} (${nodeName(node, i)})`;
    const attrs = new Attrs(node, `${file}: ${where}`);
    const badAttributes = unknownAttributes(node.opType as ImportedOp, attrs.names());
    if (badAttributes) im.fail(`${where}: ${badAttributes}`);
    if (node.opType === 'Constant') return consts.set(node.output?.[0] ?? '', attrs.constant());
    const ins = node.input ?? [];
    if ((SHAPE_OPS as readonly string[]).includes(node.opType ?? '')) {
      const value = evaluateShapeOp(node.opType as ShapeOp, ins, attrs, opset, { current: im.current, shape: im.shape, values: im.shapeValues, consts }, `${file}: ${where}`);
      return im.shapeValues.set(node.output?.[0] ?? '', value);
    }
    const computed = (x: string) => (im.shapeValues.has(x) ? shapeConst(im.shapeValues.get(x)!) : undefined);
    const stray = ins.find((x, k) => x && !consts.has(x) && !im.shapeValues.has(x) && (x !== im.current || k > (node.opType === 'Add' ? 1 : 0)));
    if (stray !== undefined || !ins.includes(im.current)) {
      const what = stray !== undefined ? `reads ${stray}, which is neither a constant nor the previous layer's output` : `does not read the previous layer's output ${im.current}`;
      im.fail(`${where}: ${what}; the studio imports a chain of layers (no branches or skip connections)`);
    }
    const rest = node.opType === 'Add' && ins[1] === im.current ? [ins[0]] : ins.slice(1);
    im.step({ node, op: node.opType as Op, where, attrs, consts: rest.map((x) => (x ? (consts.get(x) ?? computed(x))! : null)) });
    im.current = node.output?.[0] ?? '';
  });
  if (im.padded) im.fail(`${im.padded.where}: pads at the end of the network; only padding right before a Conv can be imported`);
  const out = graph.output ?? [];
  if (out.length !== 1 || out[0].name !== im.current) im.fail(`the graph's output ${out.map((o) => o.name).join(', ')} is not the last layer's output ${im.current}`);

  const spec: ModelSpec = { name: onnxBaseName(file), input, layers: im.layers };
  try {
    assertClassifier(spec);
  } catch (e) {
    im.fail(`the imported layers are not a classifier: ${(e as Error).message}`);
  }
  const weights: NamedWeights[] = [];
  for (const [i, p] of [...im.params].sort((a, b) => a[0] - b[0])) {
    const f32 = (name: string, shape: number[], data: Float64Array) => {
      const d = Float32Array.from(data);
      if (d.some((v) => !Number.isFinite(v))) im.fail(`${name}: a value is not finite after folding`);
      weights.push({ name, shape, data: d });
    };
    f32(`${i}.weight`, p.shape, p.weight);
    f32(`${i}.bias`, [p.bias.length], p.bias);
  }
  return { spec, weights, notes: im.notes };
}

/** importOnnx's result as a studio model with its meta ({name, notes: 'imported from X.onnx; …'}) and model-file text. */
export function importOnnxModel(bytes: Uint8Array, file: string, createdAt = new Date().toISOString()): LoadedModel & { text: string; notes: string[] } {
  const { spec, weights, notes } = importOnnx(bytes, file);
  const model = new Model(spec);
  model.setWeights(weights);
  const base = file.replace(/^.*[/\\]/, '');
  const meta: ModelMeta = { name: spec.name, createdAt, epochs: 0, testAccuracy: null, seed: null, notes: [`imported from ${base}`, ...notes].join('; ') };
  return { model, meta, text: serializeModel(model, meta), notes };
}
