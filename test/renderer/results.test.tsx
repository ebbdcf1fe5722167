// The results tab's confusion matrix says which way is true and which predicted; the per-class bars start their
// axis near the weakest class so 97–100 % do not look the same, print each value and say the axis's range.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, test } from 'vitest';
import type { EpochEvent } from '../../core/train/trainer';
import { ConfusionMatrix } from '../../renderer/components/train/ConfusionMatrix';
import { accuracyAxisMin, barHeight, PerClass } from '../../renderer/components/train/PerClass';
import { resetStore } from '../../renderer/store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;
afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
  resetStore();
});

async function render(ui: React.ReactNode): Promise<void> {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  await act(async () => root.render(ui));
}

const q = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
const ACC = [0.973, 0.99, 1, 0.985, 0.98, 0.99, 0.99, 0.975, 0.99, 0.98];

describe('train.results.confusion', () => {
  test('the corner names both axes (no bare "t\\p"), with a caption and an accessible label', async () => {
    const k = 3;
    const epoch = { epoch: 0, confusion: [5, 1, 0, 0, 6, 0, 1, 0, 4], perClassAccuracy: [5 / 6, 1, 0.8], predictions: [], testAccuracy: 15 / 17 } as unknown as EpochEvent;
    await render(<ConfusionMatrix epoch={epoch} />);
    const table = q('train.confusion');
    const corner = table.querySelector('th.corner')!;
    expect(corner.textContent).toBe('true ↓pred →');
    expect(corner.textContent).not.toContain('t\\p');
    expect(corner.getAttribute('aria-label')).toBe('true class down, predicted class across');
    expect(corner.getAttribute('title')).toBe('rows: true class ↓, columns: predicted class →');
    expect(table.querySelector('caption')!.textContent).toBe('rows: true class ↓ · columns: predicted class →');
    expect(table.querySelectorAll('tbody th[scope="row"]')).toHaveLength(k);
  });
});

describe('train.results.per-class', () => {
  test('97–100 %: the axis starts at 95 %, bar heights differ by the accuracies, values printed to 0.1, range said', async () => {
    await render(<PerClass acc={ACC} />);
    const list = q('train.per-class');
    expect(list.dataset.axisMin).toBe('95');
    const heights = ACC.map((_, d) => parseFloat(q(`train.per-class.${d}`).style.height));
    expect(heights[2]).toBe(100);
    expect(heights[0]).toBeCloseTo(46, 5); // (97.3 − 95) / 5
    expect(Math.max(...heights) / Math.min(...heights)).toBeGreaterThan(2); // on a 0–100 axis: 1.03
    expect([...list.querySelectorAll('.perclass-value')].map((e) => e.textContent)).toEqual(['97.3', '99.0', '100.0', '98.5', '98.0', '99.0', '99.0', '97.5', '99.0', '98.0']);
    expect(q('train.per-class.axis').textContent).toBe('bars from 95 % (bottom) to 100 %, not from 0: the differences are small');
    expect(list.dataset.worst).toBe('0');
  });

  test('a class under 50 %: the axis starts at 0', async () => {
    await render(<PerClass acc={[0.4, 0.9, 0.8]} />);
    expect(q('train.per-class').dataset.axisMin).toBe('0');
    expect(q('train.per-class.axis').textContent).toBe('bars from 0 to 100 %');
  });

  test.each([
    [[0.973, 1], 95],
    [[0.96, 1], 95],
    [[0.958, 1], 90],
    [[0.5, 1], 45],
    [[0.49, 1], 0],
    [[1, 1], 95],
  ])('accuracyAxisMin(%j) is %i', (acc, min) => {
    expect(accuracyAxisMin(acc)).toBe(min);
    for (const a of acc) expect(barHeight(a, min)).toBeGreaterThan(0);
  });
});
