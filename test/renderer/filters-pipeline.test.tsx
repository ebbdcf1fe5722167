// The designer's output maps: outputs that cannot be negative (blur, identity: non-negative kernels; after ReLU) are
// on black→white, so dark areas stay dark; only outputs with both signs are on the diverging palette; legends say which.
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { FilterDesigner } from '../../renderer/components/filters/FilterDesigner';
import { canBeNegative, pipelineMaps } from '../../renderer/components/filters/PipelineView';
import { runDesigner } from '../../renderer/lib/filters/designer';
import { findPreset, type PresetId } from '../../renderer/lib/filters/presets';
import { testImage } from '../../renderer/lib/filters/test-images';
import { useStore } from '../../renderer/store';
import { renderWithSession, type Rendered } from './helpers/render';

const run = (id: PresetId, bias = 0) => {
  const weights = findPreset(id)!.build(3)!;
  const r = runDesigner(testImage('seven', 28), 28, 28, { k: 3, weights, bias, stride: 1, padding: 'same', relu: true, pool: false });
  return pipelineMaps(r, true, canBeNegative(weights, bias));
};
const convScale = (id: PresetId, bias = 0) => run(id, bias).find((m) => m.id === 'conv')!.scale;

describe('filters.pipeline.palette', () => {
  test.each(['identity', 'box-blur', 'gaussian-blur'] as const)('%s: the conv output cannot be negative: black→white from 0', (id) => {
    const s = convScale(id);
    expect(s.kind).toBe('gray');
    expect(s).toMatchObject({ min: 0 });
  });

  test.each(['sobel-x', 'laplacian-4', 'sharpen', 'emboss'] as const)('%s: both signs: diverging', (id) => {
    expect(convScale(id).kind).toBe('diverging');
  });

  test('a negative bias makes a blur\'s output signed; ReLU and pooling are always black→white', () => {
    expect(convScale('box-blur', -0.5).kind).toBe('diverging');
    expect(run('sobel-x').find((m) => m.id === 'relu')!.scale.kind).toBe('gray');
  });
});

describe('filters.pipeline.legend', () => {
  let r: Rendered;
  afterEach(async () => {
    await r.unmount();
  });

  test('the legends say which palette each map uses', async () => {
    r = await renderWithSession((m) => <FilterDesigner model={m} />);
    await act(async () => useStore.getState().setDesigner({ input: 'seven', relu: true }));
    await act(async () => useStore.getState().applyPreset('gaussian-blur'));
    expect(r.byTestId('filters.legend.conv').dataset.kind).toBe('gray');
    expect(r.byTestId('filters.legend.conv').textContent).toMatch(/^Conv \(grey: values ≥ 0\)/);
    await act(async () => useStore.getState().applyPreset('sobel-x'));
    expect(r.byTestId('filters.legend.conv').dataset.kind).toBe('diverging');
    expect(r.byTestId('filters.legend.conv').textContent).toMatch(/^Conv \(blue − \/ red \+: both signs\)/);
    expect(r.byTestId('filters.legend.relu').textContent).toMatch(/^ReLU \(grey: values ≥ 0\)/);
  });
});
