// The checkpoint's exercise generator and checker: every answer against core's shape arithmetic (inferShapes, a
// different path from the generator's outSize/resolvePads) and a brute-force count of window positions on thousands
// of seeds; exactly one correct answer per exercise; the vertical-edge answer against a hand-written convolution; the
// checker's reading of answers; determinism.
import { describe, expect, it } from 'vitest';
import { inferShapes, resolvePads, type Padding } from '../../core/spec';
import { convFormula } from '../../renderer/lib/filters/designer';
import { testImage } from '../../renderer/lib/filters/test-images';
import { checkAnswer, EXERCISE_KINDS, generateExercise, type Exercise, type ExerciseKind } from '../../renderer/lib/lesson/exercises';
import type { LiveNumbers } from '../../renderer/lib/lesson/exercises';

const CASES = 3000;
const seeds = Array.from({ length: CASES }, (_, i) => i);

/** Window positions along one axis, counted one by one: top-left corners from −before while the window fits. */
function positions(w: number, k: number, stride: number, before: number, after: number): number {
  let n = 0;
  for (let x = -before; x + k <= w + after; x += stride) n++;
  return n;
}

/** The number of answers, among a spread of candidates, the checker accepts. */
function acceptedCount(ex: Exercise): number {
  if (ex.answer.type === 'choice') return ex.choices.filter((c) => checkAnswer(ex, c.id).correct).length;
  const v = ex.answer.value;
  return Array.from({ length: 201 }, (_, i) => v - 100 + i).filter((c) => checkAnswer(ex, String(c)).correct).length;
}

describe('conv-size exercises', () => {
  it(`match core's inferShapes and a count of window positions on ${CASES} seeds ('same' and every stride included)`, () => {
    const seen = { same: 0, strides: new Set<number>(), kernels: new Set<number>() };
    for (const seed of seeds) {
      const ex = generateExercise('conv-size', seed);
      const { W, K, S, P } = ex.given as { W: number; K: number; S: number; P: Padding };
      const info = inferShapes({ name: 't', input: [1, W, W], layers: [{ type: 'conv2d', filters: 1, kernel: K, stride: S, padding: P }] })[0];
      expect(ex.answer).toEqual({ type: 'number', value: info.outShape[2] });
      expect(info.outShape[1]).toBe(info.outShape[2]);
      const pads = resolvePads(W, W, K, S, P);
      expect(positions(W, K, S, pads.left, pads.right)).toBe(info.outShape[2]);
      if (P === 'same') {
        seen.same++;
        expect(info.outShape[2]).toBe(Math.ceil(W / S));
      }
      seen.strides.add(S);
      seen.kernels.add(K);
      // the worked solution is the designer's own formula line
      expect(ex.solution).toContain(`${convFormula(W, K, S, pads.left, pads.right).numeric}.`);
    }
    expect(seen.same).toBeGreaterThan(CASES / 10);
    expect([...seen.strides].sort()).toEqual([1, 2, 3]);
    expect([...seen.kernels].sort()).toEqual([1, 2, 3, 5, 7]);
  });
});

describe('pool-size exercises', () => {
  it(`match core's maxpool2d shapes and a count of window positions on ${CASES} seeds`, () => {
    for (const seed of seeds) {
      const ex = generateExercise('pool-size', seed);
      const { W, F, S } = ex.given as { W: number; F: number; S: number };
      const info = inferShapes({ name: 't', input: [3, W, W], layers: [{ type: 'maxpool2d', size: F, stride: S }] })[0];
      expect(ex.answer).toEqual({ type: 'number', value: info.outShape[2] });
      expect(info.outShape[0]).toBe(3);
      expect(positions(W, F, S, 0, 0)).toBe(info.outShape[2]);
    }
  });
});

describe('params exercises', () => {
  it(`the one right pair is core's conv parameters and paramsWithoutSharing, on ${CASES} seeds`, () => {
    for (const seed of seeds) {
      const ex = generateExercise('params', seed);
      const { C, H, F, K, P } = ex.given as { C: number; H: number; F: number; K: number; P: Padding };
      const info = inferShapes({ name: 't', input: [C, H, H], layers: [{ type: 'conv2d', filters: F, kernel: K, padding: P }] })[0];
      expect(info.params).toBe(F * (C * K * K + 1));
      const outputs = info.outShape.reduce((a, b) => a * b, 1);
      expect(info.paramsWithoutSharing).toBe(C * H * H * outputs + outputs);
      expect(ex.choices).toHaveLength(4);
      const right = ex.choices.filter((c) => c.label === `conv ${info.params.toLocaleString('en-US')} · dense ${info.paramsWithoutSharing!.toLocaleString('en-US')}`);
      expect(right).toHaveLength(1);
      expect(ex.answer).toEqual({ type: 'choice', id: right[0].id });
    }
  });
});

/** A hand-written valid convolution (no padding, stride 1) and the sum of |output|. */
function naiveResponse(image: Float32Array, side: number, k: number, w: readonly number[]): number {
  let sum = 0;
  for (let y = 0; y + k <= side; y++) {
    for (let x = 0; x + k <= side; x++) {
      let v = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) v += image[(y + i) * side + x + j] * w[i * k + j];
      sum += Math.abs(v);
    }
  }
  return sum;
}

