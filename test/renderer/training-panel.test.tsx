// Training dashboard: bad hyper-parameters show a message beside the field and are never sent; a run plots.
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { TrainingPanel } from '../../renderer/components/train/TrainingPanel';
import { useStore } from '../../renderer/store';
import { renderWithSession, typeInto, until, type Rendered } from './helpers/render';

let r: Rendered | null = null;
afterEach(async () => {
  await r?.unmount();
  r = null;
});

test('a negative learning rate is explained beside the field and training does not start', async () => {
  r = await renderWithSession(<TrainingPanel />);
  await act(async () => typeInto(r!.byTestId('train.lr') as HTMLInputElement, '-0.5'));
  expect(r.byTestId('train.lr.error').textContent).toBe('Learning rate must be between 0.000001 and 10');
  expect(r.byTestId('train.lr').getAttribute('aria-invalid')).toBe('true');
  await act(async () => r!.byTestId('train.start').click());
  expect(r.host.sent.some((c) => c.type === 'train:start')).toBe(false);
  expect(useStore.getState().messages[0].text).toMatch(/Fix the highlighted/);
  await act(async () => typeInto(r!.byTestId('train.lr') as HTMLInputElement, '0.01'));
  expect(r.container.querySelector('[data-testid="train.lr.error"]')).toBeNull();
});

test('start runs the session; status and series update; the preset table lists shapes and params', async () => {
  r = await renderWithSession(<TrainingPanel />);
  await act(async () => {
    typeInto(r!.byTestId('train.trainSize') as HTMLInputElement, '100');
    typeInto(r!.byTestId('train.batchSize') as HTMLInputElement, '25');
    typeInto(r!.byTestId('train.epochs') as HTMLInputElement, '1');
  });
  await act(async () => r!.byTestId('train.start').click());
  const sent = r.host.sent.find((c) => c.type === 'train:start');
  expect(sent).toMatchObject({ config: { trainSize: 100, batchSize: 25, epochs: 1 } });
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('done'), 20_000);
  expect(useStore.getState().series.length).toBe(4);
  await act(async () => r!.byTestId('train.tab.architecture').click());
  expect(r.byTestId('train.layers.total').textContent).toBe('20,490');
  await act(async () => r!.byTestId('train.tab.results').click());
  await until(() => expect(r!.byTestId('train.confusion')).toBeTruthy());
});
