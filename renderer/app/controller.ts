// Wires the host to the store: session events update the slices, the model mirror runs live inference on the
// drawing, and UI actions become commands. Components reach it through ControllerContext.
import { parseModelFile } from '../../core/model-file';
import type { MenuAction, SessionEvent } from '../../core/protocol';
import type { ModelSpec } from '../../core/spec';
import type { BatchEvent, TrainConfig } from '../../core/train/trainer';
import type { Host } from '../host';
import { checkField, validateForm } from '../lib/config-form';
import { cancelFrameTask, requestFrameTask, requestTaskNow } from '../lib/frame';
import { ModelMirror } from '../lib/mirror';
import { StrokeRaster } from '../lib/stroke-raster';
import { TestSet } from '../lib/test-set';
import { useStore } from '../store';
import { probe } from './latency-probe';
import { Requests } from './requests';

/** Shown when Start is pressed with a bad hyper-parameter; dismissed once a run starts. */
const FORM_ERROR = 'Fix the highlighted hyper-parameters before starting.';

/** How often the mirror fetches weights while training runs. */
export const WEIGHT_REFRESH_MS = 500;
/**
 * Batch reports (100+ a second) reach the store at most this often, together: each store update runs every view's
 * selector, and the views showing them (progress line, curves) follow a few times a second anyway.
 */
export const BATCH_FLUSH_MS = 50;
/**
 * Giving way while the user draws (store.giveWay): from the pen's press the running training waits between batches,
 * a hold of HOLD_MS renewed every HOLD_RENEW_MS while the pen moves; when the pen lifts, HOLD_AFTER_UP_MS more (the
 * digit's next stroke). A hold that is never renewed or released (a lost release) ends by itself.
 */
export const HOLD_MS = 1500;
export const HOLD_RENEW_MS = 500;
export const HOLD_AFTER_UP_MS = 400;

export class Controller {
  readonly requests: Requests;
  readonly mirror = new ModelMirror();
  /** The strokes' raster, drawn incrementally while a stroke grows (the same input as preprocessStrokes). */
  private readonly raster = new StrokeRaster();
  readonly testSet: TestSet;
  private readonly offs: (() => void)[] = [];
  private refreshTimer: ReturnType<typeof setInterval> | null = null;
  private weightsInFlight = false;
  private batches: BatchEvent[] = [];
  private batchTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the last hold was asked for (-Infinity: none running). */
  private holdSentAt = -Infinity;
  /** Set by the curves panel: renders the chart as a PNG data URL (for the menu's export item). */
  curvesPng: (() => string | null) | null = null;

  constructor(readonly host: Host) {
    this.requests = new Requests(host);
    this.testSet = new TestSet(this.requests);
  }

  start(): void {
    this.offs.push(this.host.onEvent((e) => this.onEvent(e)));
    this.offs.push(this.host.onMenu((a) => void this.onMenu(a)));
    this.offs.push(
      useStore.subscribe((s, prev) => {
        if (s.strokes !== prev.strokes && s.source.kind === 'drawing') this.scheduleInput();
        if (s.penDown !== prev.penDown || (s.penDown && s.strokes !== prev.strokes) || s.giveWay !== prev.giveWay) this.holdForDrawing();
        if (s.input !== prev.input) this.infer('input');
        else if (s.weights !== prev.weights) requestFrameTask(this.weightsTask);
      }),
    );
  }

  private flushBatches(): void {
    if (this.batchTimer !== null) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    const es = this.batches;
    this.batches = [];
    this.store.addBatches(es);
  }

  dispose(): void {
    if (this.batchTimer !== null) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.offs.splice(0).forEach((off) => off());
    cancelFrameTask(this.inputTask);
    cancelFrameTask(this.weightsTask);
    this.stopRefresh();
    this.requests.rejectAll('the app is closing');
    this.host.dispose();
  }

  private get store() {
    return useStore.getState();
  }

