// The sliding filter in the enlarged map of a conv layer (jsdom, real in-process session): its controls on a conv map
// only, a step showing the stage and the read-out (16 input channels' shares for the cnn's layer 3), End filling the
// map to the checksum of the map shown, Escape stopping the animation before it closes the dialog.
import { act } from 'react';
import { afterEach, expect, test, vi } from 'vitest';
import { preset } from '../../core/presets';
import { FeatureMaps } from '../../renderer/components/maps/FeatureMaps';
import { testImage } from '../../renderer/lib/filters/test-images';
import { useStore } from '../../renderer/store';
import { currentView } from '../../renderer/store/select';
import { renderWithSession, until, type Rendered } from './helpers/render';

let r: Rendered;
const state = () => useStore.getState();

afterEach(async () => {
  await r.unmount();
});

const query = (id: string) => r.container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const key = (el: EventTarget, k: string) => act(async () => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));

/** The cnn on the drawn 7, with layer `layer`'s first map enlarged (from the keyboard). */
async function openZoom(layer: number): Promise<HTMLElement> {
  r = await renderWithSession((m) => <FeatureMaps model={m} />);
  await act(async () => r.controller.setSpec(preset('cnn'), 2));
  await until(() => expect(currentView(state())?.weights?.[0].shape).toEqual([16, 1, 5, 5]), 20_000);
  await act(async () => state().setInput(testImage('seven', 28), { kind: 'drawing' }));
  await until(() => expect(r.byTestId(`maps.grid.${layer}`).dataset.images).toBe(String(layer < 3 ? 16 : 32)), 20_000);
  const grid = r.byTestId(`maps.grid-focus.${layer}`);
  await act(async () => grid.focus());
  await key(grid, 'Enter');
  return r.byTestId('maps.zoom');
}

test('a conv map plays its sliding filter: step, read-out of 16 channels, End equals the map shown, Escape twice', async () => {
  const zoom = await openZoom(3);
  // the controls come once the layer's input maps and weights are in. Polled outside act(): inside it, React holds the
  // render that adds them until the callback returns, so a poll there could wait out its whole timeout
  await vi.waitFor(() => expect(r.byTestId('maps.anim').dataset.total).toBe('196'), { timeout: 20_000 });
  await act(async () => undefined);
  expect(query('maps.anim-stage')).toBeNull();
  await act(async () => r.byTestId('maps.anim.forward').click());
  const stage = r.byTestId('maps.anim-stage');
  expect(stage.dataset.animStep).toBe('0');
  expect([stage.dataset.animTop, stage.dataset.animLeft]).toEqual(['-1', '-1']);
  const chips = r.byTestId('maps.anim-channels').querySelectorAll('.zoom-chip');
  expect(chips).toHaveLength(16);
  const readout = r.byTestId('maps.anim-channels');
  expect(Math.abs(Number(readout.dataset.total) - Number(readout.dataset.output))).toBeLessThan(1e-4);
  await key(stage, 'ArrowDown');
  expect([stage.dataset.animOy, stage.dataset.animOx, stage.dataset.animTop]).toEqual(['1', '0', '0']);
  await key(stage, 'End');
  expect(stage.dataset.animFilled).toBe('196');
  expect(zoom.dataset.mapChecksum).toMatch(/^[0-9a-f]{8}$/);
  expect(stage.dataset.animChecksum).toBe(zoom.dataset.mapChecksum);
  // Escape stops the animation (the whole map again) and keeps the dialog; the next one closes it
  await key(stage, 'Escape');
  expect(query('maps.anim-stage')).toBeNull();
  expect(r.byTestId('maps.anim').dataset.on).toBe('false');
  expect(query('maps.zoom')).not.toBeNull();
  await key(r.byTestId('maps.zoom-close'), 'Escape');
  expect(query('maps.zoom')).toBeNull();
});

test('a pooling map has no sliding filter controls', async () => {
  await openZoom(2);
  expect(r.byTestId('maps.zoom').dataset.layer).toBe('2');
  expect(query('maps.anim')).toBeNull();
});
