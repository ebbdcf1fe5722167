// The training session: holds any number of models and training runs, each keyed by id, and answers every protocol
// command (a request with an id) with exactly one event carrying that id. Pure (no Node, no DOM): the Electron
// worker and the web build's Web Worker are thin transports around it (start.ts).
import { CoreError, isPlainObject } from '../assert.js';
import { checkEpochTime, specCost } from '../analysis.js';
import { imageSize, subset, type DataSplits } from '../data/mnist.js';
import { LIMITS } from '../limits.js';
import { Model } from '../model.js';
import { parseModelFile, serializeModel, type ModelMeta } from '../model-file.js';
import { preset } from '../presets.js';
import { parseCommand, requestId, REPLIES, type Command, type DataSummary, type ErrorCode, type ErrorEvent, type ModelId, type RunId, type RunSummary, type SessionEvent, type BatchReport } from '../protocol.js';
import type { ModelSpec } from '../spec.js';
import { Trainer } from '../train/trainer.js';
import { DEFAULT_CONFIG, validateConfig, type TrainConfig } from '../train/config.js';
import { checkFits, dataMeta, loadSource, parseDataSource, summarizeData } from './data.js';
import { SessionError } from './errors.js';
import { ExplainRequests } from './explain.js';
import { setFilter } from './filters.js';
import { restoreTarget } from './restore.js';
import { RunCompute, runSummary, whyOneThread, type Replicas, type RunEntry } from './run.js';
import { ModelTable, untrainedMeta, type NewEntry } from './models.js';
import { batchingPost } from './outbox.js';
import { planShiftTest, runShiftTest } from './shift.js';

export { SessionError } from './errors.js';

export interface SessionOptions {
  /** Resolves to the data set's splits (read from disk in Electron, fetched in the browser). */
  loadData: () => Promise<DataSplits>;
  /** Delivers an event to the UI. */
  post: (e: SessionEvent) => void;
  /** Text of the bundled default model file; without it (or when it is unreadable) the default is an untrained `cnn`. */
  defaultModel?: string;
  /** Where that text came from (a path or URL), for messages. */
  defaultModelFrom?: string;
  /**
   * Starts the replica workers of data-parallel training (a worker_threads Worker in Electron, a nested Web Worker in
   * the browser), and the thread count a run gets when its config does not say. Absent, or where threads cannot share
   * memory: every run trains on one thread, with a note saying why.
   */
  replicas?: Replicas;
  /** Resource limits (defaults: MAX_MODELS, MAX_RUNS). */
  maxModels?: number;
  maxRuns?: number;
}

/** How many models a session holds at once: each costs its weights plus a batch's activations. */
export const MAX_MODELS = 8;
/** How many runs train at once (they take turns between batches on the session's thread). */
export const MAX_RUNS = 4;
/** Finished runs remembered for session:describe. */
const RUN_HISTORY = 16;
/** The longest hold one `train:hold` (or ease, `train:ease`) may ask for: a lost release costs the run at most this long. */
const MAX_HOLD_MS = 10_000;

export class TrainingSession {
  private readonly models = new ModelTable();
  private readonly runs = new Map<RunId, RunEntry>();
  private data: DataSplits | null = null;
  /** The host's own data set (MNIST), kept once loaded so switching back costs nothing. */
  private defaultData: DataSplits | null = null;
  /** A data:load is reading its source. */
  private loadingData = false;
  /** Problems found while starting (default model, kernels, data), kept for session:describe. */
  private readonly problems: ErrorEvent[] = [];
  private nextRun = 1;
  private readonly maxModels: number;
  private readonly maxRuns: number;
  private readonly explain: ExplainRequests;
  /** opts.post, with batch reports sent together (outbox.ts). */
  private readonly post: (e: SessionEvent | BatchReport) => void;

