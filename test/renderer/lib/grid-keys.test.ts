// The canvas grids' keyboard: moving between cells with arrows/Home/End, a weight's key steps, read-out positions.
import { describe, expect, test } from 'vitest';
import { cellPosition, gridMove, KEY_STEP, KEY_STEP_LARGE, stepWeight, weightKeyDelta } from '../../../renderer/lib/grid-keys';

describe('gridMove', () => {
  // a 3×3 grid: 0 1 2 / 3 4 5 / 6 7 8
  test.each([
    [4, 'ArrowLeft', 3],
    [4, 'ArrowRight', 5],
    [4, 'ArrowUp', 1],
    [4, 'ArrowDown', 7],
    [3, 'ArrowLeft', 3],
    [5, 'ArrowRight', 5],
    [1, 'ArrowUp', 1],
    [7, 'ArrowDown', 7],
    [4, 'Home', 3],
    [4, 'End', 5],
  ])('3×3 from %i, %s → %i (stays at the edges, no wrapping)', (from, key, to) => {
    expect(gridMove(from, key, 9, 3)).toBe(to);
  });

  test('Ctrl+Home and Ctrl+End go to the first and last cell', () => {
    expect(gridMove(4, 'Home', 9, 3, true)).toBe(0);
    expect(gridMove(4, 'End', 9, 3, true)).toBe(8);
  });

  test('a last row that is not full: 10 maps in 4 columns (0–3, 4–7, 8–9)', () => {
    expect(gridMove(6, 'ArrowDown', 10, 4)).toBe(6);
    expect(gridMove(5, 'ArrowDown', 10, 4)).toBe(9);
    expect(gridMove(9, 'ArrowRight', 10, 4)).toBe(9);
    expect(gridMove(8, 'End', 10, 4)).toBe(9);
  });

  test('other keys are not moves; an index out of range is clamped first; an empty grid has no moves', () => {
    expect(gridMove(0, 'Enter', 9, 3)).toBeNull();
    expect(gridMove(0, 'a', 9, 3)).toBeNull();
    expect(gridMove(-1, 'ArrowRight', 9, 3)).toBe(1);
    expect(gridMove(20, 'ArrowLeft', 9, 3)).toBe(7);
    expect(gridMove(0, 'ArrowRight', 0, 3)).toBeNull();
  });
});

describe('weight keys', () => {
  test('+ = raise and − _ lower by a drag step; PageUp/PageDown by a large step; other keys do nothing', () => {
    expect(weightKeyDelta('+')).toBe(KEY_STEP);
    expect(weightKeyDelta('=')).toBe(KEY_STEP);
    expect(weightKeyDelta('-')).toBe(-KEY_STEP);
    expect(weightKeyDelta('_')).toBe(-KEY_STEP);
    expect(weightKeyDelta('\u2212')).toBe(-KEY_STEP);
    expect(weightKeyDelta('PageUp')).toBe(KEY_STEP_LARGE);
    expect(weightKeyDelta('PageDown')).toBe(-KEY_STEP_LARGE);
    expect(weightKeyDelta('ArrowUp')).toBeNull();
    expect(weightKeyDelta('Enter')).toBeNull();
  });

  test('stepWeight rounds away float noise, clamps to the limit and never gives −0', () => {
    expect(stepWeight(0.1, 0.2, 100)).toBe(0.3);
    expect(stepWeight(0.05, -0.05, 100)).toBe(0);
    expect(Object.is(stepWeight(0.05, -0.05, 100), -0)).toBe(false);
    expect(stepWeight(99.8, 0.5, 100)).toBe(100);
    expect(stepWeight(-99.8, -0.5, 100)).toBe(-100);
  });

  test('cellPosition reads 1-based row and column', () => {
    expect(cellPosition(0, 3)).toBe('row 1, column 1');
    expect(cellPosition(5, 3)).toBe('row 2, column 3');
    expect(cellPosition(9, 4)).toBe('row 3, column 2');
  });
});
