// The weight grid's labels fit their cells on one line at every K: the Konva text nodes never wrap, and each
// label's width (Arial metrics, checked against the real font in e2e) leaves the cell's inset free.
import Konva from 'konva';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { CELL_SIZE, LABEL_FONT, WeightGrid } from '../../renderer/components/filters/WeightGrid';
import { cellLabel, LABEL_INSET, labelWidth } from '../../renderer/lib/filters/cell-label';
import { FILTER_PRESETS } from '../../renderer/lib/filters/presets';
import { useStore } from '../../renderer/store';
import { renderBare } from './helpers/render';

let view: Awaited<ReturnType<typeof renderBare>> | null = null;

afterEach(async () => {
  await view?.unmount();
  view = null;
});

async function renderGrid(): Promise<void> {
  view = await renderBare(<WeightGrid />);
}

/** The grid's text nodes: [text, font size, wrap]. */
const labels = () => Konva.stages[0].find<Konva.Text>('Text').map((t) => [t.text(), t.fontSize(), t.wrap()] as const);

describe('filters.weight-grid.labels', () => {
  test.each([3, 5, 7] as const)('every preset at K=%i: labels fit their cells on one line', async (k) => {
    await renderGrid();
    const cell = CELL_SIZE[k];
    for (const p of FILTER_PRESETS) {
      if (!p.build(k)) continue;
      await act(async () => {
        useStore.getState().setKernelSize(k);
        useStore.getState().applyPreset(p.id);
      });
      const shown = labels();
      expect(shown).toHaveLength(k * k);
      for (const [text, size, wrap] of shown) {
        expect(wrap, `${p.id} ${k}×${k} "${text}"`).toBe('none');
        expect(size).toBe(LABEL_FONT[k]);
        expect(labelWidth(text, size), `${p.id} ${k}×${k} "${text}"`).toBeLessThanOrEqual(cell - 2 * LABEL_INSET);
      }
    }
  });

  test('the 7×7 Gaussian, which wrapped as "0.0014 / 6", is written .0015 (and 1/4096 as .0002)', async () => {
    await renderGrid();
    await act(async () => {
      useStore.getState().setKernelSize(7);
      useStore.getState().applyPreset('gaussian-blur');
    });
    const texts = labels().map(([t]) => t);
    expect(texts[1]).toBe('.0015');
    expect(texts[0]).toBe('.0002');
    expect(texts[24]).toBe('.0977');
  });

  test.each([
    [-0.3333333, 56, 14, '-0.333'],
    [-0.3333333, 32, 10, '-.333'],
    [0.000244140625, 56, 14, '.000244'],
    [-0.000244140625, 32, 10, '-2e-4'],
    [-99.99, 32, 10, '-100'],
    [1e-7, 32, 10, '1e-7'],
    [0, 32, 10, '0'],
  ])('cellLabel(%f) in a %i px cell at %i px is "%s"', (v, cell, font, text) => {
    expect(cellLabel(v, cell, font)).toBe(text);
    expect(labelWidth(text, font)).toBeLessThanOrEqual(cell - 2 * LABEL_INSET);
  });
});
