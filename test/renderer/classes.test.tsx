// Panels follow the model they are given, not MNIST: a 3-class model on 1×16×16 inputs gets 3 probability bars, a
// 3×3 confusion matrix and a 16×16 stroke input, and a panel given another model's id shows that model.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, test } from 'vitest';
import type { Activations } from '../../core/model';
import type { ModelSummary } from '../../core/protocol';
import { inferShapes, type ModelSpec } from '../../core/spec';
import type { EpochEvent } from '../../core/train/trainer';
import { ProbBars } from '../../renderer/components/draw/ProbBars';
import { ConfusionMatrix } from '../../renderer/components/train/ConfusionMatrix';
import { currentInputShape } from '../../renderer/lib/model-fields';
import { StrokeRaster } from '../../renderer/lib/stroke-raster';
import { resetStore, useStore } from '../../renderer/store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const small: ModelSpec = { name: 'tiny', input: [1, 16, 16], layers: [{ type: 'flatten' }, { type: 'dense', units: 3 }] };

function summary(id: string, spec: ModelSpec): ModelSummary {
  const infos = inferShapes(spec);
  return { id, spec, infos, paramCount: infos.reduce((a, i) => a + i.params, 0), meta: { name: spec.name, createdAt: '2026-01-01T00:00:00Z', epochs: 0, testAccuracy: null, seed: 1 }, run: null, steps: 0 };
}

const probs = (...p: number[]) => ({ outputs: [], argmax: [], probs: Float32Array.from(p) }) as unknown as Activations;

let root: Root | null = null;
let host: HTMLElement;

async function render(ui: React.ReactNode): Promise<void> {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  await act(async () => root!.render(ui));
}

afterEach(async () => {
  if (root) await act(async () => root!.unmount());
  root = null;
  document.body.innerHTML = '';
  resetStore();
});

test('ProbBars shows one bar per class of its model (3), the winner by class index', async () => {
  useStore.getState().putModel(summary('m1', small));
  useStore.getState().setInput(new Float32Array(256).fill(1), { kind: 'drawing' });
  await render(<ProbBars model="m1" />);
  expect(host.querySelectorAll('.bar')).toHaveLength(3);
  await act(async () => useStore.getState().setActivations('m1', probs(0.1, 0.7, 0.2)));
  await act(async () => new Promise((r) => setTimeout(r, 50))); // the bars paint in the next frame
  expect(host.querySelector<HTMLElement>('[data-testid="draw.prediction"]')!.dataset.digit).toBe('1');
  expect(host.querySelector<HTMLElement>('[data-testid="draw.prob.2"]')!.dataset.p).toBe('0.2000');
});

test('a panel given a model id shows that model, not the current one', async () => {
  const ten: ModelSpec = { name: 'ten', input: [1, 16, 16], layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] };
  useStore.getState().putModel(summary('m1', ten));
  useStore.getState().putModel(summary('m2', small));
  expect(useStore.getState().current).toBe('m1');
  useStore.getState().setInput(new Float32Array(256).fill(1), { kind: 'drawing' });
  useStore.getState().setActivations('m1', probs(...Array.from({ length: 10 }, (_, i) => (i === 9 ? 0.91 : 0.01))));
  useStore.getState().setActivations('m2', probs(0.8, 0.1, 0.1));
  await render(<ProbBars model="m2" />);
  await act(async () => new Promise((r) => setTimeout(r, 50)));
  expect(host.querySelectorAll('.bar')).toHaveLength(3);
  expect(host.querySelector<HTMLElement>('[data-testid="draw.prediction"]')!.dataset.digit).toBe('0');
});

test('ConfusionMatrix of a 3-class epoch is 3×3', async () => {
  const epoch = { type: 'epoch', epoch: 0, epochs: 1, testLoss: 1, testAccuracy: 0.5, confusion: [2, 1, 0, 0, 3, 0, 1, 0, 2], perClassAccuracy: [2 / 3, 1, 2 / 3], predictions: new Uint8Array(9) } as unknown as EpochEvent;
  await render(<ConfusionMatrix epoch={epoch} />);
  expect(host.querySelectorAll('tbody tr')).toHaveLength(3);
  expect(host.querySelectorAll('tbody td')).toHaveLength(9);
  expect(host.querySelector('[data-testid="train.confusion.2.0"]')!.textContent).toBe('1');
  expect(host.querySelector('[data-testid="train.confusion.3.0"]')).toBeNull();
});

test("the stroke raster makes an input of the current model's size", () => {
  const raster = new StrokeRaster();
  expect(raster.input([{ points: [140, 40, 140, 240] }])).toHaveLength(0); // no model yet
  useStore.getState().putModel(summary('m1', small));
  expect(currentInputShape()).toEqual([1, 16, 16]);
  const input = raster.input([{ points: [140, 40, 140, 240] }]);
  expect(input).toHaveLength(256);
  expect(input.some((v) => v > 0.5)).toBe(true);
});
