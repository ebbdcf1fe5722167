// Wires the host to the store: the session's replies and events update the keyed slices, the weights of models in
// training are refreshed, and UI actions become requests; the live input and inference are live-input.ts's.
// Components reach it through ControllerContext.
import { parseModelFile } from '../../core/model-file';
import type { BatchReport, MenuAction, ModelId, ModelSummary, RunEvent, SessionEvent } from '../../core/protocol';
import { Emitter } from '../host/host';
import type { ModelSpec } from '../../core/spec';
import type { Host } from '../host';
import type { ModelMirror } from '../lib/mirror';
import { TestSet } from '../lib/test-set';
import { useStore } from '../store';
import { stepsOf } from '../store/explain';
import { runOf } from '../store/select';
import { DataActions } from './data-actions';
import { ExplainActions } from './explain';
import { LabActions } from './lab';
import { LessonActions } from './lesson';
import { LiveInput } from './live-input';

export { HOLD_AFTER_UP_MS, HOLD_MS, HOLD_RENEW_MS } from './live-input';
import { marks } from './measure-hook';
import { Mirrors } from './mirrors';
import { describeModel, ModelActions, ModelsFullError } from './models';
import { exportCurrentOnnx, importOnnxBytes } from './onnx-actions';
import { WorkerRecovery } from './recovery';
import { Requests, type Request } from './requests';
import { TrainingActions } from './training-actions';

/** How often the mirrors fetch the weights of models in training. */
export const WEIGHT_REFRESH_MS = 500;
/**
 * Batch reports (100+ a second) reach the store at most this often, together: each store update runs every view's
 * selector and paints a frame, and on 2 cores that frame's time is taken from the training threads (both wait at the
 * step's barrier for the one that lost the core). 8 updates a second instead of 20 gave the cnn preset +3 % images/s
 * in the app; 4 instead of 8 took another 23 % off the page's main thread during training (docs/performance.md, "The
 * page while training" and "Fewer page updates while training").
 */
export const BATCH_FLUSH_MS = 250;
/**
 * While the pen is down and the run trains on (not waiting while the user draws), the reports wait, so the progress
 * line and the curves do not paint frames between the stroke's own (2-vCPU AMD VM, three interleaved pairs: the p95
 * stroke-to-paint 16.6 / 17.3 / 15.7 → 15.7 / 14.4 / 13.6 ms, docs/ui-latency.md). They reach the store when the pen
 * lifts (checked every PEN_DOWN_RECHECK_MS) or once the oldest has waited PEN_DOWN_MAX_MS, so a long stroke still sees
 * the run move.
 */
export const PEN_DOWN_RECHECK_MS = 50;
export const PEN_DOWN_MAX_MS = 1000;

/** A pushed eval:progress event. */
export type EvalProgress = Extract<SessionEvent, { type: 'eval:progress' }>;

export class Controller {
  readonly requests: Requests;
  readonly mirrors: Mirrors;
  readonly testSet: TestSet;
  private readonly offs: (() => void)[] = [];
  private refreshTimer: ReturnType<typeof setInterval> | null = null;
  private batches: BatchReport[] = [];
  private batchTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the oldest report in `batches` came (performance.now()). */
  private batchesSince = 0;
  /** The session's pushed eval:progress events (how far a shift test has got). */
  readonly progress = new Emitter<EvalProgress>();
  /** The Lab's comparison and shift test. */
  readonly lab: LabActions;
  /** The network input (drawing or test digit, shifted) and every model's live inference on it. */
  readonly live: LiveInput;
  /** New models instead of replaced ones, with Undo; the Models list's switch and remove. */
  readonly models: ModelActions;
  /** Why the current model predicts what it does: overlays over the drawing, what each filter looks for. */
  readonly explain: ExplainActions;
  /** Start, continue, pause, resume and stop the current model's training; the learning rate; the curves' exports. */
  readonly training: TrainingActions;
  /** The data set chooser: MNIST, Fashion-MNIST, a folder or IDX files the user opens. */
  readonly data: DataActions;
  /** The guided lesson: each step's action, the ticks, saved progress and its export. */
  readonly lesson: LessonActions;
  /** Puts the models back into a new worker after a crash (recovery.ts). */
  readonly recovery: WorkerRecovery;