describe('vertical-filter exercises', () => {
  const vertical = testImage('vertical', 28);
  it('the answer is the filter a hand-written convolution finds responding to the vertical line; the other is its transpose', () => {
    const families = new Set<string>();
    for (const seed of seeds.slice(0, 500)) {
      const ex = generateExercise('vertical-filter', seed);
      expect(ex.grids).toHaveLength(2);
      const [a, b] = ex.grids;
      const sums = [a, b].map((g) => naiveResponse(vertical, 28, g.k, g.weights));
      const best = sums[0] > sums[1] ? 'a' : 'b';
      expect(Math.min(...sums)).toBeLessThan(1e-3);
      expect(Math.max(...sums)).toBeGreaterThan(50);
      expect(ex.answer).toEqual({ type: 'choice', id: best });
      expect(ex.given.sumA as number).toBeCloseTo(sums[0], 1);
      const k = a.k;
      expect(b.weights).toEqual(Array.from({ length: k * k }, (_, i) => a.weights[(i % k) * k + Math.floor(i / k)]));
      families.add(`${ex.given.family}/${k}`);
    }
    expect([...families].sort()).toEqual(['prewitt-x/3', 'prewitt-x/5', 'scharr-x/3', 'sobel-x/3', 'sobel-x/5']);
  });
});

describe('sharing exercises', () => {
  const live: LiveNumbers = { source: 'the shipped models', cnnParams: 55594, mlpParams: 101770, shift: { k: 3, cnn: 0.85, mlp: 0.6 }, firstConv: { params: 416, withoutSharing: 9_847_552 } };
  it('one statement is right (the same filter everywhere: few weights, found anywhere); the solution quotes the live numbers', () => {
    for (const seed of seeds.slice(0, 300)) {
      const ex = generateExercise('sharing', seed, live);
      expect(ex.choices).toHaveLength(4);
      expect(new Set(ex.choices.map((c) => c.label)).size).toBe(4);
      const right = ex.choices.find((c) => ex.answer.type === 'choice' && c.id === ex.answer.id)!;
      expect(right.label).toMatch(/^One small filter is used at every position/);
    }
    const text = generateExercise('sharing', 1, live).solution.join(' ');
    expect(text).toContain('cnn 55,594 parameters, mlp 101,770');
    expect(text).toContain('cnn 85.0 %, mlp 60.0 %');
    expect(text).toContain('416 parameters');
    expect(generateExercise('sharing', 1, null).solution.join(' ')).toContain('The shift test');
  });
});

describe('every exercise', () => {
  it('has exactly one correct answer, and the same seed makes the same exercise', () => {
    for (const kind of EXERCISE_KINDS) {
      for (const seed of seeds.slice(0, 400)) {
        const ex = generateExercise(kind, seed);
        expect(acceptedCount(ex), `${kind} seed ${seed}`).toBe(1);
        if (ex.answer.type === 'choice') expect(new Set(ex.choices.map((c) => c.id)).size).toBe(ex.choices.length);
        expect(ex.solution.length).toBeGreaterThan(1);
      }
      expect(generateExercise(kind, 42)).toEqual(generateExercise(kind, 42));
      const prompts = new Set(seeds.slice(0, 50).map((s) => JSON.stringify(generateExercise(kind, s).given) + generateExercise(kind, s).choices.map((c) => c.label).join()));
      expect(prompts.size, `${kind}: seeds give different exercises`).toBeGreaterThan(kind === 'sharing' ? 5 : 10);
    }
  });

  it('refuses a bad seed, naming it', () => {
    expect(() => generateExercise('conv-size', -1)).toThrow(/seed must be a whole number ≥ 0, got -1/);
    expect(() => generateExercise('conv-size', 1.5)).toThrow(/got 1.5/);
    expect(() => generateExercise('nope' as ExerciseKind, 1)).toThrow(/unknown kind nope/);
  });
});

describe('checkAnswer', () => {
  const ex = generateExercise('conv-size', 7);
  const v = ex.answer.type === 'number' ? ex.answer.value : NaN;
  it('reads a whole number (spaces around it allowed); anything else is not a try', () => {
    expect(checkAnswer(ex, ` ${v} `)).toEqual({ valid: true, correct: true, message: `Right: ${v}.` });
    expect(checkAnswer(ex, String(v + 1))).toMatchObject({ valid: true, correct: false, message: `Not ${v + 1}. Look at the worked solution, then try a new one.` });
    expect(checkAnswer(ex, '')).toMatchObject({ valid: false, correct: false, message: 'Type your answer as a whole number first.' });
    expect(checkAnswer(ex, '2.5')).toMatchObject({ valid: false, message: '“2.5” is not a whole number: type one, e.g. 26.' });
    expect(checkAnswer(ex, 'twelve')).toMatchObject({ valid: false });
  });

  it('takes a choice by its id; an unknown id is not a try', () => {
    const c = generateExercise('vertical-filter', 3);
    const id = c.answer.type === 'choice' ? c.answer.id : '';
    const other = id === 'a' ? 'b' : 'a';
    expect(checkAnswer(c, id)).toMatchObject({ valid: true, correct: true, message: `Right: ${id.toUpperCase()}.` });
    expect(checkAnswer(c, other)).toMatchObject({ valid: true, correct: false });
    expect(checkAnswer(c, 'z')).toEqual({ valid: false, correct: false, message: 'Pick one of the answers first.' });
  });
});
