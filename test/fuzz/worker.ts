// A fuzz worker thread (scripts/fuzz.ts starts one per target, and a new one after a case kills it): runs cases
// `start` onward of one target and seed, saying before each case which one it starts, so the main thread can tell
// which case hung or ran out of memory.
import { parentPort, workerData } from 'node:worker_threads';
import { useFastestBackendSync } from '../../core/kernels/index.js';
import { generateCases, runCase, type TargetName } from './harness.js';
import { TARGET_LIST } from './targets.js';

export interface WorkerInput {
  target: TargetName;
  seed: number;
  count: number;
  start: number;
}
export type WorkerMessage = { type: 'start'; i: number } | { type: 'done'; i: number; outcome: string; detail: string; ms: number; memory: number };

const { target, seed, count, start } = workerData as WorkerInput;
useFastestBackendSync();
const t = TARGET_LIST[target];
const cases = generateCases(t, seed, count);
for (let i = start; i < count; i++) {
  parentPort!.postMessage({ type: 'start', i } satisfies WorkerMessage);
  const r = await runCase(t, cases[i]);
  parentPort!.postMessage({ type: 'done', i, outcome: r.outcome, detail: r.detail, ms: r.ms, memory: r.memory } satisfies WorkerMessage);
}
process.exit(0);
