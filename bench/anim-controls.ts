// The sliding-filter animation's controls as the benches drive them (bench:anim, and bench:ui's "animating" scenario).
import type { Page } from '@playwright/test';
import type { Place } from './anim-fps-lib.js';

/** The test id prefix of the animation's controls and the element holding its data attributes, per place. */
export const animIds = (place: Place) =>
  place === 'designer' ? { controls: 'filters.anim', stage: 'filters.pipeline', keys: 'filters.pipeline-focus' } : { controls: 'maps.anim', stage: 'maps.anim-stage', keys: 'maps.anim-stage' };

/** Sets the speed slider to `speed` cells a second (as a user's drag would: an input event) and waits for it. */
export async function setAnimSpeed(page: Page, place: Place, speed: number): Promise<void> {
  const slider = page.getByTestId(`${animIds(place).controls}.speed`);
  await slider.evaluate((el, v) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, speed);
  await slider.and(page.locator(`[value="${speed}"]`)).waitFor();
}
