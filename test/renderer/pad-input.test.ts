// The pad's pointer input (renderer/components/draw/pad-input.ts, pad-strokes.ts): smoothing and minimum step,
// pointerrawupdate or pointermove as the move source, positions from the box read at the press, leaving ends a
// stroke, and the Konva lines following the store's strokes.
import Konva from 'konva';
import { afterEach, describe, expect, test } from 'vitest';
import { attachPadInput, MIN_STEP, rawUpdatesSupported, SMOOTHING, StrokeInput, type Point } from '../../renderer/components/draw/pad-input';
import { linePoints, PadStrokes } from '../../renderer/components/draw/pad-strokes';

describe('StrokeInput', () => {
  test('each move goes SMOOTHING of the way to the pointer; shorter than MIN_STEP is skipped; up adds the release point', () => {
    expect(SMOOTHING).toBe(0.55);
    expect(MIN_STEP).toBe(1.5);
    const s = new StrokeInput();
    expect(s.move([10, 10])).toBeNull();
    expect(s.down([0, 0])).toEqual([0, 0]);
    expect(s.move([10, 0])).toEqual([5.5, 0]);
    // 0.55 · 2 = 1.1 px < 1.5: skipped, and the last point stays (5.5, 0)
    expect(s.move([7.5, 0])).toBe('skip');
    expect(s.move([5.5, 20])).toEqual([5.5, 11]);
    expect(s.up([5.5, 12])).toBeNull();
    expect(s.active).toBe(false);
    expect(s.move([50, 50])).toBeNull();
    s.down([0, 0]);
    expect(s.up([3, 4])).toEqual([3, 4]);
    expect(s.up([9, 9])).toBeNull();
  });
});

describe('attachPadInput', () => {
  let off: (() => void) | null = null;
  afterEach(() => {
    off?.();
    off = null;
    document.body.innerHTML = '';
  });

  function setup(useRaw: boolean) {
    const el = document.createElement('div');
    const inner = document.createElement('canvas');
    el.appendChild(inner);
    document.body.appendChild(el);
    el.getBoundingClientRect = () => ({ left: 10, top: 20, right: 290, bottom: 300, width: 280, height: 280, x: 10, y: 20, toJSON: () => ({}) });
    const got: string[] = [];
    const fmt = (p: Point | null) => (p ? `${p[0]},${p[1]}` : 'null');
    off = attachPadInput(el, 280, { down: (e, p) => got.push(`down ${fmt(p)}`), move: (e, p) => got.push(`${e.type} ${fmt(p)}`), up: (e, p) => got.push(`${e.type} ${fmt(p)}`) }, useRaw);
    const fire = (type: string, x: number, y: number, init: MouseEventInit = {}) => inner.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, ...init }));
    return { el, inner, got, fire };
  }

  test('with raw updates: moves come from pointerrawupdate, pointermove is ignored and stopped before the canvas', () => {
    const { inner, got, fire } = setup(true);
    let reachedCanvas = 0;
    inner.addEventListener('pointermove', () => reachedCanvas++);
    inner.addEventListener('pointerrawupdate', () => reachedCanvas++);
    fire('pointerdown', 110, 120);
    fire('pointerrawupdate', 150, 130);
    fire('pointermove', 150, 130);
    fire('pointerrawupdate', 400, -5);
    fire('pointerup', 160, 140);
    expect(got).toEqual(['down 100,100', 'pointerrawupdate 140,110', 'pointerrawupdate 280,0', 'pointerup 150,120']);
    expect(reachedCanvas).toBe(0);
  });

  test('without raw updates: moves come from pointermove', () => {
    const { got, fire } = setup(false);
    fire('pointerdown', 10, 20);
    fire('pointerrawupdate', 50, 50);
    fire('pointermove', 60, 70);
    expect(got).toEqual(['down 0,0', 'pointermove 50,50']);
  });

  test('the box is read at the press only: a move never asks for layout', () => {
    const { el, got, fire } = setup(true);
    let reads = 0;
    const rect = el.getBoundingClientRect();
    el.getBoundingClientRect = () => {
      reads++;
      return rect;
    };
    fire('pointerdown', 20, 30);
    for (let i = 0; i < 10; i++) fire('pointerrawupdate', 20 + i, 30);
    expect(reads).toBe(1);
    expect(got).toHaveLength(11);
  });

  test('the press captures the pointer; a captured move out of the pad ends the stroke at its edge and lets go', () => {
    const el = document.createElement('div');
    document.body.appendChild(el);
    el.getBoundingClientRect = () => ({ left: 10, top: 20, right: 290, bottom: 300, width: 280, height: 280, x: 10, y: 20, toJSON: () => ({}) });
    const captured = new Set<number>();
    el.setPointerCapture = (id) => void captured.add(id);
    el.hasPointerCapture = (id) => captured.has(id);
    el.releasePointerCapture = (id) => void captured.delete(id);
    const got: string[] = [];
    off = attachPadInput(el, 280, { down: (_, p) => got.push(`down ${p}`), move: (_, p) => got.push(`move ${p}`), up: (_, p) => got.push(`up ${p}`) }, true);
    const fire = (type: string, x: number, y: number) => {
      const e = new MouseEvent(type, { clientX: x, clientY: y, bubbles: true });
      Object.defineProperty(e, 'pointerId', { value: 7 });
      el.dispatchEvent(e);
    };
    fire('pointerdown', 110, 120);
    expect(captured.has(7)).toBe(true);
    fire('pointerrawupdate', 150, 130);
    fire('pointerrawupdate', 320, 130);
    expect(captured.has(7)).toBe(false);
    expect(got).toEqual(['down 100,100', 'move 140,110', 'up 280,110']);
  });

  test('leaving the pad ends the stroke; moving between its inner elements does not', () => {
    const { el, inner, got, fire } = setup(true);
    fire('pointerdown', 20, 30);
    const leave = (target: Element, related: Element | null) => target.dispatchEvent(new MouseEvent('pointerleave', { clientX: 12, clientY: 22, relatedTarget: related }));
    leave(inner, el);
    expect(got).toEqual(['down 10,10']);
    leave(inner, document.body);
    expect(got).toEqual(['down 10,10', 'pointerleave 2,2']);
  });
});

