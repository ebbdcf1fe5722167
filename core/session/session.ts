// The training session: owns the model and the trainer and answers protocol commands with events.
// Pure (no Node, no DOM): the Electron worker and the web build's Web Worker are thin transports around it.
import { CoreError } from '../assert.js';
import { subset, type Mnist } from '../data/mnist.js';
import { Model } from '../model.js';
import { parseModelFile, serializeModel, type ModelMeta } from '../model-file.js';
import { preset } from '../presets.js';
import { parseCommand, type Command, type ModelSummary, type SessionEvent } from '../protocol.js';
import type { ModelSpec } from '../spec.js';
import { Tensor } from '../tensor.js';
import { Trainer, validateConfig, type TrainConfig } from '../train/trainer.js';

export interface SessionOptions {
  /** Resolves to the MNIST data (read from disk in Electron, fetched in the browser). */
  loadData: () => Promise<Mnist>;
  /** Delivers an event to the UI. */
  post: (e: SessionEvent) => void;
  /** Text of the bundled default model file; without it the session starts from an untrained `cnn`. */
  defaultModel?: string;
}

/** The session feeds 28×28 grey digits: a model for any other input could neither train nor infer here. */
function checkMnistInput(spec: ModelSpec, what: string): void {
  const [c, h, w] = spec.input;
  if (c !== 1 || h !== 28 || w !== 28) throw new CoreError(`${what}: the input must be [1,28,28] (MNIST digits), got [${spec.input.join(',')}]`);
}

/** The longest hold one `train:hold` may ask for: a lost release costs the run at most this long. */
const MAX_HOLD_MS = 10_000;

const untrainedMeta = (name: string, seed: number): ModelMeta => ({ name, createdAt: new Date().toISOString(), epochs: 0, testAccuracy: null, seed });

export class TrainingSession {
  private model: Model;
  private meta: ModelMeta;
  private data: Mnist | null = null;
  private trainer: Trainer | null = null;
  private config: TrainConfig | undefined;

  constructor(private readonly opts: SessionOptions) {
    const loaded = this.defaultModel();
    this.model = loaded.model;
    this.meta = loaded.meta;
  }

  /** Loads the data and announces the model; call once. */
  async init(): Promise<void> {
    this.data = await this.opts.loadData();
    this.opts.post({ type: 'ready', model: this.summary(), trainCount: this.data.train.count, testCount: this.data.test.count });
  }

  get busy(): boolean {
    return this.trainer !== null;
  }

  /** Validates and carries out one command; any failure becomes an error event and changes nothing. */
  handle(raw: unknown): void {
    let cmd: Command;
    try {
      cmd = parseCommand(raw);
    } catch (e) {
      this.opts.post({ type: 'error', message: (e as Error).message });
      return;
    }
    try {
      this.dispatch(cmd);
    } catch (e) {
      const id = 'id' in cmd ? cmd.id : undefined;
      this.opts.post({ type: 'error', message: (e as Error).message, command: cmd.type, ...(id !== undefined ? { id } : {}) });
    }
  }

  private dispatch(cmd: Command): void {
    const post = this.opts.post;
    switch (cmd.type) {
      case 'train:start':
        return this.startTraining(cmd.config);
      case 'train:pause':
        return this.trainer?.pause();
      case 'train:resume':
        return this.trainer?.resume();
      case 'train:stop':
        return this.trainer?.stop();
      case 'train:hold':
        if (cmd.ms < 0 || cmd.ms > MAX_HOLD_MS) throw new CoreError(`train:hold.ms: expected 0 to ${MAX_HOLD_MS} ms, got ${cmd.ms}`);
        return this.trainer?.hold(cmd.ms);
      case 'train:set-lr':
        this.config = validateConfig({ lr: cmd.lr }, this.config);
        return this.trainer?.setLearningRate(cmd.lr);
      case 'model:set-spec': {
        this.idle('change the architecture');
        const model = new Model(cmd.spec as ModelSpec, cmd.seed);
        checkMnistInput(model.spec, 'model:set-spec');
        this.replaceModel(model, untrainedMeta(typeof cmd.spec.name === 'string' ? cmd.spec.name : 'custom', cmd.seed));
        return;
      }
      case 'model:load': {
        this.idle('load a model');
        const { model, meta } = parseModelFile(cmd.text);
        checkMnistInput(model.spec, 'model:load');
        this.replaceModel(model, meta);
        return;
      }
      case 'model:reset': {
        this.idle('reset the model');
        const { model, meta } = this.defaultModel();
        this.replaceModel(model, meta);
        return;
      }
      case 'model:save':
        post({ type: 'model:file', id: cmd.id, text: serializeModel(this.model, this.meta), name: this.meta.name });
        return;
      case 'model:set-filter':
        this.idle('change a filter');
        return this.setFilter(cmd);
      case 'infer': {
        const a = this.model.activations(new Tensor([1, 1, 28, 28], cmd.image.slice()));
        const outputs = a.outputs.map((t) => ({ shape: [...t.shape.slice(1)], data: Float32Array.from(t.data) }));
        post({ type: 'inference', id: cmd.id, outputs, argmax: a.argmax, probs: a.probs });
        return;
      }
      case 'weights:get':
        post({ type: 'weights', id: cmd.id, weights: this.model.getWeights() });
        return;
      case 'data:test-images': {
        const test = this.requireData().test;
        const px = test.rows * test.cols;
        const images = new Uint8Array(cmd.indices.length * px);
        const labels = new Uint8Array(cmd.indices.length);
        cmd.indices.forEach((i, k) => {
          if (!Number.isInteger(i) || i < 0 || i >= test.count) throw new CoreError(`data:test-images: index ${i} is outside 0..${test.count - 1}`);
          images.set(test.images.subarray(i * px, (i + 1) * px), k * px);
          labels[k] = test.labels[i];
        });
        post({ type: 'test-images', id: cmd.id, indices: cmd.indices, images, labels });
        return;
      }
    }
  }

