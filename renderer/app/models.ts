// The session's models as the user keeps them: actions that would replace a trained model (fresh start, reset, a
// preset, a loaded file, a comparison) make a new session model instead and switch to it with an Undo; the Models list
// switches and removes (asking first when a trained model was never saved); the session's MAX_MODELS limit is said.
import type { ModelId, ModelSummary } from '../../core/protocol';
import { MAX_MODELS } from '../../core/session/session';
import type { ModelSpec } from '../../core/spec';
import { useStore, type AppState } from '../store';
import type { ModelView } from '../store/model';
import { isBusy, statusOf } from '../store/select';
import type { Request, Requests } from './requests';
import type { Mirrors } from './mirrors';

/** A model that has learned something (a finished epoch, or a run that changed its weights). */
export function isTrained(s: AppState, m: ModelView): boolean {
  return m.summary.meta.epochs > 0 || (m.run !== null && (s.runs[m.run]?.series.length ?? 0) > 0);
}

/** A trained model whose weights are in no file (never saved, not loaded, not the bundled one since it trained). */
export function isUnsaved(s: AppState, m: ModelView): boolean {
  return isTrained(s, m) && s.savedEpochs[m.summary.id] !== m.summary.meta.epochs;
}

/** The model's name and what it has learned, for messages: `cnn (3 epochs, 99.23 %)`. */
export function describeModel(m: ModelSummary): string {
  const { name, epochs, testAccuracy } = m.meta;
  if (epochs === 0) return `${name} (${m.meta.notes?.startsWith('imported from ') ? 'imported' : 'untrained'})`;
  const acc = testAccuracy !== null ? `, ${(testAccuracy * 100).toFixed(2)} %` : '';
  return `${name} (${epochs} epoch${epochs > 1 ? 's' : ''}${acc})`;
}

/** The session holds MAX_MODELS models: says so, naming what can go. */
export class ModelsFullError extends Error {}

export class ModelActions {
  /** Asks the user a yes/no question (window.confirm in the app; replaced in tests). */
  confirm: (question: string) => boolean = (q) => window.confirm(q);

  constructor(
    private readonly requests: Requests,
    private readonly mirrors: Mirrors,
  ) {}

  private get store(): AppState {
    return useStore.getState();
  }

  /**
   * A model of `spec` with fresh weights from `seed` becomes current. A current model that has learned nothing is
   * rebuilt in place (nothing is lost); a trained one is kept: a new session model is made and becomes current, and
   * the message `say(new model)` gets an Undo that goes back to the trained one.
   */
  async freshModel(spec: ModelSpec, seed: number, say: (m: ModelSummary) => string): Promise<ModelSummary> {
    const s = this.store;
    const current = s.current !== null ? s.models[s.current] : undefined;
    if (current && !isTrained(s, current)) return this.changeModel((model) => ({ type: 'model:set-spec', model, spec, seed }));
    const made = await this.create(spec, seed);
    this.switchTo(made.id, `${say(made)}${this.keptNote(current?.summary ?? null)}.`);
    return made;
  }

  /** "; cnn (3 epochs, 99.23 %) is kept in the Models list", or nothing for a model that learned nothing. */
  private keptNote(prev: ModelSummary | null): string {
    const m = prev ? this.store.models[prev.id] : undefined;
    return m && isTrained(this.store, m) ? `; ${describeModel(m.summary)} is kept in the Models list` : '';
  }

  /** Sends a model-changing request for the current model; resolves with the new model (the store has it by then). */
  async changeModel(make: (model: ModelId) => Request & { model: ModelId }): Promise<ModelSummary> {
    const model = this.store.current;
    if (model === null) throw new Error('The model is still loading.');
    const reply = await this.requests.ask(make(model));
    if (reply.type !== 'model') throw new Error(`${reply.type}: not a model`);
    return reply.model;
  }

  /**
   * Fills a model with other weights (reset, load). A current model that has learned nothing is filled in place; a
   * trained one is kept: a new session model is made and filled, becomes current, and `say(it)` offers Undo.
   */
  async refill(make: (model: ModelId) => Extract<Request, { type: 'model:reset' | 'model:load' }>, say: (m: ModelSummary) => string, spec?: ModelSpec): Promise<ModelSummary> {
    const s = this.store;
    const current = s.current !== null ? s.models[s.current] : undefined;
    if (!current) throw new Error('the model is still loading');
    if (!isTrained(s, current)) {
      const model = await this.changeModel(make);
      this.store.showInfo(`${say(model)}.`);
      return model;
    }
    const made = await this.create(spec ?? current.summary.spec, 1);
    const { model } = await this.fill(made.id, make(made.id));
    this.switchTo(model.id, `${say(model)}${this.keptNote(current.summary)}.`);
    return model;
  }

  /** The oldest model that has learned nothing and is neither current, compared nor training; null if none. */
  oldestUntrained(): ModelView | null {
    const s = this.store;
    const compared = new Set(s.compare.map((e) => e.model));
    const ids = Object.keys(s.models).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    for (const id of ids) {
      const m = s.models[id];
      if (id !== s.current && !compared.has(id) && !isTrained(s, m) && !isBusy(statusOf(s, id))) return m;
    }
    return null;
  }

