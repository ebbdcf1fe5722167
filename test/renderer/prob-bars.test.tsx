// The prediction bars (renderer/components/draw/ProbBars.tsx) written without React: what they show for
// probabilities with and without ink, and updates that change texts in place and leave unchanged parts alone.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, test } from 'vitest';
import { applyProbs, ProbBars, ProbsPainter, probsView } from '../../renderer/components/draw/ProbBars';
import { preset } from '../../core/presets';
import { inferShapes } from '../../core/spec';
import { resetStore, useStore } from '../../renderer/store';

afterEach(() => {
  document.body.innerHTML = '';
  resetStore();
});

const probs = Float32Array.from([0.01, 0.02, 0.9, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);

test('probsView: the winner and each bar with ink; nothing without ink; a note before the model', () => {
  const v = probsView(probs, true);
  expect(v.best).toBe(2);
  expect(v.conf).toBe('90.0%');
  expect(v.bars[2]).toEqual({ p: '0.9000', label: '90%' });
  expect(v.bars[0]).toEqual({ p: '0.0100', label: '1%' });
  const dry = probsView(probs, false);
  expect(dry).toMatchObject({ best: -1, note: 'no ink yet', conf: '' });
  expect(dry.bars.every((b) => b.p === '0.0000')).toBe(true);
  expect(probsView(null, true)).toMatchObject({ best: -1, note: 'loading model…' });
});

test('probsView: a drawing too small to read shows no prediction and asks for a bigger digit', () => {
  const v = probsView(probs, true, 10, true);
  expect(v).toMatchObject({ best: -1, note: 'Draw a bigger digit', conf: '' });
  expect(v.bars.every((b) => b.p === '0.0000' && b.label === '0%')).toBe(true);
  const box = document.createElement('div');
  box.innerHTML = '<div class="prediction" data-digit=""><span class="prediction-digit"></span><span class="prediction-conf"></span><span class="muted"></span></div>';
  applyProbs(box, v);
  const pred = box.querySelector<HTMLElement>('.prediction')!;
  expect([pred.dataset.digit, pred.dataset.tooSmall, pred.querySelector('.muted')!.textContent]).toEqual(['', 'true', 'Draw a bigger digit']);
  applyProbs(box, probsView(probs, true));
  expect([pred.dataset.digit, pred.dataset.tooSmall]).toEqual(['2', 'false']);
});

test('applyProbs writes the view into the rendered bars, changing texts in place', async () => {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  // the bars are the shown model's classes: a ten-class model
  const spec = preset('mlp');
  const infos = inferShapes(spec);
  useStore.getState().putModel({ id: 'm1', spec, infos, paramCount: 0, meta: { name: 'mlp', createdAt: '', epochs: 0, testAccuracy: null, seed: 1 }, run: null, steps: 0 });
  await act(async () => root.render(<ProbBars model="m1" />));
  const box = host.querySelector<HTMLElement>('[data-testid="draw.probs"]')!;
  const value = box.querySelector('[data-testid="draw.prob.2"] .bar-value')!;
  const text = value.firstChild;
  applyProbs(box, probsView(probs, true));
  const pred = box.querySelector<HTMLElement>('[data-testid="draw.prediction"]')!;
  expect(pred.dataset.digit).toBe('2');
  expect(pred.querySelector('.prediction-digit')!.textContent).toBe('2');
  expect(pred.querySelector('.prediction-conf')!.textContent).toBe('90.0%');
  expect(pred.querySelector('.muted')!.textContent).toBe('');
  const bar = box.querySelector<HTMLElement>('[data-testid="draw.prob.2"]')!;
  expect(bar.className).toBe('bar best');
  expect(bar.dataset.p).toBe('0.9000');
  expect(value.textContent).toBe('90%');
  expect(value.firstChild).toBe(text); // the same Text node, its data changed
  expect(box.querySelector('[data-testid="draw.prob.0"]')!.className).toBe('bar');
  applyProbs(box, probsView(probs, false));
  expect(pred.dataset.digit).toBe('');
  expect(pred.querySelector('.muted')!.textContent).toBe('no ink yet');
  expect(bar.className).toBe('bar');
  await act(async () => root.unmount());
});

/** A 2D context that records the texts drawn and accepts every other call. */
function fakeContext(): { ctx: CanvasRenderingContext2D; texts: string[] } {
  const texts: string[] = [];
  const ctx = new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, key) => {
      if (key === 'fillText') return (t: string) => texts.push(t);
      if (key === 'measureText') return () => ({ width: 20 });
      if (key in target) return target[key];
      return () => undefined;
    },
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return { ctx, texts };
}

test('ProbsPainter redraws only the parts that changed: the line, and rows whose value or highlight changed', () => {
  const { ctx, texts } = fakeContext();
  const painter = new ProbsPainter();
  expect(painter.paint(ctx, probsView(probs, true), 200)).toBe(11);
  expect(texts).toContain('2');
  expect(texts).toContain('90.0%');
  expect(painter.paint(ctx, probsView(probs, true), 200)).toBe(0);
  const next = Float32Array.from(probs);
  next[2] = 0.85;
  next[7] = 0.06;
  // the line (85.0%), row 2 (85%) and row 7 (6%)
  expect(painter.paint(ctx, probsView(next, true), 200)).toBe(3);
  texts.length = 0;
  painter.reset();
  expect(painter.paint(ctx, probsView(next, true), 200)).toBe(11);
  expect(texts).toContain('85%');
});