  private startTraining(partial: Partial<TrainConfig>): void {
    if (this.trainer) throw new CoreError('train:start: training is already running; stop it first');
    const data = this.requireData();
    const config = validateConfig(partial, this.config);
    this.config = config;
    const model = this.model;
    const trainer = new Trainer(model, subset(data.train, config.trainSize), data.test, config, (e) => {
      if (e.type === 'epoch') this.meta = { ...this.meta, epochs: this.meta.epochs + 1, testAccuracy: e.testAccuracy, seed: config.seed };
      this.opts.post(e);
    });
    this.trainer = trainer;
    void trainer.run().finally(() => {
      if (this.trainer === trainer) this.trainer = null;
    });
  }

  private setFilter(cmd: Extract<Command, { type: 'model:set-filter' }>): void {
    const spec = JSON.parse(JSON.stringify(this.model.spec)) as ModelSpec;
    const layer = spec.layers[cmd.layer];
    if (!layer || layer.type !== 'conv2d') throw new CoreError(`model:set-filter: layer ${cmd.layer} is not a conv2d layer`);
    const info = this.model.infos[cmd.layer];
    const inC = cmd.layer === 0 ? spec.input[0] : this.model.infos[cmd.layer - 1].outShape[0];
    if (!Number.isInteger(cmd.channel) || cmd.channel < 0 || cmd.channel >= layer.filters) {
      throw new CoreError(`model:set-filter: channel ${cmd.channel} is outside 0..${layer.filters - 1} of layer ${cmd.layer}`);
    }
    const per = inC * layer.kernel * layer.kernel;
    if (cmd.weights.length !== per) throw new CoreError(`model:set-filter: layer ${cmd.layer} needs ${per} weights (${inC}×${layer.kernel}×${layer.kernel}), got ${cmd.weights.length}`);
    const frozen = new Set(layer.frozenChannels ?? []);
    if (cmd.frozen) frozen.add(cmd.channel);
    else frozen.delete(cmd.channel);
    layer.frozenChannels = [...frozen].sort((a, b) => a - b);
    if (layer.frozenChannels.length === 0) delete layer.frozenChannels;
    const next = new Model(spec);
    next.setWeights(this.model.getWeights());
    next.setParam(`${info.index}.weight`, cmd.weights, cmd.channel * per);
    next.setParam(`${info.index}.bias`, [cmd.bias], cmd.channel);
    this.replaceModel(next, { ...this.meta, name: this.meta.name.endsWith('+filters') ? this.meta.name : `${this.meta.name}+filters` });
  }

  private replaceModel(model: Model, meta: ModelMeta): void {
    this.model = model;
    this.meta = meta;
    this.opts.post({ type: 'model', model: this.summary() });
  }

  private summary(): ModelSummary {
    return { spec: this.model.spec, infos: this.model.infos, paramCount: this.model.paramCount, meta: this.meta };
  }

  private idle(what: string): void {
    if (this.trainer) throw new CoreError(`cannot ${what} while training runs; stop training first`);
  }

  private requireData(): Mnist {
    if (!this.data) throw new CoreError('the MNIST data is still loading');
    return this.data;
  }

  private defaultModel(): { model: Model; meta: ModelMeta } {
    if (this.opts.defaultModel) return parseModelFile(this.opts.defaultModel);
    return { model: new Model(preset('cnn'), 1), meta: untrainedMeta('cnn', 1) };
  }
}
