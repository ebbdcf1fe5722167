// The Lab's pure helpers: colours per compared model, the comparison table's CSV, the shift curves and heat-map
// colours, the input shift (core's shiftImage on the preprocessed input) and the arrow keys that move it.
import { describe, expect, test } from 'vitest';
import { shiftImage } from '../../core/data/shift';
import type { ShiftResult } from '../../core/protocol';
import { axisOffsets } from '../../core/train/shift-sweep';
import { assignColors, axisCurves, COMPARE_COLORS, compareCsv, heatColor, offDiagonal, type CompareRow } from '../../renderer/lib/compare';
import { inFormField, shiftedInput, shiftForKey } from '../../renderer/lib/input-shift';

const row = (label: string, fields: Partial<CompareRow> = {}): CompareRow => ({ model: 'm2', label, color: '#fff', status: 'done', params: 101770, macs: 101632, wallSeconds: 12.345, imagesPerSec: 812.4, trainAccuracy: 0.91234, testAccuracy: 0.9, testErrors: 4, ...fields });

describe('compare helpers', () => {
  test('colours: one each in palette order, kept across a new list, cycling past the palette', () => {
    expect(assignColors(['m2', 'm3'])).toEqual([COMPARE_COLORS[0], COMPARE_COLORS[1]]);
    expect(assignColors(['m3', 'm4'], { m3: COMPARE_COLORS[1] })).toEqual([COMPARE_COLORS[1], COMPARE_COLORS[0]]);
    const many = assignColors(Array.from({ length: 8 }, (_, i) => `m${i}`));
    expect(new Set(many.slice(0, COMPARE_COLORS.length)).size).toBe(COMPARE_COLORS.length);
    expect(many[6]).toBe(COMPARE_COLORS[0]);
  });

  test('CSV: a header and one row per model; missing values empty, labels with commas quoted', () => {
    const csv = compareCsv([row('mlp'), row('current: a,b', { wallSeconds: null, imagesPerSec: null, trainAccuracy: null, testAccuracy: 0.9758, testErrors: 242, status: 'shipped' })]);
    expect(csv.split('\n')).toEqual([
      'model,status,params,macs_per_image,wall_seconds,images_per_sec,train_accuracy,test_accuracy,test_errors',
      'mlp,done,101770,101632,12.3,812,0.9123,0.9000,4',
      '"current: a,b",shipped,101770,101632,,,,0.9758,242',
      '',
    ]);
  });

  test('test errors are the confusion matrix off its diagonal', () => {
    expect(offDiagonal([5, 1, 0, 2, 7, 1, 0, 0, 9])).toBe(4);
  });

  test('axis curves: dx with dy = 0 and dy with dx = 0, each sorted, (0, 0) in both', () => {
    const axis = axisOffsets(2).map(([dx, dy]) => ({ dx, dy, accuracy: 1 - 0.1 * (Math.abs(dx) + 2 * Math.abs(dy)) }));
    const r: ShiftResult = { model: 'm2', testSize: 10, maxShift: 2, axis, grid: null, random: null, seconds: 0 };
    const c = axisCurves(r);
    expect(c.dx.map((p) => p.d)).toEqual([-2, -1, 0, 1, 2]);
    expect(c.dy.map((p) => p.accuracy)).toEqual([0.6, 0.8, 1, 0.8, 0.6].map((v) => expect.closeTo(v, 10)));
  });

  test('heat colour: the scale ends, monotone brightness, clamped and NaN-safe', () => {
    expect(heatColor(0)).toBe('rgb(15, 23, 42)');
    expect(heatColor(1)).toBe('rgb(254, 240, 138)');
    expect(heatColor(-1)).toBe(heatColor(0));
    expect(heatColor(2)).toBe(heatColor(1));
    expect(heatColor(Number.NaN)).toBe(heatColor(0));
    const sum = (c: string) => c.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0);
    const steps = Array.from({ length: 21 }, (_, i) => sum(heatColor(i / 20)));
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1] - 30);
    expect(steps[20]).toBeGreaterThan(steps[10]);
  });
});

describe('input shift', () => {
  const input = Float32Array.from({ length: 2 * 4 * 5 }, (_, i) => (i % 7) / 7);

  test('equals core shiftImage of the unshifted input; no shift gives the same array', () => {
    const out = shiftedInput(input, [2, 4, 5], { dx: 2, dy: -1 });
    const expected = new Float32Array(input.length);
    shiftImage(input, expected, 2, 4, 5, 2, -1);
    expect(Array.from(out)).toEqual(Array.from(expected));
    expect(shiftedInput(input, [2, 4, 5], { dx: 0, dy: 0 })).toBe(input);
    // an input made for another size is left alone
    expect(shiftedInput(input, [1, 28, 28], { dx: 1, dy: 0 })).toBe(input);
  });

  test('arrow keys move one pixel; other keys and modifiers do nothing; form fields are recognised', () => {
    const k = (key: string, mods: Partial<KeyboardEvent> = {}) => shiftForKey({ key, altKey: false, ctrlKey: false, metaKey: false, ...mods });
    expect([k('ArrowLeft'), k('ArrowRight'), k('ArrowUp'), k('ArrowDown')]).toEqual([[-1, 0], [1, 0], [0, -1], [0, 1]]);
    expect(k('a')).toBeNull();
    expect(k('ArrowLeft', { altKey: true })).toBeNull();
    expect(k('ArrowLeft', { ctrlKey: true })).toBeNull();
    expect(inFormField(document.createElement('input'))).toBe(true);
    expect(inFormField(document.createElement('select'))).toBe(true);
    expect(inFormField(document.createElement('button'))).toBe(false);
    expect(inFormField(null)).toBe(false);
  });
});