  constructor(private readonly opts: SessionOptions) {
    this.maxModels = opts.maxModels ?? MAX_MODELS;
    this.maxRuns = opts.maxRuns ?? MAX_RUNS;
    this.post = batchingPost(opts.post);
    this.explain = new ExplainRequests(this.post);
    this.models.add(this.defaultModel());
  }

  /** Loads the data and announces it with a `ready` event; a failure becomes a `data` problem. Call once. */
  async init(): Promise<void> {
    try {
      this.data = await this.loadDefaultData();
    } catch (e) {
      this.report('data', (e as Error).message);
      return;
    }
    this.post({ type: 'ready', data: this.dataSummary()! });
  }

  private async loadDefaultData(): Promise<DataSplits> {
    this.defaultData ??= await this.opts.loadData();
    return this.defaultData;
  }

  /** data:load: reads the new data set, then puts it in place of the old one (which stays if anything fails). */
  private async loadData(cmd: Extract<Command, { type: 'data:load' }>): Promise<SessionEvent> {
    const source = parseDataSource(cmd.source);
    if (this.busy) throw new SessionError('busy', 'cannot change the data set while training runs; stop training first');
    if (this.models.entries().some((m) => m.evaluating)) throw new SessionError('busy', 'cannot change the data set while a shift test runs; wait for it');
    if (this.loadingData) throw new SessionError('busy', 'another data set is loading; wait for it');
    this.loadingData = true;
    try {
      const data = await loadSource(source, () => this.loadDefaultData());
      if (this.busy) throw new SessionError('busy', 'training started while the data set loaded; stop it, then open the data set again');
      this.data = data;
    } catch (e) {
      if (e instanceof SessionError) throw e;
      throw new SessionError('data', (e as Error).message);
    } finally {
      this.loadingData = false;
    }
    const summary = this.dataSummary()!;
    this.post({ type: 'ready', data: summary });
    return { type: 'data', id: cmd.id, data: summary };
  }

  /** Reports a problem of the session itself (posted now, and listed by session:describe). */
  report(code: ErrorCode, message: string): void {
    const e: ErrorEvent = { type: 'error', code, message };
    this.problems.push(e);
    this.post(e);
  }

  /** True while any run trains. */
  get busy(): boolean {
    for (const r of this.runs.values()) if (r.trainer) return true;
    return false;
  }

  /** Validates and carries out one command and posts its one answer; a failure changes nothing. */
  handle(raw: unknown): void {
    let cmd: Command;
    try {
      cmd = parseCommand(raw);
    } catch (e) {
      const id = requestId(raw);
      const type = isPlainObject(raw) && Object.hasOwn(raw, 'type') ? raw.type : undefined;
      this.post({ type: 'error', code: 'bad-command', message: (e as Error).message, ...(id !== undefined ? { id } : {}), ...(typeof type === 'string' ? { command: type.slice(0, LIMITS.idChars) } : {}) });
      return;
    }
    const fail = (e: unknown) => {
      const code = e instanceof SessionError ? e.code : 'invalid';
      this.post({ type: 'error', code, message: (e as Error).message, id: cmd.id, command: cmd.type });
    };
    const answer = (reply: SessionEvent) => {
      if (reply.type !== REPLIES[cmd.type]) throw new CoreError(`session: ${cmd.type} answered ${reply.type}`);
      this.post(reply);
    };
    let reply: SessionEvent | Promise<SessionEvent>;
    try {
      reply = this.dispatch(cmd);
    } catch (e) {
      return fail(e);
    }
    // a long request (eval:shift, explain:occlusion, explain:top-patches) answers when it is done; everything else at once
    if (reply instanceof Promise) void reply.then(answer, fail);
    else answer(reply);
  }

