// Images in, in the web build: a PNG made in the page (a dark "1" on white, off-centre) dropped on the draw pad, or
// pasted with Ctrl+V, becomes the input — shown on the pad, predicted, the feature maps following; a light-on-dark
// copy gives the same input; oversized, blank and non-image files get messages; model files still open from the pad.
import { expect, test, type JSHandle, type Page } from '@playwright/test';
import { exportOnnx } from '../../core/onnx/export';
import { Model } from '../../core/model';
import { preset } from '../../core/presets';
import { appState, docShot, Studio } from './pages/studio';

interface Png {
  ink: string;
  paper: string;
  name: string;
}

/** A DataTransfer holding a 400×300 PNG drawn in the page: a slanted "1" near the top left, in `ink` on `paper`. */
function pngTransfer(page: Page, png: Png): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(async ({ ink, paper, name }) => {
    const c = new OffscreenCanvas(400, 300);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = paper;
    ctx.fillRect(0, 0, 400, 300);
    ctx.strokeStyle = ink;
    ctx.lineWidth = 14;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(95, 30);
    ctx.lineTo(85, 200);
    ctx.stroke();
    const blob = await c.convertToBlob({ type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(new File([blob], name, { type: 'image/png' }));
    return dt;
  }, png);
}

/** A DataTransfer with one file of the given bytes. */
function fileTransfer(page: Page, bytes: number[], name: string, type = ''): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(({ bytes, name, type }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], name, { type }));
    return dt;
  }, { bytes, name, type });
}

async function dropOn(page: Page, testId: string, dataTransfer: JSHandle<DataTransfer>): Promise<void> {
  await page.dispatchEvent(`[data-testid="${testId}"]`, 'dragover', { dataTransfer });
  await page.dispatchEvent(`[data-testid="${testId}"]`, 'drop', { dataTransfer });
}

/** The brightness summed over the pad's background layer (the test digit or image drawn enlarged). */
const padInk = (page: Page) =>
  page.getByTestId('draw.pad').locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i];
    return sum / 255;
  });

const inputOf = (page: Page) => appState<number[]>(page, 'Array.from(s.input)');

test('a dark "1" on white dropped on the pad is read as 1: the pad shows it, the maps follow', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.draw.drawSeven();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
  const mapsBefore = await page.getByTestId('maps.softmax').getAttribute('data-probs');
  expect(await padInk(page)).toBe(0);
  await dropOn(page, 'draw.pad', await pngTransfer(page, { ink: '#111', paper: '#fff', name: 'one.png' }));
  await expect(page.getByTestId('draw.image-label')).toHaveText('one.png (400×300) — light background: inverted, ink white on black as MNIST');
  await expect(app.draw.prediction).toHaveAttribute('data-digit', '1');
  expect(await appState<number>(page, 's.strokes.length')).toBe(0);
  // centred by mass in 28×28 like a drawing, its longer side 20 px
  const input = await inputOf(page);
  let [m, sx, sy, top, bottom] = [0, 0, 0, 28, -1];
  input.forEach((v, i) => {
    const [x, y] = [i % 28, Math.floor(i / 28)];
    m += v;
    sx += v * (x + 0.5);
    sy += v * (y + 0.5);
    if (v > 0.02) [top, bottom] = [Math.min(top, y), Math.max(bottom, y)];
  });
  expect(Math.abs(sx / m - 14)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(sy / m - 14)).toBeLessThanOrEqual(0.5);
  expect(bottom - top + 1).toBe(20);
  // the pad shows the input enlarged, and the feature maps' softmax follows the new prediction
  await expect.poll(() => padInk(page)).toBeGreaterThan(1000);
  await expect(page.getByTestId('maps.softmax')).not.toHaveAttribute('data-probs', mapsBefore!);
  await docShot(page, 'image-drop', page.getByTestId('panel.draw'));
  // the same digit white on black is the same input (up to the canvas's 8-bit rounding of the anti-aliased edges;
  // exactly the same in test/renderer/image-input.test.ts)
  await dropOn(page, 'draw.pad', await pngTransfer(page, { ink: '#eee', paper: '#000', name: 'one-dark.png' }));
  await expect(page.getByTestId('draw.image-label')).toHaveAttribute('data-background', 'dark');
  const dark = await inputOf(page);
  expect(Math.max(...dark.map((v, i) => Math.abs(v - input[i])))).toBeLessThan(0.01);
  // drawing again takes over from the image
  await app.draw.drawSeven();
  await expect(page.getByTestId('draw.image-label')).toHaveCount(0);
  await expect.poll(() => padInk(page)).toBe(0);
});