  constructor(readonly host: Host) {
    this.requests = new Requests(host);
    this.mirrors = new Mirrors(this.requests);
    this.testSet = new TestSet(this.requests);
    this.lab = new LabActions(this);
    this.live = new LiveInput(this.requests, this.mirrors);
    this.models = new ModelActions(this.requests, this.mirrors);
    this.explain = new ExplainActions(this.requests, this.mirrors, this.progress);
    this.training = new TrainingActions(host, this.requests, this.models);
    this.data = new DataActions(this);
    this.lesson = new LessonActions(this);
    this.recovery = new WorkerRecovery(this);
  }

  /** The current model's mirror. */
  get mirror(): ModelMirror {
    return this.mirrors.get(this.store.current);
  }

  start(): void {
    this.offs.push(this.host.onEvent((e) => this.onEvent(e)));
    this.offs.push(this.host.onMenu((a) => void this.onMenu(a)));
    this.offs.push(
      useStore.subscribe((s, prev) => this.live.follow(s, prev)),
    );
    this.lesson.start();
    void this.sync();
  }

  /**
   * Asks the session what it holds (at start, and once a new worker took the models back) and takes it as the truth.
   * `afterRestore`: the models are the page's own, put back (recovery.ts), not the bundled one to mark saved.
   */
  async sync(afterRestore = false): Promise<void> {
    const s = this.store;
    try {
      const d = await this.requests.ask({ type: 'session:describe' });
      s.setModels(d.models);
      this.mirrors.keep(d.models.map((m) => m.id));
      for (const r of d.runs) s.putRun(r);
      if (d.data) s.setData(d.data);
      for (const p of d.problems) this.onProblem(p.code, p.message);
      for (const m of d.models) this.onModel(m);
      // a session that holds only what it started with: its one model is the bundled one (Reset brings it back)
      if (!afterRestore && d.models.length === 1 && d.runs.length === 0) s.markSaved(d.models[0].id, d.models[0].meta.epochs);
      if (d.runs.some((r) => r.state === 'running')) this.startRefresh();
    } catch (err) {
      s.showError(`training session: ${(err as Error).message}`);
    }
  }

  /** Flushes the batch reports, unless the run trains on under a pen that is down and the oldest has waited less than PEN_DOWN_MAX_MS. */
  private flushUnlessDrawing(): void {
    const s = this.store;
    if (s.penDown && !s.giveWay && performance.now() - this.batchesSince < PEN_DOWN_MAX_MS) {
      this.batchTimer = setTimeout(() => this.flushUnlessDrawing(), PEN_DOWN_RECHECK_MS);
      return;
    }
    this.flushBatches();
  }

  private flushBatches(): void {
    if (this.batchTimer !== null) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    const es = this.batches;
    this.batches = [];
    let from = 0;
    for (let i = 1; i <= es.length; i++) {
      if (i === es.length || es[i].run !== es[from].run) {
        this.store.addBatches(es[from].run, es.slice(from, i));
        this.store.addSteps(es[from].model, i - from);
        from = i;
      }
    }
  }

  dispose(): void {
    if (this.batchTimer !== null) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.offs.splice(0).forEach((off) => off());
    this.lab.dispose();
    this.explain.dispose();
    this.lesson.dispose();
    this.live.dispose();
    this.stopRefresh();
    this.requests.rejectAll('the app is closing');
    this.host.dispose();
  }

  private get store() {
    return useStore.getState();
  }

