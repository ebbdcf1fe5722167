// Page objects for the web app's panels (tldraw fixtures style): actions and locators by test id.
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A screenshot for the docs: always written to test-output/screenshots/<name>.png, and to docs/screenshots/<name>.png
 * only when DOCS_SHOTS=1 (so a test run leaves the working tree as it was). With `target`, only that element.
 */
export async function docShot(page: Page, name: string, target?: Locator): Promise<void> {
  const shoot = (path: string) => (target ? target.screenshot({ path }) : page.screenshot({ path }));
  await shoot(`test-output/screenshots/${name}.png`);
  if (process.env.DOCS_SHOTS === '1') await shoot(`docs/screenshots/${name}.png`);
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

  /** A "7": a bar across the top and a stroke down to the bottom left. */
  async drawSeven(): Promise<void> {
    await this.stroke([
      [80, 60],
      [200, 60],
      [160, 140],
      [120, 235],
    ]);
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

/** "Why this prediction?" under the drawing: the overlays, their options, the class picker over the bars. */
export class ExplainPanel {
  readonly padOverlay: Locator;
  readonly inputOverlay: Locator;
  readonly legend: Locator;

  constructor(readonly page: Page) {
    this.padOverlay = page.getByTestId('explain.pad-overlay');
    this.inputOverlay = page.getByTestId('explain.input-overlay');
    this.legend = page.getByTestId('explain.legend');
  }

  /** Turns an overlay on (or off): 'off' | 'saliency' | 'gradcam' | 'occlusion'. */
  async mode(mode: string): Promise<void> {
    await this.page.getByTestId(`explain.mode.${mode}`).check();
  }

  /** Explains class d (a click on its row of the prediction bars). */
  pickClass(d: number): Promise<void> {
    return this.page.getByTestId(`explain.class.${d}`).click();
  }

  /** The checksum of what the pad's overlay shows ('' when nothing). */
  checksum(): Promise<string | null> {
    return this.padOverlay.getAttribute('data-checksum');
  }

  /** Waits until the pad's overlay shows a map other than `than` (any map when not given); returns its checksum. */
  async paintedOtherThan(than = ''): Promise<string> {
    await expect.poll(() => this.checksum(), { timeout: 30_000 }).not.toMatch(new RegExp(`^(${than})?$`));
    return (await this.checksum())!;
  }

  /** How many pixels of the 28×28 overlay are painted (alpha > 0), read from its canvas. */
  inputOverlayPixels(): Promise<number> {
    return this.inputOverlay.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
  }
}

/** The feature-maps panel: a layer's map grid, the enlarged map and what a conv filter looks for. */
export class MapsPanel {
  readonly zoom: Locator;
  readonly looksFor: Locator;

  constructor(readonly page: Page) {
    this.zoom = page.getByTestId('maps.zoom');
    this.looksFor = page.getByTestId('maps.looks-for');
  }

  /** Clicks map `i` of a layer's grid (opening it enlarged). */
  async openMap(layer: number, i: number): Promise<void> {
    const grid = this.page.getByTestId(`maps.grid.${layer}`);
    await grid.scrollIntoViewIfNeeded();
    const size = Number(await grid.getAttribute('data-tile'));
    const gap = Number(await grid.getAttribute('data-gap'));
    const cols = Number(await grid.getAttribute('data-cols'));
    const box = (await grid.locator('canvas').first().boundingBox())!;
    await this.page.mouse.click(box.x + (i % cols) * (size + gap) + size / 2, box.y + Math.floor(i / cols) * (size + gap) + size / 2);
    await expect(this.zoom).toHaveAttribute('data-channel', String(i));
  }

  /** Clicks learned filter `i` of a conv layer (opening its map with what it looks for); opens its section first. */
  async openFilter(layer: number, i: number): Promise<void> {
    const details = this.page.getByTestId(`maps.layer.${layer}`).locator('details.filters-learned');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    const mosaic = this.page.getByTestId(`maps.filters-focus.${layer}`);
    await mosaic.scrollIntoViewIfNeeded();
    const k = Number(await this.page.getByTestId(`maps.filters.${layer}`).getAttribute('data-kernel'));
    const px = Number(await mosaic.getAttribute('data-px'));
    const cols = Number(await mosaic.getAttribute('data-cols'));
    const rowPerFilter = (await mosaic.getAttribute('data-row-per-filter')) === 'true';
    const [x, y] = rowPerFilter ? [0, i * (k + 1)] : [(i % cols) * (k + 1), Math.floor(i / cols) * (k + 1)];
    const box = (await mosaic.boundingBox())!;
    await this.page.mouse.click(box.x + (x + 1) * px, box.y + (y + 1) * px);
    await expect(this.zoom).toHaveAttribute('data-layer', String(layer));
    await expect(this.zoom).toHaveAttribute('data-channel', String(i));
  }

  /** Starts the top-patches search of the open conv map and waits for its patches. */
  async findTopPatches(): Promise<void> {
    await this.page.getByTestId('maps.looks-for.find').click();
    await expect(this.looksFor).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  }
}

export class Studio {
  readonly draw: DrawPanel;
  readonly train: TrainingPanel;
  readonly explain: ExplainPanel;
  readonly maps: MapsPanel;

  constructor(readonly page: Page) {
    this.draw = new DrawPanel(page);
    this.train = new TrainingPanel(page);
    this.explain = new ExplainPanel(page);
    this.maps = new MapsPanel(page);
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
