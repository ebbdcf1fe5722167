// The sliding-filter animation's logic: window positions by hand (stride 2, padding 1; 'same' with an odd pad), each
// step's cell equal to the designer's map (and to its own patch × weights), pooling winners on a hand-made map, the
// play/step reducer, the keys, and the player driven by the frame queue.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { convWindows, describeStep, filledAt, keyAction, mapChecksum, OFF, playReducer, poolWindows, stepAt, timelineOf, type PlayAction, type PlayState, type Step } from '../../renderer/lib/filters/animation';
import { patchProduct, runDesigner, type DesignerConfig } from '../../renderer/lib/filters/designer';
import { AnimationPlayer } from '../../renderer/lib/filters/player';
import { findPreset, type KernelSize } from '../../renderer/lib/filters/presets';
import { testImage } from '../../renderer/lib/filters/test-images';
import { resolvePads, type Padding } from '../../core/spec';

const pads1 = { top: 1, left: 1, bottom: 1, right: 1 };

describe('filters.animation.windows', () => {
  test('x=[5,5] k=3 s=2 p=1: nine windows row by row, starting in the padding, two apart', () => {
    // out = floor((5 − 3 + 2·1)/2) + 1 = 3; window top-left at −1, 1, 3 in rows and columns
    expect(convWindows(5, 5, 3, 2, pads1)).toEqual([
      { oy: 0, ox: 0, top: -1, left: -1 },
      { oy: 0, ox: 1, top: -1, left: 1 },
      { oy: 0, ox: 2, top: -1, left: 3 },
      { oy: 1, ox: 0, top: 1, left: -1 },
      { oy: 1, ox: 1, top: 1, left: 1 },
      { oy: 1, ox: 2, top: 1, left: 3 },
      { oy: 2, ox: 0, top: 3, left: -1 },
      { oy: 2, ox: 1, top: 3, left: 1 },
      { oy: 2, ox: 2, top: 3, left: 3 },
    ]);
  });

  test('x=[6,6] k=3 s=2 p=1: the last padding column and row are never reached (floor((6 − 3 + 2)/2) + 1 = 3)', () => {
    const w = convWindows(6, 6, 3, 2, pads1);
    expect(w.map((p) => [p.top, p.left])).toEqual([
      [-1, -1], [-1, 1], [-1, 3],
      [1, -1], [1, 1], [1, 3],
      [3, -1], [3, 1], [3, 3],
    ]);
    // the windows end at row/column 3 + 2 = 5: the padding at 6 is skipped
    expect(Math.max(...w.map((p) => p.left + 2))).toBe(5);
  });

  test("x=[6,6] k=3 s=2 'same': pads 0 before and 1 after, windows at 0, 2, 4", () => {
    const pads = resolvePads(6, 6, 3, 2, 'same');
    expect(pads).toEqual({ top: 0, left: 0, bottom: 1, right: 1 });
    expect(convWindows(6, 6, 3, 2, pads).map((p) => `${p.top},${p.left}`)).toEqual(['0,0', '0,2', '0,4', '2,0', '2,2', '2,4', '4,0', '4,2', '4,4']);
  });

  test('x=[4,7] k=5 s=3 p=2: 2×3 windows, three apart', () => {
    const pads = { top: 2, left: 2, bottom: 2, right: 2 };
    expect(convWindows(4, 7, 5, 3, pads).map((p) => [p.oy, p.ox, p.top, p.left])).toEqual([
      [0, 0, -2, -2], [0, 1, -2, 1], [0, 2, -2, 4],
      [1, 0, 1, -2], [1, 1, 1, 1], [1, 2, 1, 4],
    ]);
  });

  test('pooling windows: 2×2, stride 2, an odd last column left out', () => {
    expect(poolWindows(4, 5).map((p) => [p.oy, p.ox, p.top, p.left])).toEqual([
      [0, 0, 0, 0], [0, 1, 0, 2],
      [1, 0, 2, 0], [1, 1, 2, 2],
    ]);
  });
});

/** A deterministic image with values in [0, 1) (no Math.random: the test is the same every run). */
function noise(h: number, w: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: h * w }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
}

const cfgOf = (k: number, stride: number, padding: Padding, preset = 'sobel-x', bias = 0.25): DesignerConfig => ({
  k,
  weights: findPreset(preset as 'sobel-x')!.build(k as KernelSize)!,
  bias,
  stride,
  padding,
  relu: true,
  pool: true,
});

