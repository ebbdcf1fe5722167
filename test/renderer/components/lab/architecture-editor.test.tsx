// The architecture editor rendered over a real in-process session: building a stack by clicking and typing, field
// and stack validation, the keyboard map (and that its undo wins over the drawing's inside the editor), files,
// and Apply/Train.
import { act } from 'react';
import { afterEach, expect, test } from 'vitest';
import { preset } from '../../../../core/presets';
import { useController } from '../../../../renderer/app/context';
import { useBrowserShortcuts } from '../../../../renderer/app/shortcuts';
import { ArchitectureEditor } from '../../../../renderer/components/lab/ArchitectureEditor';
import { serializeStack } from '../../../../renderer/lib/lab/stack-file';
import { useStore } from '../../../../renderer/store';
import { currentView } from '../../../../renderer/store/select';
import { renderWithSession, typeInto, until, type Rendered } from '../../helpers/render';

let r: Rendered | null = null;
afterEach(async () => {
  await r?.unmount();
  r = null;
});

/** The editor with the studio's global shortcuts mounted too (as App does). */
function WithShortcuts({ model }: { model: string }) {
  useBrowserShortcuts(useController());
  return <ArchitectureEditor model={model} />;
}

const el = (id: string) => r!.byTestId(id);
const text = (id: string) => el(id).textContent;
const click = (id: string) => act(async () => el(id).click());
const type = (id: string, value: string) => act(async () => typeInto(el(id) as HTMLInputElement, value));
const select = (id: string, value: string) =>
  act(async () => {
    const s = el(id) as HTMLSelectElement;
    s.value = value;
    s.dispatchEvent(new Event('change', { bubbles: true }));
  });
const press = (target: Element, key: string, mods: KeyboardEventInit = {}) =>
  act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods }));
  });
const layerTypes = () => useStore.getState().stack.spec.layers.map((l) => l.type);

test('starts from the current model and shows each row\'s figures and the totals beside the mlp\'s', async () => {
  r = await renderWithSession((m) => <ArchitectureEditor model={m} />);
  expect(layerTypes()).toEqual(['flatten', 'dense', 'relu', 'dense']);
  expect(el('lab.row.1').dataset.shape).toBe('128');
  expect(text('lab.row.1.params')).toBe('100 k params');
  expect(el('lab.row.1.params').dataset.value).toBe('100480');
  expect(text('lab.row.1.field')).toBe('sees 28×28');
  expect(el('lab.totals.params').dataset.value).toBe('101770');
  expect(el('lab.mlp.params').dataset.value).toBe('101770');
  // the test session holds 120 training images: the form's 10 000 does not fit
  expect(text('lab.train-reason')).toBe('Cannot train: fix the training form: Training images must be between 1 and 120');
  await type('lab.trainSize', '100');
  expect(text('lab.train-reason')).toBe('Ready to train');
  // while the model trains, Apply and Train wait (the stack itself stays editable)
  const model = useStore.getState().current!;
  act(() => useStore.getState().beginRun(model));
  expect(text('lab.train-reason')).toBe('Cannot train: training is running: stop it first');
  expect((el('lab.apply') as HTMLButtonElement).disabled).toBe(true);
  await click('lab.row.2.duplicate');
  expect(layerTypes()).toEqual(['flatten', 'dense', 'relu', 'relu', 'dense']);
  act(() => useStore.getState().runNotStarted(model));
  expect((el('lab.train') as HTMLButtonElement).disabled).toBe(false);
});

test('a stack built by clicking and typing: shapes, params, a bad field, a kernel too large, training refused with the reason', async () => {
  r = await renderWithSession((m) => <ArchitectureEditor model={m} />);
  await type('lab.trainSize', '100');
  await select('lab.start', 'empty');
  await click('lab.start-load');
  expect(text('lab.problem')).toMatch(/empty/);
  for (const t of ['conv2d', 'relu', 'maxpool2d', 'flatten', 'dense']) {
    await select('lab.add-type', t);
    await click('lab.add');
  }
  expect(layerTypes()).toEqual(['conv2d', 'relu', 'maxpool2d', 'flatten', 'dense']);
  expect([0, 1, 2, 3, 4].map((i) => el(`lab.row.${i}`).dataset.shape)).toEqual(['8x28x28', '8x28x28', '8x14x14', '1568', '10']);
  expect(el('lab.row.0').dataset.params).toBe(String(8 * 9 + 8));
  expect(el('lab.row.4').dataset.params).toBe(String(1568 * 10 + 10));
  expect(text('lab.row.2.field')).toBe('sees 4×4');
  expect((el('lab.train') as HTMLButtonElement).disabled).toBe(false);

  await type('lab.row.0.kernel', 'abc');
  expect(text('lab.row.0.kernel.error')).toBe('Kernel must be a whole number from 1 to 64, got "abc"');
  expect(useStore.getState().stack.spec.layers[0]).toMatchObject({ kernel: 3 });
  await type('lab.row.0.padding', 'valid');
  await type('lab.row.0.kernel', '30');
  expect(r.container.querySelector('[data-testid="lab.row.0.kernel.error"]')).toBeNull();
  expect(text('lab.row.0.problem')).toBe('layer 0 (conv2d): kernel 30 is larger than the padded input 28×28');
  expect(el('lab.row.0').getAttribute('aria-invalid')).toBe('true');
  expect((el('lab.train') as HTMLButtonElement).disabled).toBe(true);
  expect((el('lab.apply') as HTMLButtonElement).disabled).toBe(true);
  expect(text('lab.train-reason')).toBe('Cannot train: layer 0 (conv2d): kernel 30 is larger than the padded input 28×28');

  await type('lab.row.4.units', '7');
  await type('lab.row.0.kernel', '5');
  expect(text('lab.row.4.problem')).toBe('spec: the last layer must output 10 class scores, got [7]');
  await type('lab.row.4.units', '10');
  await type('lab.trainSize', '0');
  expect(text('lab.trainSize.error')).toMatch(/^Training images must be between 1 and/);
  expect(text('lab.train-reason')).toMatch(/^Cannot train: fix the training form: Training images/);
});

