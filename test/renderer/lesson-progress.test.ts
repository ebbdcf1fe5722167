// The lesson's progress: the record (answers, ticks, reading it back with named errors, the JSON and CSV exports), the
// store slice, and LessonActions' local storage (saved on every change, read back at start, an unreadable copy kept
// aside, a failing storage said once), the ticks read from the app's state, reset and the teacher's export.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LESSON_KEY, LessonActions, UNREADABLE_KEY } from '../../renderer/app/lesson';
import type { Controller } from '../../renderer/app/controller';
import { EXERCISE_KINDS } from '../../renderer/lib/lesson/exercises';
import { checkpointPassed, csvField, exportName, freshProgress, MAX_ATTEMPTS, parseProgress, progressCsv, progressJson, progressReport, withAttempt, type LessonProgress } from '../../renderer/lib/lesson/progress';
import { STEP_IDS } from '../../renderer/lib/lesson/steps';
import { resetStore, useStore } from '../../renderer/store';

const T0 = '2026-01-05T10:00:00.000Z';
const T1 = '2026-01-05T10:05:00.000Z';
const s = () => useStore.getState();

/** A Storage kept in a Map; `failWrites` makes setItem throw like a full quota. */
function memoryStorage(init: Record<string, string> = {}, failWrites = false): Storage & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => {
      if (failWrites) throw new Error('QuotaExceededError: the quota has been exceeded');
      data.set(k, v);
    },
  };
}

function fakeController(exportText = vi.fn(async (_t: string, name: string) => ({ ok: true as const, path: name }))): Controller {
  return { host: { kind: 'browser', exportText }, loadTestImage: vi.fn(async () => undefined) } as unknown as Controller;
}

const withAnswers = (p: LessonProgress) => withAttempt(withAttempt(p, 'conv-size', '27', false, T0), 'conv-size', '26', true, T1);

afterEach(() => resetStore());

describe('the progress record', () => {
  it('starts with nothing done, one seed per kind, the rail closed on the first section', () => {
    const p = freshProgress(T0, 10);
    expect(p).toMatchObject({ version: 1, open: false, step: 'flatten', student: '', done: {}, attempts: [], started: T0 });
    expect(EXERCISE_KINDS.map((k) => p.exercises[k].seed)).toEqual([10, 1010, 2010, 3010, 4010]);
  });

  it('records answers (tries, solved) and keeps the last MAX_ATTEMPTS', () => {
    const p = withAnswers(freshProgress(T0, 1));
    expect(p.exercises['conv-size']).toEqual({ seed: 1, tries: 2, solved: true });
    expect(p.attempts).toEqual([
      { kind: 'conv-size', seed: 1, answer: '27', correct: false, at: T0 },
      { kind: 'conv-size', seed: 1, answer: '26', correct: true, at: T1 },
    ]);
    let q = freshProgress(T0, 1);
    for (let i = 0; i < MAX_ATTEMPTS + 5; i++) q = withAttempt(q, 'pool-size', String(i), false, T0);
    expect(q.attempts).toHaveLength(MAX_ATTEMPTS);
    expect(q.attempts[0].answer).toBe('5');
  });

  it('passes the checkpoint once every kind was answered right', () => {
    let p = freshProgress(T0, 1);
    for (const k of EXERCISE_KINDS.slice(0, 4)) p = withAttempt(p, k, 'x', true, T0);
    expect(checkpointPassed(p)).toBe(false);
    p = withAttempt(p, 'sharing', 'a', true, T0);
    expect(checkpointPassed(p)).toBe(true);
  });

  it('reads back what it saved, and names the first wrong field of a bad one', () => {
    const p = { ...withAnswers(freshProgress(T0, 3)), open: true, step: 'pooling' as const, done: { flatten: T0 } };
    expect(parseProgress(JSON.stringify(p))).toEqual(p);
    const bad = (patch: object) => () => parseProgress(JSON.stringify({ ...p, ...patch }));
    expect(() => parseProgress('{oops')).toThrow(/^lesson progress: not JSON/);
    expect(bad({ version: 2 })).toThrow('lesson progress: version must be 1, got 2');
    expect(bad({ step: 'nowhere' })).toThrow(/step must be one of flatten, convolution, .*got "nowhere"/);
    expect(bad({ done: { flatten: 'yesterday' } })).toThrow('done.flatten must be a step id with an ISO time');
    expect(bad({ exercises: { ...p.exercises, params: { seed: -1, tries: 0, solved: false } } })).toThrow('exercises.params must be { seed, tries, solved }');
    expect(bad({ attempts: [{ kind: 'conv-size', seed: 1, answer: 3, correct: true, at: T0 }] })).toThrow('attempts[0] must be { kind, seed, answer, correct, at }');
    expect(() => parseProgress('[]')).toThrow('lesson progress: expected an object');
  });

  it('exports JSON for a teacher: steps with when done, each kind’s tries, every answer', () => {
    const p = { ...withAnswers(freshProgress(T0, 1)), student: 'Ada L.', done: { flatten: T0 } };
    const r = JSON.parse(progressJson(p, T1)) as ReturnType<typeof progressReport>;
    expect(r).toMatchObject({ app: 'CNN Studio', student: 'Ada L.', started: T0, exported: T1 });
    expect(r.steps.map((x) => x.id)).toEqual([...STEP_IDS]);
    expect(r.steps[0]).toEqual({ id: 'flatten', title: 'Why not just flatten the pixels?', done: T0 });
    expect(r.steps[1].done).toBeNull();
    expect(r.exercises[0]).toEqual({ kind: 'conv-size', title: 'Output size of a convolution', attempts: 2, correct: 1, firstCorrect: T1 });
    expect(r.exercises[1]).toMatchObject({ kind: 'pool-size', attempts: 0, firstCorrect: null });
    expect(r.attempts).toHaveLength(2);
  });

  it('exports CSV: a header, a row per step and per answer, fields quoted and formulas defused', () => {
    const p = { ...withAnswers(freshProgress(T0, 1)), student: 'Smith, "Jo"', done: { flatten: T0 } };
    const lines = progressCsv(p).trimEnd().split('\n');
    expect(lines[0]).toBe('student,record,id,title,seed,answer,correct,at');
    expect(lines).toHaveLength(1 + STEP_IDS.length + 2);
    expect(lines[1]).toBe(`"Smith, ""Jo""",step,flatten,Why not just flatten the pixels?,,,true,${T0}`);
    expect(lines[2]).toBe('"Smith, ""Jo""",step,convolution,The convolution layer,,,false,');
    expect(lines[8]).toBe(`"Smith, ""Jo""",answer,conv-size,Output size of a convolution,1,27,false,${T0}`);
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-3')).toBe("'-3");
    expect(csvField(-3)).toBe('-3');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(exportName({ ...p, student: ' Ada Lovelace! ' }, T1, 'csv')).toBe('lesson-progress-ada-lovelace-2026-01-05.csv');
    expect(exportName({ ...p, student: '' }, T1, 'json')).toBe('lesson-progress-2026-01-05.json');
  });
});

