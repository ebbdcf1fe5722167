// The frame-rate benchmark's statistics (bench/anim-fps-lib.ts): frames per whole second from rAF timestamps, missed
// vsyncs, main-thread time per frame from the DevTools metrics, and the table.
import { describe, expect, test } from 'vitest';
import { formatFpsTable, framesPerSecond, summarizeFps, type MainThreadMetrics } from '../../bench/anim-fps-lib';

const F = 1000 / 60;
const zero: MainThreadMetrics = { TaskDuration: 0, ScriptDuration: 0, LayoutDuration: 0, RecalcStyleDuration: 0 };

describe('bench/anim-fps-lib', () => {
  test('a frame at every vsync for 3 s: 60 frames in each whole second, none missed', () => {
    const ts = Array.from({ length: 181 }, (_, i) => (i * 1000) / 60);
    expect(framesPerSecond(ts)).toEqual([60, 60, 60]);
    const r = summarizeFps({ place: 'designer', k: 3, speed: 60, scenario: 'idle' }, ts, zero, { ...zero, TaskDuration: 0.36, LayoutDuration: 0.018 }, { longFrames: 0, steps: 180, loadBefore: [1, 1, 1], loadAfter: [1, 1, 1], batches: null });
    expect(r).toMatchObject({ medianFps: 60, minFps: 60, missed: 0, stepsPerSecond: 60, batchesPerSecond: null });
    expect(r.mainPerFrame.task).toBeCloseTo(2, 6); // 360 ms over 180 frames
    expect(r.mainPerFrame.layout).toBeCloseTo(0.1, 6);
  });

  test('every 4th vsync missed in the second second: 45 frames there, the missed intervals counted', () => {
    const ts: number[] = [];
    for (let i = 0; i <= 180; i++) if (!(i >= 60 && i < 120 && i % 4 === 0)) ts.push((i * 1000) / 60);
    expect(framesPerSecond(ts)).toEqual([60, 45, 60]);
    const r = summarizeFps({ place: 'map', k: 7, speed: 8, scenario: 'training' }, ts, zero, zero, { longFrames: 1, steps: 24, loadBefore: [2, 2, 2], loadAfter: [2, 2, 2], batches: 300 });
    expect(r).toMatchObject({ medianFps: 60, minFps: 45, missed: 15, batchesPerSecond: 100 });
    expect(r.interval.max).toBeCloseTo(2 * F, 6);
    expect(formatFpsTable({ cpus: 2, chromium: '153' }, { rafMs: F, stillMs: 0.5 }, [r])).toContain('| map | 7 | 8 | training | 60 / 45 |');
  });
});
