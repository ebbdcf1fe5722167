// The session's outbox: batch reports leave together, never after the event that follows them.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { BatchReport, SessionEvent } from '../../core/protocol.js';
import { BATCH_POST_MS, batchingPost } from '../../core/session/outbox.js';

const report = (batch: number, run = 'r1'): BatchReport => ({ type: 'batch', run, model: 'm1', epoch: 0, batch, batches: 9, loss: 1, accuracy: 0.5, imagesPerSec: 100, imagesPerSecNow: 100, eta: 1 });

describe('batchingPost', () => {
  let sent: SessionEvent[];
  let post: ReturnType<typeof batchingPost>;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    post = batchingPost((e) => sent.push(e));
  });
  afterEach(() => vi.useRealTimers());

  test('reports wait up to BATCH_POST_MS, then go out as one batches event, oldest first', () => {
    post(report(0));
    post(report(1));
    vi.advanceTimersByTime(BATCH_POST_MS - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ type: 'batches', batches: [report(0), report(1)] }]);
    // the next report starts a new wait
    post(report(2));
    vi.advanceTimersByTime(BATCH_POST_MS);
    expect(sent).toEqual([{ type: 'batches', batches: [report(0), report(1)] }, { type: 'batches', batches: [report(2)] }]);
  });

  test('any other event sends the held reports first, at once, and no empty batches event is ever sent', () => {
    post({ type: 'ready', data: null as never });
    post(report(0));
    post(report(0, 'r2'));
    const state: SessionEvent = { type: 'state', state: 'done', run: 'r1', model: 'm1' };
    post(state);
    expect(sent.map((e) => e.type)).toEqual(['ready', 'batches', 'state']);
    expect(sent[1]).toEqual({ type: 'batches', batches: [report(0), report(0, 'r2')] });
    // and nothing more, later: no empty batches event
    vi.advanceTimersByTime(10 * BATCH_POST_MS);
    expect(sent).toHaveLength(3);
  });
});
