// The sliding-filter animation's arithmetic: where the K×K window stands at each step (row by row over the padded
// input, `stride` apart), which output cell it fills and with what value — the map being animated (the designer's, or
// a network layer's channel in the enlarged map), so the animated map ends bit for bit equal to it — then the 2×2
// pooling windows and their winners; and the play/step state as a reducer.
import { outSize, type Pads } from '../../../core/spec';
import { fmt } from './colors';
import { POOL, poolWindow, type DesignerResult } from './designer';

/**
 * What the animation walks over: a conv map (the steps' values), the same map after ReLU (the conv map itself without
 * one), the pooled map if any, and the input's pads. The designer's result is one; a network layer's channel is another
 * (lib/filters/layer-anim.ts).
 */
export type Animated = Pick<DesignerResult, 'pads' | 'conv' | 'activated' | 'pooled'>;

/** One window position: the output cell it computes and its top-left corner in input coordinates (< 0 in the padding). */
export interface WindowPos {
  oy: number;
  ox: number;
  top: number;
  left: number;
}

/** The output cells of a size-`k` window moved `stride` at a time over an h×w input padded by `pads`: oh × ow. */
export function windowGrid(h: number, w: number, k: number, stride: number, pads: Pads): { oh: number; ow: number } {
  return { oh: outSize(h, k, stride, pads.top + pads.bottom), ow: outSize(w, k, stride, pads.left + pads.right) };
}

/** Where the window stands at step i (row by row: output row oy = ⌊i / ow⌋, column ox = i mod ow). */
export function windowAt(i: number, ow: number, stride: number, pads: Pick<Pads, 'top' | 'left'>): WindowPos {
  const oy = Math.floor(i / ow);
  const ox = i % ow;
  return { oy, ox, top: oy * stride - pads.top, left: ox * stride - pads.left };
}

/** Every window position in the order the convolution visits them (row by row, skipping stride − 1 between). */
export function convWindows(h: number, w: number, k: number, stride: number, pads: Pads): WindowPos[] {
  const { oh, ow } = windowGrid(h, w, k, stride, pads);
  return Array.from({ length: Math.max(0, oh) * Math.max(0, ow) }, (_, i) => windowAt(i, ow, stride, pads));
}

/** The 2×2, stride-2 pooling windows over an h×w map, row by row (an odd last row or column is left out, as core does). */
export function poolWindows(h: number, w: number): WindowPos[] {
  return convWindows(h, w, POOL.size, POOL.stride, { top: 0, left: 0, bottom: 0, right: 0 });
}

/** The animation's steps: first every convolution cell, then (pooling on) every pooled cell. */
export interface Timeline {
  conv: number;
  pool: number;
  total: number;
  /** Widths of the conv and pooled maps (cells per output row). */
  convW: number;
  poolW: number;
}

export function timelineOf(r: Animated): Timeline {
  const conv = r.conv.h * r.conv.w;
  const pool = r.pooled ? r.pooled.h * r.pooled.w : 0;
  return { conv, pool, total: conv + pool, convW: r.conv.w, poolW: r.pooled?.w ?? 0 };
}

export interface ConvStep extends WindowPos {
  phase: 'conv';
  /** Step index in the timeline (= the conv cell's row-major index). */
  index: number;
  /** The conv map's value at (oy, ox): the designer's own number (core's conv2d). */
  value: number;
  /** The same cell after ReLU (= value when ReLU is off). */
  activated: number;
}

export interface PoolStep extends WindowPos {
  phase: 'pool';
  index: number;
  /** The winner's row and column in the (ReLU) map: core maxPool2d's argmax, the first maximum in row-major order. */
  winner: { iy: number; ix: number };
  value: number;
}

export type Step = ConvStep | PoolStep;

/** What the animation shows at step i (0 ≤ i < timeline total) of a map made with this stride. */
export function stepAt(r: Animated, stride: number, i: number): Step {
  const t = timelineOf(r);
  if (!(Number.isInteger(i) && i >= 0 && i < t.total)) throw new RangeError(`stepAt: step ${i} is outside 0–${t.total - 1}`);
  if (i < t.conv) {
    const p = windowAt(i, t.convW, stride, r.pads);
    return { phase: 'conv', index: i, ...p, value: r.conv.data[i], activated: r.activated.data[i] };
  }
  const j = i - t.conv;
  const p = windowAt(j, t.poolW, POOL.stride, { top: 0, left: 0 });
  const win = poolWindow(r.activated, r.pooled!, p.oy, p.ox);
  const cell = win.cells[win.winner];
  return { phase: 'pool', index: i, ...p, winner: { iy: cell.iy, ix: cell.ix }, value: win.value };
}

/** How many cells of the conv map and of the pooled map are filled in at step i (each step fills its own cell). */
export function filledAt(t: Timeline, i: number): { conv: number; pool: number } {
  const n = Math.max(0, Math.min(t.total, i + 1));
  return { conv: Math.min(n, t.conv), pool: Math.max(0, n - t.conv) };
}

