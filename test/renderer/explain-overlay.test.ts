// The explanation overlay's pure parts: the transparent-zero diverging colours and the legend's range, the saliency
// kinds reduced to one plane, the keys that tell explanations apart, where the input's pixels lie on the pad, and
// which learned filter a click on the mosaic hits.
import { describe, expect, test } from 'vitest';
import { checksum, OVERLAY_ALPHA, OVERLAY_NEG, OVERLAY_POS, overlayColor, overlayLegend, overlayPixels, overlayScale, paintOverlay } from '../../renderer/lib/explain/overlay';
import { explainKey, saliencyPlane } from '../../renderer/lib/explain/maps';
import { filterMosaic, mosaicFilterAt, mosaicFilterBox } from '../../renderer/lib/filters/maps';
import { padPlacement, placeInk, type Gray } from '../../renderer/lib/preprocess';
import { DEFAULT_EXPLAIN } from '../../renderer/store/explain';

const FULL = Math.round(255 * OVERLAY_ALPHA);

describe('overlay colours', () => {
  test('signed: 0 is transparent, +max full red, −max full blue, opacity grows with |v|', () => {
    const sc = { signed: true, max: 2 };
    expect(overlayColor(0, sc)).toEqual([0, 0, 0, 0]);
    expect(overlayColor(2, sc)).toEqual([...OVERLAY_POS, FULL]);
    expect(overlayColor(-2, sc)).toEqual([...OVERLAY_NEG, FULL]);
    expect(overlayColor(1, sc)).toEqual([...OVERLAY_POS, Math.round(FULL / 2)]);
    expect(overlayColor(-0.5, sc)[3]).toBe(Math.round(255 * OVERLAY_ALPHA * 0.25));
    // beyond the range: clamped
    expect(overlayColor(7, sc)).toEqual([...OVERLAY_POS, FULL]);
  });

  test('positive half (|gradient|, Grad-CAM): negatives are transparent; nothing to show is transparent', () => {
    const sc = { signed: false, max: 4 };
    expect(overlayColor(4, sc)).toEqual([...OVERLAY_POS, FULL]);
    expect(overlayColor(-4, sc)).toEqual([0, 0, 0, 0]);
    expect(overlayColor(1, { signed: true, max: 0 })).toEqual([0, 0, 0, 0]);
    expect(overlayColor(Number.NaN, sc)).toEqual([0, 0, 0, 0]);
  });

  test('the scale is the largest |v| (signed) or v (positive), skipping non-finite values', () => {
    const v = [0.5, -3, 2, Number.NaN, Infinity];
    expect(overlayScale(v, true)).toEqual({ signed: true, max: 3 });
    expect(overlayScale(v, false)).toEqual({ signed: false, max: 2 });
    expect(overlayScale([-1, -2], false).max).toBe(0);
  });

  test('the legend shows the numeric range: −max…0…max, or 0…max/2…max', () => {
    expect(overlayLegend({ signed: true, max: 0.25 })).toMatchObject({ lo: -0.25, mid: 0, hi: 0.25 });
    expect(overlayLegend({ signed: false, max: 6 })).toMatchObject({ lo: 0, mid: 3, hi: 6 });
    expect(overlayLegend({ signed: true, max: 1 }).gradient).toContain(`rgba(${OVERLAY_NEG.join(',')},0)`);
  });

  test('painting is overlayColor pixel by pixel; the checksum tells two maps apart', () => {
    const v = Float32Array.from([0, 1, -1, 0.5]);
    const sc = overlayScale(v, true);
    const px = paintOverlay(v, sc);
    for (let i = 0; i < v.length; i++) expect(Array.from(px.subarray(i * 4, i * 4 + 4))).toEqual(overlayColor(v[i], sc));
    expect(checksum(px)).toBe(checksum(paintOverlay(v, sc)));
    expect(checksum(px)).not.toBe(checksum(paintOverlay(Float32Array.from([0, 1, -1, 0.25]), sc)));
    expect(() => paintOverlay(v, sc, new Uint8ClampedArray(4))).toThrow(/paintOverlay/);
    // a positive map hides its negative values
    const pos = paintOverlay(v, overlayScale(v, false));
    expect(Array.from(pos.subarray(8, 12))).toEqual([0, 0, 0, 0]);
    expect(Array.from(pos.subarray(4, 8))).toEqual([...OVERLAY_POS, FULL]);
  });

  test("a map's pixels are painted once, for the pad and the input preview alike", () => {
    const map = { data: Float32Array.from([0, 2, -1, 1]), signed: true };
    const p = overlayPixels(map);
    expect(overlayPixels(map)).toBe(p);
    expect(Array.from(p.rgba)).toEqual(Array.from(paintOverlay(map.data, overlayScale(map.data, true))));
    expect(p.sum).toBe(checksum(p.rgba));
    expect(overlayPixels({ ...map }).sum).toBe(p.sum);
  });
});

