// Training dashboard: bad hyper-parameters show a message beside the field and are never sent; a run plots.
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { DEFAULT_CONFIG, RECIPE_NAMES, RECIPES } from '../../core/train/config';
import { TrainingPanel } from '../../renderer/components/train/TrainingPanel';
import { useStore } from '../../renderer/store';
import { currentRun, currentView } from '../../renderer/store/select';
import { validateForm } from '../../renderer/lib/config-form';
import { choose, renderWithSession, typeInto, until, type Rendered } from './helpers/render';

let r: Rendered | null = null;
afterEach(async () => {
  await r?.unmount();
  r = null;
});

/** Types the given hyper-parameters into the form and presses Start. */
async function startRun(fields: Record<string, string>): Promise<void> {
  await act(async () => {
    for (const [name, value] of Object.entries(fields)) typeInto(r!.byTestId(`train.${name}`) as HTMLInputElement, value);
  });
  await act(async () => r!.byTestId('train.start').click());
}

test('a negative learning rate is explained beside the field and training does not start', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  await act(async () => typeInto(r!.byTestId('train.lr') as HTMLInputElement, '-0.5'));
  expect(r.byTestId('train.lr.error').textContent).toBe('Learning rate must be between 0.000001 and 10');
  expect(r.byTestId('train.lr').getAttribute('aria-invalid')).toBe('true');
  await act(async () => r!.byTestId('train.start').click());
  expect(r.host.sent.some((c) => c.type === 'train:start')).toBe(false);
  expect(useStore.getState().messages[0].text).toMatch(/Fix the highlighted/);
  await act(async () => typeInto(r!.byTestId('train.lr') as HTMLInputElement, '0.01'));
  expect(r.container.querySelector('[data-testid="train.lr.error"]')).toBeNull();
});

test("Adam's β₁, β₂ and ε (and label smoothing and the threads) fold under More settings, are checked in place (a wrong one opens it) and reach train:start; SGD shows momentum after the optimizer", async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  const labels = () => [...r!.byTestId('train.form').querySelectorAll('.field-label')].map((l) => l.textContent);
  expect(labels().slice(0, 2)).toEqual(['Optimizer', 'Learning rate']);
  const more = r.byTestId('train.more') as HTMLDetailsElement;
  expect(more.open).toBe(false);
  expect([...more.querySelectorAll('.field-label')].map((l) => l.textContent)).toEqual(['β₁ (Adam)', 'β₂ (Adam)', 'ε (Adam)', 'Label smoothing', 'Threads']);
  expect(more.querySelector('summary')!.textContent).toMatch(/^More settings \d threads? · β₁ 0\.9, β₂ 0\.999, ε 1e-8$/);
  expect(r.container.querySelector('[data-testid="train.momentum"]')).toBeNull();
  await act(async () => typeInto(r!.byTestId('train.beta2') as HTMLInputElement, '1'));
  expect(r.byTestId('train.beta2.error').textContent).toBe('β₂ (Adam) must be at least 0 and below 1');
  expect(r.byTestId('train.beta2').getAttribute('aria-invalid')).toBe('true');
  expect(more.open).toBe(true);
  await act(async () => r!.byTestId('train.start').click());
  expect(r.host.sent.some((c) => c.type === 'train:start')).toBe(false);
  await act(async () => typeInto(r!.byTestId('train.labelSmoothing') as HTMLInputElement, '1'));
  expect(r.byTestId('train.labelSmoothing.error').textContent).toBe('Label smoothing must be at least 0 and below 1');
  await startRun({ beta2: '0.99', eps: '1e-6', beta1: '0.8', labelSmoothing: '0.1', trainSize: '50', batchSize: '25', epochs: '1' });
  expect(more.querySelector('summary')!.textContent).toMatch(/· label smoothing 0\.1$/);
  expect(r.host.sent.find((c) => c.type === 'train:start')).toMatchObject({ config: { optimizer: 'adam', beta1: 0.8, beta2: 0.99, eps: 1e-6, labelSmoothing: 0.1 } });
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('done'), 20_000);
  await act(async () => choose(r!.byTestId('train.optimizer'), 'sgd'));
  expect(labels().slice(0, 3)).toEqual(['Optimizer', 'Momentum', 'Learning rate']);
  expect(r.container.querySelector('[data-testid="train.beta1"]')).toBeNull();
}, 30_000); // trains 2 batches in the in-process session