  private onEvent(e: SessionEvent): void {
    // whatever follows batch reports (an epoch's end, a state change) comes after them in the store too; a run's summary
    // (the answer to a hold or an ease, twice a second while drawing) and weights touch nothing the reports do, so they
    // leave the reports waiting (see PEN_DOWN_MAX_MS)
    if (e.type !== 'batches' && e.type !== 'run' && e.type !== 'weights') this.flushBatches();
    const s = this.store;
    switch (e.type) {
      case 'ready':
        s.setData(e.data);
        if (s.models[s.current ?? ''] && runOf(s, s.current)?.epochs.length) void this.testSet.load().catch((err: Error) => s.showError(`test images: ${err.message}`));
        break;
      case 'model':
        s.putModel(e.model);
        this.onModel(e.model);
        break;
      case 'run':
        s.putRun(e.run);
        break;
      case 'batches':
        if (this.batches.length === 0) this.batchesSince = performance.now();
        this.batches.push(...e.batches);
        this.batchTimer ??= setTimeout(() => this.flushUnlessDrawing(), BATCH_FLUSH_MS);
        return;
      case 'epoch':
        this.onEpoch(e);
        break;
      case 'state':
        s.setRunState(e.run, e.state, e.message);
        if (e.state === 'failed' && e.message) s.showError(`Training stopped: ${e.message}`);
        // the trainer paused a diverged run and kept the weights from before the bad step
        if (e.state === 'paused' && e.message) s.showError(`Training paused: ${e.message}`);
        if (e.state === 'running') this.startRefresh();
        else void this.refreshWeights(e.model);
        break;
      case 'error':
        if (e.id === undefined) this.onProblem(e.code, e.message);
        break;
      case 'eval:progress':
        this.progress.emit(e);
        return;
      default:
        break;
    }
    this.requests.route(e);
  }

  /** A problem of the session itself (not the answer to a request). */
  private onProblem(code: string, message: string): void {
    const s = this.store;
    if (code === 'data' && !s.ready) s.setDataError(message);
    if (code === 'worker') {
      // the process running the session failed: its requests will never be answered; a new one (if any) takes the models
      this.requests.rejectAll(message);
      this.mirrors.forgetFetches();
      this.testSet.retry();
      void this.recovery.recover();
    }
    s.showError(message);
  }

  private onEpoch(e: Extract<RunEvent, { type: 'epoch' }>): void {
    const s = this.store;
    s.addEpoch(e.run, e);
    const m = s.models[e.model];
    // the session updates its model's metadata the same way (it announces no new model per epoch)
    const seed = s.runs[e.run]?.config.seed ?? m?.summary.meta.seed ?? null;
    if (m) s.putModel({ ...m.summary, steps: stepsOf(s, e.model), meta: { ...m.summary.meta, epochs: m.summary.meta.epochs + 1, testAccuracy: e.testAccuracy, seed } });
    void this.refreshWeights(e.model);
    // the test images (7.8 MB) are fetched when the results are first shown (Results), not here: received at an
    // epoch's end they would hold the page for ~0.1 s, maybe while a digit is being drawn
  }

  private onModel(model: ModelSummary): void {
    this.mirrors.follow(model);
    this.live.followModel(model);
    void this.refreshWeights(model.id);
  }

  /** Fetches a model's weights into its mirror and the store (skipped while a fetch for it is in flight). */
  async refreshWeights(id: ModelId | null = this.store.current): Promise<void> {
    if (id === null) return;
    try {
      const weights = await this.mirrors.refresh(id, () => this.store.models[id]?.summary.spec);
      if (!weights) return;
      marks.emit('weights:applied');
      this.store.setWeights(id, weights);
    } catch (err) {
      this.store.showError(`weights: ${(err as Error).message}`);
    }
  }

  /** While any model trains, its weights are fetched every WEIGHT_REFRESH_MS. */
  private startRefresh(): void {
    this.refreshTimer ??= setInterval(() => {
      const training = Object.values(this.store.models).filter((m) => m.run && this.store.runs[m.run]?.status === 'running');
      if (training.length === 0) return this.stopRefresh();
      for (const m of training) void this.refreshWeights(m.summary.id);
    }, WEIGHT_REFRESH_MS);
  }

  private stopRefresh(): void {
    if (this.refreshTimer !== null) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
  }

  /** Runs every model's mirror on the current input and stores the activations. */
  infer(cause: 'input' | 'weights' | 'other' = 'other'): void {
    this.live.infer(cause);
  }

  /** Shows a random test image (or the one at `index`) as the network input. */
  loadTestImage(index?: number): Promise<void> {
    return this.live.loadTestImage(index);
  }

