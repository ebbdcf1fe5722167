// Hyper-parameter validation in the web build: a bad value is explained beside its field and never sent; a recipe button fills the form.
import { expect, test } from '@playwright/test';
import { appState, Studio } from './pages/studio';

for (const [field, value, message] of [
  ['lr', '-0.01', 'Learning rate must be between 0.000001 and 10'],
  ['batchSize', '0', 'Batch size must be between 1 and 1024'],
  ['epochs', '1e9', 'Epochs must be between 1 and 100'],
] as const) {
  test(`${field} = ${value} shows "${message}" and does not start training`, async ({ page }) => {
    const app = new Studio(page);
    await app.open();
    await app.train.setField(field, value);
    await expect(page.getByTestId(`train.${field}.error`)).toHaveText(message);
    await expect(app.train.field(field)).toHaveAttribute('aria-invalid', 'true');
    await app.train.start();
    await expect(app.errors()).toContainText('Fix the highlighted hyper-parameters');
    await expect(app.train.status()).toHaveAttribute('data-status', 'idle');
    expect(await appState<number>(page, 's.series.length')).toBe(0);
  });
}

test('the "One epoch to 99 %" recipe fills the form (every training image, Adam β₁ 0.8, β₂ 0.99, lr 0.008, label smoothing 0.1) and the run gets it', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const recipe = page.getByTestId('train.recipe.one-epoch');
  await expect(page.getByTestId('train.recipe.default')).toHaveAttribute('aria-pressed', 'true');
  await recipe.click();
  await expect(recipe).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('train.recipe.default')).toHaveAttribute('aria-pressed', 'false');
  for (const [field, value] of [['epochs', '1'], ['lr', '0.008'], ['trainSize', '60000']] as const) await expect(app.train.field(field)).toHaveValue(value);
  await expect(page.getByTestId('train.more').locator('summary')).toContainText('β₁ 0.8, β₂ 0.99, ε 1e-8 · label smoothing 0.1');
  // a short run of it: only the size changed by hand
  await app.train.setField('trainSize', '500');
  await expect(recipe).toHaveAttribute('aria-pressed', 'false');
  await app.train.start();
  await expect(app.train.status()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const config = await appState<Record<string, number>>(page, 's.runs[s.models[s.current].run].config');
  expect(config).toMatchObject({ epochs: 1, lr: 0.008, beta1: 0.8, beta2: 0.99, labelSmoothing: 0.1, trainSize: 500, batchSize: 32 });
});
