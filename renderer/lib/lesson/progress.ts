// A student's progress through the lesson as plain data: where they are, which steps they did (and when), each
// exercise's current seed and tries, and every answer given. Saved as JSON in local storage (read back with a check
// that names what is wrong), and exported for a teacher as JSON or CSV.
import { EXERCISE_KINDS, EXERCISE_TITLES, type ExerciseKind } from './exercises';
import { isStepId, STEP_IDS, STEPS, type StepId } from './steps';

export const PROGRESS_VERSION = 1;
/** Answers kept (the oldest go first): a class's worth of practice, a few kB of storage. */
export const MAX_ATTEMPTS = 500;

export interface ExerciseProgress {
  /** The seed of the exercise shown now. */
  seed: number;
  /** Answers given to it (wrong and right). */
  tries: number;
  solved: boolean;
}

export interface Attempt {
  kind: ExerciseKind;
  seed: number;
  answer: string;
  correct: boolean;
  /** ISO time. */
  at: string;
}

export interface LessonProgress {
  version: typeof PROGRESS_VERSION;
  open: boolean;
  /** The section the student is on. */
  step: StepId;
  /** The student's name as typed for the export (optional). */
  student: string;
  /** When each step's action was first seen done (ISO time). */
  done: Partial<Record<StepId, string>>;
  exercises: Record<ExerciseKind, ExerciseProgress>;
  attempts: Attempt[];
  /** When this progress began (ISO time). */
  started: string;
}

/** A fresh start; exercise seeds begin at `seed` (each kind its own). */
export function freshProgress(now: string, seed: number): LessonProgress {
  const exercises = Object.fromEntries(EXERCISE_KINDS.map((k, i) => [k, { seed: seed + i * 1000, tries: 0, solved: false }])) as Record<ExerciseKind, ExerciseProgress>;
  return { version: PROGRESS_VERSION, open: false, step: STEP_IDS[0], student: '', done: {}, exercises, attempts: [], started: now };
}

export class ProgressError extends Error {
  constructor(message: string) {
    super(`lesson progress: ${message}`);
    this.name = 'ProgressError';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeed = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** Reads saved progress; throws ProgressError naming the first field that is wrong. */
export function parseProgress(text: string): LessonProgress {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ProgressError(`not JSON (${(e as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new ProgressError(what);
  };
  if (!isObj(raw)) return fail('expected an object');
  if (raw.version !== PROGRESS_VERSION) fail(`version must be ${PROGRESS_VERSION}, got ${JSON.stringify(raw.version)}`);
  if (typeof raw.open !== 'boolean') fail('open must be true or false');
  if (!isStepId(raw.step)) fail(`step must be one of ${STEP_IDS.join(', ')}, got ${JSON.stringify(raw.step)}`);
  if (typeof raw.student !== 'string' || raw.student.length > 200) fail('student must be a name of at most 200 characters');
  if (!isTime(raw.started)) fail('started must be an ISO time');
  if (!isObj(raw.done)) return fail('done must be an object');
  for (const [k, v] of Object.entries(raw.done)) if (!isStepId(k) || !isTime(v)) fail(`done.${k} must be a step id with an ISO time`);
  if (!isObj(raw.exercises)) return fail('exercises must be an object');
  for (const k of EXERCISE_KINDS) {
    const e = raw.exercises[k];
    if (!isObj(e) || !isSeed(e.seed) || !isSeed(e.tries) || typeof e.solved !== 'boolean') fail(`exercises.${k} must be { seed, tries, solved }`);
  }
  if (!Array.isArray(raw.attempts) || raw.attempts.length > MAX_ATTEMPTS) fail(`attempts must be a list of at most ${MAX_ATTEMPTS}`);
  (raw.attempts as unknown[]).forEach((a, i) => {
    if (!isObj(a) || !EXERCISE_KINDS.includes(a.kind as ExerciseKind) || !isSeed(a.seed) || typeof a.answer !== 'string' || typeof a.correct !== 'boolean' || !isTime(a.at)) fail(`attempts[${i}] must be { kind, seed, answer, correct, at }`);
  });
  return raw as unknown as LessonProgress;
}

/** The progress with one more answer recorded (and the exercise's tries and solved updated). */
export function withAttempt(p: LessonProgress, kind: ExerciseKind, answer: string, correct: boolean, at: string): LessonProgress {
  const e = p.exercises[kind];
  const attempts = [...p.attempts, { kind, seed: e.seed, answer, correct, at }].slice(-MAX_ATTEMPTS);
  return { ...p, attempts, exercises: { ...p.exercises, [kind]: { ...e, tries: e.tries + 1, solved: e.solved || correct } } };
}

/** Every kind answered right at least once (ever, not just the exercise shown now). */
export function checkpointPassed(p: LessonProgress): boolean {
  return EXERCISE_KINDS.every((k) => p.exercises[k].solved || p.attempts.some((a) => a.kind === k && a.correct));
}

/** What a teacher gets: the steps done, each exercise kind's tries and first right answer, and every answer given. */
export function progressReport(p: LessonProgress, exportedAt: string) {
  return {
    app: 'CNN Studio',
    lesson: 'CNNs — convolution for images',
    student: p.student,
    started: p.started,
    exported: exportedAt,
    steps: STEPS.map((s) => ({ id: s.id, title: s.title, done: p.done[s.id] ?? null })),
    exercises: EXERCISE_KINDS.map((k) => {
      const mine = p.attempts.filter((a) => a.kind === k);
      return { kind: k, title: EXERCISE_TITLES[k], attempts: mine.length, correct: mine.filter((a) => a.correct).length, firstCorrect: mine.find((a) => a.correct)?.at ?? null };
    }),
    attempts: p.attempts,
  };
}

export function progressJson(p: LessonProgress, exportedAt: string): string {
  return `${JSON.stringify(progressReport(p, exportedAt), null, 2)}\n`;
}

/** A CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused (spreadsheet formulas). */
export function csvField(v: string | number | boolean | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['student', 'record', 'id', 'title', 'seed', 'answer', 'correct', 'at'] as const;

/** One row per step (done or not) and one per answer given. */
export function progressCsv(p: LessonProgress): string {
  const rows: (string | number | boolean | null)[][] = [[...CSV_HEADER]];
  for (const s of STEPS) rows.push([p.student, 'step', s.id, s.title, null, null, p.done[s.id] ? true : false, p.done[s.id] ?? null]);
  for (const a of p.attempts) rows.push([p.student, 'answer', a.kind, EXERCISE_TITLES[a.kind], a.seed, a.answer, a.correct, a.at]);
  return `${rows.map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

/** A file name for the export: lesson-progress[-name]-YYYY-MM-DD.json|csv. */
export function exportName(p: LessonProgress, exportedAt: string, ext: 'json' | 'csv'): string {
  const who = p.student.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `lesson-progress${who ? `-${who}` : ''}-${exportedAt.slice(0, 10)}.${ext}`;
}