test('keyboard: Alt+↑ moves, Ctrl+D duplicates, Delete removes, Insert adds; Ctrl+Z in the editor undoes the stack, elsewhere the drawing', async () => {
  r = await renderWithSession((m) => <WithShortcuts model={m} />);
  act(() => {
    useStore.getState().beginStroke(10, 10);
    useStore.getState().endStroke();
  });
  await press(el('lab.row.1'), 'ArrowUp', { altKey: true });
  expect(layerTypes()).toEqual(['dense', 'flatten', 'relu', 'dense']);
  expect(document.activeElement).toBe(el('lab.row.0'));
  await press(el('lab.row.0'), 'd', { ctrlKey: true });
  expect(layerTypes()).toEqual(['dense', 'dense', 'flatten', 'relu', 'dense']);
  expect(document.activeElement).toBe(el('lab.row.1'));
  await press(el('lab.row.1'), 'Delete');
  await press(el('lab.row.0'), 'Delete');
  expect(layerTypes()).toEqual(['flatten', 'relu', 'dense']);
  await select('lab.add-type', 'relu');
  await press(el('lab.row.0'), 'Insert');
  expect(layerTypes()).toEqual(['flatten', 'relu', 'relu', 'dense']);
  expect(useStore.getState().strokes).toHaveLength(1);

  await press(el('lab.row.0'), 'z', { ctrlKey: true });
  await press(el('lab.undo'), 'z', { ctrlKey: true });
  expect(layerTypes()).toEqual(['dense', 'flatten', 'relu', 'dense']);
  await press(el('lab.row.0'), 'Z', { ctrlKey: true, shiftKey: true });
  expect(layerTypes()).toEqual(['flatten', 'relu', 'dense']);
  expect(useStore.getState().strokes).toHaveLength(1);
  await press(document.body, 'z', { ctrlKey: true });
  expect(useStore.getState().strokes).toHaveLength(0);
  expect(layerTypes()).toEqual(['flatten', 'relu', 'dense']);
});

test('save writes the spec JSON; a bad file is named and changes nothing; a good one loads', async () => {
  r = await renderWithSession((m) => <ArchitectureEditor model={m} />);
  await click('lab.save');
  expect(r.host.saved.at(-1)).toMatchObject({ kind: 'text', name: 'mlp.json' });
  expect(JSON.parse(r.host.saved.at(-1)!.data)).toEqual(useStore.getState().stack.spec);
  const before = useStore.getState().stack.spec;
  r.host.openQueue.push({ ok: true, path: '/x/bad.json', text: '{"input": [1, 28, 28], "layers": [{"type": "conv2d", "filters": 4, "kernel": -1}]}' });
  await click('lab.open');
  await until(() => expect(useStore.getState().messages.at(-1)?.text).toBe('Could not load bad.json: layers[0] (conv2d): Kernel must be a whole number from 1 to 64, got "-1". The stack was kept.'));
  expect(useStore.getState().stack.spec).toBe(before);
  r.host.openQueue.push({ ok: true, path: '/x/lenet.json', text: serializeStack(preset('lenet')) });
  await click('lab.open');
  await until(() => expect(useStore.getState().stack.spec).toEqual(preset('lenet')));
});

test('Train applies the stack to the current model, then starts a run with the form\'s settings', async () => {
  r = await renderWithSession((m) => <ArchitectureEditor model={m} />);
  await select('lab.start', 'cnn');
  await click('lab.start-load');
  await type('lab.row.7.units', '16');
  await type('lab.trainSize', '40');
  await type('lab.epochs', '1');
  await click('lab.train');
  await until(() => expect(r!.host.sent.some((c) => c.type === 'train:start')).toBe(true));
  const setSpec = r.host.sent.find((c) => c.type === 'model:set-spec');
  expect(setSpec).toMatchObject({ spec: { name: 'cnn', layers: expect.arrayContaining([{ type: 'dense', units: 16 }]) } });
  expect(r.host.sent.find((c) => c.type === 'train:start')).toMatchObject({ config: { trainSize: 40, epochs: 1 } });
  expect(currentView(useStore.getState())!.summary.spec.layers[7]).toEqual({ type: 'dense', units: 16 });
  await until(() => expect(text('lab.train-reason')).toMatch(/training is running|Ready/));
  await until(() => expect(useStore.getState().runs[Object.keys(useStore.getState().runs)[0]]?.status).toBe('done'), 20_000);
  expect(text('lab.train-reason')).toBe('Ready to train');
}, 30_000);