test('a diverging run (SGD at lr 10) shows paused with its message, keeps finite weights, and resumes at a lower rate', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  await act(async () => choose(r!.byTestId('train.optimizer'), 'sgd'));
  await startRun({ lr: '10', batchSize: '4', trainSize: '120', epochs: '1' });
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('paused'), 20_000);
  const message = r.byTestId('train.message');
  expect(message.textContent).toMatch(/^the (loss|weights) .* at epoch 1, batch \d+; training paused with the weights from before the step that caused it\. Lower the learning rate, then resume \(or stop\)\.$/);
  expect(message.getAttribute('role')).toBe('alert');
  expect(message.className).not.toBe('field-error'); // paused, not failed
  expect(useStore.getState().messages.some((m) => m.text.startsWith('Training paused: the '))).toBe(true);
  expect(r.byTestId('train.resume')).toBeTruthy();
  // the weights the app mirrors are the kept ones: finite
  await until(() => expect(currentView(useStore.getState())!.weights!.every((w) => w.data.every(Number.isFinite))).toBe(true));
  await act(async () => typeInto(r!.byTestId('train.lr') as HTMLInputElement, '0.01'));
  await act(async () => r!.byTestId('train.lr.apply').click());
  await act(async () => r!.byTestId('train.resume').click());
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('done'), 20_000);
  expect(r.container.querySelector('[data-testid="train.message"]')).toBeNull();
}, 45_000); // trains up to 30 small batches in the in-process session

test('start runs the session; status and series update; the preset table lists shapes and params', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  await startRun({ trainSize: '100', batchSize: '25', epochs: '1' });
  const sent = r.host.sent.find((c) => c.type === 'train:start');
  expect(sent).toMatchObject({ config: { trainSize: 100, batchSize: 25, epochs: 1 } });
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('done'), 20_000);
  expect(currentRun(useStore.getState())!.series.length).toBe(4);
  await act(async () => r!.byTestId('train.tab.architecture').click());
  expect(r.byTestId('train.layers.total').textContent).toBe('55,594');
  // parameter sharing: the first conv layer (416 params) vs a dense layer with the same input and output (784·12 544 + 12 544)
  expect(r.byTestId('train.layers.unshared.0').textContent).toBe('9,847,040');
  expect(r.byTestId('train.layers.unshared.7').textContent).toBe('');
  await act(async () => r!.byTestId('train.tab.results').click());
  await until(() => expect(r!.byTestId('train.confusion')).toBeTruthy());
}, 30_000); // trains in the in-process session; waits up to 20 s for the run to end

test('the schedule: warm-up + linear by default with no decay field; exponential shows its per-batch decay factor', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  const schedule = r.byTestId('train.schedule') as HTMLSelectElement;
  expect(schedule.value).toBe('warmup-linear');
  expect(schedule.closest('label')!.title).toMatch(/from lr\/10 up to lr over the first tenth of the batches, then down in a straight line to 0/);
  expect(r.container.querySelector('[data-testid="train.lrDecay"]')).toBeNull();
  await act(async () => choose(schedule, 'exponential'));
  expect(useStore.getState().form.schedule).toBe('exponential');
  expect(r.byTestId('train.lrDecay').closest('label')!.textContent).not.toMatch(/after each epoch/);
  expect(r.byTestId('train.lrDecay').closest('label')!.title).toMatch(/smoothly after every batch: lr · decay\^\(epochs done, fractional\)/);
  // a bad decay blocks only while it is used
  await act(async () => typeInto(r!.byTestId('train.lrDecay') as HTMLInputElement, '7'));
  expect(r.byTestId('train.lrDecay.error').textContent).toBe('LR decay per epoch must be between 0.01 and 1');
  await act(async () => choose(schedule, 'warmup-linear'));
  expect(r.container.querySelector('[data-testid="train.lrDecay.error"]')).toBeNull();
  expect(validateForm(useStore.getState().form).errors).toBeNull();
});

