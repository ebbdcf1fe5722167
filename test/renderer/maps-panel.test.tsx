// The feature-map panel in jsdom over a real session: one map per channel on a native-resolution canvas per layer,
// bars for dense layers and the softmax, repaints batched per frame, zoom, and PNG export through the host.
import Konva from 'konva';
import { act } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { preset } from '../../core/presets';
import { FeatureMaps } from '../../renderer/components/maps/FeatureMaps';
import { EMPTY_TILE } from '../../renderer/components/maps/MapGrid';
import { GridImage } from '../../renderer/components/maps/paint';
import { testImage } from '../../renderer/lib/filters/test-images';
import { useStore } from '../../renderer/store';
import { currentView } from '../../renderer/store/select';
import { renderWithSession, until, type Rendered } from './helpers/render';

let r: Rendered;
const state = () => useStore.getState();

afterEach(async () => {
  await r.unmount();
  vi.restoreAllMocks();
});

async function withCnn(): Promise<void> {
  r = await renderWithSession((m) => <FeatureMaps model={m} />);
  await act(async () => r.controller.setSpec(preset('cnn'), 2));
  await until(() => expect(currentView(state())?.weights?.[0].shape).toEqual([16, 1, 5, 5]));
  await act(async () => state().setInput(testImage('seven', 28), { kind: 'drawing' }));
  await until(() => expect(currentView(state())?.activations?.outputs).toHaveLength(10));
}