test('Ctrl+V with a PNG on the clipboard shows it as the input', async ({ page, context }) => {
  const app = new Studio(page);
  await app.open();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(async () => {
    const c = new OffscreenCanvas(200, 200);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 200, 200);
    ctx.fillStyle = '#000';
    ctx.fillRect(95, 30, 12, 140);
    const blob = await c.convertToBlob({ type: 'image/png' });
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
  });
  await page.getByTestId('draw.pad').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+V');
  await expect(page.getByTestId('draw.image-label')).toContainText('the pasted image (200×200)');
  await expect(app.draw.prediction).toHaveAttribute('data-digit', '1');
});

test('files the pad cannot read get a message and the drawing stays: too large, blank, not an image', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await app.draw.drawSeven();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
  const input = await inputOf(page);
  // a PNG that declares 20000×20000 (its header only): refused before decoding
  const huge = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20, 8, 0, 0, 0, 0];
  await dropOn(page, 'draw.pad', await fileTransfer(page, huge, 'huge.png', 'image/png'));
  await expect(app.errors().filter({ hasText: 'huge.png was not used as input: the PNG is 20000×20000 pixels (400.0 megapixels)' })).toBeVisible();
  await dropOn(page, 'draw.pad', await pngTransfer(page, { ink: '#fff', paper: '#fff', name: 'blank.png' }));
  await expect(app.errors().filter({ hasText: 'blank.png was not used as input: no ink found' })).toBeVisible();
  await dropOn(page, 'draw.pad', await fileTransfer(page, Array.from(Buffer.from('shopping list')), 'notes.txt', 'text/plain'));
  await expect(app.errors().filter({ hasText: 'notes.txt was not used as input: not a PNG or JPEG image' })).toBeVisible();
  expect(await appState<number>(page, 's.strokes.length')).toBe(1);
  expect(await inputOf(page)).toEqual(input);
  // an image dropped beside the pad is not opened as a model; the message says where it goes
  await dropOn(page, 'header.model', await pngTransfer(page, { ink: '#000', paper: '#fff', name: 'beside.png' }));
  await expect(app.errors().filter({ hasText: 'beside.png was not opened: drop a model file (.json) or an ONNX model (.onnx) to open it, or an image (PNG or JPEG) on the draw pad' })).toBeVisible();
});

test('an .onnx model dropped on the pad is still imported as a model', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  const bytes = Array.from(exportOnnx(new Model(preset('lenet'), 5)));
  // dragged over the pad, an image gets the drop hint and a model file does not
  await page.dispatchEvent('[data-testid="draw.pad"]', 'dragover', { dataTransfer: await pngTransfer(page, { ink: '#000', paper: '#fff', name: 'x.png' }) });
  await expect(page.getByTestId('draw.pad')).toHaveClass(/pad-dropping/);
  await expect(page.getByTestId('draw.pad')).toContainText('Drop a PNG or JPEG to read it as a digit');
  const onnx = await fileTransfer(page, bytes, 'pad-lenet.onnx');
  await page.dispatchEvent('[data-testid="draw.pad"]', 'dragover', { dataTransfer: onnx });
  await expect(page.getByTestId('draw.pad')).not.toHaveClass(/pad-dropping/);
  await dropOn(page, 'draw.pad', onnx);
  await expect(page.getByTestId('header.model-name')).toHaveText('pad-lenet');
  await expect(page.getByTestId('draw.image-label')).toHaveCount(0);
});