describe('filters.animation.values', () => {
  const combos: [number, number, Padding][] = [
    [3, 1, 'valid'],
    [3, 2, 1],
    [3, 3, 'same'],
    [5, 1, 'same'],
    [5, 2, 2],
    [5, 3, 'valid'],
    [7, 1, 3],
    [7, 2, 'same'],
    [7, 3, 6],
  ];
  test.each(combos)('K=%i stride %i padding %s: the map built step by step is the designer map, bit for bit', (k, stride, padding) => {
    for (const [name, image] of [['seven', testImage('seven', 28, 28)], ['noise', noise(28, 28, k * 10 + stride)]] as const) {
      const cfg = cfgOf(k, stride, padding);
      const r = runDesigner(image, 28, 28, cfg);
      const t = timelineOf(r);
      expect(t.conv).toBe(r.conv.h * r.conv.w);
      const conv = new Float32Array(t.conv).fill(NaN);
      const relu = new Float32Array(t.conv).fill(NaN);
      const pool = new Float32Array(t.pool).fill(NaN);
      const windows = convWindows(28, 28, k, stride, r.pads);
      for (let i = 0; i < t.total; i++) {
        const s = stepAt(r, stride, i);
        if (s.phase === 'conv') {
          expect(s).toMatchObject(windows[i]);
          conv[i] = s.value;
          relu[i] = s.activated;
          // the window's patch × weights, summed, plus bias is that cell (float64 here, float32 in the map)
          const p = patchProduct(r.input, cfg, r.pads, s.oy, s.ox);
          expect(p.cells[0]).toMatchObject({ iy: s.top, ix: s.left });
          expect(Math.abs(p.total - s.value), `${name} step ${i}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(s.value)));
        } else pool[i - t.conv] = s.value;
      }
      expect(conv, name).toEqual(r.conv.data);
      expect(relu, name).toEqual(r.activated.data);
      expect(pool, name).toEqual(r.pooled!.data);
      expect(mapChecksum(conv)).toBe(mapChecksum(r.conv.data));
    }
  });

  test('filled cells per step: the conv map first, then the pooled map', () => {
    const t = { conv: 4, pool: 1, total: 5, convW: 2, poolW: 1 };
    expect([0, 3, 4].map((i) => filledAt(t, i))).toEqual([
      { conv: 1, pool: 0 },
      { conv: 4, pool: 0 },
      { conv: 4, pool: 1 },
    ]);
  });

  test('a checksum tells maps apart by one bit, and the 0/−0 and NaN cells too', () => {
    const a = Float32Array.from([1, 2, 3]);
    const b = Float32Array.from([1, 2, 3 + 2 ** -22]);
    expect(mapChecksum(a)).toBe(mapChecksum(Float32Array.from([1, 2, 3])));
    expect(mapChecksum(a)).not.toBe(mapChecksum(b));
    expect(mapChecksum(Float32Array.from([NaN]))).not.toBe(mapChecksum(Float32Array.from([0])));
  });

  test('stepAt refuses a step outside the timeline', () => {
    const r = runDesigner(noise(8, 8, 1), 8, 8, cfgOf(3, 1, 'valid'));
    expect(() => stepAt(r, 1, timelineOf(r).total)).toThrow(/stepAt/);
  });
});

describe('filters.animation.pool', () => {
  // a hand-made 4×5 map, run through the identity filter (3×3, padding 1: the map itself) with ReLU and pooling
  const map = [
    1, 3, 2, 2, 9,
    0, 2, 5, 1, 9,
    4, 4, 0, 0, 9,
    4, 1, 0, -3, 9,
  ];
  const r = runDesigner(map, 4, 5, { k: 3, weights: findPreset('identity')!.build(3)!, bias: 0, stride: 1, padding: 1, relu: true, pool: true });
  const pools = (): Step[] => {
    const t = timelineOf(r);
    return Array.from({ length: t.pool }, (_, j) => stepAt(r, 1, t.conv + j));
  };

  test('the identity gives the map back, ReLU clears the −3', () => {
    expect(Array.from(r.activated.data)).toEqual(map.map((v) => Math.max(0, v)));
  });

  test('each window, its winner (ties: the first in row-major order) and the pooled value; column 4 is never visited', () => {
    expect(pools().map((s) => (s.phase === 'pool' ? { at: [s.oy, s.ox], window: [s.top, s.left], winner: [s.winner.iy, s.winner.ix], value: s.value } : null))).toEqual([
      { at: [0, 0], window: [0, 0], winner: [0, 1], value: 3 },
      { at: [0, 1], window: [0, 2], winner: [1, 2], value: 5 },
      { at: [1, 0], window: [2, 0], winner: [2, 0], value: 4 },
      { at: [1, 1], window: [2, 2], winner: [2, 2], value: 0 },
    ]);
  });

  test('the pooled steps come after all 20 conv steps', () => {
    expect(timelineOf(r)).toEqual({ conv: 20, pool: 4, total: 24, convW: 5, poolW: 2 });
    expect(stepAt(r, 1, 19).phase).toBe('conv');
    expect(stepAt(r, 1, 20).phase).toBe('pool');
  });

  test('a step read aloud', () => {
    const t = timelineOf(r);
    expect(describeStep(stepAt(r, 1, 7), t, 3)).toBe('Convolution, step 8 of 20: window at rows 0 to 2, columns 1 to 3; output (1, 2) = 5');
    expect(describeStep(stepAt(r, 1, 21), t, 3)).toBe('Pooling, step 2 of 4: largest of the 2×2 window at (0, 2) is 5, at (1, 2); pooled (0, 1)');
  });
});

describe('filters.animation.reducer', () => {
  const run = (actions: PlayAction[], total = 10, from: PlayState = OFF) => actions.reduce((s, a) => playReducer(s, a, total), from);

  test('play starts at the first step; ticks advance speed × time, carrying fractions', () => {
    let s = run([{ type: 'play' }]);
    expect(s).toEqual({ on: true, step: 0, playing: true, carry: 0 });
    s = playReducer(s, { type: 'tick', ms: 100, speed: 8 }, 10); // 0.8 of a step
    expect(s.step).toBe(0);
    s = playReducer(s, { type: 'tick', ms: 100, speed: 8 }, 10); // 1.6
    expect(s.step).toBe(1);
    expect(s.carry).toBeCloseTo(0.6, 9);
  });

  test('a long frame counts as 250 ms; the last step pauses', () => {
    let s = run([{ type: 'play' }, { type: 'tick', ms: 5000, speed: 8 }]);
    expect(s.step).toBe(2);
    s = playReducer(s, { type: 'tick', ms: 250, speed: 60 }, 10);
    expect(s).toEqual({ on: true, step: 9, playing: false, carry: 0 });
    // playing again from the end starts over
    expect(playReducer(s, { type: 'play' }, 10)).toMatchObject({ step: 0, playing: true });
  });

  test('steps, home, end and seek pause and stay inside the timeline', () => {
    const playing = run([{ type: 'play' }, { type: 'tick', ms: 250, speed: 20 }]);
    expect(playing).toMatchObject({ step: 5, playing: true });
    expect(playReducer(playing, { type: 'step', by: 1 }, 10)).toEqual({ on: true, step: 6, playing: false, carry: 0 });
    expect(playReducer(playing, { type: 'step', by: -26 }, 10).step).toBe(0);
    expect(playReducer(playing, { type: 'step', by: 26 }, 10).step).toBe(9);
    expect(playReducer(playing, { type: 'home' }, 10)).toMatchObject({ step: 0, playing: false });
    expect(playReducer(playing, { type: 'end' }, 10)).toMatchObject({ step: 9, playing: false });
    expect(playReducer(playing, { type: 'seek', step: 42 }, 10)).toMatchObject({ step: 9, playing: false });
    expect(playReducer(playing, { type: 'pause' }, 10)).toMatchObject({ step: 5, playing: false, carry: 0 });
  });

  test('from off: forward starts at the first step, back at the last; toggle plays and pauses; stop is off', () => {
    expect(run([{ type: 'step', by: 1 }])).toMatchObject({ on: true, step: 0 });
    expect(run([{ type: 'step', by: -1 }])).toMatchObject({ on: true, step: 9 });
    expect(run([{ type: 'toggle' }])).toMatchObject({ playing: true });
    expect(run([{ type: 'toggle' }, { type: 'toggle' }])).toMatchObject({ on: true, playing: false });
    expect(run([{ type: 'end' }, { type: 'stop' }])).toBe(OFF);
  });

  test('paused, a tick changes nothing; the same state comes back when nothing changes', () => {
    const s = run([{ type: 'seek', step: 3 }]);
    expect(playReducer(s, { type: 'tick', ms: 16, speed: 8 }, 10)).toBe(s);
    expect(playReducer(s, { type: 'pause' }, 10)).toBe(s);
    expect(playReducer(OFF, { type: 'resize' }, 10)).toBe(OFF);
  });

  test('a shorter timeline keeps the step where it still exists; an empty one is off', () => {
    const s = run([{ type: 'seek', step: 8 }]);
    expect(playReducer(s, { type: 'resize' }, 5)).toMatchObject({ on: true, step: 4 });
    expect(playReducer(s, { type: 'resize' }, 20)).toBe(s);
    expect(playReducer(s, { type: 'step', by: 1 }, 0)).toBe(OFF);
  });
});

describe('filters.animation.keys', () => {
  const t = { conv: 676, pool: 169, total: 845, convW: 26, poolW: 13 };
  const on = (step: number): PlayState => ({ on: true, step, playing: false, carry: 0 });

  test('Space toggles, arrows step a cell or a row (of the map being filled), Home/End, Escape only when on', () => {
    expect(keyAction(' ', OFF, t)).toEqual({ type: 'toggle' });
    expect(keyAction('ArrowRight', on(3), t)).toEqual({ type: 'step', by: 1 });
    expect(keyAction('ArrowLeft', on(3), t)).toEqual({ type: 'step', by: -1 });
    expect(keyAction('ArrowDown', on(3), t)).toEqual({ type: 'step', by: 26 });
    expect(keyAction('ArrowUp', on(700), t)).toEqual({ type: 'step', by: -13 });
    expect(keyAction('Home', on(3), t)).toEqual({ type: 'home' });
    expect(keyAction('End', on(3), t)).toEqual({ type: 'end' });
    expect(keyAction('Escape', on(3), t)).toEqual({ type: 'stop' });
    expect(keyAction('Escape', OFF, t)).toBeNull();
    expect(keyAction('a', on(3), t)).toBeNull();
    expect(keyAction('Enter', on(3), t)).toBeNull();
  });
});

describe('filters.animation.player', () => {
  let player: AnimationPlayer | null = null;
  afterEach(() => player?.dispose());

  test('plays in animation frames at its speed, tells painters every step and React only play, pause and the end', async () => {
    player = new AnimationPlayer();
    player.setTotal(12);
    player.setSpeed(60);
    const steps: number[] = [];
    const changes: PlayState[] = [];
    player.onStep((s) => steps.push(s.step));
    player.onChange((s) => changes.push(s));
    player.dispatch({ type: 'play' });
    await vi.waitFor(() => expect(player!.get()).toMatchObject({ step: 11, playing: false }), { timeout: 5000 });
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(11);
    // increasing, never past the end
    expect(steps.every((s, i) => i === 0 || s > steps[i - 1])).toBe(true);
    expect(changes.map((s) => [s.step, s.playing])).toEqual([
      [0, true],
      [11, false],
    ]);
  });

  test('speed is kept within 1–60 cells a second; stepping by hand is a change', () => {
    player = new AnimationPlayer();
    player.setTotal(5);
    player.setSpeed(500);
    expect(player.speed).toBe(60);
    player.setSpeed(0);
    expect(player.speed).toBe(1);
    const changes: number[] = [];
    player.onChange((s) => changes.push(s.step));
    player.dispatch({ type: 'step', by: 1 });
    player.dispatch({ type: 'step', by: 1 });
    expect(changes).toEqual([0, 1]);
    player.setTotal(0);
    expect(player.get()).toBe(OFF);
  });

  test('onStepOrChange hears every step and every change once: a step by hand, which is both, is one call', () => {
    player = new AnimationPlayer();
    player.setTotal(5);
    const heard: [number, boolean][] = [];
    const off = player.onStepOrChange((s) => heard.push([s.step, s.playing]));
    player.dispatch({ type: 'step', by: 1 }); // opens at step 0: a step and a change
    player.dispatch({ type: 'step', by: 1 });
    player.setSpeed(30); // a change only
    player.dispatch({ type: 'play' }); // a change only
    player.dispatch({ type: 'pause' });
    expect(heard).toEqual([
      [0, false],
      [1, false],
      [1, false],
      [1, true],
      [1, false],
    ]);
    off();
    player.dispatch({ type: 'step', by: 1 });
    expect(heard).toHaveLength(5);
  });
});
