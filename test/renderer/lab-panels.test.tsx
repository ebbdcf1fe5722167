// The Lab's compare and shift panels with the in-process session: MLP vs CNN trained at once from the form's
// settings into one table row and one curve each (CSV export), the shift test on them (13 points per axis, progress
// while it runs), the arrow keys shifting the input outside form fields, and the shipped mlp and cnn loaded untrained.
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { ComparePanel } from '../../renderer/components/lab/ComparePanel';
import { ShiftPanel } from '../../renderer/components/lab/ShiftPanel';
import { useStore } from '../../renderer/store';
import { renderWithSession, until, type Rendered } from './helpers/render';

let r: Rendered | null = null;
afterEach(async () => {
  await r?.unmount();
  r = null;
});

const s = () => useStore.getState();
const click = (el: HTMLElement) => act(async () => el.click());

async function lab(): Promise<Rendered> {
  r = await renderWithSession(() => (
    <>
      <ComparePanel />
      <ShiftPanel />
    </>
  ));
  return r;
}

describe('lab panels', () => {
  test('MLP vs CNN: two models trained at once with the same config; table, curves, CSV; then the shift test', async () => {
    const { byTestId, container, host } = await lab();
    await act(async () => {
      for (const [f, v] of [['trainSize', '120'], ['epochs', '1'], ['batchSize', '20'], ['seed', '5'], ['labelSmoothing', '0.1']] as const) s().setFormField(f, v);
    });
    expect(byTestId('compare.config').textContent).toBe('120 images · 1 epoch · batch 20 · adam lr 0.006 · seed 5 · label smoothing 0.1');
    await click(byTestId('compare.mlp-vs-cnn'));
    await until(() => expect(s().compare).toHaveLength(2));
    const [mlp, cnn] = s().compare.map((e) => e.model);
    // both runs were started before either ended: the session trains them side by side
    const starts = host.sent.filter((c) => c.type === 'train:start');
    expect(starts.map((c) => c.type === 'train:start' && c.model)).toEqual([mlp, cnn]);
    expect(starts.map((c) => JSON.stringify(c.type === 'train:start' && c.config))).toEqual(Array(2).fill(JSON.stringify(starts[0].type === 'train:start' && starts[0].config)));
    expect(starts[0].type === 'train:start' && starts[0].config).toMatchObject({ trainSize: 120, epochs: 1, batchSize: 20, seed: 5, labelSmoothing: 0.1 });
    await until(() => {
      for (const m of [mlp, cnn]) expect(byTestId(`compare.row.${m}`).dataset.status).toBe('done');
    }, 60_000);
    await until(() => expect(byTestId('compare.curves').dataset.points).toBe(`${mlp}:6 ${cnn}:6`));
    expect(s().compare.every((e) => e.startedAt !== null && e.endedAt !== null && e.endedAt >= e.startedAt)).toBe(true);
    expect(byTestId(`compare.row.${mlp}`).textContent).toContain('101,770');
    expect(byTestId(`compare.row.${cnn}`).textContent).toContain('55,594');
    await click(byTestId('compare.csv'));
    const csv = host.saved.find((f) => f.name === 'compare-runs.csv')!.data.trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toMatch(/^mlp,done,101770,/);
    expect(csv[2]).toMatch(/^cnn,done,55594,/);

    const size = byTestId('shift.test-size') as HTMLSelectElement;
    expect(size.value).toBe('2000');
    await act(async () => (byTestId('shift.grid') as HTMLInputElement).click());
    // progress: the store follows the session's eval:progress events (a run of 26 steps each, maybe too quick to see)
    const seen = new Set<string>();
    const off = useStore.subscribe((st) => Object.entries(st.shiftProgress).forEach(([m, p]) => seen.add(`${m}:${p.done}/${p.total}`)));
    await click(byTestId('shift.run'));
    await until(() => {
      for (const m of [mlp, cnn]) for (const axis of ['dx', 'dy']) expect(byTestId(`shift.curve.${m}.${axis}`).dataset.points).toBe('13');
    }, 60_000);
    expect(s().shiftResults[mlp].testSize).toBe(40); // the synthetic test set has 40 images
    expect(s().shiftResults[mlp].grid).toBeNull();
    expect(byTestId(`shift.random.${cnn}`).textContent).toContain('±3 px');
    await until(() => expect(container.querySelector('[data-testid="shift.progress"]')).toBeNull());
    off();
    for (const m of [mlp, cnn]) expect(seen).toContain(`${m}:26/26`);
  }, 90_000);

  test('arrow keys shift the input, except in a form field; the buttons and reset too', async () => {
    const { byTestId } = await lab();
    await act(async () => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' })));
    await act(async () => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp' })));
    expect(s().shift).toEqual({ dx: 1, dy: -1 });
    const select = byTestId('shift.test-size');
    await act(async () => void select.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(s().shift).toEqual({ dx: 1, dy: -1 });
    await click(byTestId('shift.down'));
    await click(byTestId('shift.left'));
    expect(s().shift).toEqual({ dx: 0, dy: 0 });
    await click(byTestId('shift.right'));
    expect(byTestId('shift.offset').textContent).toContain('dx +1');
    await click(byTestId('shift.reset'));
    expect(s().shift).toEqual({ dx: 0, dy: 0 });
  });

  test('the shipped mlp and cnn load without training: table from the files, a prediction bar set each', async () => {
    const { byTestId, container } = await lab();
    await click(byTestId('shift.load-shipped'));
    await until(() => expect(s().compare.map((e) => e.label)).toEqual(['shipped mlp', 'shipped cnn']));
    const [mlp, cnn] = s().compare.map((e) => e.model);
    await until(() => expect(byTestId(`compare.row.${cnn}`).dataset.testAccuracy).toBe('0.9923'));
    expect(byTestId(`compare.row.${mlp}`).dataset.testAccuracy).toBe('0.9821');
    expect(byTestId(`compare.row.${mlp}`).dataset.status).toBe('shipped');
    expect(container.querySelector('[data-testid="compare.curves"]')).toBeNull();
    for (const m of [mlp, cnn]) expect(byTestId(`shift.probs.${m}`).querySelectorAll('.bar')).toHaveLength(10);
  });

  test('the editor\'s stack is a choice: trained beside a preset with its own spec; an invalid one is refused with the editor\'s message', async () => {
    const { controller, host } = await lab();
    await act(async () => {
      for (const [f, v] of [['trainSize', '60'], ['epochs', '1'], ['batchSize', '20']] as const) s().setFormField(f, v);
    });
    const bad = { name: 'bad', input: [1, 28, 28] as [number, number, number], layers: [{ type: 'conv2d' as const, filters: 2, kernel: 30 }, { type: 'flatten' as const }, { type: 'dense' as const, units: 10 }] };
    await act(async () => s().startStack(bad));
    expect(await controller.lab.compare(['editor', 'mlp'])).toBe(false);
    expect(s().messages.at(-1)?.text).toMatch(/^The editor's stack cannot be trained: layer 0 \(conv2d\): kernel 30 is larger than the padded input 28×28/);
    const mine = { name: 'mine', input: [1, 28, 28] as [number, number, number], layers: [{ type: 'flatten' as const }, { type: 'dense' as const, units: 16 }, { type: 'relu' as const }, { type: 'dense' as const, units: 10 }] };
    await act(async () => s().startStack(mine));
    expect(await controller.lab.compare(['editor', 'mlp'])).toBe(true);
    const created = host.sent.filter((c) => c.type === 'model:create');
    expect(created.map((c) => c.type === 'model:create' && c.spec.name)).toEqual(['mine', 'mlp']);
    expect(s().compare.map((e) => e.label)).toEqual(['editor: mine', 'mlp']);
    await until(() => expect(s().compare.every((e) => e.endedAt !== null)).toBe(true), 60_000);
  });
});
