// The architecture editor in the web build: a stack built through the UI shows the right shapes and parameters, an
// invalid edit says what is wrong and blocks training, and the trained stack is what the feature-map panel shows.
import { expect, test } from '@playwright/test';
import { appState, docShot, LabEditor } from './pages/studio';

test('build a stack in the Lab, see a bad edit refused, train it and find its layers in the feature maps', async ({ page }) => {
  const lab = new LabEditor(page);
  await lab.open();
  await lab.startFrom('empty');
  for (const type of ['conv2d', 'relu', 'maxpool2d', 'flatten', 'dense']) await lab.add(type);
  await lab.setField(0, 'filters', '6');
  await lab.setField(0, 'kernel', '5');
  await lab.page.getByTestId('lab.name').fill('lab-e2e');

  // conv 6×5×5 same on 1×28×28: 6·25 + 6 = 156 params; pool halves; flatten 6·14·14 = 1176; dense 1176·10 + 10
  expect(await lab.shapes()).toEqual(['6x28x28', '6x28x28', '6x14x14', '1176', '10']);
  await expect(lab.row(0)).toHaveAttribute('data-params', '156');
  await expect(lab.row(4)).toHaveAttribute('data-params', '11770');
  await expect(page.getByTestId('lab.totals.params')).toHaveAttribute('data-value', '11926');
  await expect(page.getByTestId('lab.mlp.params')).toHaveAttribute('data-value', '101770');
  await expect(page.getByTestId('lab.row.0.field')).toHaveText('sees 5×5');
  await expect(page.getByTestId('lab.row.2.field')).toHaveText('sees 6×6');

  // an invalid edit: a 30×30 kernel on the unpadded 28×28 input
  await lab.setField(0, 'padding', 'valid');
  await lab.setField(0, 'kernel', '30');
  await expect(page.getByTestId('lab.row.0.problem')).toHaveText('layer 0 (conv2d): kernel 30 is larger than the padded input 28×28');
  await expect(lab.train()).toBeDisabled();
  await expect(lab.reason()).toHaveText('Cannot train: layer 0 (conv2d): kernel 30 is larger than the padded input 28×28');
  // a value that is not a number is refused beside the field and not applied
  await lab.setField(0, 'kernel', 'x');
  await expect(page.getByTestId('lab.row.0.kernel.error')).toHaveText('Kernel must be a whole number from 1 to 64, got "x"');
  await expect.poll(() => appState<number>(page, 's.stack.spec.layers[0].kernel')).toBe(30);
  await lab.setField(0, 'kernel', '5');
  await lab.setField(0, 'padding', 'same');
  await expect(page.getByTestId('lab.row.0.problem')).toHaveCount(0);

  await page.getByTestId('lab.trainSize').fill('300');
  await page.getByTestId('lab.epochs').fill('1');
  await expect(lab.reason()).toHaveText('Ready to train');
  await docShot(page, `lab-editor`);

  await lab.train().click();
  await expect(page.getByTestId('header.model-name')).toHaveText('lab-e2e');
  await expect.poll(() => appState<string>(page, 's.status'), { timeout: 90_000 }).toBe('done');
  expect(await appState<number>(page, 's.config.trainSize')).toBe(300);

  await page.goto('./#/explore');
  const expected = ['6x28x28', '6x28x28', '6x14x14', '1176', '10'];
  for (const [i, shape] of expected.entries()) await expect(page.getByTestId(`maps.layer.${i}`)).toHaveAttribute('data-shape', shape);
  await expect(page.getByTestId('maps.layer.5')).toHaveCount(0);
});