describe('saliency planes and keys', () => {
  // two channels of 1×2
  const g = [1, -2, 3, 1];
  const gx = [0.5, 0, 1, -1];
  test('signed and gradient × input sum the channels; |gradient| takes the largest', () => {
    expect(Array.from(saliencyPlane(g, gx, 'signed', 2, 1, 2).data)).toEqual([4, -1]);
    expect(saliencyPlane(g, gx, 'signed', 2, 1, 2).signed).toBe(true);
    expect(Array.from(saliencyPlane(g, gx, 'grad-x-input', 2, 1, 2).data)).toEqual([1.5, -1]);
    const abs = saliencyPlane(g, gx, 'abs', 2, 1, 2);
    expect(Array.from(abs.data)).toEqual([3, 2]);
    expect(abs.signed).toBe(false);
    expect(() => saliencyPlane(g, gx, 'abs', 1, 1, 2)).toThrow(/saliencyPlane/);
  });

  test('a key changes with the input version, the class and every option of the mode', () => {
    const occ = { ...DEFAULT_EXPLAIN, mode: 'occlusion' as const };
    const k = explainKey(occ, 'm1', 3);
    expect(explainKey(occ, 'm1', 4)).not.toBe(k);
    expect(explainKey({ ...occ, cls: 2 }, 'm1', 3)).not.toBe(k);
    expect(explainKey({ ...occ, occSize: 4 }, 'm1', 3)).not.toBe(k);
    expect(explainKey({ ...occ, occStride: 1 }, 'm1', 3)).not.toBe(k);
    expect(explainKey(occ, 'm2', 3)).not.toBe(k);
    expect(explainKey({ ...occ, saliency: 'abs' }, 'm1', 3)).toBe(k);
    const cam = { ...DEFAULT_EXPLAIN, mode: 'gradcam' as const };
    expect(explainKey({ ...cam, camLayer: 0 }, 'm1', 1)).not.toBe(explainKey(cam, 'm1', 1));
  });
});

describe('the input on the pad', () => {
  test("each input pixel maps back onto the part of the pad its ink came from (and follows the input's shift)", () => {
    // a 140×140 raster with a 30×60 block of ink at (40, 20)
    const img: Gray = { data: new Float32Array(140 * 140), width: 140, height: 140 };
    for (let y = 20; y < 80; y++) for (let x = 40; x < 70; x++) img.data[y * 140 + x] = 1;
    const { input, placement } = placeInk(img, [1, 28, 28]);
    expect(placement).not.toBeNull();
    const p = placement!;
    // the ink lands in dw×dh input pixels at (ox, oy)
    expect(input[(p.oy + 1) * 28 + p.ox + 1]).toBeGreaterThan(0.9);
    expect(input[(p.oy - 1) * 28 + p.ox]).toBe(0);
    const place = padPlacement(p, 140);
    // the input's ink box covers the pad's ink box (raster ×2: the pad is 280)
    expect(place.ax * p.ox + place.bx).toBeCloseTo(80, 6);
    expect(place.ay * p.oy + place.by).toBeCloseTo(40, 6);
    expect(place.ax * (p.ox + p.dw) + place.bx).toBeCloseTo(140, 6);
    expect(place.ay * (p.oy + p.dh) + place.by).toBeCloseTo(160, 6);
    // shifted right by 3: input pixel ox + 3 is where ox was
    const moved = padPlacement(p, 140, { dx: 3, dy: -2 });
    expect(moved.ax * (p.ox + 3) + moved.bx).toBeCloseTo(80, 6);
    expect(moved.ay * (p.oy - 2) + moved.by).toBeCloseTo(40, 6);
    expect(placeInk({ ...img, data: new Float32Array(140 * 140) }, [1, 28, 28]).placement).toBeNull();
  });
});

describe('learned-filter mosaic hits', () => {
  test('one input channel: filters side by side in rows of `cols`; gaps and the empty tail hit nothing', () => {
    const shape = [10, 1, 5, 5];
    const cols = 4;
    const m = filterMosaic(new Float32Array(250), shape, 'shared', cols);
    expect(m.w).toBe(4 * 6 - 1);
    expect(mosaicFilterAt(0, 0, shape, cols)).toBe(0);
    expect(mosaicFilterAt(6 * 3 + 4, 6 + 2, shape, cols)).toBe(7);
    expect(mosaicFilterAt(5, 0, shape, cols)).toBe(-1);
    expect(mosaicFilterAt(6 * 3, 6 * 2, shape, cols)).toBe(-1);
    expect(mosaicFilterBox(7, shape, cols)).toEqual({ x: 18, y: 6, w: 5, h: 5 });
  });

  test('several input channels: a row per filter', () => {
    const shape = [32, 16, 3, 3];
    expect(mosaicFilterAt(40, 4 * 9 + 2, shape, 16)).toBe(9);
    expect(mosaicFilterAt(16 * 4 + 1, 0, shape, 16)).toBe(-1);
    expect(mosaicFilterBox(2, shape, 16)).toEqual({ x: 0, y: 8, w: 63, h: 3 });
  });
});
