// The weight grid's labels fit their cells on one line at every K: the Konva text nodes never wrap, and each
// label's width (Arial metrics, checked against the real font in e2e) leaves the cell's inset free.
import Konva from 'konva';
import { act } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { CELL_SIZE, LABEL_FONT, WeightGrid } from '../../renderer/components/filters/WeightGrid';
import { cellLabel, drawnLabelWidths, LABEL_INSET, labelWidth } from '../../renderer/lib/filters/cell-label';
import { FILTER_PRESETS } from '../../renderer/lib/filters/presets';
import { useStore } from '../../renderer/store';
import { renderBare } from './helpers/render';

let view: Awaited<ReturnType<typeof renderBare>> | null = null;

afterEach(async () => {
  await view?.unmount();
  view = null;
  vi.restoreAllMocks();
});

/** Makes the canvas measure text `factor` × as wide as Arial, as a substitute font does (DejaVu Sans: about 1.14). */
function drawWider(factor: number): void {
  vi.spyOn(CanvasRenderingContext2D.prototype, 'measureText').mockImplementation(function (this: CanvasRenderingContext2D, text: string) {
    return { width: labelWidth(text, parseFloat(this.font)) * factor } as TextMetrics;
  });
}

async function renderGrid(): Promise<void> {
  view = await renderBare(<WeightGrid />);
}

/** The grid's text nodes: [text, font size, wrap]. */
const labels = () => Konva.stages[0].find<Konva.Text>('Text').map((t) => [t.text(), t.fontSize(), t.wrap()] as const);

/** Renders the grid at K = k and calls `check` with each preset that exists at k and the labels it shows. */
async function eachPreset(k: 3 | 5 | 7, check: (id: string, shown: ReturnType<typeof labels>) => void): Promise<void> {
  await renderGrid();
  for (const p of FILTER_PRESETS) {
    if (!p.build(k)) continue;
    await act(async () => {
      useStore.getState().setKernelSize(k);
      useStore.getState().applyPreset(p.id);
    });
    check(p.id, labels());
  }
}

describe('filters.weight-grid.labels', () => {
  test.each([3, 5, 7] as const)('every preset at K=%i: labels fit their cells on one line', async (k) => {
    const cell = CELL_SIZE[k];
    await eachPreset(k, (id, shown) => {
      expect(shown).toHaveLength(k * k);
      for (const [text, size, wrap] of shown) {
        expect(wrap, `${id} ${k}×${k} "${text}"`).toBe('none');
        expect(size).toBe(LABEL_FONT[k]);
        expect(labelWidth(text, size), `${id} ${k}×${k} "${text}"`).toBeLessThanOrEqual(cell - 2 * LABEL_INSET);
      }
    });
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

describe('filters.weight-grid.labels in a wider font than Arial', () => {
  test('drawnLabelWidths measures what the canvas draws when wider than the estimate, else gives the estimate', () => {
    // vitest-canvas-mock measures 1 px per character: narrower than the estimate
    expect(drawnLabelWidths()('-.0039', 11)).toBeCloseTo(labelWidth('-.0039', 11), 6);
    drawWider(1.14);
    expect(drawnLabelWidths()('-.0039', 11)).toBeCloseTo(labelWidth('-.0039', 11) * 1.14, 6);
  });

  test('cellLabel takes the width to fit by: the 5×5 sharpen weight -1/256 is -.0039 in Arial, shorter 14 % wider', () => {
    const cell = CELL_SIZE[5];
    const font = LABEL_FONT[5];
    expect(cellLabel(-0.00390625, cell, font)).toBe('-.0039');
    const wider = (t: string, f: number) => labelWidth(t, f) * 1.14;
    const text = cellLabel(-0.00390625, cell, font, wider);
    expect(text).toBe('-.004');
    expect(wider(text, font)).toBeLessThanOrEqual(cell - 2 * LABEL_INSET);
  });

  test.each([3, 5, 7] as const)('every preset at K=%i fits its cells as the canvas draws it 14 % wider', async (k) => {
    drawWider(1.14);
    const sizes = new Set<string>();
    const cell = CELL_SIZE[k];
    await eachPreset(k, (id, shown) => {
      for (const [text, size] of shown) {
        expect(labelWidth(text, size) * 1.14, `${id} ${k}×${k} "${text}"`).toBeLessThanOrEqual(cell - 2 * LABEL_INSET);
        // a point or two smaller at most, and only where the grid's own size cannot fit them
        expect(size).toBeGreaterThanOrEqual(LABEL_FONT[k] - 2);
      }
      if (shown[0][1] < LABEL_FONT[k]) sizes.add(`${id} ${k}`);
    });
    if (k === 7) expect([...sizes]).toContain('sharpen 7');
    else expect([...sizes]).toEqual([]);
  });
});
