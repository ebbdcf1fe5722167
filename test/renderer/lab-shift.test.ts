// Shifting the drawing: the store's shift (nudged, clamped, reset) and the controller applying it to the network input
// after preprocessing, for a drawing and for a test digit: the shifted input is core's shiftImage of the unshifted one.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { shiftImage } from '../../core/data/shift';
import type { Controller } from '../../renderer/app/controller';
import { resetStore, useStore } from '../../renderer/store';
import { MAX_INPUT_SHIFT } from '../../renderer/store/drawing';
import { currentView } from '../../renderer/store/select';
import { startController } from './helpers/session-host';

const s = () => useStore.getState();
let controller: Controller;

beforeEach(async () => {
  resetStore();
  ({ controller } = await startController());
});

afterEach(() => {
  controller.dispose();
  resetStore();
});

const shifted = (input: Float32Array, dx: number, dy: number) => {
  const out = new Float32Array(input.length);
  shiftImage(input, out, 1, 28, 28, dx, dy);
  return Array.from(out);
};

describe('input shift', () => {
  test('nudges add up, clamp at the limit and reset', () => {
    s().nudgeShift(1, 0);
    s().nudgeShift(1, -1);
    expect(s().shift).toEqual({ dx: 2, dy: -1 });
    for (let i = 0; i < 20; i++) s().nudgeShift(-1, 0);
    expect(s().shift.dx).toBe(-MAX_INPUT_SHIFT);
    const before = s().shift;
    s().nudgeShift(-1, 0);
    expect(s().shift).toBe(before);
    s().resetShift();
    expect(s().shift).toEqual({ dx: 0, dy: 0 });
  });

  test('a drawing: the shifted input is shiftImage of the unshifted one, and the prediction follows it', async () => {
    s().beginStroke(140, 40);
    s().extendStroke(140, 240);
    s().endStroke();
    await vi.waitFor(() => expect(s().input.some((v) => v > 0)).toBe(true));
    const plain = s().input;
    const probs = currentView(s())!.activations!.probs.slice();
    s().nudgeShift(3, 0);
    s().nudgeShift(0, -2);
    await vi.waitFor(() => expect(s().input).not.toBe(plain));
    await vi.waitFor(() => expect(Array.from(s().input)).toEqual(shifted(plain, 3, -2)));
    expect(Array.from(currentView(s())!.activations!.probs)).not.toEqual(Array.from(probs));
    s().resetShift();
    await vi.waitFor(() => expect(Array.from(s().input)).toEqual(Array.from(plain)));
  });

  test('a test digit is shifted too, and a new one arrives shifted', async () => {
    await controller.loadTestImage(3);
    const plain = s().input;
    expect(s().source).toMatchObject({ kind: 'test', index: 3 });
    s().nudgeShift(-4, 1);
    expect(Array.from(s().input)).toEqual(shifted(plain, -4, 1));
    expect(s().source).toMatchObject({ kind: 'test', index: 3 });
    await controller.loadTestImage(3);
    expect(Array.from(s().input)).toEqual(shifted(plain, -4, 1));
  });
});
