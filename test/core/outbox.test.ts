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
    post = batchingPost((e) => sent.push(e), BATCH_POST_MS, () => Date.now());
  });
  afterEach(() => vi.useRealTimers());

  test('a report goes at once; the ones within BATCH_POST_MS after it wait and go out as one batches event, oldest first', () => {
    post(report(0));
    expect(sent).toEqual([{ type: 'batches', batches: [report(0)] }]);
    vi.advanceTimersByTime(10);
    post(report(1));
    post(report(2));
    vi.advanceTimersByTime(BATCH_POST_MS - 11);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ type: 'batches', batches: [report(0)] }, { type: 'batches', batches: [report(1), report(2)] }]);
    // the next report waits for BATCH_POST_MS after that event; one after a longer pause goes at once again
    post(report(3));
    vi.advanceTimersByTime(BATCH_POST_MS - 1);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent[2]).toEqual({ type: 'batches', batches: [report(3)] });
    vi.advanceTimersByTime(5 * BATCH_POST_MS);
    post(report(4));
    expect(sent[3]).toEqual({ type: 'batches', batches: [report(4)] });
    expect(sent).toHaveLength(4);
  });

  test('any other event sends the held reports first, at once, and no empty batches event is ever sent', () => {
    post({ type: 'ready', data: null as never });
    post(report(0));
    post(report(1));
    post(report(0, 'r2'));
    const state: SessionEvent = { type: 'state', state: 'done', run: 'r1', model: 'm1' };
    post(state);
    expect(sent.map((e) => e.type)).toEqual(['ready', 'batches', 'batches', 'state']);
    expect(sent[2]).toEqual({ type: 'batches', batches: [report(1), report(0, 'r2')] });
    // and nothing more, later: no empty batches event
    vi.advanceTimersByTime(10 * BATCH_POST_MS);
    expect(sent).toHaveLength(4);
  });
});