  /** Desktop menu items and shortcuts. */
  async onMenu(action: MenuAction): Promise<void> {
    const s = this.store;
    switch (action) {
      case 'model:open':
        return this.openModel();
      case 'model:save':
        return this.saveModel();
      case 'model:export-onnx':
        return this.exportOnnx();
      case 'export:png':
        return this.training.exportCurvesPng();
      case 'train:start':
        return void this.training.startFromForm('fresh');
      case 'train:pause':
        return this.training.togglePause();
      case 'train:stop':
        return this.training.stop();
      case 'draw:clear':
        return s.clearDrawing();
      case 'draw:undo':
        return s.undoStroke();
      case 'help:about':
        return s.showInfo('CNN Studio — draw a digit, design convolution filters and train a CNN on MNIST, all on this computer.');
    }
  }

  // ---- actions (on the current model) ----
  /**
   * The current model rebuilt from `spec` with fresh weights; resolves with its summary, or null (refusal shown).
   * See freshModel: a trained model is kept.
   */
  async setSpec(spec: ModelSpec, seed: number): Promise<ModelSummary | null> {
    try {
      return await this.freshModel(spec, seed, (m) => `Now using a fresh ${m.meta.name} (untrained)`);
    } catch (err) {
      if (!(err instanceof ModelsFullError)) this.store.showError((err as Error).message);
      return null;
    }
  }

  /** See ModelActions.freshModel: a trained current model is kept, with Undo. */
  freshModel(spec: ModelSpec, seed: number, say: (m: ModelSummary) => string): Promise<ModelSummary> {
    return this.models.freshModel(spec, seed, say);
  }

  /** Sends a model-changing request for the current model; resolves with the new model (the store has it by then). */
  changeModel(make: (model: ModelId) => Request & { model: ModelId }): Promise<ModelSummary> {
    return this.models.changeModel(make);
  }

  /** The bundled default model becomes current (a trained current model is kept, with Undo: see refill). */
  async resetModel(): Promise<void> {
    try {
      const m = await this.models.refill((model) => ({ type: 'model:reset', model }), (m) => `Reset to the bundled ${describeModel(m)}`);
      this.store.markSaved(m.id, m.meta.epochs);
    } catch (err) {
      if (!(err instanceof ModelsFullError)) this.store.showError(`reset: ${(err as Error).message}`);
    }
  }

  /** Validates model-file text here first (a clear message, nothing sent), then loads it in the session. */
  async loadModelText(text: string, from: string): Promise<boolean> {
    try {
      const { model } = parseModelFile(text);
      const m = await this.models.refill((id) => ({ type: 'model:load', model: id, text }), () => `Loaded model from ${from}`, model.spec);
      this.store.markSaved(m.id, m.meta.epochs);
      return true;
    } catch (err) {
      if (err instanceof ModelsFullError) return false;
      this.store.showError(`Could not load ${from}: ${(err as Error).message}. The current model was kept.`);
      return false;
    }
  }

  /** Open model…: a model file (text) is loaded, an ONNX file (bytes) imported (see onnx-actions.ts). */
  async openModel(): Promise<void> {
    const r = await this.host.openModel();
    if (!r.ok) return void (r.canceled || this.store.showError(`Could not open the model file: ${r.error}`));
    const name = r.path.split(/[\\/]/).pop() ?? r.path;
    if ('bytes' in r) await importOnnxBytes(this, r.bytes, name);
    else await this.loadModelText(r.text, name);
  }

  /** Export ONNX…: the current model as an ONNX file (see onnx-actions.ts). */
  exportOnnx(): Promise<void> {
    return exportCurrentOnnx(this);
  }

  async saveModel(): Promise<void> {
    try {
      const model = this.store.current;
      if (model === null) throw new Error('the model is still loading');
      const file = await this.requests.ask({ type: 'model:save', model });
      const r = await this.host.saveModel(file.text, `${file.name.replace(/[^\w+.-]+/g, '-')}.cnnmodel.json`);
      if (r.ok) this.store.markSaved(model, this.store.models[model]?.summary.meta.epochs ?? 0);
      if (r.ok) this.store.showInfo(this.host.kind === 'browser' ? `Model downloaded as ${r.path}.` : `Model saved to ${r.path}.`);
      else if (!r.canceled) this.store.showError(`Could not save the model: ${r.error}`);
    } catch (err) {
      this.store.showError(`Could not save the model: ${(err as Error).message}`);
    }
  }


}