  private onEvent(e: SessionEvent): void {
    if (this.requests.route(e)) return;
    // whatever follows batch reports (an epoch's end, a state change) comes after them in the store too
    if (e.type !== 'batch') this.flushBatches();
    const s = this.store;
    switch (e.type) {
      case 'ready':
        // also sent by a restarted worker, which never answers the dead one's requests: don't wait for them
        this.weightsInFlight = false;
        this.testSet.retry();
        s.setReady(e.trainCount, e.testCount);
        if (s.epochs.length > 0) void this.testSet.load().catch((err: Error) => s.showError(`test images: ${err.message}`));
        return this.onModel(e.model);
      case 'model':
        s.clearResults();
        if (s.status !== 'running' && s.status !== 'paused') s.setStatus('idle');
        return this.onModel(e.model);
      case 'batch':
        if (s.status !== 'running') s.setStatus('running');
        this.batches.push(e);
        this.batchTimer ??= setTimeout(() => this.flushBatches(), BATCH_FLUSH_MS);
        return;
      case 'epoch':
        s.addEpoch(e);
        // the session updates its model's metadata the same way (it announces no new model per epoch)
        if (s.model) s.setModel({ ...s.model, meta: { ...s.model.meta, epochs: s.model.meta.epochs + 1, testAccuracy: e.testAccuracy, seed: s.config.seed } });
        void this.refreshWeights();
        // the test images (7.8 MB) are fetched when the results are first shown (Results), not here: received at an
        // epoch's end they would hold the page for ~0.1 s, maybe while a digit is being drawn
        return;
      case 'state':
        s.setStatus(e.state, e.message);
        if (e.state === 'failed' && e.message) s.showError(`Training stopped: ${e.message}`);
        if (e.state === 'running') this.startRefresh();
        else {
          this.stopRefresh();
          void this.refreshWeights();
        }
        return;
      case 'error':
        if (e.command === 'train:start' && s.status === 'starting') s.setStatus('idle');
        if (!s.ready && e.message.startsWith('MNIST')) s.setDataError(e.message);
        s.showError(e.message);
        return;
      default:
        return;
    }
  }

  private onModel(model: Extract<SessionEvent, { type: 'model' }>['model']): void {
    this.store.setModel(model);
    this.mirror.setSpec(model.spec);
    void this.refreshWeights();
  }

  /** Fetches the session's weights into the mirror (skipped while a fetch is in flight). */
  async refreshWeights(): Promise<void> {
    if (this.weightsInFlight) return;
    this.weightsInFlight = true;
    try {
      const reply = await this.requests.weights();
      const model = this.store.model;
      if (model) this.mirror.setSpec(model.spec);
      this.mirror.setWeights(reply.weights);
      probe.weights();
      this.store.setWeights(reply.weights);
    } catch (err) {
      this.store.showError(`weights: ${(err as Error).message}`);
    } finally {
      this.weightsInFlight = false;
    }
  }

  private startRefresh(): void {
    if (this.refreshTimer === null) this.refreshTimer = setInterval(() => void this.refreshWeights(), WEIGHT_REFRESH_MS);
  }

  private stopRefresh(): void {
    if (this.refreshTimer !== null) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
  }

  /**
   * Recomputes the 28×28 input from the strokes as soon as the pointer input has been handled, not at the next frame:
   * one pending run of the frame queue (a user-blocking task) takes every point that came before it, and the inference
   * it triggers and the panels painting the result all run in it, so the next frame only has to show the canvases.
   */
  private scheduleInput(): void {
    requestTaskNow(this.inputTask);
  }

  private readonly inputTask = (): void => {
    const s = this.store;
    probe.inputTaken();
    if (s.source.kind !== 'drawing') return;
    const t0 = probe.start();
    const input = this.raster.input(s.strokes);
    probe.measure('preprocess', t0);
    // the same source object: views selecting it need not re-render for a new stroke point
    s.setInput(input, s.source);
  };

  /**
   * New weights: the maps follow them in the next frame's run — unless a stroke point's run came first (while drawing,
   * one every few milliseconds), which already computed with them: then there is nothing left to do.
   */
  private readonly weightsTask = (): void => {
    if (this.inferredWeights !== this.store.weights) this.infer('weights');
  };

  /** The weights the stored activations were computed with. */
  private inferredWeights: unknown = null;

  /** Runs the mirror on the current input and stores the activations. */
  infer(cause: 'input' | 'weights' | 'other' = 'other'): void {
    const s = this.store;
    this.inferredWeights = s.weights;
    try {
      const t0 = probe.start();
      const a = this.mirror.activations(s.input);
      probe.measure('infer', t0);
      probe.computed(a, cause);
      s.setActivations(a);
    } catch (err) {
      s.showError(`inference: ${(err as Error).message}`);
    }
  }

  /** Desktop menu items and shortcuts. */
  async onMenu(action: MenuAction): Promise<void> {
    const s = this.store;
    switch (action) {
      case 'model:open':
        return this.openModel();
      case 'model:save':
        return this.saveModel();
      case 'export:png':
        return this.exportCurvesPng();
      case 'train:start':
        return void this.startFromForm();
      case 'train:pause':
        return s.status === 'paused' ? this.resume() : this.pause();
      case 'train:stop':
        return this.stop();
      case 'draw:clear':
        return s.clearDrawing();
      case 'draw:undo':
        return s.undoStroke();
      case 'help:about':
        return s.showInfo('CNN Studio — draw a digit, design convolution filters and train a CNN on MNIST, all on this computer.');
    }
  }

