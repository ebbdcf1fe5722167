// The Lab's actions: train 2–4 architectures side by side (same data subset, seed and hyper-parameters, one session
// model and run each, trained concurrently by the session), load the shipped mlp and cnn without training, and run
// the shift test on the compared models. Results go to the compare slice; the runs to the training slice.
import { preset, type PresetName } from '../../core/presets';
import type { ModelId, ModelSummary } from '../../core/protocol';
import { withClassCount, type ModelSpec } from '../../core/spec';
import { assignColors } from '../lib/compare';
import { checkStack } from '../lib/lab/stack-check';
import { validateForm } from '../lib/config-form';
import { shippedModel } from '../lib/shipped-models';
import { useStore, type AppState } from '../store';
import type { CompareEntry } from '../store/compare';
import { isBusy, statusOf } from '../store/select';
import type { Controller } from './controller';
import { isTrained } from './models';

/** What can be compared: a preset, or the current model's stack. */
/** A preset, the current model's architecture, or the architecture editor's stack. */
export type CompareChoice = PresetName | 'current' | 'editor';

/** The most models compared at once (the session trains at most 4 runs together). */
export const MAX_COMPARED = 4;

export interface ShiftOptions {
  testSize: number;
  randomK: number;
  /** Also sweep every (dx, dy) for the heat maps. */
  grid: boolean;
}

/** The largest shift the test sweeps, in pixels each way. */
export const SHIFT_MAX = 6;

/** Whether any compared model is training (or about to). */
export const compareBusy = (s: AppState): boolean => s.compare.some((e) => isBusy(statusOf(s, e.model)));

export class LabActions {
  private readonly offs: (() => void)[] = [];
  /** The ids of the shift-test requests in flight. */
  private readonly shiftRequests = new Set<number>();

  constructor(private readonly c: Controller) {
    this.offs.push(
      c.progress.on((e) => {
        // (progress of a shift test this model runs, not of another long request about it, e.g. an explanation)
        if (this.store.compare.some((x) => x.model === e.model) && this.shiftRequests.has(e.request)) this.store.setShiftProgress(e.model, { done: e.done, total: e.total });
      }),
      useStore.subscribe((s, prev) => {
        if (s.runs !== prev.runs) this.noteEnds(s);
      }),
    );
  }

  dispose(): void {
    this.offs.splice(0).forEach((off) => off());
  }

  private get store(): AppState {
    return useStore.getState();
  }

  /** Trains each chosen architecture on the training form's settings; resolves false when nothing started. */
  async compare(choices: readonly CompareChoice[]): Promise<boolean> {
    const s = this.store;
    if (!s.ready) return this.refuse('The training data is still loading.');
    if (choices.length < 2 || choices.length > MAX_COMPARED) return this.refuse(`Choose 2 to ${MAX_COMPARED} architectures to compare.`);
    const r = validateForm(s.form, s.data?.trainCount);
    if (!r.config) return this.refuse('Fix the hyper-parameters (the Training panel’s form) before comparing.');
    const config = r.config;
    const current = s.current !== null ? s.models[s.current]?.summary : undefined;
    if (choices.includes('current') && !current) return this.refuse('There is no current model yet.');
    if (choices.includes('editor')) {
      const problem = checkStack(s.stack.spec, { data: s.data, trainImages: config.trainSize }).problem;
      if (problem) return this.refuse(`The editor's stack cannot be trained: ${problem.message}`);
    }
    const specs = choices.map((ch): [string, ModelSpec] => {
      if (ch === 'current') return [`current: ${current!.spec.name}`, current!.spec];
      if (ch === 'editor') return [`editor: ${s.stack.spec.name || 'stack'}`, s.stack.spec];
      return [ch, withClassCount(preset(ch), s.data?.classes ?? 10)];
    });
    try {
      const models = await this.replaceCompared(specs.map(([label, spec]) => ({ label, make: () => this.create(spec, config.seed) })), 'trained');
      await Promise.all(
        models.map(async (id) => {
          this.store.beginRun(id);
          try {
            await this.c.requests.ask({ type: 'train:start', model: id, config });
            this.store.patchCompare(id, { startedAt: performance.now() });
          } catch (err) {
            this.store.runNotStarted(id);
            throw err;
          }
        }),
      );
      return true;
    } catch (err) {
      return this.refuse(`compare: ${(err as Error).message}`);
    }
  }

