// The hyper-parameter form's validation: clear per-field messages, nothing invalid gets through.
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, validateConfig } from '../../core/train/config';
import { checkField, toForm, validateForm } from '../../renderer/lib/config-form';

describe('config form', () => {
  test('the default config round-trips through the form', () => {
    const r = validateForm(toForm(DEFAULT_CONFIG));
    expect(r.errors).toBeNull();
    expect(r.config).toEqual(DEFAULT_CONFIG);
  });

  test.each([
    ['lr', '-0.1', /Learning rate must be between 0.000001 and 10/],
    ['batchSize', '0', /Batch size must be between 1 and 1024/],
    ['epochs', '1e9', /Epochs must be between 1 and 100/],
    ['epochs', '2.5', /Epochs must be a whole number/],
    ['trainSize', '', /Training images is required/],
    ['lr', 'abc', /Learning rate must be a number, got "abc"/],
    ['beta1', '1', /β₁ \(Adam\) must be at least 0 and below 1/],
    ['beta2', '-0.5', /β₂ \(Adam\) must be at least 0 and below 1/],
    ['eps', '0', /ε \(Adam\) must be above 0 and at most 1/],
    ['eps', 'Infinity', /ε \(Adam\) must be a number, got "Infinity"/],
  ] as const)('%s = %j is refused: %s', (field, text, message) => {
    const r = checkField(field, text);
    expect('error' in r && r.error).toMatch(message);
    const form = validateForm({ ...toForm(DEFAULT_CONFIG), [field]: text });
    expect(form.config).toBeNull();
    expect(form.errors?.[field]).toMatch(message);
    expect(Object.keys(form.errors ?? {})).toEqual([field]);
  });

  test('training images are limited to what the loaded set holds', () => {
    expect(checkField('trainSize', '70000')).toEqual({ error: 'Training images must be between 1 and 60000' });
    expect(checkField('trainSize', '500', 200)).toEqual({ error: 'Training images must be between 1 and 200' });
  });

  test("Adam's β₁, β₂, ε go into the config; the optimizer not chosen cannot block it with a hidden bad value", () => {
    const adam = validateForm({ ...toForm(DEFAULT_CONFIG), beta1: '0.8', beta2: '0.99', eps: '1e-6', momentum: 'x' });
    expect(adam.config).toEqual({ ...DEFAULT_CONFIG, beta1: 0.8, beta2: 0.99, eps: 1e-6 });
    const sgd = validateForm({ ...toForm(DEFAULT_CONFIG), optimizer: 'sgd', beta1: '2', momentum: '0.5' });
    expect(sgd.config).toEqual({ ...DEFAULT_CONFIG, optimizer: 'sgd', momentum: 0.5 });
    expect(validateForm({ ...toForm(DEFAULT_CONFIG), optimizer: 'sgd', momentum: '1' }).errors).toEqual({ momentum: 'Momentum must be between 0 and 0.999' });
  });

  test('whatever the form accepts, core accepts too', () => {
    const form = { ...toForm(DEFAULT_CONFIG), lr: '0.05', batchSize: '64', epochs: '4', trainSize: '2000', lrDecay: '0.9', seed: '42', optimizer: 'sgd' as const };
    const r = validateForm(form);
    expect(r.config).not.toBeNull();
    expect(validateConfig(r.config)).toEqual(r.config);
  });
});