  // ---- actions ----
  /** Validates the hyper-parameter form and starts a run; bad fields are never sent. Returns whether it started. */
  startFromForm(): boolean {
    const s = this.store;
    if (!s.ready) {
      s.showError('The MNIST data is still loading.');
      return false;
    }
    if (s.status === 'running' || s.status === 'paused' || s.status === 'starting') return false;
    const r = validateForm(s.form, s.trainCount || undefined);
    if (!r.config) {
      s.showError(FORM_ERROR);
      return false;
    }
    for (const m of s.messages) if (m.text === FORM_ERROR) s.dismiss(m.id);
    this.startTraining(r.config);
    return true;
  }

  async exportCurvesPng(): Promise<void> {
    const url = this.curvesPng?.() ?? null;
    if (!url || this.store.series.length === 0) return this.store.showError('Nothing to export yet: start training to draw the curves.');
    const r = await this.host.exportPng(url, 'training-curves.png');
    if (!r.ok && !r.canceled) this.store.showError(`Could not export the PNG: ${r.error}`);
  }

  async exportCurvesCsv(text: string): Promise<void> {
    const r = await this.host.exportText(text, 'training-curves.csv');
    if (!r.ok && !r.canceled) this.store.showError(`Could not export the CSV: ${r.error}`);
  }

  startTraining(config: TrainConfig): void {
    this.store.setConfig(config);
    this.store.beginRun();
    this.host.send({ type: 'train:start', config });
  }

  /** Changes the learning rate of the running training (the decay schedule goes on from it); says why when bad. */
  setLearningRate(text: string): void {
    const r = checkField('lr', text);
    if ('error' in r) return this.store.showError(r.error);
    this.host.send({ type: 'train:set-lr', lr: r.value });
    this.store.setConfig({ ...this.store.config, lr: r.value });
    this.store.showInfo(`Learning rate set to ${r.value}.`);
  }

  /** Asks the running training to wait while the pen is down (see HOLD_MS); releases it when giving way is off. */
  private holdForDrawing(): void {
    const s = this.store;
    if (s.status !== 'running') return;
    if (!s.giveWay || !s.penDown) {
      if (this.holdSentAt === -Infinity) return;
      this.holdSentAt = -Infinity;
      this.host.send({ type: 'train:hold', ms: s.giveWay ? HOLD_AFTER_UP_MS : 0 });
      return;
    }
    const t = performance.now();
    if (t - this.holdSentAt < HOLD_RENEW_MS) return;
    this.holdSentAt = t;
    this.host.send({ type: 'train:hold', ms: HOLD_MS });
  }

  pause(): void {
    this.host.send({ type: 'train:pause' });
  }

  resume(): void {
    this.host.send({ type: 'train:resume' });
  }

  stop(): void {
    this.host.send({ type: 'train:stop' });
  }

  setSpec(spec: ModelSpec, seed: number): void {
    this.host.send({ type: 'model:set-spec', spec, seed });
  }

  resetModel(): void {
    this.host.send({ type: 'model:reset' });
  }

  /** Validates model-file text here first (a clear message, nothing sent), then loads it in the session. */
  async loadModelText(text: string, from: string): Promise<boolean> {
    try {
      parseModelFile(text);
      await this.requests.loadModel(text);
      this.store.showInfo(`Loaded model from ${from}.`);
      return true;
    } catch (err) {
      this.store.showError(`Could not load ${from}: ${(err as Error).message}. The current model was kept.`);
      return false;
    }
  }

  async openModel(): Promise<void> {
    const r = await this.host.openModel();
    if (r.ok) await this.loadModelText(r.text, r.path.split(/[\\/]/).pop() ?? r.path);
    else if (!r.canceled) this.store.showError(`Could not open the model file: ${r.error}`);
  }

  async saveModel(): Promise<void> {
    try {
      const file = await this.requests.modelFile();
      const r = await this.host.saveModel(file.text, `${file.name.replace(/[^\w+.-]+/g, '-')}.cnnmodel.json`);
      if (r.ok) this.store.showInfo(this.host.kind === 'browser' ? `Model downloaded as ${r.path}.` : `Model saved to ${r.path}.`);
      else if (!r.canceled) this.store.showError(`Could not save the model: ${r.error}`);
    } catch (err) {
      this.store.showError(`Could not save the model: ${(err as Error).message}`);
    }
  }

  /** Shows a random MNIST test digit (or the one at `index`) as the network input. */
  async loadTestImage(index?: number): Promise<void> {
    const s = this.store;
    if (!s.ready) return s.showError('The MNIST test set is still loading.');
    const i = index ?? Math.floor(Math.random() * s.testCount);
    try {
      const img = await this.requests.testImages([i]);
      const input = Float32Array.from(img.images, (v) => v / 255);
      useStore.setState({ strokes: [] });
      s.setInput(input, { kind: 'test', index: i, label: img.labels[0] });
    } catch (err) {
      s.showError(`test image: ${(err as Error).message}`);
    }
  }
}
