// A sequential model built from a ModelSpec: forward, backward, per-layer activations and weights.
import { CoreError, assert, fmtShape } from './assert.js';
import { checkBudget } from './analysis.js';
import { getBackend, type Backend, type ClaimImages, type InferStep } from './kernels/index.js';
import type { ForwardOptions, Layer, Param, PoolLink } from './layers/layer.js';
import { fusedPool, fusedWithRelu, layerDef } from './layers/registry.js';
import { softmax, softmaxCrossEntropy, softmaxCrossEntropyBackward, type Labels, type LossOptions } from './ops/loss.js';
import { Rng } from './rng.js';
import { assertClassifier, type LayerInfo, type ModelSpec, type PoolSpec } from './spec.js';
import { copyOf, Tensor } from './tensor.js';

export interface NamedWeights {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface Activations {
  /** outputs[i] is layer i's output for the one input, per-sample shape info[i].outShape. */
  outputs: Tensor[];
  /** Max-pooling winners per layer (flat index into that layer's input), null for other layers. */
  argmax: (Int32Array | null)[];
  probs: Float32Array;
}

/** What Model.gradients computes for a batch. */
export interface GradientPass {
  /** [N, classes] */
  logits: Tensor;
  /** d(Σ weights·logits)/d x, [N, C, H, W]. */
  input: Tensor;
  /**
   * For each index asked for: that layer's output (a conv fused with the ReLU after it: the output after the ReLU)
   * and the gradient with respect to it; copies the caller owns.
   */
  layers: Map<number, { output: Tensor; grad: Tensor }>;
}

/** activations() shows a fused conv+ReLU pair's two outputs. */
const UNFUSED: ForwardOptions = { unfused: true };

/** `t`'s values in `into`'s array when it has the same size and precision, else in a copy of their own. */
function copyInto(t: Tensor, into: Tensor | undefined): Tensor {
  if (!into || into.size !== t.size || into.data.constructor !== t.data.constructor) return t.clone();
  into.data.set(t.data);
  return new Tensor(t.shape, into.data);
}

export interface ModelOptions {
  /**
   * The kernels this model computes with (reference TS, wasm with or without Winograd, …); absent: the process
   * default, getBackend(), looked up at each call. Two models in one process can use different backends side by side.
   */
  backend?: Backend;
}

export class Model {
  readonly layers: Layer[];
  readonly infos: LayerInfo[];
  readonly params: Param[];
  /** This model's backend; null: the process default (getBackend()) at each call. Can be changed between calls. */
  backend: Backend | null;
  /** A second set of layers sharing these weights, for gradients() and layerOutputs() (built on first use). */
  private detached: Layer[] | null = null;
  /** What the layers ask for at each call: this model's backend, else the process default. */
  private readonly backendOf = (): Backend => this.backend ?? getBackend();

  constructor(
    readonly spec: ModelSpec,
    seed = 1,
    options: ModelOptions = {},
  ) {
    this.backend = options.backend ?? null;
    this.infos = assertClassifier(spec);
    // before a single weight is allocated: a spec asking for more than this machine can hold is refused here
    checkBudget(spec, this.infos);
    // Speed: the model owns its layers' intermediate tensors, so they reuse their buffers batch to batch, and a
    // conv followed by a ReLU runs as one fused kernel (activations() runs them unfused to show both).
    this.layers = buildLayers(spec, this.infos, new Rng(seed), true, this.backendOf);
    this.params = this.layers.flatMap((l) => l.params);
  }

  /**
   * The largest |value| any layer can output for an input in [0, 1] (interval arithmetic over the weights' absolute
   * row sums, layer by layer). Below LIMITS.outputBound no forward pass can overflow float32; NaN or Infinity when a
   * weight is. O(parameters).
   */
  outputBound(): number {
    let bound = 1;
    for (const layer of this.layers) bound = layerDef(layer.spec.type).bound?.(layer, bound) ?? bound;
    return bound;
  }

  /** outputBound() after `meanwhile` (which leaves the weights alone) has run: GradEngine.outputBoundWhile on one thread. */
  outputBoundWhile(meanwhile: () => void): number {
    meanwhile();
    return this.outputBound();
  }

  get paramCount(): number {
    return this.params.reduce((a, p) => a + p.value.size, 0);
  }