  private dispatch(cmd: Command): SessionEvent | Promise<SessionEvent> {
    const id = cmd.id;
    const done = { type: 'done', id } as const;
    switch (cmd.type) {
      case 'session:describe':
        return { type: 'session', id, models: this.models.ids().map((m) => this.models.summary(m)), runs: [...this.runs.values()].map(runSummary), data: this.dataSummary(), problems: [...this.problems] };
      case 'model:create': {
        if (this.models.size >= this.maxModels) throw new SessionError('limit', `model:create: the session holds ${this.maxModels} models already; delete one first`);
        const entry = this.fromSpec(cmd.spec, cmd.seed, 'model:create');
        return { type: 'model', id, model: this.models.summary(this.models.add(entry)) };
      }
      case 'model:set-spec':
        this.models.idle(cmd.model, 'change the architecture');
        return this.replace(id, cmd.model, this.fromSpec(cmd.spec, cmd.seed, 'model:set-spec'));
      case 'model:load': {
        this.models.idle(cmd.model, 'load a model');
        const { model, meta } = parseModelFile(cmd.text);
        this.checkFitsData(model.spec, 'model:load', meta);
        return this.replace(id, cmd.model, { model, meta, run: null });
      }
      case 'model:restore':
        return this.restore(cmd);
      case 'model:reset':
        this.models.idle(cmd.model, 'reset the model');
        return this.replace(id, cmd.model, this.defaultModel(false));
      case 'model:set-filter': {
        const entry = this.models.idle(cmd.model, 'change a filter');
        const model = setFilter(entry.model, cmd);
        // within the name limit, so the model saved from it loads again
        const name = entry.meta.name.endsWith('+filters') ? entry.meta.name : `${entry.meta.name.slice(0, LIMITS.nameChars - 8)}+filters`;
        return this.replace(id, cmd.model, { model, meta: { ...entry.meta, name }, run: null });
      }
      case 'model:save': {
        const entry = this.models.get(cmd.model);
        return { type: 'model:file', id, model: cmd.model, text: serializeModel(entry.model, entry.meta), name: entry.meta.name };
      }
      case 'model:delete':
        this.models.idle(cmd.model, 'delete the model');
        this.models.delete(cmd.model);
        this.explain.cancelModel(cmd.model, `model ${cmd.model} was deleted`);
        return done;
      case 'weights:get':
        return { type: 'weights', id, model: cmd.model, weights: this.models.get(cmd.model).model.getWeights() };
      case 'train:start':
        return { type: 'run', id, run: this.startRun(cmd.model, cmd.config) };
      case 'train:pause':
        this.trainer(cmd.run).pause();
        return done;
      case 'train:resume':
        this.trainer(cmd.run).resume();
        return done;
      case 'train:stop':
        this.trainer(cmd.run).stop();
        return done;
      case 'train:hold':
        if (cmd.ms < 0 || cmd.ms > MAX_HOLD_MS) throw new CoreError(`train:hold.ms: expected 0 to ${MAX_HOLD_MS} ms, got ${cmd.ms}`);
        this.trainer(cmd.run).hold(cmd.ms);
        return done;
      case 'train:ease':
        if (cmd.ms < 0 || cmd.ms > MAX_HOLD_MS) throw new CoreError(`train:ease.ms: expected 0 to ${MAX_HOLD_MS} ms, got ${cmd.ms}`);
        this.trainer(cmd.run); // an ended run takes no more commands
        this.run(cmd.run).easeUntil = cmd.ms > 0 ? performance.now() + cmd.ms : 0;
        return done;
      case 'train:set-lr': {
        const run = this.run(cmd.run);
        run.config = validateConfig({ lr: cmd.lr }, run.config);
        run.trainer?.setLearningRate(cmd.lr);
        return done;
      }
      case 'data:test-images': {
        const test = this.requireData().test;
        const px = imageSize(test);
        const images = new Uint8Array(cmd.indices.length * px);
        const labels = new Uint8Array(cmd.indices.length);
        cmd.indices.forEach((i, k) => {
          if (!Number.isInteger(i) || i < 0 || i >= test.count) throw new CoreError(`data:test-images: index ${i} is outside 0..${test.count - 1}`);
          images.set(test.images.subarray(i * px, (i + 1) * px), k * px);
          labels[k] = test.labels[i];
        });
        return { type: 'test-images', id, indices: cmd.indices, images, labels };
      }
      case 'eval:shift':
        return this.shiftTest(cmd);
      case 'explain:occlusion':
        return this.explain.occlusion(cmd, this.models.get(cmd.model).model);
      case 'explain:top-patches': {
        const entry = this.models.get(cmd.model);
        const test = this.requireData().test;
        this.checkFitsData(entry.model.spec, 'explain:top-patches');
        return this.explain.topPatches(cmd, entry.model, test, entry.steps);
      }
      case 'explain:cancel':
        this.explain.cancel(cmd.request, `explain:cancel (request ${cmd.id})`);
        return done;
      case 'data:load':
        return this.loadData(cmd);
    }
  }