test('during a run only the learning rate stays editable; Apply sends train:set-lr; the progress line shows the scheduled rate', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  await startRun({ trainSize: '120', batchSize: '2', epochs: '3', lr: '0.001' });
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('running'));
  await act(async () => r!.byTestId('train.pause').click());
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('paused'));
  // a run under way shows its speed now (the last ~2 s of batches)
  const paused = currentRun(useStore.getState())!.lastBatch!;
  await until(() => expect(r!.byTestId('train.progress').textContent).toContain(`· ${Math.round(paused.imagesPerSecNow)} img/s on`));
  for (const f of ['batchSize', 'epochs', 'trainSize', 'schedule', 'seed', 'optimizer']) expect((r.byTestId(`train.${f}`) as HTMLInputElement).disabled, f).toBe(true);
  const lr = r.byTestId('train.lr') as HTMLInputElement;
  expect(lr.disabled).toBe(false);
  expect((r.byTestId('train.lr.apply') as HTMLButtonElement).disabled).toBe(true); // unchanged
  // a bad value: explained, Apply stays off, nothing sent
  await act(async () => typeInto(lr, '-1'));
  expect(r.byTestId('train.lr.error').textContent).toBe('Learning rate must be between 0.000001 and 10');
  expect((r.byTestId('train.lr.apply') as HTMLButtonElement).disabled).toBe(true);
  await act(async () => typeInto(lr, '0.005'));
  await act(async () => r!.byTestId('train.lr.apply').click());
  const run = currentRun(useStore.getState())!;
  expect(r.host.sent.filter((c) => c.type === 'train:set-lr')).toEqual([{ type: 'train:set-lr', id: expect.any(Number), run: run.id, lr: 0.005 }]);
  expect(run.config.lr).toBe(0.005);
  await until(() => expect((r!.host.session as unknown as { runs: Map<string, { config: { lr: number } }> }).runs.get(run.id)!.config.lr).toBe(0.005));
  expect(r.container.textContent).toContain('running at 0.005');
  await act(async () => r!.byTestId('train.resume').click());
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('done'), 20_000);
  expect(useStore.getState().messages.filter((m) => m.kind === 'error')).toEqual([]);
  // the progress line names the learning rate the trainer used at the last batch (60 of 60 in epoch 3 of 3) under
  // the default schedule, warm-up then linear: 0.005 · (1 − (2 + 59/60) / 3) / 0.9 = 0.000031
  const config = currentRun(useStore.getState())!.config;
  expect(config.schedule).toBe(DEFAULT_CONFIG.schedule);
  expect(config.schedule).toBe('warmup-linear');
  // (written a few times a second: the last batch's line lands within PROGRESS_MS)
  await until(() => expect(r!.byTestId('train.progress').textContent).toContain(`lr ${((0.005 * (1 - (2 + 59 / 60) / 3)) / 0.9).toPrecision(2)}`));
  // the run is over: no time left to estimate, but how long its three epochs took (the line follows the status within PROGRESS_MS)
  await until(() => expect(r!.byTestId('train.progress').textContent).toMatch(/^Epoch 3\/3 · batch 60\/60 · \d+ img\/s on \d threads? · lr [\d.e-]+ · trained in \d+\.\d s$/));
  const took = currentRun(useStore.getState())!.epochs.reduce((t, e) => t + e.seconds, 0);
  expect(r.byTestId('train.progress').textContent).toContain(`trained in ${took.toFixed(1)} s`);
  // and a finished one its average speed over the whole run
  expect(r.byTestId('train.progress').textContent).toContain(`· ${Math.round(currentRun(useStore.getState())!.lastBatch!.imagesPerSec)} img/s on`);
}, 30_000); // trains in the in-process session; waits up to 20 s for the run to end

test('the form error goes once a run starts; the chart exports from any tab; results count all mistakes', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  await act(async () => typeInto(r!.byTestId('train.batchSize') as HTMLInputElement, '0'));
  await act(async () => r!.byTestId('train.start').click());
  expect(useStore.getState().messages.map((m) => m.text)).toContain('Fix the highlighted hyper-parameters before starting.');
  await startRun({ trainSize: '60', batchSize: '20', epochs: '1' });
  expect(useStore.getState().messages.map((m) => m.text)).not.toContain('Fix the highlighted hyper-parameters before starting.');
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('done'), 20_000);
  await act(async () => r!.byTestId('train.tab.results').click());
  expect(r.byTestId('train.curves').parentElement!.hidden).toBe(true);
  // File > Export PNG while the results tab is shown still renders the chart
  await act(async () => r!.host.menu('export:png'));
  await until(() => expect(r!.host.saved.map((f) => [f.kind, f.name])).toEqual([['png', 'training-curves.png']]));
  expect(r.host.saved[0].data).toMatch(/^data:image\/png;base64,/);
  const last = currentRun(useStore.getState())!.epochs[0];
  const wrong = last.confusion.reduce((a, n, i) => (i % 11 === 0 ? a : a + n), 0);
  await until(() => expect(r!.byTestId('train.gallery.count').textContent).toMatch(new RegExp(`^${wrong} in all`)));
  const worst = last.perClassAccuracy.indexOf(Math.min(...last.perClassAccuracy));
  expect(r.byTestId('train.per-class').dataset.worst).toBe(String(worst));
  expect(r.byTestId('train.per-class').querySelectorAll('li.worst')).toHaveLength(1);
}, 30_000); // trains in the in-process session; waits up to 20 s for the run to end

