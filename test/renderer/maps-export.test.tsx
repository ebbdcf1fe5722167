// "Export panel PNG": blocks packed in rows up to 1200 px (not one 372 px strip), and a layer's maps re-laid out to
// the export's width.
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { preset } from '../../core/presets';
import { FeatureMaps } from '../../renderer/components/maps/FeatureMaps';
import { EXPORT_WIDTH, packBlocks } from '../../renderer/components/maps/export-panel';
import { StageRegistry } from '../../renderer/components/maps/registry';
import { testImage } from '../../renderer/lib/filters/test-images';
import { useStore } from '../../renderer/store';
import { currentView } from '../../renderer/store/select';
import { renderWithSession, until, type Rendered } from './helpers/render';

describe('maps.export.pack', () => {
  test('blocks go side by side until the row is full; a wide block takes a row of its own', () => {
    const p = packBlocks([{ width: 956, height: 200 }, { width: 300, height: 80 }, { width: 300, height: 90 }, { width: 500, height: 60 }, { width: 1300, height: 10 }], 1200, 10, 20);
    expect(p.pos).toEqual([
      { x: 10, y: 10 },
      { x: 10, y: 230 }, // 956 + 20 + 300 > 1200: next row
      { x: 330, y: 230 },
      { x: 650, y: 230 },
      { x: 10, y: 340 },
    ]);
    expect(p.width).toBe(1320);
    expect(p.height).toBe(360);
  });

  test('the default cnn\'s eleven blocks of a 372 px panel make an image about 1200 wide, not a 372×2730 strip', () => {
    // the sizes the web build's panel had at 1440×900: maps grids 352 px wide, bars and filters
    const blocks = [
      { width: 956, height: 18 + 120 }, { width: 352, height: 18 + 150 }, // conv 0 maps (re-laid out), its filters
      { width: 956, height: 18 + 120 }, { width: 956, height: 18 + 66 }, // relu, pool
      { width: 1160, height: 18 + 60 }, { width: 1160, height: 18 + 60 }, { width: 1160, height: 18 + 60 }, // conv, relu, pool (7×7)
      { width: 832, height: 18 + 64 }, { width: 832, height: 18 + 64 }, { width: 260, height: 18 + 78 }, { width: 260, height: 18 + 92 }, // dense, relu, logits, softmax
    ];
    const p = packBlocks(blocks, EXPORT_WIDTH);
    expect(p.width).toBeLessThanOrEqual(EXPORT_WIDTH + 24);
    expect(p.height).toBeLessThan(p.width * 1.5);
  });
});

describe('maps.export.grid', () => {
  let r: Rendered;
  afterEach(async () => {
    await r.unmount();
  });

  test("a layer's maps are exported re-laid out up to the export's width, else as on screen", async () => {
    let registry: StageRegistry | null = null;
    const orig = StageRegistry.prototype.set;
    StageRegistry.prototype.set = function (this: StageRegistry, ...args: Parameters<StageRegistry['set']>) {
      registry = this;
      return orig.apply(this, args);
    };
    try {
      r = await renderWithSession((m) => <FeatureMaps model={m} />);
      await act(async () => r.controller.setSpec(preset('cnn'), 2));
      await until(() => expect(currentView(useStore.getState())?.weights?.[0].shape).toEqual([16, 1, 5, 5]));
      await act(async () => useStore.getState().setInput(testImage('seven', 28), { kind: 'drawing' }));
      await until(() => expect(r.byTestId('maps.grid.0').dataset.images).toBe('16'));
    } finally {
      StageRegistry.prototype.set = orig;
    }
    const grid = r.byTestId('maps.grid.0');
    const onScreen = Number(grid.querySelector<HTMLElement>('.map-grid-canvas')!.style.width.replace('px', ''));
    const wide = registry!.get('maps-0')!.toCanvas({ maxWidth: EXPORT_WIDTH });
    // 16 maps of 56 px with 4 px gaps in one row: 16·60 − 4
    expect(wide.width).toBe(956);
    expect(wide.height).toBe(56);
    expect(wide.width).toBeGreaterThan(onScreen);
    expect(registry!.get('maps-0')!.toCanvas().width).toBe(onScreen);
  });
});
