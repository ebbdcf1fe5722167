// Drawing slice: the pad's strokes (pad pixels) and the network input made from them (or from a test image), at the
// current model's input size. Each model's activations for that input live in the models slice.
import type { StateCreator } from 'zustand';
import type { PadPlacement } from '../lib/preprocess';
import type { AppState } from './index';

/** One pen stroke: flat [x0, y0, x1, y1, ...] in pad pixels. */
export interface Stroke {
  points: number[];
}

/** An image dropped or pasted on the pad: its name, declared size and how its ink was read (lib/image-input.ts). */
export interface ImageSource {
  kind: 'image';
  name: string;
  width: number;
  height: number;
  background: 'light' | 'dark' | 'transparent';
}

export type InputSource = { kind: 'drawing' } | { kind: 'test'; index: number; label: number } | ImageSource;

/** Whole pixels the network input is moved by after preprocessing (right and down), zeros filled in. */
export interface InputShift {
  dx: number;
  dy: number;
}

/** How far the input may be shifted along each axis. */
export const MAX_INPUT_SHIFT = 8;
export const NO_SHIFT: InputShift = { dx: 0, dy: 0 };

export interface DrawingSlice {
  strokes: Stroke[];
  /** The preprocessed network input at the current model's input size ([0, 1], row-major); empty before a model. */
  input: Float32Array;
  source: InputSource;
  /** Counts the inputs shown: a result computed for one (an occlusion map) is shown only while it is the input. */
  inputVersion: number;
  /** How the input's pixels lie on the pad (for painting explanations over the drawing); null without ink. */
  inputPlace: PadPlacement | null;
  /** True from a stroke's first point until the pen lifts. */
  penDown: boolean;
  beginStroke(x: number, y: number): void;
  extendStroke(x: number, y: number): void;
  /** The pen lifted (the stroke keeps its points). */
  endStroke(): void;
  undoStroke(): void;
  clearDrawing(): void;
  setInput(input: Float32Array, source: InputSource, place?: PadPlacement | null): void;
  /** The shift applied to the input (the drawing or a test digit) before inference. */
  shift: InputShift;
  /** Moves the input by (dx, dy) more pixels, within ±MAX_INPUT_SHIFT. */
  nudgeShift(dx: number, dy: number): void;
  resetShift(): void;
}

const clampShift = (v: number) => Math.max(-MAX_INPUT_SHIFT, Math.min(MAX_INPUT_SHIFT, v));

export const createDrawingSlice: StateCreator<AppState, [], [], DrawingSlice> = (set, get) => ({
  strokes: [],
  input: new Float32Array(0),
  source: { kind: 'drawing' },
  inputVersion: 0,
  inputPlace: null,
  penDown: false,
  beginStroke: (x, y) => set({ strokes: [...get().strokes, { points: [x, y] }], source: { kind: 'drawing' }, penDown: true }),
  extendStroke: (x, y) => {
    const strokes = get().strokes;
    const last = strokes[strokes.length - 1];
    if (!last) return;
    set({ strokes: [...strokes.slice(0, -1), { points: [...last.points, x, y] }] });
  },
  endStroke: () => {
    if (get().penDown) set({ penDown: false });
  },
  undoStroke: () => set({ strokes: get().strokes.slice(0, -1), source: { kind: 'drawing' } }),
  clearDrawing: () => set({ strokes: [], source: { kind: 'drawing' }, input: new Float32Array(get().input.length), inputVersion: get().inputVersion + 1, inputPlace: null }),
  setInput: (input, source, place = null) => set({ input, source, inputVersion: get().inputVersion + 1, inputPlace: place }),
  shift: NO_SHIFT,
  nudgeShift: (dx, dy) => {
    const { shift } = get();
    const next = { dx: clampShift(shift.dx + dx), dy: clampShift(shift.dy + dy) };
    if (next.dx !== shift.dx || next.dy !== shift.dy) set({ shift: next });
  },
  resetShift: () => set({ shift: NO_SHIFT }),
});