  /** Loads the shipped mlp and cnn (trained, from their model files) as the compared models. */
  async loadShipped(): Promise<boolean> {
    const files = ['mlp', 'cnn'].map((n) => shippedModel(n));
    if (files.some((f) => f === null)) return this.refuse('The shipped models are missing: run `npm run train:default`.');
    try {
      await this.replaceCompared(
        files.map((f) => ({
          label: `shipped ${f!.name}`,
          make: async () => {
            const created = await this.create(f!.spec, 1);
            const loaded = await this.c.requests.ask({ type: 'model:load', model: created.id, text: f!.text });
            return loaded.model;
          },
        })),
        'shipped',
      );
      return true;
    } catch (err) {
      return this.refuse(`shipped models: ${(err as Error).message}`);
    }
  }

  /** Stops every compared run still training. */
  stopAll(): void {
    const s = this.store;
    for (const e of s.compare) {
      const run = s.models[e.model]?.run;
      if (run && isBusy(statusOf(s, e.model))) this.c.requests.ask({ type: 'train:stop', run }).catch(() => undefined);
    }
  }

  /** The shift test on every compared model at once (the session interleaves them); results land in the store. */
  async shiftTest(opts: ShiftOptions): Promise<void> {
    const s = this.store;
    s.clearShiftResults();
    await Promise.all(
      s.compare.map(async (e) => {
        this.store.setShiftProgress(e.model, { done: 0, total: 1 });
        try {
          const { id, reply } = this.c.requests.start({ type: 'eval:shift', model: e.model, maxShift: SHIFT_MAX, grid: opts.grid, randomK: opts.randomK, testSize: opts.testSize });
          this.shiftRequests.add(id);
          const r = await reply.finally(() => this.shiftRequests.delete(id));
          this.store.setShiftResult(e.model, r);
        } catch (err) {
          this.store.showError(`shift test (${e.label}): ${(err as Error).message}`);
        } finally {
          this.store.setShiftProgress(e.model, null);
        }
      }),
    );
  }

  /** Opens a compared model in the Explore workspace's panels. */
  open(model: ModelId): void {
    this.store.setCurrent(model);
    location.hash = '#/explore';
  }

  private async create(spec: ModelSpec, seed: number): Promise<ModelSummary> {
    return (await this.c.requests.ask({ type: 'model:create', spec, seed })).model;
  }

  /**
   * Makes the new comparison's models in order. The previous comparison's models that learned nothing are removed;
   * trained ones stay in the session (the Models list), and an Undo puts the previous comparison back.
   */
  private async replaceCompared(items: { label: string; make: () => Promise<ModelSummary> }[], kind: CompareEntry['kind']): Promise<ModelId[]> {
    const s = this.store;
    if (compareBusy(s)) throw new Error('a comparison is still training; stop it first');
    const previous = s.compare.filter((e) => e.model in s.models);
    const kept = previous.filter((e) => e.model === s.current || isTrained(s, s.models[e.model]));
    const spare = previous.filter((e) => !kept.includes(e));
    await Promise.all(spare.map((e) => this.c.requests.ask({ type: 'model:delete', model: e.model }).catch(() => undefined)));
    const keep = Object.values(this.store.models).filter((m) => !spare.some((e) => e.model === m.summary.id));
    this.store.setModels(keep.map((m) => m.summary));
    this.c.mirrors.keep(keep.map((m) => m.summary.id));
    this.store.setCompare([]);
    this.c.models.ensureRoom(items.length);
    const made: ModelSummary[] = [];
    for (const it of items) made.push(await it.make());
    const colors = assignColors(made.map((m) => m.id));
    this.store.setCompare(made.map((m, i) => ({ model: m.id, label: items[i].label, color: colors[i], kind, startedAt: null, endedAt: null })));
    const trained = kept.filter((e) => e.model !== this.store.current);
    if (trained.length > 0) {
      const names = trained.map((e) => e.label).join(', ');
      this.store.showInfo(`The previous comparison (${names}) is kept in the Models list.`, { label: 'Undo', run: () => this.restore(previous.filter((e) => kept.includes(e))) });
    }
    return made.map((m) => m.id);
  }

  /** Puts an earlier comparison back in the Lab (stopping the one that replaced it). */
  private restore(entries: CompareEntry[]): void {
    this.stopAll();
    const s = this.store;
    s.setCompare(entries.filter((e) => e.model in s.models));
  }

  /** Records when each compared run stopped running (its wall time). */
  private noteEnds(s: AppState): void {
    for (const e of s.compare) {
      if (e.startedAt === null || e.endedAt !== null) continue;
      const status = statusOf(s, e.model);
      if (status === 'done' || status === 'stopped' || status === 'failed') s.patchCompare(e.model, { endedAt: performance.now() });
    }
  }

  private refuse(message: string): false {
    this.store.showError(message);
    return false;
  }
}