test('rawUpdatesSupported: only in a secure context whose window has onpointerrawupdate', () => {
  expect(rawUpdatesSupported({ isSecureContext: true, onpointerrawupdate: null } as unknown as Window)).toBe(true);
  expect(rawUpdatesSupported({ isSecureContext: false, onpointerrawupdate: null } as unknown as Window)).toBe(false);
  expect(rawUpdatesSupported({ isSecureContext: true } as unknown as Window)).toBe(false);
});

describe('PadStrokes', () => {
  afterEach(() => {
    while (Konva.stages.length > 0) Konva.stages[0].destroy();
  });

  test('lines follow the strokes: a grown stroke gets its points, new ones a line, removed ones lose theirs', () => {
    const div = document.createElement('div');
    const stage = new Konva.Stage({ container: div, width: 280, height: 280 });
    const layer = new Konva.Layer({ listening: false });
    stage.add(layer);
    const pad = new PadStrokes(layer);
    const a = { points: [10, 10] };
    expect(pad.sync([a])).toBe(true);
    const line = layer.findOne<Konva.Line>('Line')!;
    expect(line.points()).toEqual(linePoints([10, 10]));
    expect(line.points()).toEqual([10, 10, 10.01, 10]);
    expect(line.strokeWidth()).toBe(18);
    expect(line.tension()).toBe(0.4);
    expect(pad.sync([a])).toBe(false);
    const a2 = { points: [10, 10, 20, 20] };
    const b = { points: [50, 50, 60, 60] };
    expect(pad.sync([a2, b])).toBe(true);
    const lines = layer.find<Konva.Line>('Line');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(line);
    expect(line.points()).toEqual([10, 10, 20, 20]);
    expect(lines[1].points()).toEqual([50, 50, 60, 60]);
    expect(pad.sync([a2])).toBe(true);
    expect(layer.find('Line')).toHaveLength(1);
    expect(pad.sync([])).toBe(true);
    expect(pad.count).toBe(0);
  });
});
