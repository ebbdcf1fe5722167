// The filter designer panel in jsdom over a real in-process session: presets and typed values change the
// output, bad text is refused with a message, and "use in network" writes the filter into layer 0.
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { preset } from '../../core/presets';
import type { ModelSpec } from '../../core/spec';
import { FilterDesigner } from '../../renderer/components/filters/FilterDesigner';
import { runDesigner } from '../../renderer/lib/filters/designer';
import { embedKernel } from '../../renderer/lib/filters/embed';
import { findPreset } from '../../renderer/lib/filters/presets';
import { testImage } from '../../renderer/lib/filters/test-images';
import { useStore } from '../../renderer/store';
import { currentView } from '../../renderer/store/select';
import { choose, renderWithSession, typeInto, until, type Rendered } from './helpers/render';

let r: Rendered;
const state = () => useStore.getState();

afterEach(async () => {
  await r.unmount();
});

function press(input: HTMLElement, key: string): void {
  input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
}

describe('filter designer panel', () => {
  test('a preset and the input image drive the live output; Sobel x sees vertical lines, not horizontal ones', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    const panel = r.byTestId('filters.panel');
    await act(async () => choose(r.byTestId('filters.input'), 'vertical'));
    expect(r.byTestId('filters.grid').dataset.weights).toBe(findPreset('sobel-x')!.build(3)!.join(','));
    const vertical = Number(panel.dataset.convAbsSum);
    await act(async () => choose(r.byTestId('filters.input'), 'horizontal'));
    const horizontal = Number(panel.dataset.convAbsSum);
    expect(vertical).toBeGreaterThan(100);
    expect(horizontal).toBeLessThan(1e-6);
    await act(async () => choose(r.byTestId('filters.preset'), 'sobel-y'));
    expect(Number(panel.dataset.convAbsSum)).toBeGreaterThan(100);
    expect(r.byTestId('filters.formula-conv').textContent).toBe('floor((28 − 3 + 2·0)/1) + 1 = 26');
  });

  test('stride and padding change the sizes and the filled-in formula', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    await act(async () => choose(r.byTestId('filters.stride'), '2'));
    await act(async () => choose(r.byTestId('filters.padding'), 'same'));
    const panel = r.byTestId('filters.panel');
    expect([panel.dataset.convH, panel.dataset.convW, panel.dataset.pooledW]).toEqual(['14', '14', '7']);
    expect(r.byTestId('filters.formula-conv').textContent).toBe('floor((28 − 3 + 0 + 1)/2) + 1 = 14');
    expect(r.byTestId('filters.formula-pads').textContent).toBe(
      " (P_before = 0 (top/left), P_after = 1 (bottom/right): the odd extra pad goes bottom/right, as in TensorFlow; 'same' pads so that out = ⌈W/S⌉ = ⌈28/2⌉ = 14)",
    );
    expect(r.byTestId('filters.formula-pool').textContent).toBe('floor((14 − 2)/2) + 1 = 7');
  });

  test('typing an exact value changes the cell; invalid text shows a message and keeps the value', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    await act(async () => state().setDesigner({ selected: 4, input: 'circle' }));
    const input = r.byTestId('filters.cell-input') as HTMLInputElement;
    const before = r.byTestId('filters.panel').dataset.convAbsSum;
    await act(async () => {
      typeInto(input, 'two');
      press(input, 'Enter');
    });
    expect(r.byTestId('filters.cell-input-error').textContent).toBe('"two" is not a number');
    expect(state().designer.weights[4]).toBe(0);
    await act(async () => {
      typeInto(input, '2.5');
      press(input, 'Enter');
    });
    expect(r.container.querySelector('[data-testid="filters.cell-input-error"]')).toBeNull();
    expect(state().designer.weights[4]).toBe(2.5);
    expect(state().designer.preset).toBeNull();
    expect(r.byTestId('filters.panel').dataset.convAbsSum).not.toBe(before);
  });

  test("use in network: refused for an MLP; a 3×3 filter goes into the centre of the cnn's 5×5 kernel, frozen, and the channel computes the designer's map", async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    expect(r.byTestId('filters.network-mismatch').textContent).toMatch(/no conv layer/);
    await act(async () => r.controller.setSpec(preset('cnn'), 5));
    await until(() => expect(currentView(state())?.weights?.[0].shape).toEqual([16, 1, 5, 5]));
    expect(r.byTestId('filters.network-placement').textContent).toBe(
      "3×3 filter placed in the centre of the layer's 5×5 kernel; the border stays 0 (frozen with the filter). With the layer's 'same' padding its map is exactly the 3×3 filter's.",
    );
    await act(async () => r.byTestId('filters.network-trainable').click());
    expect(r.byTestId('filters.network-placement').textContent).toMatch(/the border starts at 0 and is trained/);
    await act(async () => r.byTestId('filters.network-frozen').click());
    await act(async () => choose(r.byTestId('filters.network-channel'), '3'));
    // scaled by default: Sobel x 3×3 has norm √12, a fresh filter √2, so ×0.41 (shown on the box)
    expect((r.byTestId('filters.network-scaled') as HTMLInputElement).checked).toBe(true);
    expect(r.byTestId('filters.network-scaled').parentElement!.textContent).toMatch(/×0\.41\)/);
    await act(async () => r.byTestId('filters.network-scaled').click()); // unscaled: the map must equal the designer's
    await act(async () => r.byTestId('filters.use').click());
    await until(() => expect(currentView(state())?.summary?.spec.layers[0]).toMatchObject({ frozenChannels: [3] }));
    const sobel = findPreset('sobel-x')!.build(3)!;
    const sent = r.host.sent.find((c) => c.type === 'model:set-filter');
    expect(sent).toMatchObject({ layer: 0, channel: 3, weights: embedKernel(sobel, 3, 5), frozen: true });
    await until(() => expect(Array.from(currentView(state())!.weights![0].data.slice(75, 100))).toEqual(embedKernel(sobel, 3, 5)));
    expect(r.byTestId('filters.network-note').textContent).toMatch(/Sobel x 3×3 in channel 3, frozen, centred in the layer's 5×5 kernel/);
    // the network's channel 3 (layer 0's output) is the designer's 3×3 convolution with 'same' padding
    const image = testImage('seven', 28);
    await act(async () => state().setInput(image, { kind: 'drawing' }));
    const designer = runDesigner(image, 28, 28, { k: 3, weights: sobel, bias: 0, stride: 1, padding: 'same', relu: false, pool: false }).conv;
    await until(() => {
      const out = currentView(state())!.activations!.outputs[0];
      expect(out.shape).toEqual([1, 16, 28, 28]);
      const channel = Array.from(out.data.slice(3 * 784, 4 * 784));
      channel.forEach((v, i) => expect(v).toBeCloseTo(designer.data[i], 5));
    });
  });

  test('with no ink on the pad the read-out hint says how to get a picture in; a test image or a drawing brings back the hover hint', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    expect(state().designer.input).toBe('drawing');
    await act(async () => state().setInput(new Float32Array(784), { kind: 'drawing' }));
    expect(r.byTestId('filters.blank-hint').textContent).toMatch(/^No ink yet: draw a digit, or pick a test image under Input/);
    await act(async () => choose(r.byTestId('filters.input'), 'vertical'));
    expect(r.container.querySelector('[data-testid="filters.blank-hint"]')).toBeNull();
    expect(r.container.querySelector('.patch-hint')!.textContent).toMatch(/^Hover a cell of an output map/);
    await act(async () => choose(r.byTestId('filters.input'), 'drawing'));
    expect(r.container.querySelector('[data-testid="filters.blank-hint"]')).not.toBeNull();
    // ink in the drawing's input: the designer follows it at most every FOLLOW_MS, by a timer and a transition, which
    // commit when an act() scope ends, so wait in short act() steps (up to 5 s under load)
    await act(async () => state().setInput(testImage('seven', 28), { kind: 'drawing' }));
    const hint = () => r.container.querySelector('[data-testid="filters.blank-hint"]');
    for (let i = 0; i < 50 && hint(); i++) await act(() => new Promise((res) => setTimeout(res, 100)));
    expect(hint()).toBeNull();
  });

  test('use in network scales the filter and its bias to a fresh filter\'s size by default, and says so', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    await act(async () => r.controller.setSpec(preset('cnn'), 5));
    await until(() => expect(currentView(state())?.weights?.[0].shape).toEqual([16, 1, 5, 5]));
    await act(async () => useStore.getState().setDesigner({ bias: 0.5 }));
    await act(async () => r.byTestId('filters.use').click());
    const sobel = findPreset('sobel-x')!.build(3)!;
    const f = Math.SQRT2 / Math.sqrt(12);
    await until(() => expect(r.host.sent.some((c) => c.type === 'model:set-filter')).toBe(true));
    const sent = r.host.sent.find((c) => c.type === 'model:set-filter') as { weights: number[]; bias: number };
    sent.weights.forEach((v, i) => expect(v).toBeCloseTo(embedKernel(sobel, 3, 5)[i] * f, 9));
    expect(sent.bias).toBeCloseTo(0.5 * f, 9);
    await until(() => expect(r.byTestId('filters.network-note').textContent).toMatch(/Sobel x 3×3 in channel 0, frozen, centred in the layer's 5×5 kernel, scaled ×0\.41/));
  });

  test('a filter bigger than the first layer\'s kernel is refused: 5×5 into a 3×3 layer, 7×7 into the cnn\'s 5×5; nothing is sent', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    const small: ModelSpec = { ...preset('cnn'), name: 'cnn-3x3' };
    small.layers[0] = { type: 'conv2d', filters: 8, kernel: 3, padding: 'same' };
    await act(async () => r.controller.setSpec(small, 5));
    await until(() => expect(currentView(state())?.weights?.[0].shape).toEqual([8, 1, 3, 3]));
    expect(r.container.querySelector('[data-testid="filters.network-placement"]')).toBeNull(); // 3×3 into 3×3: nothing to explain
    await act(async () => choose(r.byTestId('filters.k'), '5'));
    expect(r.byTestId('filters.network-mismatch').textContent).toMatch(/uses 3×3 kernels; your filter is 5×5, bigger than the layer's kernel/);
    expect(r.container.querySelector('[data-testid="filters.use"]')).toBeNull();
    expect((r.byTestId('filters.compare-designed') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => r.controller.setSpec(preset('cnn'), 5));
    await until(() => expect(currentView(state())?.weights?.[0].shape).toEqual([16, 1, 5, 5]));
    expect(r.container.querySelector('[data-testid="filters.network-mismatch"]')).toBeNull(); // 5×5 into 5×5 fits
    await act(async () => choose(r.byTestId('filters.k'), '7'));
    expect(r.byTestId('filters.network-mismatch').textContent).toMatch(/uses 5×5 kernels; your filter is 7×7/);
    expect(r.container.querySelector('[data-testid="filters.use"]')).toBeNull();
    expect(r.host.sent.some((c) => c.type === 'model:set-filter')).toBe(false);
  });

  test('compare: a run with the designed filter and an all-learned run from the same seed are both recorded', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    await act(async () => r.controller.setSpec(preset('cnn'), 5));
    await until(() => expect(currentView(state())?.summary?.spec.name).toBe('cnn'));
    // the runs use the training panel's form as typed (not the last run's config); a bad value refuses the run
    await act(async () => state().setFormField('batchSize', '0'));
    await act(async () => r.byTestId('filters.compare-designed').click());
    await until(() => expect(state().messages.map((m) => m.text)).toContain('Fix the highlighted hyper-parameters in the training panel first.'));
    expect(r.host.sent.some((c) => c.type === 'train:start')).toBe(false);
    await act(async () => {
      for (const [f, v] of [['epochs', '1'], ['batchSize', '20'], ['trainSize', '60'], ['seed', '9']] as const) state().setFormField(f, v);
    });
    await act(async () => r.byTestId('filters.compare-designed').click());
    await until(() => expect(state().comparison.designed).not.toBeNull(), 30_000);
    const designed = state().comparison.designed!;
    expect(designed).toMatchObject({ kind: 'designed', ended: '1 epoch', trainSize: 60, seed: 9, filter: "Sobel x 3×3 in channel 0, frozen, centred in the layer's 5×5 kernel, scaled ×0.41" });
    expect(designed.testAccuracy).toHaveLength(1);
    expect(designed.loss).toHaveLength(3);
    // the designed run's model is trained: the all-learned run gets a new model (model:create), the trained one is kept
    const fresh = (c: { type: string }) => c.type === 'model:set-spec' || c.type === 'model:create';
    const setSpecs = r.host.sent.filter(fresh);
    await act(async () => r.byTestId('filters.compare-learned').click());
    await until(() => expect(state().comparison.learned).not.toBeNull(), 30_000);
    expect(state().comparison.learned).toMatchObject({ kind: 'learned', filter: null, seed: 9 });
    expect(currentView(state())?.summary?.spec.layers[0]).not.toHaveProperty('frozenChannels');
    const specs = r.host.sent.filter(fresh).slice(setSpecs.length - 1);
    expect(specs.map((c) => (c as { seed: number }).seed)).toEqual([9, 9]);
    expect(r.byTestId('filters.compare.designed').dataset.final).toBe(String(designed.testAccuracy[0]));
    expect(r.container.querySelectorAll('.compare-curve polyline')).toHaveLength(4);
  }, 60_000); // two short training runs, each waited for up to 30 s
});
