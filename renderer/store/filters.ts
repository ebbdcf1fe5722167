// Filters slice: the filter designer's state (the K×K kernel, bias, stride/padding/ReLU/pooling, which input)
// and the "designed vs all-learned" comparison records. Feature-map view options live here too.
import type { StateCreator } from 'zustand';
import type { ModelId } from '../../core/protocol';
import type { Padding } from '../../core/spec';
import { resizeGrid } from '../lib/filters/edit';
import { findPreset, type KernelSize, type PresetId } from '../lib/filters/presets';
import type { TestImageId } from '../lib/filters/test-images';
import type { AppState } from './index';

export type DesignerInput = 'drawing' | TestImageId;

export interface DesignerState {
  k: KernelSize;
  /** Row-major k×k weights. */
  weights: number[];
  bias: number;
  stride: number;
  padding: Padding;
  relu: boolean;
  pool: boolean;
  /** The preset the weights came from, null once edited by hand. */
  preset: PresetId | null;
  /** Selected grid cell (row-major index) for typing an exact value. */
  selected: number | null;
  input: DesignerInput;
}

/** One finished training run kept for the designed-vs-learned comparison. */
export interface RunRecord {
  kind: 'designed' | 'learned';
  /** Test accuracy after each epoch. */
  testAccuracy: number[];
  /** Batch losses, thinned to at most 200 points. */
  loss: number[];
  /** How the run ended: 'done', or 'stopped' after fewer epochs than planned. */
  ended: string;
  epochsPlanned: number;
  trainSize: number;
  seed: number;
  /** What was put into the network, e.g. "Sobel x 3×3 in channel 0, frozen, centred in the layer's 5×5 kernel". */
  filter: string | null;
}

export interface Comparison {
  designed: RunRecord | null;
  learned: RunRecord | null;
  /** The run being trained for the comparison right now (on `model`), recorded when it ends. */
  pending: { kind: RunRecord['kind']; filter: string | null; model: ModelId } | null;
}

export type MapScaleMode = 'per-map' | 'shared';

export interface FiltersSlice {
  designer: DesignerState;
  comparison: Comparison;
  mapScale: MapScaleMode;
  /** Changes designer fields (weights are copied; editing a weight clears the preset). */
  setDesigner(patch: Partial<DesignerState>): void;
  setWeight(index: number, value: number): void;
  applyPreset(id: PresetId): void;
  /** Switches K, re-building the current preset at the new size or keeping the hand-made grid centred. */
  setKernelSize(k: KernelSize): void;
  setPendingRun(pending: Comparison['pending']): void;
  recordRun(run: RunRecord): void;
  clearComparison(): void;
  setMapScale(mode: MapScaleMode): void;
}

export const initialDesigner = (): DesignerState => ({
  k: 3,
  weights: findPreset('sobel-x')!.build(3)!,
  bias: 0,
  stride: 1,
  padding: 'valid',
  relu: true,
  pool: true,
  preset: 'sobel-x',
  selected: null,
  input: 'drawing',
});

export const createFiltersSlice: StateCreator<AppState, [], [], FiltersSlice> = (set, get) => ({
  designer: initialDesigner(),
  comparison: { designed: null, learned: null, pending: null },
  mapScale: 'per-map',
  setDesigner: (patch) => set({ designer: { ...get().designer, ...patch } }),
  setWeight: (index, value) => {
    const d = get().designer;
    if (!Number.isInteger(index) || index < 0 || index >= d.weights.length) return;
    const weights = [...d.weights];
    weights[index] = value;
    set({ designer: { ...d, weights, preset: null } });
  },
  applyPreset: (id) => {
    const d = get().designer;
    const w = findPreset(id)?.build(d.k);
    if (w) set({ designer: { ...d, weights: w, preset: id } });
  },
  setKernelSize: (k) => {
    const d = get().designer;
    if (k === d.k) return;
    const fromPreset = d.preset ? findPreset(d.preset)?.build(k) : null;
    const weights = fromPreset ?? resizeGrid(d.weights, d.k, k);
    set({ designer: { ...d, k, weights, preset: fromPreset ? d.preset : null, selected: null } });
  },
  setPendingRun: (pending) => set({ comparison: { ...get().comparison, pending } }),
  recordRun: (run) => set({ comparison: { ...get().comparison, [run.kind]: run, pending: null } }),
  clearComparison: () => set({ comparison: { designed: null, learned: null, pending: null } }),
  setMapScale: (mapScale) => set({ mapScale }),
});