  private checkInput(x: Tensor, op: string): void {
    const [c, h, w] = this.spec.input;
    assert(x.shape.length === 4 && x.shape[1] === c && x.shape[2] === h && x.shape[3] === w, () => `${op}: input must be [N,${c},${h},${w}], got ${fmtShape(x.shape)}`);
  }

  /** x: [N, C, H, W] → logits [N, classes]; keeps what backward needs. */
  forward(x: Tensor): Tensor {
    this.checkInput(x, 'model.forward');
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    // Layers reuse their buffers on the next call; the caller gets logits of its own.
    return y === x ? y : y.clone();
  }

  /**
   * x: [N, C, H, W] → logits [N, classes], for evaluation and prediction: the same values as forward, but on a
   * backend that runs a whole stack in one call (Backend.infer) nothing is kept for backward, nothing is copied
   * between layers and no layer's buffers change. Elsewhere it is forward.
   */
  infer(x: Tensor): Tensor {
    this.checkInput(x, 'model.infer');
    const be = this.backend ?? getBackend();
    if (be.infer && x.data instanceof Float32Array) {
      const n = x.shape[0];
      const out = new Tensor([n, this.infos[this.infos.length - 1].outShape[0]]);
      if (be.infer(this.inferSteps(), x.data, n, out.data as Float32Array)) return out;
    }
    return this.forward(x);
  }

  /**
   * Infers the images `claim` hands this thread out of a batch that other threads infer at the same time, each with
   * its own replica and claims on the same counter (DataParallel.infer): x holds the batch's n images, and out gets each
   * claimed image's logits in its row (n × classes). Each row is the same floats as infer() gives for that image.
   */
  inferClaimed(x: Float32Array, n: number, out: Float32Array, claim: ClaimImages): void {
    const [c, h, w] = this.spec.input;
    const pixels = c * h * w;
    const classes = this.infos[this.infos.length - 1].outShape[0];
    assert(x.length >= n * pixels && out.length >= n * classes, () => `model.inferClaimed: ${n} images need ${n * pixels} input and ${n * classes} output floats, got ${x.length} and ${out.length}`);
    const be = this.backend ?? getBackend();
    if (be.infer?.(this.inferSteps(), x.subarray(0, n * pixels), n, out, claim)) return;
    for (let r = claim(1); r; r = claim(1)) {
      const part = new Tensor([r.count, c, h, w], x.slice(r.start * pixels, (r.start + r.count) * pixels));
      out.set(this.forward(part).data, r.start * classes);
    }
  }

  /** The layers as Backend.infer steps, a ReLU folded into the conv or dense layer right before it. */
  private inferSteps(): InferStep[] {
    const steps: InferStep[] = [];
    this.layers.forEach((layer, i) => {
      const step = layerDef(layer.spec.type).step(layer.spec, layer);
      const prev = steps[steps.length - 1];
      const before = this.spec.layers[i - 1]?.type;
      if (step?.op === 'relu' && (prev?.op === 'conv' || prev?.op === 'dense') && (before === 'conv2d' || before === 'dense')) prev.relu = true;
      else if (step) steps.push(step);
    });
    return steps;
  }

  /** Backpropagates dLogits through every layer, accumulating parameter gradients (or setting them: `overwrite`). */
  backward(dLogits: Tensor, overwrite = false): void {
    let d: Tensor | null = dLogits;
    for (let i = this.layers.length - 1; i >= 0 && d; i--) d = this.layers[i].backward(d, i > 0, overwrite);
  }

  /**
   * One forward + backward on a batch; returns the mean loss and how many were classified right. Gradients are
   * added to the parameters' grads, or with `overwrite` replace them (then no zeroGrad is needed first). The loss is
   * the plain cross-entropy; `labelSmoothing` changes only the gradient's target (LossOptions).
   */
  lossAndGrad(x: Tensor, labels: Labels, opts: LossOptions & { overwrite?: boolean } = {}): { loss: number; correct: number; probs: Tensor } {
    const logits = this.forward(x);
    const { loss, probs } = softmaxCrossEntropy(logits, labels);
    this.backward(softmaxCrossEntropyBackward(probs, labels, opts.labelSmoothing ?? 0), opts.overwrite ?? false);
    return { loss, correct: countCorrect(probs, labels), probs };
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad.data.fill(0);
  }

