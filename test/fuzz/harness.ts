// The fuzz harness: targets generate seeded cases (plain JSON, encode.ts) and run them; each outcome is classified
// (clean error / correct accept / wrong accept / wrong reject / other exception / hang / memory) and counted per target.
import { CoreError } from '../../core/assert.js';
import { Rng } from '../../core/rng.js';
import { decode, type Json } from './encode.js';
import type { Verdict } from './reference.js';

export const OUTCOMES = ['clean error', 'correct accept', 'wrong accept', 'wrong reject', 'other exception', 'hang', 'memory'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** The classes the goal wants at 0. */
export const FAILURES: readonly Outcome[] = ['wrong accept', 'wrong reject', 'other exception', 'hang', 'memory'];

/** Appended in order (a target's seeds depend on its index). A `.gz` IDX target is one more name here and in targets.ts. */
export const TARGETS = ['model-file', 'idx', 'session', 'spec', 'onnx', 'idx-gz'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface FuzzCase {
  target: TargetName;
  /** Which generator or mutation made it (e.g. "meta.createdAt=string"), for reading a failure. */
  kind: string;
  input: Json;
}

export interface Judged {
  outcome: Outcome;
  detail: string;
  /** Milliseconds the code under test took, when the target measures it (else the whole case, oracle included). */
  ms?: number;
}

export interface Target {
  name: TargetName;
  /** The row label in the table. */
  label: string;
  generate(rng: Rng): FuzzCase;
  /** Runs a decoded case; never rejects (anything unexpected is judged 'other exception'). */
  run(input: unknown): Promise<Judged>;
}

/** Error messages that come from the JavaScript engine rather than from a check (a crash dressed as an answer). */
export const RAW_ERROR = /Cannot read prop|Cannot set prop|is not a function|is not iterable|is not defined|of undefined|of null|Maximum call stack|Invalid typed array length|Invalid array length|Array buffer allocation failed|Do not know how to serialize|circular structure|Cannot convert|out of bounds|divide by zero|unreachable|Invalid string length|Cannot create property/;

/** Judges a refusal or an acceptance against the reference's verdict. `prefix`: how a clean message of this target starts. */
export function judge(verdict: Verdict, result: { error: unknown } | { accepted: true; problem?: string }, prefix: RegExp): Judged {
  if ('error' in result) {
    const e = result.error;
    const message = e instanceof Error ? e.message : String(e);
    if (!(e instanceof CoreError) || RAW_ERROR.test(message)) return { outcome: 'other exception', detail: `${e instanceof Error ? e.name : typeof e}: ${message.slice(0, 200)}` };
    if (!prefix.test(message)) return { outcome: 'other exception', detail: `message does not say where: ${message.slice(0, 200)}` };
    if (verdict.ok) return { outcome: 'wrong reject', detail: message.slice(0, 200) };
    return { outcome: 'clean error', detail: message.slice(0, 120) };
  }
  if (!verdict.ok) return { outcome: 'wrong accept', detail: `accepted, but ${verdict.why}` };
  if (result.problem) return { outcome: 'wrong accept', detail: result.problem };
  return { outcome: 'correct accept', detail: '' };
}

export interface Measured extends Judged {
  ms: number;
  /** Growth of the process's memory (rss) while the case ran, in bytes. */
  memory: number;
}

export const HANG_MS = 2000;
export const MEMORY_BYTES = 1024 ** 3;

/** Runs one case in this process, timing it and watching memory; hangs and memory past the limits are classified. */
export async function runCase(target: Target, c: FuzzCase, limits: { hangMs: number; memoryBytes: number } = { hangMs: HANG_MS, memoryBytes: MEMORY_BYTES }): Promise<Measured> {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let judged: Judged;
  try {
    judged = await target.run(decode(c.input));
  } catch (e) {
    judged = { outcome: 'other exception', detail: `thrown by the harness: ${(e as Error).message}` };
  }
  const ms = judged.ms ?? performance.now() - t0;
  const memory = process.memoryUsage().rss - rss0;
  if (ms > limits.hangMs) judged = { outcome: 'hang', detail: `${Math.round(ms)} ms (${judged.outcome}: ${judged.detail.slice(0, 80)})` };
  else if (memory > limits.memoryBytes) judged = { outcome: 'memory', detail: `${(memory / 1024 ** 3).toFixed(2)} GB (${judged.outcome})` };
  return { ...judged, ms, memory };
}

/** The seeded cases of one target: case i of seed s is always the same. */
export function generateCases(target: Target, seed: number, count: number): FuzzCase[] {
  const rng = new Rng(seed * 7919 + TARGETS.indexOf(target.name));
  return Array.from({ length: count }, () => target.generate(rng));
}

export type Counts = Record<Outcome, number>;
export const emptyCounts = (): Counts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Counts;

/** The counts as a Markdown table, one row per target (as in issue #17). */
export function formatTable(rows: { label: string; counts: Counts }[]): string {
  const head = ['target', 'cases', 'clean error', 'correct accept', 'wrong accept', 'wrong reject', 'other exception', 'hang > 2 s', 'memory > 1 GB'];
  const fmt = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');
  const lines = [`| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '---:').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.label} | ${fmt(OUTCOMES.reduce((a, o) => a + r.counts[o], 0))} | ${OUTCOMES.map((o) => fmt(r.counts[o])).join(' | ')} |`);
  return lines.join('\n');
}

/** Picks one of `items`. */
export const pick = <V>(rng: Rng, items: readonly V[]): V => items[rng.int(items.length)];