  /**
   * Makes room for `n` new models: throws ModelsFullError when the session is full, after showing a message that
   * offers to remove the oldest untrained model (a trained one is never removed without the user's say).
   */
  ensureRoom(n = 1): void {
    const s = this.store;
    const count = Object.keys(s.models).length;
    if (count + n <= MAX_MODELS) return;
    const spare = this.oldestUntrained();
    const text = `The session holds ${MAX_MODELS} models, its limit. ${spare ? `Remove the oldest untrained one, ${spare.summary.meta.name} (${spare.summary.id}), and try again,` : 'Remove a model in the Models list first'} (no trained model is removed without asking).`;
    s.showError(text, spare ? { label: `Remove ${spare.summary.meta.name} (${spare.summary.id})`, run: () => void this.remove(spare.summary.id) } : undefined);
    throw new ModelsFullError(text);
  }

  /** A new session model from `spec` with fresh weights from `seed` (not yet current). */
  async create(spec: ModelSpec, seed: number): Promise<ModelSummary> {
    this.ensureRoom();
    return (await this.requests.ask({ type: 'model:create', spec, seed })).model;
  }

  /** Sends a request that fills the just-made model `id`; on a refusal the model is removed again. */
  async fill(id: ModelId, cmd: Extract<Request, { type: 'model:reset' | 'model:load' }>): Promise<{ model: ModelSummary }> {
    try {
      return await this.requests.ask(cmd);
    } catch (err) {
      await this.requests.ask({ type: 'model:delete', model: id }).catch(() => undefined);
      const keep = Object.values(this.store.models).filter((v) => v.summary.id !== id);
      this.store.setModels(keep.map((v) => v.summary));
      throw err;
    }
  }

  /**
   * A fresh model of `from`'s architecture: new weights from `seed`, except each frozen channel (a designed filter
   * put in with "Use in network"), whose weights and bias are copied from `from` and stay frozen.
   */
  async fresh(from: ModelSummary, seed: number): Promise<ModelSummary> {
    let made = await this.create(from.spec, seed);
    const frozen = from.spec.layers.flatMap((l, layer) => (l.type === 'conv2d' ? (l.frozenChannels ?? []).map((channel) => ({ layer, channel })) : []));
    if (frozen.length === 0) return made;
    const { weights } = await this.requests.ask({ type: 'weights:get', model: from.id });
    for (const { layer, channel } of frozen) {
      const w = weights.find((p) => p.name === `${from.infos[layer].index}.weight`)!;
      const b = weights.find((p) => p.name === `${from.infos[layer].index}.bias`)!;
      const per = w.data.length / w.shape[0];
      made = (await this.requests.ask({ type: 'model:set-filter', model: made.id, layer, channel, weights: Array.from(w.data.subarray(channel * per, (channel + 1) * per)), bias: b.data[channel], frozen: true })).model;
    }
    return made;
  }

  /**
   * Makes `id` the current model and says so with an Undo that makes the previous one current again (and removes
   * `id` when it has learned nothing since: it was made by the action being undone).
   */
  switchTo(id: ModelId, text: string): void {
    const s = this.store;
    const prev = s.current;
    s.setCurrent(id);
    if (prev === null || prev === id) return s.showInfo(text);
    s.showInfo(text, {
      label: 'Undo',
      run: () => {
        const now = this.store;
        if (!(prev in now.models)) return now.showError('Cannot undo: the previous model was removed.');
        now.setCurrent(prev);
        const made = now.models[id];
        if (made && !isTrained(now, made) && !isBusy(statusOf(now, id))) void this.remove(id, { quiet: true });
      },
    });
  }

  /** Removes a model from the session and the list; asks first when it is trained and unsaved. Returns whether it went. */
  async remove(id: ModelId, opts: { quiet?: boolean } = {}): Promise<boolean> {
    const s = this.store;
    const m = s.models[id];
    if (!m) return false;
    if (id === s.current) {
      s.showError('The current model cannot be removed: make another one current first.');
      return false;
    }
    if (isUnsaved(s, m) && !this.confirm(`Remove ${describeModel(m.summary)}? It is trained and was never saved: its weights, curves and results will be lost.`)) return false;
    try {
      await this.requests.ask({ type: 'model:delete', model: id });
    } catch (err) {
      s.showError(`remove ${m.summary.meta.name}: ${(err as Error).message}`);
      return false;
    }
    const now = this.store;
    const keep = Object.values(now.models).filter((v) => v.summary.id !== id);
    now.setModels(keep.map((v) => v.summary));
    this.mirrors.keep(keep.map((v) => v.summary.id));
    if (now.compare.some((e) => e.model === id)) now.setCompare(now.compare.filter((e) => e.model !== id));
    if (!opts.quiet) now.showInfo(`Removed ${describeModel(m.summary)}.`);
    return true;
  }
}
