// The hyper-parameter form's validation: clear per-field messages, nothing invalid gets through.
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, validateConfig } from '../../core/train/trainer';
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

  test('whatever the form accepts, core accepts too', () => {
    const form = { ...toForm(DEFAULT_CONFIG), lr: '0.05', batchSize: '64', epochs: '4', trainSize: '2000', lrDecay: '0.9', seed: '42', optimizer: 'sgd' as const };
    const r = validateForm(form);
    expect(r.config).not.toBeNull();
    expect(validateConfig(r.config)).toEqual(r.config);
  });
});