describe('the lesson slice', () => {
  it('ticks a step once (the first time stays), gives new exercises, records answers', () => {
    s().markStepDone('stride', T0);
    s().markStepDone('stride', T1);
    expect(s().lesson.done).toEqual({ stride: T0 });
    const seed = s().lesson.exercises.params.seed;
    s().answerExercise('params', 'b', false, T0);
    expect(s().lesson.exercises.params).toEqual({ seed, tries: 1, solved: false });
    s().nextExercise('params');
    expect(s().lesson.exercises.params).toEqual({ seed: seed + 1, tries: 0, solved: false });
    expect(s().lesson.attempts).toHaveLength(1);
  });

  it('mirrors the designer’s animation only when it changes', () => {
    const before = s().designerAnim;
    s().setDesignerAnim({ on: false, playing: false, phase: null });
    expect(s().designerAnim).toBe(before);
    s().setDesignerAnim({ on: true, playing: true, phase: 'conv' });
    expect(s().designerAnim).toEqual({ on: true, playing: true, phase: 'conv' });
  });
});

describe('LessonActions', () => {
  it('starts afresh with nothing saved, saves every change, and reads it back', () => {
    const storage = memoryStorage();
    const a = new LessonActions(fakeController());
    a.start(storage);
    expect(s().lesson.attempts).toEqual([]);
    s().setLesson({ open: true, step: 'pooling', student: 'Ada' });
    a.answer('conv-size', '12', false);
    const saved = parseProgress(storage.data.get(LESSON_KEY)!);
    expect(saved).toMatchObject({ open: true, step: 'pooling', student: 'Ada' });
    expect(saved.attempts[0]).toMatchObject({ kind: 'conv-size', answer: '12', correct: false });
    a.dispose();
    resetStore();
    const b = new LessonActions(fakeController());
    b.start(storage);
    expect(s().lesson).toEqual(saved);
    b.dispose();
  });

  it('keeps an unreadable copy aside, says so, and starts afresh', () => {
    const storage = memoryStorage({ [LESSON_KEY]: '{"version":1,"open":"yes"}' });
    const a = new LessonActions(fakeController());
    a.start(storage);
    expect(storage.data.get(UNREADABLE_KEY)).toBe('{"version":1,"open":"yes"}');
    expect(s().messages.map((m) => m.text)).toEqual([`lesson progress: open must be true or false. The lesson starts afresh; the unreadable copy is kept in local storage as ${UNREADABLE_KEY}.`]);
    expect(s().lesson.attempts).toEqual([]);
    a.dispose();
  });

  it('a storage that refuses to save is said once, and the progress goes on in memory', () => {
    const a = new LessonActions(fakeController());
    a.start(memoryStorage({}, true));
    a.answer('pool-size', '3', true);
    a.answer('pool-size', '4', false);
    expect(s().messages.filter((m) => m.kind === 'error').map((m) => m.text)).toEqual(['Could not save the lesson progress: QuotaExceededError: the quota has been exceeded. It is kept while the studio is open.']);
    expect(s().lesson.attempts).toHaveLength(2);
    a.dispose();
  });

  it('ticks steps from the app’s state, not from a click', () => {
    const a = new LessonActions(fakeController());
    a.start(memoryStorage());
    expect(s().lesson.done).toEqual({});
    s().setDesigner({ stride: 2 });
    expect(Object.keys(s().lesson.done)).toEqual(['stride']);
    // the default Sobel preset is not enough: the sliding filter must be shown
    expect(s().lesson.done.convolution).toBeUndefined();
    s().setDesignerAnim({ on: true, playing: true, phase: 'conv' });
    expect(s().lesson.done.convolution).toBeDefined();
    expect(s().lesson.done.pooling).toBeUndefined();
    s().setDesignerAnim({ on: true, playing: false, phase: 'pool' });
    expect(s().lesson.done.pooling).toBeDefined();
    s().editStack({ type: 'load', spec: { name: 'x', input: [1, 28, 28], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] } });
    expect(s().lesson.done.flatten).toBeDefined();
    for (const k of EXERCISE_KINDS) a.answer(k, 'x', true);
    expect(s().lesson.done.checkpoint).toBeDefined();
    a.dispose();
  });

  it('runs the steps’ actions through the store: stride 2, the typical stack, the mlp, the pooling cue', async () => {
    location.hash = '#/explore';
    const a = new LessonActions(fakeController());
    a.start(memoryStorage());
    await a.run('stride');
    expect(s().designer.stride).toBe(2);
    expect(s().designerCue).toMatchObject({ kind: 'play' });
    expect(s().lesson).toMatchObject({ step: 'stride', open: true });
    await a.run('pooling');
    expect(s().designer).toMatchObject({ pool: true, stride: 1 });
    expect(s().designerCue).toMatchObject({ kind: 'pool' });
    await a.run('stack');
    expect(location.hash).toBe('#/lab');
    expect(s().stack.spec.layers.map((l) => l.type)).toEqual(['conv2d', 'relu', 'conv2d', 'relu', 'maxpool2d', 'flatten', 'dense']);
    expect(s().lesson.done.stack).toBeDefined();
    s().editStack({ type: 'undo' });
    await a.run('flatten');
    expect(s().stack.spec.layers.map((l) => l.type)).toEqual(['flatten', 'dense', 'relu', 'dense']);
    a.dispose();
  });

  it('resets to nothing done and no answers, the rail staying open', () => {
    const a = new LessonActions(fakeController());
    a.start(memoryStorage());
    s().setLesson({ open: true });
    a.answer('sharing', 'a', true);
    s().markStepDone('flatten', T0);
    a.reset();
    expect(s().lesson).toMatchObject({ open: true, done: {}, attempts: [] });
    expect(EXERCISE_KINDS.map((k) => s().lesson.exercises[k].tries)).toEqual([0, 0, 0, 0, 0]);
    a.dispose();
  });

  it('exports through the host: JSON and CSV files named after the student', async () => {
    const exportText = vi.fn(async (_t: string, name: string) => ({ ok: true as const, path: name }));
    const a = new LessonActions(fakeController(exportText));
    a.start(memoryStorage());
    s().setLesson({ student: 'Ada' });
    a.answer('conv-size', '26', true);
    await a.exportProgress('json');
    await a.exportProgress('csv');
    const [[json, jsonName], [csv, csvName]] = exportText.mock.calls;
    expect(jsonName).toMatch(/^lesson-progress-ada-\d{4}-\d\d-\d\d\.json$/);
    expect(JSON.parse(json)).toMatchObject({ student: 'Ada', exercises: [{ kind: 'conv-size', attempts: 1, correct: 1 }, {}, {}, {}, {}] });
    expect(csvName).toMatch(/\.csv$/);
    expect(csv.split('\n')[0]).toBe('student,record,id,title,seed,answer,correct,at');
    expect(s().messages.at(-1)?.text).toBe(`Progress downloaded as ${csvName}.`);
    a.dispose();
  });
});