describe('feature maps panel', () => {
  test('every image layer shows one map per channel on one canvas at the maps\' own resolution, enlarged by CSS', async () => {
    await withCnn();
    const channels: Record<number, number> = { 0: 16, 1: 16, 2: 16, 3: 32, 4: 32, 5: 32 };
    for (const [layer, n] of Object.entries(channels)) {
      const grid = r.byTestId(`maps.grid.${layer}`);
      await until(() => expect(grid.dataset.images).toBe(String(n)));
      expect(grid.dataset.maps).toBe(String(n));
      // canvas pixels: cols maps of w plus gaps of gap/scale map pixels; on screen: tile and gap px
      const [h, w] = grid.dataset.mapSize!.split('x').map(Number);
      const [tile, gap, cols] = [Number(grid.dataset.tile), Number(grid.dataset.gap), Number(grid.dataset.cols)];
      const scale = tile / w;
      const canvas = grid.querySelector('canvas')!;
      expect(canvas.width).toBe(cols * w + ((cols - 1) * gap) / scale);
      expect(canvas.height).toBe(Math.ceil(n / cols) * h + ((Math.ceil(n / cols) - 1) * gap) / scale);
      expect(canvas.style.width).toBe(`${cols * tile + (cols - 1) * gap}px`);
      expect(gap % scale).toBe(0);
      expect(gap).toBeGreaterThanOrEqual(4);
    }
    expect(r.byTestId('maps.layer.0').dataset.shape).toBe('16x28x28');
    expect(r.byTestId('maps.layer.0').dataset.params).toBe('416'); // 16 × (5·5 + 1)
    expect(r.byTestId('maps.layer.3').dataset.shape).toBe('32x14x14');
    expect(r.byTestId('maps.layer.3').dataset.params).toBe('4640'); // 32 × (16·3·3 + 1)
    expect(r.byTestId('maps.layer.6').dataset.shape).toBe('1568');
    expect(r.byTestId('maps.layer.7').dataset.type).toBe('dense');
    expect(r.byTestId('maps.dense.7').dataset.units).toBe('32');
    expect(r.byTestId('maps.layer.7').dataset.params).toBe('50208'); // 1568·32 + 32
    expect(r.byTestId('maps.layer.9').dataset.type).toBe('dense');
    expect(r.byTestId('maps.dense.9').dataset.units).toBe('10');
    expect(r.byTestId('maps.layer.9').dataset.params).toBe('330');
    // (the texts under the bars follow within TEXT_MS)
    await until(() => expect(r.byTestId('maps.softmax').dataset.probs).toBeDefined());
    const probs = r.byTestId('maps.softmax').dataset.probs!.split(',').map(Number);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    // Node counts stay sane: images, not one shape per pixel.
    const shapes = Konva.stages.reduce((a, s) => a + s.find('Shape').length, 0);
    expect(shapes).toBeLessThan(250);
  });

  test('a ReLU after a dense layer shows its values as bars, like the dense layer (not just a header)', async () => {
    await withCnn();
    expect(r.byTestId('maps.layer.8').dataset.type).toBe('relu');
    const bars = r.byTestId('maps.dense.8');
    expect(bars.dataset.units).toBe('32');
    expect(bars.querySelector('canvas')).not.toBeNull();
    await until(() => expect(bars.querySelector('.hint')!.textContent).toMatch(/^32 units, range 0 … /));
    // and its values are the dense layer's with the negatives at 0
    const [dense, relu] = [7, 8].map((i) => currentView(state())!.activations!.outputs[i].data);
    expect(Array.from(relu)).toEqual(Array.from(dense, (v) => Math.max(0, v)));
  });

  test('with no ink the maps are empty tiles (never coloured by the biases) with a message; ink brings the values back', async () => {
    await withCnn();
    const fill = vi.spyOn(GridImage.prototype, 'fill');
    const paint = vi.spyOn(GridImage.prototype, 'paint');
    await act(async () => state().clearDrawing());
    for (const layer of [0, 1, 2, 3, 4, 5]) await until(() => expect(r.byTestId(`maps.grid.${layer}`).dataset.empty).toBe('true'));
    // each of the six grids is filled with empty tiles (again if a weight refresh repaints them meanwhile), never painted
    await until(() => expect(new Set(fill.mock.instances).size).toBe(6));
    expect(paint).not.toHaveBeenCalled();
    expect(fill.mock.calls.every(([, rgb]) => rgb === EMPTY_TILE)).toBe(true);
    expect(r.byTestId('maps.no-ink').textContent).toMatch(/No ink yet/);
    expect(r.byTestId('maps.grid.0').textContent).toContain('16 maps of 28×28, empty: no ink yet');
    expect(r.container.querySelector('[data-testid="maps.layer.0"] .layer-body > .color-legend')).toBeNull();
    await until(() => expect(r.byTestId('maps.dense.7').dataset.empty).toBe('true'));
    await until(() => expect(r.byTestId('maps.dense.7').querySelector('.hint')!.textContent).toBe('32 units: no ink yet'));

    await act(async () => state().setInput(testImage('seven', 28), { kind: 'drawing' }));
    await until(() => expect(r.byTestId('maps.grid.0').dataset.empty).toBe('false'));
    await until(() => expect(paint).toHaveBeenCalled());
    expect(r.container.querySelector('[data-testid="maps.no-ink"]')).toBeNull();
    await until(() => expect(r.container.querySelector('[data-testid="maps.layer.0"] .layer-body > .color-legend')).not.toBeNull());
  });

  test('many activation updates in one frame cause one repaint', async () => {
    await withCnn();
    const grid = r.byTestId('maps.grid.0');
    await until(() => expect(grid.dataset.images).toBe('16'));
    const before = Number(grid.dataset.paints);
    const a = currentView(state())!.activations!;
    await act(async () => {
      for (let i = 0; i < 10; i++) state().setActivations(state().current!, { ...a });
    });
    await until(() => expect(Number(grid.dataset.paints)).toBe(before + 1));
  });

  test('learned filters follow the weight mirror', async () => {
    await withCnn();
    const f = r.byTestId('maps.filters.0');
    expect(f.dataset.filters).toBe('16');
    await until(() => expect(Number(f.dataset.paints)).toBeGreaterThan(0));
    const before = Number(f.dataset.paints);
    const w = currentView(state())!.weights!.map((t) => ({ ...t, data: t.data.map((v) => v * 2) }));
    await act(async () => state().setWeights(state().current!, w));
    await until(() => expect(Number(f.dataset.paints)).toBe(before + 1));
  });

  test('from the keyboard: arrows move between the maps (described in a live region), Enter enlarges one', async () => {
    await withCnn();
    await until(() => expect(r.byTestId('maps.grid.2').dataset.images).toBe('16'));
    const grid = r.byTestId('maps.grid-focus.2');
    expect(grid.tabIndex).toBe(0);
    expect(grid.getAttribute('role')).toBe('application');
    expect(grid.getAttribute('aria-label')).toMatch(/^Layer 2: 16 maps of /);
    const key = (k: string) => act(async () => void grid.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));
    await act(async () => grid.focus());
    const cols = Number(r.byTestId('maps.grid.2').dataset.cols);
    expect(r.byTestId('maps.grid-cell.2').textContent).toBe('channel 0 of 16 (row 1, column 1)');
    await key('ArrowRight');
    await key('ArrowDown');
    expect(r.byTestId('maps.grid-cell.2').textContent).toBe(`channel ${cols + 1} of 16 (row 2, column 2)`);
    await key('Enter');
    const zoom = r.byTestId('maps.zoom');
    expect([zoom.dataset.layer, zoom.dataset.channel]).toEqual(['2', String(cols + 1)]);
  });

  test('clicking a map enlarges it; export sends a PNG to the host', async () => {
    await withCnn();
    await until(() => expect(r.byTestId('maps.grid.2').dataset.images).toBe('16'));
    const canvas = r.byTestId('maps.grid.2').querySelector('canvas')!;
    const tile = Number(r.byTestId('maps.grid.2').dataset.tile);
    const gap = Number(r.byTestId('maps.grid.2').dataset.gap);
    // jsdom lays nothing out: the canvas is at (0, 0)
    await act(async () => void canvas.dispatchEvent(new MouseEvent('click', { clientX: tile + gap + 3, clientY: 3, bubbles: true })));
    const zoom = r.byTestId('maps.zoom');
    expect([zoom.dataset.layer, zoom.dataset.channel]).toEqual(['2', '1']);
    await act(async () => r.byTestId('maps.zoom-export').click());
    await until(() => expect(r.host.saved.map((s) => s.name)).toContain('layer2-maxpool2d-channel1.png'));
    expect(r.host.saved[0].data).toMatch(/^data:image\/png/);
    await act(async () => r.byTestId('maps.zoom-close').click());
    expect(r.container.querySelector('[data-testid="maps.zoom"]')).toBeNull();
  });
});
