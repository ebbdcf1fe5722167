// Narrow reads of one model's data from the store, for panels that are given the id of the model they show: its
// activations and weights (stable references, safe as selectors), its input shape and its class count; and the
// current model's input shape for code outside React.
import type { Activations, NamedWeights } from '../../core/model';
import type { ModelId } from '../../core/protocol';
import { classCount } from '../../core/spec';
import { useStore, type AppState } from '../store';
import { modelView } from '../store/select';

export const activationsOf = (s: AppState, model: ModelId): Activations | null => modelView(s, model)?.activations ?? null;

export const weightsOf = (s: AppState, model: ModelId): NamedWeights[] | null => modelView(s, model)?.weights ?? null;

/** The model's input shape [channels, height, width] (the spec's own array), or null while it is unknown. */
export const inputShapeOf = (s: AppState, model: ModelId): readonly [number, number, number] | null => modelView(s, model)?.summary.spec.input ?? null;

/** How many classes the model scores (0 while it is unknown). */
export function classesOf(s: AppState, model: ModelId): number {
  const infos = modelView(s, model)?.summary.infos;
  return infos && infos.length > 0 ? classCount(infos) : 0;
}

/** The current model's input shape [C, H, W]; [0, 0, 0] before there is a model. */
export function currentInputShape(): readonly [number, number, number] {
  const s = useStore.getState();
  return s.current === null ? NO_INPUT : (inputShapeOf(s, s.current) ?? NO_INPUT);
}

const NO_INPUT = [0, 0, 0] as const;