  predict(x: Tensor): Tensor {
    return softmax(this.infer(x));
  }

  /**
   * One image [1, C, H, W]: every layer's output, the pooling winners and the class probabilities. With `reuse`
   * (activations computed earlier by this model) the new values are written into its arrays where sizes match,
   * instead of new ones: nothing is allocated (a caller computing many per second spares the allocations and their
   * garbage), and whoever still holds `reuse` sees the new values.
   */
  activations(x: Tensor, reuse?: Activations | null): Activations {
    assert(x.shape[0] === 1, () => `model.activations: expects one image [1,C,H,W], got ${fmtShape(x.shape)}`);
    const outputs: Tensor[] = [];
    const argmax: (Int32Array | null)[] = [];
    let y = x;
    this.layers.forEach((layer, i) => {
      y = layer.forward(y, UNFUSED);
      outputs.push(copyInto(y, reuse?.outputs[i]));
      const won = layer.argmax ?? null;
      const into = reuse?.argmax[i];
      argmax.push(won ? (into && into.length === won.length ? (into.set(won), into) : copyOf(won)) : null);
    });
    const probs = softmax(y).data;
    return { outputs, argmax, probs: probs instanceof Float32Array ? probs : Float32Array.from(probs) };
  }

  /**
   * One forward + backward on x [N, C, H, W] for the logits weighted by `weights` [N, classes] (one-hot: one class's
   * logit), down to the input: the input gradient, and for each index in `at` that layer's output and the gradient
   * with respect to it. Parameter gradients and every layer's saved state for a later backward are left as they were:
   * the pass runs through a second set of layers that shares this model's weights and keeps no buffers between calls
   * (built on the first call; it costs one float per parameter for its own, discarded, weight gradients). Training
   * never computes the first layer's dX (Model.backward), so it pays nothing for this.
   */
  gradients(x: Tensor, weights: Tensor, at: readonly number[] = []): GradientPass {
    this.checkInput(x, 'model.gradients');
    const k = this.infos[this.infos.length - 1].outShape[0];
    assert(weights.shape.length === 2 && weights.shape[0] === x.shape[0] && weights.shape[1] === k, () => `model.gradients: weights must be [${x.shape[0]},${k}] (one row of class weights per input), got ${fmtShape(weights.shape)}`);
    this.checkIndices(at, 'model.gradients');
    const layers = this.detachedLayers();
    const outputs: Tensor[] = [];
    let y = x;
    for (const layer of layers) outputs.push((y = layer.forward(y)));
    const found = new Map<number, { output: Tensor; grad: Tensor }>();
    let d: Tensor = weights.dtype === y.dtype ? weights : weights.as(y.dtype);
    for (let i = layers.length - 1; i >= 0; i--) {
      if (at.includes(i)) found.set(i, { output: outputs[i].clone(), grad: d.clone() });
      d = layers[i].backward(d, true, true)!;
    }
    return { logits: y.clone(), input: d === x ? d.clone() : d, layers: found };
  }

  /**
   * x [N, C, H, W] → for each index in `layers`, that layer's output [N, ...outShape] as activations() shows it (a
   * fused conv's output before its ReLU, the ReLU layer's after). Runs only as far as the last index asked for, through
   * the layers gradients() uses: this model's layers and their saved state are left alone.
   */
  layerOutputs(x: Tensor, layers: readonly number[]): Map<number, Tensor> {
    this.checkInput(x, 'model.layerOutputs');
    this.checkIndices(layers, 'model.layerOutputs');
    const detached = this.detachedLayers();
    const out = new Map<number, Tensor>();
    const last = Math.max(-1, ...layers);
    let y = x;
    for (let i = 0; i <= last; i++) {
      y = detached[i].forward(y, UNFUSED);
      if (layers.includes(i)) out.set(i, y === x ? y.clone() : y);
    }
    return out;
  }

  private checkIndices(indices: readonly number[], op: string): void {
    for (const i of indices) {
      assert(Number.isInteger(i) && i >= 0 && i < this.layers.length, () => `${op}: layer ${i} is not a layer of model "${this.spec.name}" (0..${this.layers.length - 1})`);
    }
  }

