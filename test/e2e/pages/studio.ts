// Page objects for the web app's panels (tldraw fixtures style): actions and locators by test id.
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A screenshot for the docs: always written to test-output/screenshots/<name>.png, and to docs/screenshots/<name>.png
 * only when DOCS_SHOTS=1 (so a test run leaves the working tree as it was).
 */
export async function docShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-output/screenshots/${name}.png` });
  if (process.env.DOCS_SHOTS === '1') await page.screenshot({ path: `docs/screenshots/${name}.png` });
}

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

/** The Lab workspace's architecture editor (#/lab). */
export class LabEditor {
  constructor(readonly page: Page) {}

  /** Opens the Lab and waits until the session is ready and the editor holds a stack. */
  async open(): Promise<void> {
    await this.page.goto('./#/lab');
    await expect(this.page.getByTestId('lab.editor')).toBeVisible({ timeout: 60_000 });
    await expect.poll(() => appState<boolean>(this.page, 's.ready && s.stackStarted'), { timeout: 60_000 }).toBe(true);
  }

  row(i: number): Locator {
    return this.page.getByTestId(`lab.row.${i}`);
  }

  field(i: number, key: string): Locator {
    return this.page.getByTestId(`lab.row.${i}.${key}`);
  }

  /** Replaces the stack with an empty one, a preset or the current model (the toolbar's "Start from"). */
  async startFrom(choice: string): Promise<void> {
    await this.page.getByTestId('lab.start').selectOption(choice);
    await this.page.getByTestId('lab.start-load').click();
  }

  /** Adds a layer of this type (with the editor's defaults) at the end of the stack. */
  async add(type: string): Promise<void> {
    await this.page.getByTestId('lab.add-type').selectOption(type);
    await this.page.getByTestId('lab.add').click();
  }

  async setField(i: number, key: string, value: string): Promise<void> {
    await this.field(i, key).fill(value);
  }

  /** Each row's output shape as its data-shape ("8x28x28", "10"). */
  shapes(): Promise<(string | null)[]> {
    return this.page.locator('[data-testid^="lab.row."][data-type]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-shape')));
  }

  train(): Locator {
    return this.page.getByTestId('lab.train');
  }

  reason(): Locator {
    return this.page.getByTestId('lab.train-reason');
  }
}

/** The Lab's comparison and shift test panels, reached from Explore by the header's Lab tab. */
export class LabCompare {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav.lab').click();
    await expect(this.page.getByTestId('workspace.lab')).toBeVisible();
  }

  /** The ids of the compared models, in order. */
  compared(): Promise<string[]> {
    return appState<string[]>(this.page, 's.compare.map((e) => e.model)');
  }

  /** Puts the shipped mlp and cnn into the comparison; returns their ids [mlp, cnn]. */
  async loadShipped(): Promise<[string, string]> {
    await this.page.getByTestId('compare.shipped').click();
    await expect(this.page.locator('[data-testid^="compare.row."]')).toHaveCount(2);
    const [mlp, cnn] = await this.compared();
    await expect(this.page.getByTestId(`compare.row.${mlp}`)).toHaveAttribute('data-label', 'shipped mlp');
    await expect(this.page.getByTestId(`compare.row.${cnn}`)).toHaveAttribute('data-label', 'shipped cnn');
    return [mlp, cnn];
  }

  /** Starts MLP vs CNN with the training form's settings and waits until both runs are done; returns [mlp, cnn]. */
  async mlpVsCnn(): Promise<[string, string]> {
    await this.page.getByTestId('compare.mlp-vs-cnn').click();
    await expect.poll(() => this.compared()).toHaveLength(2);
    const [mlp, cnn] = await this.compared();
    for (const m of [mlp, cnn]) await expect(this.page.getByTestId(`compare.row.${m}`)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    return [mlp, cnn];
  }

  /** Runs the shift test on `testSize` test images and waits until every compared model's curves (13 points) are drawn. */
  async runShift(testSize: number): Promise<void> {
    await this.page.getByTestId('shift.test-size').selectOption(String(testSize));
    await this.page.getByTestId('shift.run').click();
    for (const m of await this.compared()) {
      for (const axis of ['dx', 'dy']) await expect(this.page.getByTestId(`shift.curve.${m}.${axis}`)).toHaveAttribute('data-points', '13', { timeout: 100_000 });
    }
  }
}
