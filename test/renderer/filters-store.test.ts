// The filters slice: presets, hand edits, kernel-size changes, the comparison records and the map scale mode.
import { afterEach, describe, expect, it } from 'vitest';
import { findPreset } from '../../renderer/lib/filters/presets';
import { resetStore, useStore } from '../../renderer/store';

const s = () => useStore.getState();
afterEach(() => resetStore());

describe('filters slice', () => {
  it('starts with Sobel x, ReLU and pooling on the current drawing', () => {
    expect(s().designer).toMatchObject({ k: 3, preset: 'sobel-x', stride: 1, padding: 'valid', relu: true, pool: true, input: 'drawing', bias: 0 });
  });

  it('a hand edit clears the preset; out-of-range indices are ignored', () => {
    s().setWeight(4, 7);
    expect(s().designer.weights[4]).toBe(7);
    expect(s().designer.preset).toBeNull();
    const before = s().designer;
    s().setWeight(9, 1);
    expect(s().designer).toBe(before);
  });

  it('changing K rebuilds a preset at the new size, or keeps a hand-made grid centred', () => {
    s().applyPreset('gaussian-blur');
    s().setKernelSize(5);
    expect(s().designer.weights).toEqual(findPreset('gaussian-blur')!.build(5));
    expect(s().designer.preset).toBe('gaussian-blur');
    s().applyPreset('scharr-x');
    expect(s().designer.preset).toBe('gaussian-blur');
    s().setWeight(12, 3);
    s().setKernelSize(3);
    expect(s().designer.weights[4]).toBe(3);
    expect(s().designer.preset).toBeNull();
    s().applyPreset('scharr-x');
    s().setKernelSize(7);
    expect(s().designer.preset).toBeNull();
    expect(s().designer.weights).toHaveLength(49);
    expect(s().designer.weights[24]).toBe(0);
    expect(s().designer.weights[23]).toBe(-10);
  });

  it('records comparison runs by kind and clears the pending run', () => {
    s().setPendingRun({ kind: 'learned', filter: null, model: 'm1' });
    s().recordRun({ kind: 'learned', testAccuracy: [0.9], loss: [1, 0.5], ended: '1 epoch', epochsPlanned: 1, trainSize: 100, seed: 1, filter: null });
    expect(s().comparison.learned?.testAccuracy).toEqual([0.9]);
    expect(s().comparison.pending).toBeNull();
    expect(s().comparison.designed).toBeNull();
    s().clearComparison();
    expect(s().comparison.learned).toBeNull();
    s().setMapScale('shared');
    expect(s().mapScale).toBe('shared');
  });
});