  /** The detached layers (no buffer reuse; fused like this model's), bound to this model's current weight arrays. */
  private detachedLayers(): Layer[] {
    this.detached ??= buildLayers(this.spec, this.infos, new Rng(0), false, this.backendOf);
    // (re)bound on every call: bindStorage may have moved this model's weights since
    const own = this.params;
    this.detached.flatMap((l) => l.params).forEach((p, i) => p.bind(own[i].value.data as Float32Array, null, false));
    return this.detached;
  }

  getWeights(): NamedWeights[] {
    return this.params.map((p) => ({ name: p.name, shape: [...p.value.shape], data: Float32Array.from(p.value.data) }));
  }

  /** Replaces every parameter; checks names and shapes first so a mismatch changes nothing. */
  setWeights(weights: readonly NamedWeights[]): void {
    if (weights.length !== this.params.length) throw new CoreError(`setWeights: model has ${this.params.length} tensors, got ${weights.length}`);
    weights.forEach((w, i) => {
      const p = this.params[i];
      if (w.name !== p.name || w.shape.join() !== p.value.shape.join() || w.data.length !== p.value.size) {
        throw new CoreError(`setWeights: tensor ${i} is ${w.name} ${fmtShape(w.shape)}, the model expects ${p.name} ${fmtShape(p.value.shape)}`);
      }
    });
    weights.forEach((w, i) => this.params[i].value.data.set(w.data));
  }

  /**
   * Moves every parameter's values (and gradients, when given) into views of flat arrays laid out in params order,
   * e.g. SharedArrayBuffers that threads share (kernels/parallel.ts); with `copy` the current values go along.
   */
  bindStorage(values: Float32Array, grads: Float32Array | null, copy: boolean): void {
    const total = this.paramCount;
    if (values.length < total || (grads && grads.length < total)) throw new CoreError(`bindStorage: the model has ${total} parameters, the arrays hold ${values.length}${grads ? ` and ${grads.length}` : ''}`);
    let off = 0;
    for (const p of this.params) {
      const n = p.value.size;
      p.bind(values.subarray(off, off + n), grads ? grads.subarray(off, off + n) : null, copy);
      off += n;
    }
  }

  /** Copies one weight tensor in (e.g. a hand-designed filter); name as in params. */
  setParam(name: string, data: ArrayLike<number>, offset = 0): void {
    const p = this.params.find((q) => q.name === name);
    if (!p) throw new CoreError(`setParam: no parameter named "${name}"`);
    if (offset < 0 || offset + data.length > p.value.size) throw new CoreError(`setParam: ${data.length} values at ${offset} do not fit ${name} ${fmtShape(p.value.shape)}`);
    p.value.data.set(data, offset);
  }
}

/**
 * The spec's layers, weights drawn from `rng`. `reuse`: each writes into its last batch's buffers, and conv → (ReLU →)
 * max pooling blocks run as one op (LayerOptions.poolLink; the detached layers of gradients() keep every output).
 */
function buildLayers(spec: ModelSpec, infos: readonly LayerInfo[], rng: Rng, reuse: boolean, backend: () => Backend): Layer[] {
  const links = new Map<number, PoolLink>();
  spec.layers.forEach((_, i) => {
    const j = reuse ? fusedPool(spec.layers, i) : -1;
    if (j < 0) return;
    const pool = spec.layers[j] as PoolSpec;
    const link: PoolLink = { attrs: { size: pool.size, stride: pool.stride ?? pool.size }, y: null, argmax: null };
    links.set(i, link).set(j, link);
  });
  let inShape: readonly number[] = spec.input;
  return spec.layers.map((l, i) => {
    const info = infos[i];
    const options = { reuse, fuseRelu: fusedWithRelu(spec.layers, i), poolLink: links.get(i), backend };
    const layer = layerDef(l.type).construct(l, { info, inShape, rng, next: spec.layers[i + 1], options });
    inShape = info.outShape;
    return layer;
  });
}

export function countCorrect(probs: Tensor, labels: Labels): number {
  const [n, k] = probs.shape;
  let correct = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(probs.data, i * k, k) === labels[i]) correct++;
  return correct;
}

export function argmaxRow(a: ArrayLike<number>, off: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (a[off + j] > a[off + best]) best = j;
  return best;
}
