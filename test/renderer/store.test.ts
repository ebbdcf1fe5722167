// Store slices: drawing actions, training run bookkeeping, messages, and reset between tests.
import { afterEach, describe, expect, test } from 'vitest';
import { resetStore, useStore } from '../../renderer/store';

afterEach(() => resetStore());
const s = () => useStore.getState();

describe('store', () => {
  test('strokes: begin, extend, undo, clear', () => {
    s().beginStroke(1, 2);
    s().extendStroke(3, 4);
    s().beginStroke(5, 6);
    expect(s().strokes.map((x) => x.points)).toEqual([[1, 2, 3, 4], [5, 6]]);
    s().undoStroke();
    expect(s().strokes).toHaveLength(1);
    s().setInput(new Float32Array(784).fill(1), { kind: 'test', index: 3, label: 5 });
    s().clearDrawing();
    expect(s().strokes).toEqual([]);
    expect(s().source).toEqual({ kind: 'drawing' });
    expect(s().input.every((v) => v === 0)).toBe(true);
  });

  test('a run records batches in place without replacing the series, epochs by value', () => {
    s().beginRun();
    const series = s().series;
    s().addBatch({ type: 'batch', epoch: 0, batch: 0, batches: 2, loss: 2, accuracy: 0.1, imagesPerSec: 10, eta: 5 });
    s().addBatch({ type: 'batch', epoch: 0, batch: 1, batches: 2, loss: 1, accuracy: 0.4, imagesPerSec: 10, eta: 4 });
    expect(s().series).toBe(series);
    expect(series.loss).toEqual([2, 1]);
    expect(s().batchTick).toBe(2);
    s().addEpoch({ type: 'epoch', epoch: 0, epochs: 1 } as never);
    expect(series.epochEnds).toEqual([2]);
    s().beginRun();
    expect(s().series).not.toBe(series);
    expect(s().series.length).toBe(0);
  });

  test('messages: repeated text is shown once; dismiss removes it', () => {
    s().showError('boom');
    s().showError('boom');
    s().showInfo('ok');
    expect(s().messages.map((m) => m.text)).toEqual(['boom', 'ok']);
    s().dismiss(s().messages[0].id);
    expect(s().messages.map((m) => m.text)).toEqual(['ok']);
  });

  test('resetStore gives a fresh series and empty state', () => {
    s().addBatch({ type: 'batch', epoch: 0, batch: 0, batches: 1, loss: 1, accuracy: 1, imagesPerSec: 1, eta: 0 });
    resetStore();
    expect(s().series.length).toBe(0);
    expect(s().lastBatch).toBeNull();
  });
});