  /** The shift test on a model that is not training (its weights stay put for the whole sweep). */
  private async shiftTest(cmd: Extract<Command, { type: 'eval:shift' }>): Promise<SessionEvent> {
    const entry = this.models.idle(cmd.model, 'run the shift test', 'wait until the run ends');
    const test = this.requireData().test;
    this.checkFitsData(entry.model.spec, 'eval:shift');
    const plan = planShiftTest(cmd, test);
    entry.evaluating = true;
    try {
      return { type: 'shift', id: cmd.id, ...(await runShiftTest(cmd, entry.model, plan, this.post)) };
    } finally {
      entry.evaluating = false;
    }
  }

  private startRun(modelId: ModelId, partial: Partial<TrainConfig>): RunSummary {
    const entry = this.models.idle(modelId, 'start training', 'training is already running; stop it first');
    const active = [...this.runs.values()].filter((r) => r.trainer).length;
    if (active >= this.maxRuns) throw new SessionError('limit', `train:start: ${this.maxRuns} runs are training already; stop one first`);
    const data = this.requireData();
    this.checkFitsData(entry.model.spec, 'train:start');
    let config = validateConfig(partial, this.lastConfig(modelId) ?? { ...DEFAULT_CONFIG, threads: this.opts.replicas?.threads ?? 1 });
    // from now on the model's outputs stand for this data set's classes
    entry.meta = { ...entry.meta, ...this.dataMeta() };
    const oneThread = config.threads > 1 ? whyOneThread(this.opts.replicas) : null;
    if (oneThread) config = { ...config, threads: 1 };
    try {
      checkEpochTime(specCost(entry.model.spec, entry.model.infos).macs, Math.min(config.trainSize, data.train.count));
    } catch (e) {
      throw new SessionError('limit', `train:start: ${(e as Error).message}`);
    }
    const run: RunEntry = { id: `r${this.nextRun++}`, model: modelId, config, state: 'running', trainer: null, easeUntil: 0, ...(oneThread ? { note: `one thread: ${oneThread}` } : {}) };
    const compute = new RunCompute(entry.model, run);
    const trainer = new Trainer(
      entry.model,
      subset(data.train, config.trainSize),
      data.test,
      config,
      (e) => {
        if (e.type === 'epoch') entry.meta = { ...entry.meta, epochs: entry.meta.epochs + 1, testAccuracy: e.testAccuracy, seed: config.seed };
        if (e.type === 'state') {
          run.state = e.state;
          run.message = e.message;
        }
        if (e.type === 'batch') entry.steps++;
        this.post({ ...e, run: run.id, model: modelId });
      },
      compute,
    );
    run.trainer = trainer;
    entry.run = run.id;
    this.runs.set(run.id, run);
    this.forgetOldRuns();
    // the run begins after this command's answer is posted, so its first event follows the `run` reply
    void Promise.resolve()
      .then(() => compute.train(trainer, this.opts.replicas, (message) => this.post({ type: 'error', code: 'backend', message })))
      .finally(() => {
        run.trainer = null;
        if (entry.run === run.id) entry.run = null;
      });
    return runSummary(run);
  }

