// What the sliding-filter animation shows, for both its places (the filter designer and an enlarged conv map): its
// state as the stage's data attributes say it, and its controls by test id (`<prefix>.anim.<name>`).
import { expect, type Locator, type Page } from '@playwright/test';

/** The animation's state as its stage's data attributes say it (the pooling fields are the designer's only). */
export interface AnimData {
  step: number;
  phase: string;
  oy: number;
  ox: number;
  top: number;
  left: number;
  value: number;
  filled: number;
  poolFilled: number;
  checksum: string;
  poolChecksum: string;
  winner: string;
}

export function readAnimData(stage: Locator): Promise<AnimData> {
  return stage.evaluate((el) => {
    const d = el.dataset;
    return {
      step: Number(d.animStep),
      phase: d.animPhase ?? '',
      oy: Number(d.animOy),
      ox: Number(d.animOx),
      top: Number(d.animTop),
      left: Number(d.animLeft),
      value: Number(d.animValue),
      filled: Number(d.animFilled),
      poolFilled: Number(d.animPoolFilled),
      checksum: d.animChecksum ?? '',
      poolChecksum: d.animPoolChecksum ?? '',
      winner: d.animWinner ?? '',
    };
  });
}

/** The animation's controls: `prefix` is "filters" (the designer) or "maps" (an enlarged map). */
export class AnimControls {
  constructor(
    readonly page: Page,
    private readonly prefix: 'filters' | 'maps',
  ) {}

  button(name: string): Locator {
    return this.page.getByTestId(`${this.prefix}.anim.${name}`);
  }

  /** The speed slider to `cells` per second (its own Home key, then one → per cell). */
  async speed(cells: number): Promise<void> {
    await this.button('speed').focus();
    await this.page.keyboard.press('Home');
    for (let i = 1; i < cells; i++) await this.page.keyboard.press('ArrowRight');
    await expect(this.button('speed')).toHaveValue(String(cells));
  }
}