/** FNV-1a over the float32 bits of `values`: two maps have the same checksum when they are equal bit for bit. */
export function mapChecksum(values: Float32Array): string {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) {
    let v = bits[i];
    for (let b = 0; b < 4; b++) {
      h ^= v & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
      v >>>= 8;
    }
  }
  return h.toString(16).padStart(8, '0');
}

/** One line for a screen reader (and the status line): which step, where the window is, what it computed. */
export function describeStep(s: Step, t: Timeline, k: number): string {
  if (s.phase === 'conv') {
    const rows = `rows ${s.top} to ${s.top + k - 1}, columns ${s.left} to ${s.left + k - 1}`;
    return `Convolution, step ${s.index + 1} of ${t.conv}: window at ${rows}; output (${s.oy}, ${s.ox}) = ${fmt(s.value)}`;
  }
  return `Pooling, step ${s.index - t.conv + 1} of ${t.pool}: largest of the 2×2 window at (${s.top}, ${s.left}) is ${fmt(s.value)}, at (${s.winner.iy}, ${s.winner.ix}); pooled (${s.oy}, ${s.ox})`;
}

/** Cells per second: from one a second (a 26×26 map in 11 minutes) to one a frame (in 11 seconds). */
export const SPEED = { min: 1, max: 60, initial: 8 } as const;
/** A frame later than this (a hidden tab, a long task) advances as if it had taken this long, so nothing jumps ahead. */
export const MAX_TICK_MS = 250;

/** The play state. Off: the designer shows its maps whole and the hover read-out; on: step `step` is shown. */
export interface PlayState {
  on: boolean;
  step: number;
  playing: boolean;
  /** Fraction of a step carried between frames while playing. */
  carry: number;
}

export const OFF: PlayState = { on: false, step: 0, playing: false, carry: 0 };

export type PlayAction =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  /** By n steps (negative: back); from off, forward starts at the first step and back at the last. */
  | { type: 'step'; by: number }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'seek'; step: number }
  /** A frame `ms` after the previous one, at `speed` cells per second. */
  | { type: 'tick'; ms: number; speed: number }
  /** Back to the whole maps. */
  | { type: 'stop' }
  /** The timeline changed length (another filter, stride, padding or pooling): the step is kept where it still exists. */
  | { type: 'resize' };

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const at = (step: number, total: number): PlayState => ({ on: true, step: clamp(step, 0, total - 1), playing: false, carry: 0 });

/** The next play state over a timeline of `total` steps. Every action but play, toggle and tick pauses. */
export function playReducer(s: PlayState, a: PlayAction, total: number): PlayState {
  if (total <= 0) return OFF;
  const last = total - 1;
  switch (a.type) {
    case 'play':
      if (s.playing) return s;
      // playing again from the last step starts over
      return { on: true, step: s.on && s.step < last ? s.step : 0, playing: true, carry: 0 };
    case 'pause':
      return s.playing ? { ...s, playing: false, carry: 0 } : s;
    case 'toggle':
      return playReducer(s, { type: s.playing ? 'pause' : 'play' }, total);
    case 'step':
      if (!s.on) return at(a.by >= 0 ? 0 : last, total);
      return at(s.step + a.by, total);
    case 'home':
      return at(0, total);
    case 'end':
      return at(last, total);
    case 'seek':
      return at(a.step, total);
    case 'tick': {
      if (!s.playing) return s;
      const carry = s.carry + (clamp(a.ms, 0, MAX_TICK_MS) * clamp(a.speed, SPEED.min, SPEED.max)) / 1000;
      const n = Math.floor(carry);
      if (n === 0) return { ...s, carry };
      const step = Math.min(last, s.step + n);
      return step === last ? { on: true, step, playing: false, carry: 0 } : { ...s, step, carry: carry - n };
    }
    case 'stop':
      return OFF;
    case 'resize':
      return s.on && s.step > last ? { ...s, step: last, playing: false, carry: 0 } : s;
  }
}

/**
 * The action for a key on the animation's controls or the designer's maps: Space plays or pauses, ← → step one cell,
 * ↑ ↓ one output row, Home and End go to the first and the last step, Escape shows the whole maps again. null: not
 * an animation key.
 */
export function keyAction(key: string, s: PlayState, t: Timeline): PlayAction | null {
  const inPool = s.on && s.step >= t.conv;
  const row = Math.max(1, inPool ? t.poolW : t.convW);
  switch (key) {
    case ' ':
      return { type: 'toggle' };
    case 'ArrowRight':
      return { type: 'step', by: 1 };
    case 'ArrowLeft':
      return { type: 'step', by: -1 };
    case 'ArrowDown':
      return { type: 'step', by: row };
    case 'ArrowUp':
      return { type: 'step', by: -row };
    case 'Home':
      return { type: 'home' };
    case 'End':
      return { type: 'end' };
    case 'Escape':
      return s.on ? { type: 'stop' } : null;
    default:
      return null;
  }
}
