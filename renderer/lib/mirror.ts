// The renderer's copy of the session's model: rebuilt from each announced spec and refreshed with the
// session's weights, so a stroke's prediction is computed locally within one frame.
import { Model, type Activations, type NamedWeights } from '../../core/model';
import type { ModelSpec } from '../../core/spec';
import { Tensor } from '../../core/tensor';

/**
 * How many activations back the mirror recycles arrays from: the views paint the newest activations in the run that
 * computed them, and the few that read them later (a legend a few times a second, the enlarged map at the next
 * frame) then see values at most this many inferences newer, never a half-written set (inference is synchronous).
 */
const RECYCLE_AFTER = 3;

export class ModelMirror {
  private model: Model | null = null;
  /** The latest activations, oldest first: the oldest one's arrays are overwritten by the next inference. */
  private recent: Activations[] = [];
  private specKey = '';
  /** False until weights matching the current spec arrived (until then predictions would be random). */
  synced = false;

  /** Rebuilds the model when the spec changed. */
  setSpec(spec: ModelSpec): void {
    const key = JSON.stringify(spec);
    if (key === this.specKey && this.model) return;
    this.model = new Model(spec);
    this.recent = [];
    this.specKey = key;
    this.synced = false;
  }

  /** Copies weights in; throws (and keeps the old ones) when they do not fit the spec. */
  setWeights(weights: readonly NamedWeights[]): void {
    if (!this.model) throw new Error('model mirror: weights arrived before a spec');
    this.model.setWeights(weights);
    this.synced = true;
  }

  get ready(): boolean {
    return this.model !== null && this.synced;
  }

  get current(): Model | null {
    return this.model;
  }

  /**
   * Every layer's output for one 28×28 input, or null before the mirror is synced. A new Activations object each
   * time, in arrays recycled from RECYCLE_AFTER inferences back (a typed array allocation costs Chromium 20–200 µs:
   * ~1 ms per inference for the cnn's eleven outputs).
   */
  activations(input: Float32Array): Activations | null {
    if (!this.model || !this.synced) return null;
    const [c, h, w] = this.model.spec.input;
    const reuse = this.recent.length >= RECYCLE_AFTER ? this.recent.shift() : null;
    const a = this.model.activations(new Tensor([1, c, h, w], input.slice()), reuse);
    this.recent.push(a);
    return a;
  }
}
