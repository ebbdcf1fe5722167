// Hyper-parameter validation in the web build: a bad value is explained beside its field and never sent.
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
