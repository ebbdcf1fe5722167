// The session's models, keyed by id ("m1", "m2", …), each with its meta, its current run and its step count; and
// the checks a command that touches one makes: it exists, and it is not training or under a shift test.
import type { Model } from '../model.js';
import type { ModelMeta } from '../model-file.js';
import type { ModelId, ModelSummary, RunId } from '../protocol.js';
import { SessionError } from './errors.js';

export interface ModelEntry {
  model: Model;
  meta: ModelMeta;
  run: RunId | null;
  /** A shift test reads its weights right now. */
  evaluating?: boolean;
  /** Optimizer steps (batches) trained in this session since the model was created or replaced. */
  steps: number;
}

/** A model entry as it is made: add() and put() start its step count at 0. */
export type NewEntry = Omit<ModelEntry, 'steps'>;

export const untrainedMeta = (name: string, seed: number): ModelMeta => ({ name, createdAt: new Date().toISOString(), epochs: 0, testAccuracy: null, seed });

export class ModelTable {
  private readonly models = new Map<ModelId, ModelEntry>();
  private next = 1;

  get size(): number {
    return this.models.size;
  }

  has(id: ModelId): boolean {
    return this.models.has(id);
  }

  ids(): ModelId[] {
    return [...this.models.keys()];
  }

  entries(): ModelEntry[] {
    return [...this.models.values()];
  }

  /** Adds a model under the next free id (the caller checks the session's limit). */
  add(entry: NewEntry): ModelId {
    const id = `m${this.next++}`;
    this.models.set(id, { ...entry, steps: 0 });
    return id;
  }

  /** Puts a model in `id`'s place; its step count starts again. */
  put(id: ModelId, entry: NewEntry): void {
    this.models.set(id, { ...entry, steps: 0 });
  }

  delete(id: ModelId): void {
    this.models.delete(id);
  }

  /** New ids from here on are m{n} or later (a restored session's models keep theirs). */
  reserve(n: number): void {
    this.next = Math.max(this.next, n);
  }

  get(id: ModelId): ModelEntry {
    const e = this.models.get(id);
    if (!e) throw new SessionError('not-found', `no model "${id}" (the session has ${this.ids().join(', ') || 'none'})`);
    return e;
  }

  /** The model, which must not be training or under a shift test. */
  idle(id: ModelId, what: string, why = 'stop training first'): ModelEntry {
    const e = this.get(id);
    if (e.run) throw new SessionError('busy', `cannot ${what} while training runs; ${why}`);
    if (e.evaluating) throw new SessionError('busy', `cannot ${what} while its shift test runs; wait for it`);
    return e;
  }

  summary(id: ModelId): ModelSummary {
    const e = this.get(id);
    return { id, spec: e.model.spec, infos: e.model.infos, paramCount: e.model.paramCount, meta: e.meta, run: e.run, steps: e.steps };
  }
}
