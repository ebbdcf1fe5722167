// Page objects for the web app's panels (tldraw fixtures style): actions and locators by test id.
import { expect, type Locator, type Page } from '@playwright/test';

/** Reads from the app store through the window.__app test hook. */
export async function appState<T>(page: Page, pick: string): Promise<T> {
  return page.evaluate((expr) => {
    const s = window.__app!.store.getState();
    return new Function('s', `return (${expr});`)(s) as T;
  }, pick);
}

export class DrawPanel {
  readonly pad: Locator;
  readonly prediction: Locator;

  constructor(readonly page: Page) {
    this.pad = page.getByTestId('draw.pad');
    this.prediction = page.getByTestId('draw.prediction');
  }

  /** Draws a polyline given in pad pixels (0..280) with real mouse moves. */
  async stroke(points: [number, number][]): Promise<void> {
    const box = (await this.pad.boundingBox())!;
    const [x0, y0] = points[0];
    await this.page.mouse.move(box.x + x0, box.y + y0);
    await this.page.mouse.down();
    for (const [x, y] of points.slice(1)) await this.page.mouse.move(box.x + x, box.y + y, { steps: 6 });
    await this.page.mouse.up();
  }

  async drawOne(): Promise<void> {
    await this.stroke([
      [140, 45],
      [140, 100],
      [140, 160],
      [140, 235],
    ]);
  }

  async predictedDigit(): Promise<string | null> {
    return this.prediction.getAttribute('data-digit');
  }

  clear(): Promise<void> {
    return this.page.getByTestId('draw.clear').click();
  }
}

export class TrainingPanel {
  constructor(readonly page: Page) {}

  field(name: string): Locator {
    return this.page.getByTestId(`train.${name}`);
  }

  async setField(name: string, value: string): Promise<void> {
    await this.field(name).fill(value);
  }

  start(): Promise<void> {
    return this.page.getByTestId('train.start').click();
  }

  /** Fills the form for a short run and starts it. */
  async startShortRun(opts: { trainSize?: number; epochs?: number; batchSize?: number } = {}): Promise<void> {
    await this.setField('trainSize', String(opts.trainSize ?? 2000));
    await this.setField('epochs', String(opts.epochs ?? 1));
    await this.setField('batchSize', String(opts.batchSize ?? 32));
    await this.start();
  }

  /** Replaces the model with an untrained preset (e.g. the fast mlp). */
  async usePreset(name: string): Promise<void> {
    await this.page.getByTestId('train.tab.architecture').click();
    await this.page.getByTestId('train.preset').selectOption(name);
    await this.page.getByTestId('train.use-preset').click();
    await expect(this.page.getByTestId('header.model-name')).toHaveText(name);
    await this.page.getByTestId('train.tab.curves').click();
  }

  status(): Locator {
    return this.page.getByTestId('train.status');
  }

  curvePoints(): Promise<number> {
    return appState<number>(this.page, 's.series.length');
  }
}

export class Studio {
  readonly draw: DrawPanel;
  readonly train: TrainingPanel;

  constructor(readonly page: Page) {
    this.draw = new DrawPanel(page);
    this.train = new TrainingPanel(page);
  }

  /** Opens the app and waits until the session is ready (MNIST loaded, weights mirrored). */
  async open(): Promise<void> {
    await this.page.goto('./');
    await expect(this.page.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
    await expect.poll(() => appState<boolean>(this.page, 's.weights !== null')).toBe(true);
  }

  errors(): Locator {
    return this.page.getByTestId('message.error');
  }

  async screenshotPanel(id: string, file: string): Promise<void> {
    await this.page.getByTestId(`panel.${id}`).screenshot({ path: `test-output/screenshots/${file}` });
  }
}
