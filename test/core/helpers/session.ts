// A TrainingSession per test over a small synthetic data set, and the calls the session tests make on it
// (session.test.ts, session-training.test.ts). `events` and `session` are live: each test gets fresh ones.
import { beforeEach, expect } from 'vitest';
import type { DataSplits, Dataset } from '../../../core/data/mnist.js';
import type { SessionEvent } from '../../../core/protocol.js';
import { Rng } from '../../../core/rng.js';
import { TrainingSession, type SessionOptions } from '../../../core/session/session.js';

export function digits(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const images = Uint8Array.from({ length: count * 784 }, () => rng.int(256));
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images, labels, count, channels: 1, rows: 28, cols: 28, classes: 10 };
}
export const data: DataSplits = { train: digits(64, 1), test: digits(20, 2) };

export let events: SessionEvent[];
export let session: TrainingSession;
let nextId = 1000;

/** A fresh session for every test of the calling file (call at its top level). */
export function setupSession(): void {
  beforeEach(() => restartSession());
}

/** Replaces the session with a new one (with `opts`, e.g. replica threads) and a fresh event list. */
export async function restartSession(opts: Partial<SessionOptions> = {}): Promise<void> {
  events = [];
  session = new TrainingSession({ loadData: async () => data, post: (e) => events.push(e), ...opts });
  await session.init();
}

/**
 * Sends one command and returns the events it posted synchronously, but for batch reports that its events sent ahead
 * of themselves (a `batches` event goes out before any other: core/session/outbox.ts; they stay in `events`).
 */
export function send(cmd: unknown): SessionEvent[] {
  const start = events.length;
  session.handle(cmd);
  return events.slice(start).filter((e) => e.type !== 'batches');
}

/** Sends a request (a fresh id unless it has one) and returns its one answer. */
export function ask(cmd: Record<string, unknown>): SessionEvent {
  const out = send({ id: nextId++, ...cmd });
  expect(out).toHaveLength(1);
  return out[0];
}

export function weights(model = 'm1'): number[][] {
  const e = ask({ type: 'weights:get', model });
  if (e.type !== 'weights') throw new Error(`expected weights, got ${e.type}`);
  return e.weights.map((w) => Array.from(w.data));
}

export function currentSpec(model = 'm1'): unknown {
  const e = ask({ type: 'model:save', model });
  if (e.type !== 'model:file') throw new Error(`expected model:file, got ${e.type}`);
  return JSON.parse(e.text).spec;
}

export async function until(pred: (e: SessionEvent) => boolean, timeoutMs = 20_000): Promise<SessionEvent> {
  const t0 = Date.now();
  for (;;) {
    const hit = events.find(pred);
    if (hit) return hit;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out; events: ${events.map((e) => e.type).join(',')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts training `model`; returns the run id. */
export function startRun(model: string, config: Record<string, unknown>): string {
  const e = ask({ type: 'train:start', model, config });
  if (e.type !== 'run') throw new Error(`expected run, got ${e.type}: ${e.type === 'error' ? e.message : ''}`);
  return e.run.id;
}
