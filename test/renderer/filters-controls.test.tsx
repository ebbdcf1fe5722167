// The designer's controls in jsdom: a padding message lasts exactly as long as its cause, and the 'same' option
// says what it does at every stride.
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { FilterDesigner } from '../../renderer/components/filters/FilterDesigner';
import { useStore } from '../../renderer/store';
import { choose, renderWithSession, typeInto, type Rendered } from './helpers/render';

let r: Rendered;

afterEach(async () => {
  await r.unmount();
});

const paddingError = () => r.container.querySelector('[data-testid="filters.padding-error"]');

describe('filters.controls.padding', () => {
  test('a bad padding number shows a message that goes when the number is valid again, or another mode is chosen', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    await act(async () => choose(r.byTestId('filters.padding'), 'number'));
    const field = () => r.byTestId('filters.padding-number') as HTMLInputElement;
    expect(useStore.getState().designer.padding).toBe(1);

    await act(async () => typeInto(field(), '9'));
    expect(paddingError()?.textContent).toMatch(/whole number 0–6/);
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(useStore.getState().designer.padding).toBe(1);

    await act(async () => typeInto(field(), '2'));
    expect(paddingError()).toBeNull();
    expect(field().getAttribute('aria-invalid')).toBe('false');
    expect(useStore.getState().designer.padding).toBe(2);

    await act(async () => typeInto(field(), '-1'));
    expect(paddingError()).not.toBeNull();
    await act(async () => choose(r.byTestId('filters.padding'), 'same'));
    expect(useStore.getState().designer.padding).toBe('same');
    expect(paddingError()).toBeNull();

    // back to a number: the field opens with a valid value (the bad text is gone with its message)
    await act(async () => choose(r.byTestId('filters.padding'), 'number'));
    expect(field().value).toBe('1');
    expect(paddingError()).toBeNull();
    expect(useStore.getState().designer.padding).toBe(1);
  });
});

describe('filters.controls.same', () => {
  test("the 'same' option is named for what it does (out = ⌈W/S⌉), and at stride 2 the size is halved, as it says", async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    const same = r.byTestId('filters.padding').querySelector<HTMLOptionElement>('option[value="same"]')!;
    expect(same.textContent).toBe('same (out = ⌈W/S⌉)');
    expect(same.title).toMatch(/kept at stride 1 only/);
    await act(async () => choose(r.byTestId('filters.padding'), 'same'));
    expect(r.byTestId('filters.panel').dataset.convW).toBe('28');
    expect(r.byTestId('filters.formula-pads').textContent).toBe(" (P = 1; 'same' pads so that out = ⌈W/S⌉ = ⌈28/1⌉ = 28)");
    await act(async () => choose(r.byTestId('filters.stride'), '2'));
    expect(r.byTestId('filters.panel').dataset.convW).toBe('14');
  });
});
