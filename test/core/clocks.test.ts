// The trainer's speed now (RecentRate): the images/s of about the last 2 s of training, not of the whole run.
import { describe, expect, test } from 'vitest';
import { RecentRate } from '../../core/train/clocks.js';

describe('RecentRate', () => {
  test('the first batch gives its own rate, and a steady rate stays exact whatever the batches', () => {
    const r = new RecentRate();
    expect(r.add(32, 0.004)).toBeCloseTo(8000, 6);
    for (let i = 0; i < 1000; i++) expect(r.add(16 * (1 + (i % 3)), 0.002 * (1 + (i % 3)))).toBeCloseTo(8000, 6);
  });

  test('after the speed halves it follows within a few seconds, where the average over the run still lags', () => {
    const r = new RecentRate(2);
    let images = 0;
    let seconds = 0;
    const batch = (n: number, s: number) => {
      images += n;
      seconds += s;
      return r.add(n, s);
    };
    for (let i = 0; i < 2500; i++) batch(32, 0.004); // 10 s at 8 000 img/s
    let now = 0;
    for (let i = 0; i < 1000; i++) now = batch(32, 0.008); // then 8 s at 4 000 img/s (one thread fewer)
    // 8 s is 4 time constants: e^-4 of the old speed's weight is left
    expect(now).toBeGreaterThan(4000);
    expect(now).toBeLessThan(4000 * 1.02);
    expect(images / seconds).toBeGreaterThan(5500); // the run's average: 112 000 images / 18 s
  });

  test('one slow batch moves it by its share of the last ~2 s, not more', () => {
    const r = new RecentRate(2);
    for (let i = 0; i < 5000; i++) r.add(40, 0.004); // 10 000 img/s for 20 s: ~2 s of training weigh in
    // a batch with no images that took 0.2 s (a stall): the 2 s before it, decayed by e^-0.1, against its 0.2 s
    const kept = ((0.004 * (1 - Math.exp(-10))) / (1 - Math.exp(-0.002))) * Math.exp(-0.1);
    expect(r.add(0, 0.2)).toBeCloseTo((10000 * kept) / (kept + 0.2), 3);
    expect((10000 * kept) / (kept + 0.2)).toBeCloseTo(9006, 0);
  });
});
