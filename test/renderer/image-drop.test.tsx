// Images in, in the app (app/image-drop.ts): sizes are checked before the decoder is called, and an image's pixels
// become the network input, shown on the pad, predicted; a refusal is a message and the drawing stays.
import { Blob as NodeBlob } from 'node:buffer';
import Konva from 'konva';
import { act } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import type { ModelSummary } from '../../core/protocol';
import { inferShapes, type ModelSpec } from '../../core/spec';
import { decodeImageFile, openImage, type DecodeImage } from '../../renderer/app/image-drop';
import { DrawPanel } from '../../renderer/components/draw/DrawPanel';
import { centerOfMass, inkBounds } from '../../renderer/lib/preprocess';
import { useStore } from '../../renderer/store';
import { renderWithSession, until, type Rendered } from './helpers/render';

/** A PNG file's first bytes declaring w×h (the decoder is stubbed, so nothing else is read). */
function pngFile(w: number, h: number): Blob {
  const b = new Uint8Array(64);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, w);
  new DataView(b.buffer).setUint32(20, h);
  return nodeBlob([b], 'image/png');
}

/** Node's Blob (jsdom's has no arrayBuffer(), which browsers' File and Blob have). */
const nodeBlob = (parts: (Uint8Array | string)[], type = '') => new NodeBlob(parts, { type }) as unknown as Blob;

/** A stub decoder giving a w×h white image with a dark vertical bar (a "1") left of centre. */
function barDecoder(w: number, h: number): DecodeImage & { calls: number } {
  const fn = (async () => {
    fn.calls++;
    const rgba = new Uint8ClampedArray(4 * w * h).fill(255);
    for (let y = Math.round(h * 0.2); y < Math.round(h * 0.8); y++) for (let x = Math.round(w * 0.2); x < Math.round(w * 0.26); x++) rgba.set([20, 20, 20], 4 * (y * w + x));
    return { rgba, width: w, height: h };
  }) as unknown as DecodeImage & { calls: number };
  fn.calls = 0;
  return fn;
}

describe('decodeImageFile', () => {
  test('a 20000×20000 PNG is refused from its header: the decoder is never called', async () => {
    const decode = barDecoder(10, 10);
    await expect(decodeImageFile(pngFile(20_000, 20_000), decode)).rejects.toThrow(/20000×20000 pixels/);
    expect(decode.calls).toBe(0);
  });

  test('a text file is refused as not an image, without decoding', async () => {
    const decode = barDecoder(10, 10);
    await expect(decodeImageFile(nodeBlob(['just some notes']), decode)).rejects.toThrow(/not a PNG or JPEG image/);
    expect(decode.calls).toBe(0);
  });

  test('a PNG within the limits is decoded at most 512 px on a side, with its declared size kept', async () => {
    let side = 0;
    const decode: DecodeImage = async (blob, s) => {
      side = s;
      expect(blob.type).toBe('image/png');
      return { rgba: new Uint8ClampedArray(16), width: 2, height: 2 };
    };
    const img = await decodeImageFile(pngFile(3000, 2000), decode);
    expect(side).toBe(512);
    expect(img.header).toEqual({ format: 'PNG', width: 3000, height: 2000 });
  });
});

let r: Rendered | null = null;
afterEach(async () => {
  await r?.unmount();
  r = null;
});

describe('openImage', () => {
  test('an image becomes the input: centred by mass, shown on the pad with its name, predicted', async () => {
    r = await renderWithSession((m) => <DrawPanel model={m} />);
    useStore.setState({ strokes: [{ points: [10, 10, 200, 200] }] });
    let ok = false;
    await act(async () => {
      ok = await openImage(r!.controller, pngFile(120, 90), 'one.png', barDecoder(120, 90));
    });
    expect(ok).toBe(true);
    const s = useStore.getState();
    expect(s.source).toEqual({ kind: 'image', name: 'one.png', width: 120, height: 90, background: 'light' });
    expect(s.strokes).toEqual([]);
    const com = centerOfMass({ data: s.input, width: 28, height: 28 });
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
    expect(r.byTestId('draw.image-label').textContent).toMatch(/one\.png \(120×90\) — light background: inverted/);
    await until(() => expect(r!.byTestId('draw.prediction').dataset.digit).toMatch(/^[0-9]$/));
    // the pad draws the input under the (empty) strokes layer
    const pad = Konva.stages[0];
    expect(pad.find('Image').length).toBe(1);
    // moving the input (arrow keys' shift) moves the image's input too
    const before = Array.from(s.input);
    act(() => useStore.getState().nudgeShift(2, 0));
    await until(() => expect(Array.from(useStore.getState().input)).not.toEqual(before));
    expect(useStore.getState().source.kind).toBe('image');
  });

  test('a blank image is refused with a message naming it; the drawing is kept', async () => {
    r = await renderWithSession((m) => <DrawPanel model={m} />);
    const strokes = [{ points: [100, 40, 100, 240] }];
    act(() => useStore.setState({ strokes }));
    const blank: DecodeImage = async () => ({ rgba: new Uint8ClampedArray(4 * 50 * 50).fill(255), width: 50, height: 50 });
    let ok = true;
    await act(async () => {
      ok = await openImage(r!.controller, pngFile(50, 50), 'blank.png', blank);
    });
    expect(ok).toBe(false);
    const s = useStore.getState();
    expect(s.messages.at(-1)?.text).toMatch(/^blank\.png was not used as input: no ink found: the image is one shade \(light background.*Drop or paste a PNG or JPEG of a digit\.$/);
    expect(s.strokes).toBe(strokes);
    expect(s.source.kind).toBe('drawing');
  });

  test('the image is preprocessed again at a new model input size (16×16: a 11-pixel box centred at (8, 8))', async () => {
    r = await renderWithSession((m) => <DrawPanel model={m} />);
    await act(async () => {
      await openImage(r!.controller, pngFile(80, 80), 'one.png', barDecoder(80, 80));
    });
    expect(useStore.getState().input.length).toBe(784);
    // a model of another input size becomes current (as the session announces one); the live input follows it
    const spec: ModelSpec = { name: 'tiny', input: [1, 16, 16], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] };
    const infos = inferShapes(spec);
    const tiny: ModelSummary = { id: 'tiny', spec, infos, paramCount: 2570, meta: { name: 'tiny', createdAt: '2026-01-01T00:00:00Z', epochs: 0, testAccuracy: null, seed: 1 }, run: null, steps: 0 };
    act(() => {
      useStore.getState().putModel(tiny);
      useStore.getState().setCurrent('tiny');
      r!.controller.live.followModel(tiny);
    });
    await until(() => expect(useStore.getState().input.length).toBe(256));
    const s = useStore.getState();
    expect(s.source.kind).toBe('image');
    const com = centerOfMass({ data: s.input, width: 16, height: 16 });
    expect(Math.abs(com.x - 8)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 8)).toBeLessThanOrEqual(0.5);
    expect(inkBounds({ data: s.input, width: 16, height: 16 })!.y1 - inkBounds({ data: s.input, width: 16, height: 16 })!.y0).toBe(11);
  });
});
