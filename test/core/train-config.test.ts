// TrainConfig (core/train/config.ts): validateConfig's per-field checks and messages, and learningRateAt's schedules.
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, learningRateAt, RECIPE_NAMES, RECIPES, validateConfig, type TrainConfig } from '../../core/train/config.js';

describe('validateConfig', () => {
  test.each([
    [{ lr: -0.1 }, /^config\.lr: must be between 0\.000001 and 10, got -0\.1$|^config\.lr: must be between 1e-6 and 10, got -0\.1$/],
    [{ batchSize: 0 }, /^config\.batchSize: must be between 1 and 1024, got 0$/],
    [{ epochs: 1e9 }, /^config\.epochs: must be between 1 and 100, got 1000000000$/],
    [{ epochs: 2.5 }, /^config\.epochs: must be a whole number, got 2\.5$/],
    [{ lr: '0.1' }, /^config\.lr: must be a number, got "0\.1"$/],
    [{ lr: Number.NaN }, /^config\.lr: must be a number, got NaN$/],
    [{ constructor: 5 }, /^config: unknown field "constructor"$/],
    [JSON.parse('{"__proto__": {"lr": 5}}'), /^config: unknown field "__proto__"$/],
    [{ toString: 1 }, /^config: unknown field "toString"$/],
    [{ optimizer: 'rmsprop' }, /^config\.optimizer: must be "sgd" or "adam", got "rmsprop"$/],
    [{ learningRate: 0.1 }, /^config: unknown field "learningRate"$/],
    [{ schedule: 'cosine' }, /^config\.schedule: must be "warmup-linear" or "exponential", got "cosine"$/],
    [{ schedule: 1 }, /^config\.schedule: must be "warmup-linear" or "exponential", got 1$/],
    [{ trainSize: 60001 }, /^config\.trainSize: must be between 1 and 60000/],
    [{ lrDecay: 0 }, /^config\.lrDecay: must be between 0\.01 and 1/],
    [{ labelSmoothing: 1 }, /^config\.labelSmoothing: must be at least 0 and below 1, got 1$/],
    [{ labelSmoothing: -0.1 }, /^config\.labelSmoothing: must be at least 0 and below 1/],
    [{ momentum: 1 }, /^config\.momentum: must be between 0 and 0\.999/],
    [{ seed: -1 }, /^config\.seed: must be between 0 and 2147483647/],
    [{ beta1: 1 }, /^config\.beta1: must be at least 0 and below 1, got 1$/],
    [{ beta2: -0.1 }, /^config\.beta2: must be at least 0 and below 1, got -0\.1$/],
    [{ eps: 0 }, /^config\.eps: must be above 0 and at most 1, got 0$/],
    [{ eps: Number.POSITIVE_INFINITY }, /^config\.eps: must be a number/],
    [null, /^config: expected an object$/],
    [[1, 2], /^config: expected an object$/],
  ])('rejects %j', (input, message) => {
    expect(() => validateConfig(input)).toThrow(message);
  });

  test('merges a valid partial config over the base', () => {
    expect(validateConfig({ lr: 0.05, optimizer: 'sgd' })).toEqual({ ...DEFAULT_CONFIG, lr: 0.05, optimizer: 'sgd' });
    expect(validateConfig({ schedule: 'exponential' }).schedule).toBe('exponential');
    const base = { ...DEFAULT_CONFIG, epochs: 2, batchSize: 16, lr: 0.01, trainSize: 64 };
    expect(validateConfig({}, base)).toEqual(base);
  });
});

describe('learningRateAt', () => {
  const c = (over: Partial<TrainConfig> = {}) => ({ ...DEFAULT_CONFIG, epochs: 4, ...over });
  test('warm-up then linear: lr/10 at the start, lr at a tenth of the run, half-way down at 0.55, 0 at the end, continuous', () => {
    expect(learningRateAt(c(), 0.01, 0)).toBeCloseTo(0.001, 15);
    expect(learningRateAt(c(), 0.01, 0.2)).toBeCloseTo(0.0055, 15); // half the warm-up (0.4 epochs of 4)
    expect(learningRateAt(c(), 0.01, 0.4 - 1e-9)).toBeCloseTo(0.01, 8);
    expect(learningRateAt(c(), 0.01, 0.4)).toBeCloseTo(0.01, 15);
    expect(learningRateAt(c(), 0.01, 2.2)).toBeCloseTo(0.005, 15);
    expect(learningRateAt(c(), 0.01, 4)).toBe(0);
    expect(learningRateAt(c(), 0.01, 5)).toBe(0); // past the end (never negative)
    for (let d = 0.4; d < 4; d += 0.1) expect(learningRateAt(c(), 0.01, d + 0.1)).toBeLessThan(learningRateAt(c(), 0.01, d));
  });
  test('exponential: lr · lrDecay^(epochs done), whatever the run length', () => {
    expect(learningRateAt(c({ schedule: 'exponential', lrDecay: 0.5 }), 0.01, 0)).toBe(0.01);
    expect(learningRateAt(c({ schedule: 'exponential', lrDecay: 0.5 }), 0.01, 1.5)).toBeCloseTo(0.01 * 0.5 ** 1.5, 15);
    expect(learningRateAt(c({ schedule: 'exponential', lrDecay: 0.5, epochs: 1 }), 0.01, 1.5)).toBeCloseTo(0.01 * 0.5 ** 1.5, 15);
  });
});

describe('RECIPES', () => {
  test("'default' is DEFAULT_CONFIG's; every recipe is a valid config and sets the same fields", () => {
    expect(RECIPE_NAMES).toEqual(['default', 'one-epoch']);
    expect({ ...DEFAULT_CONFIG, ...RECIPES.default }).toEqual(DEFAULT_CONFIG);
    for (const name of RECIPE_NAMES) expect(validateConfig(RECIPES[name])).toMatchObject(RECIPES[name]);
    expect(Object.keys(RECIPES['one-epoch']).sort()).toEqual(Object.keys(RECIPES.default).sort());
    expect(RECIPES['one-epoch']).toMatchObject({ epochs: 1, lr: 0.008, beta1: 0.8, beta2: 0.99, labelSmoothing: 0.1, batchSize: 32, optimizer: 'adam' });
  });
});
