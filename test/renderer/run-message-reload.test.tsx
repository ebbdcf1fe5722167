// A diverged run's pause message lives in the session's RunSummary, so a reloaded page (a fresh store asking
// session:describe) shows the run paused with the message, not a bare "paused".
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { TrainingPanel } from '../../renderer/components/train/TrainingPanel';
import { resetStore, useStore } from '../../renderer/store';
import { currentRun } from '../../renderer/store/select';
import { choose, renderWithSession, typeInto, until, type Rendered } from './helpers/render';

let r: Rendered | null = null;
afterEach(async () => {
  await r?.unmount();
  r = null;
});

test('a run paused because it diverged keeps its message across a reload (session:describe carries it)', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  await act(async () => choose(r!.byTestId('train.optimizer'), 'sgd'));
  await act(async () => {
    for (const [name, value] of Object.entries({ lr: '10', batchSize: '4', trainSize: '120', epochs: '1' })) typeInto(r!.byTestId(`train.${name}`) as HTMLInputElement, value);
  });
  await act(async () => r!.byTestId('train.start').click());
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('paused'), 20_000);
  const shown = r.byTestId('train.message').textContent;
  expect(shown).toMatch(/training paused with the weights from before the step that caused it/);

  // the page reloads: the store starts empty and takes what the session describes
  const d = await r.controller.requests.ask({ type: 'session:describe' });
  expect(d.runs).toEqual([expect.objectContaining({ state: 'paused', message: shown })]);
  await act(async () => {
    resetStore();
    await r!.controller.sync();
  });
  expect(currentRun(useStore.getState())).toMatchObject({ status: 'paused', statusMessage: shown });
  await until(() => expect(r!.byTestId('train.message').textContent).toBe(shown));
  await act(async () => r!.byTestId('train.stop').click());
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('stopped'));
}, 45_000);
