// Training the current model: Start (fresh weights) or Continue from the hyper-parameter form, the learning rate
// changed during a run, pause / resume / stop, and the curves' PNG and CSV exports. Reached as `controller.training`.
import type { ModelSummary } from '../../core/protocol';
import type { TrainConfig } from '../../core/train/config';
import type { Host } from '../host';
import { checkField, validateForm } from '../lib/config-form';
import { useStore } from '../store';
import { currentRun, currentStatus, isBusy } from '../store/select';
import { describeModel, isTrained, ModelsFullError, type ModelActions } from './models';
import type { Request, Requests } from './requests';

/** Shown when Start is pressed with a bad hyper-parameter; dismissed once a run starts. */
const FORM_ERROR = 'Fix the highlighted hyper-parameters before starting.';

export class TrainingActions {
  /** Set by the curves panel: renders the chart as a PNG data URL (for the menu's export item). */
  curvesPng: (() => string | null) | null = null;

  constructor(
    private readonly host: Host,
    private readonly requests: Requests,
    private readonly models: ModelActions,
  ) {}

  private get store() {
    return useStore.getState();
  }

  /**
   * Validates the hyper-parameter form and starts a run; bad fields are never sent. Returns whether it started.
   * 'fresh' (Start training) trains freshly initialised weights of the current architecture, 'continue' trains the
   * current model's weights further.
   */
  startFromForm(mode: 'fresh' | 'continue' = 'fresh'): boolean {
    const s = this.store;
    if (!s.ready) {
      s.showError('The MNIST data is still loading.');
      return false;
    }
    if (isBusy(currentStatus(s))) return false;
    const r = validateForm(s.form, s.data?.trainCount);
    if (!r.config) {
      s.showError(FORM_ERROR);
      return false;
    }
    for (const m of s.messages) if (m.text === FORM_ERROR) s.dismiss(m.id);
    void (mode === 'fresh' ? this.startFresh(r.config) : this.startTraining(r.config));
    return true;
  }

  /**
   * Trains fresh weights of the current architecture. A current model that has learned nothing is fresh already and
   * is trained as it is; otherwise a new session model is made (weights from the config's seed, frozen designed
   * channels copied in) and becomes current, and the trained one stays in the Models list.
   */
  async startFresh(config: TrainConfig): Promise<void> {
    const s = this.store;
    const current = s.current !== null ? s.models[s.current] : undefined;
    if (!current) return;
    if (!isTrained(s, current)) return this.startTraining(config);
    s.beginRun(current.summary.id);
    let made: ModelSummary;
    try {
      made = await this.models.fresh(current.summary, config.seed);
    } catch (err) {
      this.store.runNotStarted(current.summary.id);
      if (!(err instanceof ModelsFullError)) this.store.showError(`Could not start a fresh model: ${(err as Error).message}`);
      return;
    }
    this.store.runNotStarted(current.summary.id);
    const kept = isTrained(this.store, current) ? `; ${describeModel(current.summary)} is kept in the Models list` : '';
    this.models.switchTo(made.id, `Training a fresh ${made.meta.name} (seed ${config.seed})${kept}.`);
    await this.startTraining(config);
  }

  async exportCurvesPng(): Promise<void> {
    const url = this.curvesPng?.() ?? null;
    if (!url || !currentRun(this.store)?.series.length) return this.store.showError('Nothing to export yet: start training to draw the curves.');
    const r = await this.host.exportPng(url, 'training-curves.png');
    if (!r.ok && !r.canceled) this.store.showError(`Could not export the PNG: ${r.error}`);
  }

  async exportCurvesCsv(text: string): Promise<void> {
    const r = await this.host.exportText(text, 'training-curves.csv');
    if (!r.ok && !r.canceled) this.store.showError(`Could not export the CSV: ${r.error}`);
  }

  /** Starts training the current model; resolves when the session has answered (the run's events follow). */
  async startTraining(config: TrainConfig): Promise<void> {
    const model = this.store.current;
    if (model === null) return;
    this.store.beginRun(model);
    try {
      await this.requests.ask({ type: 'train:start', model, config });
    } catch (err) {
      this.store.runNotStarted(model);
      this.store.showError((err as Error).message);
    }
  }

  /** Sends a command to the current model's latest run, if it has one; a refusal is shown. */
  private toRun(make: (run: string) => Request, what: string): void {
    const run = currentRun(this.store);
    if (run) this.requests.ask(make(run.id)).catch((err: Error) => this.store.showError(`${what}: ${err.message}`));
  }

  /** Changes the learning rate of the running training (its schedule goes on from it); says why when bad. */
  setLearningRate(text: string): void {
    const r = checkField('lr', text);
    if ('error' in r) return this.store.showError(r.error);
    const run = currentRun(this.store);
    if (!run) return;
    this.requests.ask({ type: 'train:set-lr', run: run.id, lr: r.value }).then(
      () => {
        this.store.setRunConfig(run.id, { ...run.config, lr: r.value });
        this.store.showInfo(`Learning rate set to ${r.value}.`);
      },
      (err: Error) => this.store.showError(`learning rate: ${err.message}`),
    );
  }

  pause(): void {
    this.toRun((run) => ({ type: 'train:pause', run }), 'pause');
  }

  resume(): void {
    this.toRun((run) => ({ type: 'train:resume', run }), 'resume');
  }

  stop(): void {
    this.toRun((run) => ({ type: 'train:stop', run }), 'stop');
  }

  /** The menu's Pause item and shortcut: pauses a running run, resumes a paused one. */
  togglePause(): void {
    if (currentStatus(this.store) === 'paused') this.resume();
    else this.pause();
  }
}
