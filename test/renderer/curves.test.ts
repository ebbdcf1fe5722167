// Curve helpers: smoothing windows, zoom/pan limits, CSV export.
import { describe, expect, test } from 'vitest';
import type { BatchEvent, EpochEvent } from '../../core/train/trainer';
import { curvesCsv, panView, smooth, zoomView } from '../../renderer/lib/curves';
import { BatchSeries } from '../../renderer/store/training';

const batch = (epoch: number, b: number, loss: number): BatchEvent => ({ type: 'batch', epoch, batch: b, batches: 3, loss, accuracy: 1 - loss / 4, imagesPerSec: 100, imagesPerSecNow: 100, eta: 1 });

describe('curves', () => {
  test('smooth averages windows of N batches, the last one partial', () => {
    expect(smooth([1, 2, 3, 4, 5], 2)).toEqual([
      { x: 2, y: 1.5 },
      { x: 4, y: 3.5 },
      { x: 5, y: 5 },
    ]);
    expect(smooth([4, 2], 1)).toEqual([
      { x: 1, y: 4 },
      { x: 2, y: 2 },
    ]);
    expect(smooth([], 10)).toEqual([]);
  });

  test('zoom narrows around the pointer and never leaves the data', () => {
    const v = zoomView({ x0: 0, x1: 100 }, 0.5, 50, 100);
    expect(v).toEqual({ x0: 25, x1: 75 });
    const edge = zoomView({ x0: 0, x1: 100 }, 0.5, 0, 100);
    expect(edge.x0).toBe(0);
    expect(zoomView(v, 10, 50, 100)).toEqual({ x0: 0, x1: 100 });
    expect(panView(v, 1000, 100)).toEqual({ x0: 50, x1: 100 });
    expect(panView(v, -1000, 100)).toEqual({ x0: 0, x1: 50 });
  });

  test('CSV has a row per batch with test metrics on epoch ends', () => {
    const s = new BatchSeries();
    [2, 1.5, 1].forEach((l, i) => s.push(batch(0, i, l)));
    s.epochEnds.push(3);
    const ep = { testLoss: 0.75, testAccuracy: 0.8 } as EpochEvent;
    const lines = curvesCsv(s, [ep]).trim().split('\n');
    expect(lines[0]).toBe('step,epoch,batch,train_loss,train_accuracy,test_loss,test_accuracy');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('1,1,1,2.000000,0.500000,,');
    expect(lines[3]).toBe('3,1,3,1.000000,0.750000,0.750000,0.800000');
  });
});