  /** model:restore: the model file at the id it had in a session whose worker crashed (restore.ts checks the fields). */
  private restore(cmd: Extract<Command, { type: 'model:restore' }>): SessionEvent {
    const at = restoreTarget(cmd, this.models.has(cmd.model) ? null : this.models.size >= this.maxModels ? this.maxModels : null);
    if (this.models.has(cmd.model)) this.models.idle(cmd.model, 'restore a model');
    const { model, meta } = parseModelFile(cmd.text);
    this.checkFitsData(model.spec, 'model:restore');
    this.models.reserve(at.modelNumber + 1);
    this.nextRun = Math.max(this.nextRun, at.nextRun);
    return this.replace(cmd.id, cmd.model, { model, meta, run: null });
  }

  /** The config of the model's latest run (its set-lr changes included), as the base for the next one. */
  private lastConfig(modelId: ModelId): TrainConfig | undefined {
    let last: RunEntry | undefined;
    for (const r of this.runs.values()) if (r.model === modelId) last = r;
    return last?.config;
  }

  private forgetOldRuns(): void {
    const finished = [...this.runs.values()].filter((r) => !r.trainer);
    for (const r of finished.slice(0, Math.max(0, this.runs.size - RUN_HISTORY))) this.runs.delete(r.id);
  }

  /** Puts a new model in `modelId`'s place: its step count starts again, its explain requests are cancelled. */
  private replace(id: number, modelId: ModelId, entry: NewEntry): SessionEvent {
    this.models.put(modelId, entry);
    this.explain.cancelModel(modelId, `model ${modelId} was replaced`);
    return { type: 'model', id, model: this.models.summary(modelId) };
  }

  private fromSpec(spec: ModelSpec, seed: number, what: string): NewEntry {
    const model = new Model(spec, seed);
    this.checkFitsData(model.spec, what);
    return { model, meta: { ...untrainedMeta(typeof spec.name === 'string' ? spec.name : 'custom', seed), ...this.dataMeta() }, run: null };
  }

  /** The data set's name and class names, for a model's meta (nothing before the data has loaded). */
  private dataMeta(): Pick<ModelMeta, 'dataset' | 'classes'> {
    return dataMeta(this.dataSummary());
  }

  /** Once the data has loaded, a model must fit it (see checkFits). */
  private checkFitsData(spec: ModelSpec, what: string, meta?: ModelMeta): void {
    checkFits(spec, this.dataSummary(), what, meta);
  }

  private dataSummary(): DataSummary | null {
    const d = this.data;
    return d ? summarizeData(d) : null;
  }

  private run(runId: RunId): RunEntry {
    const r = this.runs.get(runId);
    if (!r) throw new SessionError('not-found', `no run "${runId}"`);
    return r;
  }

  /** The run's trainer; a run that has ended takes no more commands. */
  private trainer(runId: RunId): Trainer {
    const r = this.run(runId);
    if (!r.trainer) throw new SessionError('invalid', `run "${runId}" has ended (${r.state})`);
    return r.trainer;
  }

  private requireData(): DataSplits {
    if (!this.data) throw new SessionError('data', this.problems.some((p) => p.code === 'data') ? 'the data set could not be loaded' : 'the data set is still loading');
    return this.data;
  }

  /** The bundled default model, or an untrained `cnn` when there is none or it cannot be read (said once). */
  private defaultModel(reportProblem = true): NewEntry {
    if (this.opts.defaultModel) {
      try {
        return { ...parseModelFile(this.opts.defaultModel), run: null };
      } catch (e) {
        if (reportProblem) this.report('default-model', `the bundled default model${this.opts.defaultModelFrom ? ` ${this.opts.defaultModelFrom}` : ''} cannot be read (${(e as Error).message}); starting from an untrained cnn`);
      }
    }
    return { model: new Model(preset('cnn'), 1), meta: untrainedMeta('cnn', 1), run: null };
  }
}
