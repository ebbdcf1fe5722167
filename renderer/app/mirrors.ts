// The renderer's copies of the session's models, one ModelMirror per model id: rebuilt from each announced spec,
// refreshed with the session's weights (one fetch in flight per model), and run on the current input.
import type { Activations, NamedWeights } from '../../core/model';
import type { ModelId, ModelSummary } from '../../core/protocol';
import type { ModelSpec } from '../../core/spec';
import { ModelMirror } from '../lib/mirror';
import type { Requests } from './requests';

export class Mirrors {
  private readonly byId = new Map<ModelId, ModelMirror>();
  private readonly fetching = new Set<ModelId>();

  constructor(private readonly requests: Requests) {}

  /** The mirror of `id` (an empty one until the model is announced). */
  get(id: ModelId | null): ModelMirror {
    if (id === null) return EMPTY;
    let m = this.byId.get(id);
    if (!m) this.byId.set(id, (m = new ModelMirror()));
    return m;
  }

  /** Follows an announced model's spec (the mirror rebuilds only when the spec changed). */
  follow(model: ModelSummary): void {
    this.get(model.id).setSpec(model.spec);
  }

  /** Forgets every model not in `ids`. */
  keep(ids: readonly ModelId[]): void {
    for (const id of [...this.byId.keys()]) if (!ids.includes(id)) this.byId.delete(id);
  }

  /**
   * Fetches model `id`'s weights into its mirror; resolves with them, or null when a fetch for it is already in flight.
   * The mirror takes the spec `specNow()` gives when the answer comes (a model changed meanwhile is rebuilt first).
   */
  async refresh(id: ModelId, specNow: () => ModelSpec | undefined): Promise<NamedWeights[] | null> {
    if (this.fetching.has(id)) return null;
    this.fetching.add(id);
    try {
      const reply = await this.requests.ask({ type: 'weights:get', model: id });
      const mirror = this.get(id);
      const spec = specNow();
      if (spec) mirror.setSpec(spec);
      mirror.setWeights(reply.weights);
      return reply.weights;
    } finally {
      this.fetching.delete(id);
    }
  }

  /** Forgets the fetches in flight (the session that was asked went away and will never answer). */
  forgetFetches(): void {
    this.fetching.clear();
  }

  activations(id: ModelId, input: Float32Array): Activations | null {
    return this.get(id).activations(input);
  }
}

const EMPTY = new ModelMirror();
