// Store slices: drawing actions, training run bookkeeping, models and runs keyed by id, messages, and reset between tests.
import { afterEach, describe, expect, test } from 'vitest';
import type { Activations } from '../../core/model';
import { preset } from '../../core/presets';
import type { ModelSummary } from '../../core/protocol';
import { inferShapes } from '../../core/spec';
import type { BatchEvent } from '../../core/train/trainer';
import { resetStore, useStore } from '../../renderer/store';
import { currentRun, currentView, modelView, runOf, statusOf } from '../../renderer/store/select';
import { START_CONFIG } from '../../renderer/store/training';

afterEach(() => resetStore());
const s = () => useStore.getState();

/** An untrained model's summary as the session announces it. */
function summary(id: string, name: 'mlp' | 'cnn' = 'mlp'): ModelSummary {
  const spec = preset(name);
  const infos = inferShapes(spec);
  return { id, spec, infos, paramCount: infos.reduce((a, i) => a + i.params, 0), meta: { name, createdAt: '2026-01-01T00:00:00Z', epochs: 0, testAccuracy: null, seed: 1 }, run: null, steps: 0 };
}

const batch = (b: number, batches: number, loss: number): BatchEvent => ({ type: 'batch', epoch: 0, batch: b, batches, loss, accuracy: 0.1, imagesPerSec: 10, imagesPerSecNow: 10, eta: 5 });

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
    s().putModel(summary('m1'));
    s().beginRun('m1');
    expect(statusOf(s(), 'm1')).toBe('starting');
    s().putRun({ id: 'r1', model: 'm1', config: START_CONFIG, state: 'running' });
    expect(statusOf(s(), 'm1')).toBe('running');
    const series = currentRun(s())!.series;
    s().addBatches('r1', [batch(0, 2, 2), { ...batch(1, 2, 1), accuracy: 0.4 }]);
    expect(currentRun(s())!.series).toBe(series);
    expect(series.loss).toEqual([2, 1]);
    expect(currentRun(s())!.batchTick).toBe(2);
    s().addEpoch('r1', { type: 'epoch', epoch: 0, epochs: 1 } as never);
    expect(series.epochEnds).toEqual([2]);
    s().putRun({ id: 'r2', model: 'm1', config: START_CONFIG, state: 'running' });
    expect(currentRun(s())!.series).not.toBe(series);
    expect(currentRun(s())!.series.length).toBe(0);
  });

  test('two models side by side: each has its own activations, weights, run and status', () => {
    s().putModel(summary('m1'));
    s().putModel(summary('m2', 'cnn'));
    expect(s().current).toBe('m1');
    const a1 = { outputs: [], argmax: [], probs: new Float32Array(10) } as unknown as Activations;
    s().setActivations('m2', a1);
    expect(modelView(s(), 'm2')!.activations).toBe(a1);
    expect(currentView(s())!.activations).toBeNull();
    const m1 = modelView(s(), 'm1');
    s().putRun({ id: 'r1', model: 'm2', config: START_CONFIG, state: 'running' });
    s().addBatches('r1', [batch(0, 4, 1)]);
    expect(statusOf(s(), 'm2')).toBe('running');
    expect(statusOf(s(), 'm1')).toBe('idle');
    expect(runOf(s(), 'm1')).toBeNull();
    expect(runOf(s(), 'm2')!.series.length).toBe(1);
    // the other model's view is the same object: a panel selecting it does not re-render
    expect(modelView(s(), 'm1')).toBe(m1);
    s().setCurrent('m2');
    expect(currentView(s())!.summary.spec.name).toBe('cnn');
    expect(currentRun(s())!.id).toBe('r1');
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
    s().putModel(summary('m1'));
    s().putRun({ id: 'r1', model: 'm1', config: START_CONFIG, state: 'running' });
    s().addBatches('r1', [batch(0, 1, 1)]);
    resetStore();
    expect(s().runs).toEqual({});
    expect(s().models).toEqual({});
    expect(currentRun(s())?.lastBatch ?? null).toBeNull();
  });
});
