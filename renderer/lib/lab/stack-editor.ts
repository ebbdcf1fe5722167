// The architecture editor's state as a pure reducer: the stack being edited and its undo/redo history (past and
// future stacks, each at most HISTORY_LIMIT long). Every action returns a new state; specs are never mutated.
import type { LayerSpec, ModelSpec } from '../../../core/spec';
import { fieldValue, type FieldKey, type FieldValue } from './layer-fields';

/** How many steps undo can go back (and redo forward). */
export const HISTORY_LIMIT = 100;

export interface StackState {
  spec: ModelSpec;
  past: ModelSpec[];
  future: ModelSpec[];
  /** The field the last edit set ("row:key"): further typing into it extends that edit instead of adding steps. */
  lastField: string | null;
}

export type StackAction =
  | { type: 'insert'; at: number; layer: LayerSpec }
  | { type: 'remove'; at: number }
  | { type: 'move'; from: number; to: number }
  | { type: 'duplicate'; at: number }
  | { type: 'setField'; at: number; key: FieldKey; value: FieldValue }
  | { type: 'setInput'; input: [number, number, number] }
  | { type: 'rename'; name: string }
  | { type: 'load'; spec: ModelSpec }
  /** Ends the current field edit (the field lost focus): the next change is a new undo step. */
  | { type: 'commit' }
  | { type: 'undo' }
  | { type: 'redo' };

/** An empty stack on `input` (the data set's image shape). */
export function emptySpec(input: [number, number, number] = [1, 28, 28]): ModelSpec {
  return { name: 'custom', input: [...input], layers: [] };
}

/** A state with no history, editing a copy of `spec`. */
export function initStack(spec: ModelSpec): StackState {
  return { spec: copySpec(spec), past: [], future: [], lastField: null };
}

/** A deep copy of a spec (specs are plain JSON). */
export function copySpec(spec: ModelSpec): ModelSpec {
  return JSON.parse(JSON.stringify(spec)) as ModelSpec;
}

const clamp = (i: number, n: number) => Math.max(0, Math.min(n, i));

/** The new layer list for an editing action, or null when it changes nothing (an index out of range). */
function editLayers(layers: readonly LayerSpec[], a: StackAction): LayerSpec[] | null {
  const n = layers.length;
  const has = (i: number) => Number.isInteger(i) && i >= 0 && i < n;
  switch (a.type) {
    case 'insert': {
      const at = clamp(a.at, n);
      return [...layers.slice(0, at), { ...a.layer }, ...layers.slice(at)];
    }
    case 'remove':
      return has(a.at) ? layers.filter((_, i) => i !== a.at) : null;
    case 'duplicate':
      return has(a.at) ? [...layers.slice(0, a.at + 1), JSON.parse(JSON.stringify(layers[a.at])) as LayerSpec, ...layers.slice(a.at + 1)] : null;
    case 'move': {
      if (!has(a.from) || !has(a.to) || a.from === a.to) return null;
      const out = layers.filter((_, i) => i !== a.from);
      out.splice(a.to, 0, layers[a.from]);
      return out;
    }
    case 'setField': {
      if (!has(a.at) || fieldValue(layers[a.at], a.key) === a.value) return null;
      const layer = { ...layers[a.at] } as Record<string, unknown>;
      if (a.value === undefined) delete layer[a.key];
      else layer[a.key] = a.value;
      return layers.map((l, i) => (i === a.at ? (layer as unknown as LayerSpec) : l));
    }
    default:
      return null;
  }
}

/** The spec an action makes of `spec`, or null when it changes nothing. */
function edit(spec: ModelSpec, a: StackAction): ModelSpec | null {
  switch (a.type) {
    case 'setInput':
      return a.input.join() === spec.input.join() ? null : { ...spec, input: [...a.input] };
    case 'rename':
      return a.name === spec.name ? null : { ...spec, name: a.name };
    case 'load':
      return copySpec(a.spec);
    default: {
      const layers = editLayers(spec.layers, a);
      return layers ? { ...spec, layers } : null;
    }
  }
}

/** Applies one action: an edit (recorded for undo, clearing redo), or undo/redo. */
export function stackReducer(state: StackState, a: StackAction): StackState {
  if (a.type === 'undo' || a.type === 'redo') {
    const [from, to] = a.type === 'undo' ? [state.past, state.future] : [state.future, state.past];
    if (from.length === 0) return state;
    const spec = from[from.length - 1];
    const moved = [...to, state.spec].slice(-HISTORY_LIMIT);
    const rest = from.slice(0, -1);
    return a.type === 'undo' ? { spec, past: rest, future: moved, lastField: null } : { spec, past: moved, future: rest, lastField: null };
  }
  if (a.type === 'commit') return state.lastField === null ? state : { ...state, lastField: null };
  const spec = edit(state.spec, a);
  if (!spec) return state;
  const field = a.type === 'setField' ? `${a.at}:${a.key}` : a.type === 'rename' ? 'name' : null;
  if (field !== null && field === state.lastField) return { ...state, spec, future: [] };
  return { spec, past: [...state.past, state.spec].slice(-HISTORY_LIMIT), future: [], lastField: field };
}

/** Whether there is an edit to undo. */
export const canUndo = (s: StackState): boolean => s.past.length > 0;
/** Whether there is an undone edit to redo. */
export const canRedo = (s: StackState): boolean => s.future.length > 0;