test('"wait while I draw" is on by default and the checkbox turns it off and on', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  const box = r.byTestId('train.giveWay') as HTMLInputElement;
  expect(box.checked).toBe(true);
  expect(useStore.getState().giveWay).toBe(true);
  await act(async () => box.click());
  expect([box.checked, useStore.getState().giveWay]).toEqual([false, false]);
  await act(async () => box.click());
  expect([box.checked, useStore.getState().giveWay]).toEqual([true, true]);
});

test('while the pen is down and training waits, the progress line says so; not when the box is unchecked (one thread fewer on several)', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  await startRun({ trainSize: '120', batchSize: '10', epochs: '50' });
  await until(() => expect(currentRun(useStore.getState())?.lastBatch ?? null).not.toBeNull(), 20_000);
  const progress = () => r!.byTestId('train.progress').textContent ?? '';
  await act(async () => useStore.getState().beginStroke(10, 10));
  await until(() => expect(progress()).toMatch(/ · waiting while you draw$/));
  expect(r.host.sent.filter((c) => c.type === 'train:hold')).toHaveLength(1);
  await act(async () => useStore.getState().endStroke());
  await until(() => expect(progress()).not.toMatch(/waiting/));
  await act(async () => useStore.getState().setGiveWay(false));
  await act(async () => useStore.getState().beginStroke(20, 20));
  await new Promise((res) => setTimeout(res, 300));
  expect(progress()).not.toMatch(/waiting|fewer/); // this run trains on one thread: nothing eased
  const run = currentRun(useStore.getState())!;
  await act(async () => useStore.getState().putRun({ id: run.id, model: run.model, config: { ...run.config, threads: 2 }, state: 'running' }));
  await until(() => expect(progress()).toMatch(/ on 2 threads .* · one thread fewer while you draw$/));
  await act(async () => r!.byTestId('train.stop').click());
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('stopped'), 20_000);
}, 30_000);

test('the recipe buttons set the form (One epoch to 99 %: every training image, β₁ 0.8, β₂ 0.99, lr 0.008, label smoothing 0.1), show which one it holds, and the run gets that config', async () => {
  r = await renderWithSession((m) => <TrainingPanel model={m} />);
  const pressed = () => RECIPE_NAMES.filter((n) => r!.byTestId(`train.recipe.${n}`).getAttribute('aria-pressed') === 'true');
  const value = (f: string) => (r!.byTestId(`train.${f}`) as HTMLInputElement).value;
  expect(pressed()).toEqual(['default']);
  await act(async () => r!.byTestId('train.recipe.one-epoch').click());
  expect(pressed()).toEqual(['one-epoch']);
  const all = String(useStore.getState().data!.trainCount);
  expect(['epochs', 'lr', 'beta1', 'beta2', 'labelSmoothing', 'trainSize'].map(value)).toEqual(['1', '0.008', '0.8', '0.99', '0.1', all]);
  // a field changed by hand: no recipe holds any more; typed back the same number ("0.0080"), it does again
  await act(async () => typeInto(r!.byTestId('train.lr') as HTMLInputElement, '0.01'));
  expect(pressed()).toEqual([]);
  await act(async () => typeInto(r!.byTestId('train.lr') as HTMLInputElement, '0.0080'));
  expect(pressed()).toEqual(['one-epoch']);
  await act(async () => r!.byTestId('train.recipe.default').click());
  expect(['epochs', 'lr', 'beta1', 'beta2', 'labelSmoothing', 'trainSize'].map(value)).toEqual(['2', '0.006', '0.9', '0.999', '0', '10000']);
  await act(async () => r!.byTestId('train.recipe.one-epoch').click());
  // a run long enough to be seen running (a two-batch one can end before the click's act() returns)
  await startRun({ trainSize: '120', batchSize: '1', epochs: '20' });
  expect(r.host.sent.find((c) => c.type === 'train:start')).toMatchObject({ config: { ...RECIPES['one-epoch'], trainSize: 120, batchSize: 1, epochs: 20 } });
  expect(r.byTestId('train.status').dataset.status).toBe('running');
  expect(r.byTestId('train.recipe.default')).toHaveProperty('disabled', true);
  await act(async () => r!.byTestId('train.stop').click());
  await until(() => expect(r!.byTestId('train.status').dataset.status).toBe('stopped'), 20_000);
}, 30_000);
