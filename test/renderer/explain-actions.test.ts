// Explanation actions over the in-process session (its default model is an mlp): the live saliency map follows each
// stroke point and the class chosen; Grad-CAM says plainly that an mlp has no conv layer; occlusion is asked once
// the pen is up, cancelled by the next stroke or class change, and an answer for an input no longer shown is dropped
// (the explain:* requests are held back here and answered by hand); a cancelled request is no error; top patches
// report progress and say when the weights moved on.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Command, SessionEvent } from '../../core/protocol';
import { preset } from '../../core/presets';
import { Controller } from '../../renderer/app/controller';
import { noConvNote } from '../../renderer/app/explain';
import { resetStore, useStore } from '../../renderer/store';
import { patchesKey, stepsOf } from '../../renderer/store/explain';
import { currentView } from '../../renderer/store/select';
import { createTestHost, type TestHost } from './helpers/session-host';

const s = () => useStore.getState();
let controller: Controller;
let host: TestHost;
/** The explain:* commands sent, in order (held back from the session). */
let held: Command[];

beforeEach(async () => {
  resetStore();
  host = createTestHost();
  held = [];
  const send = host.send;
  host.send = (cmd) => {
    if (!cmd.type.startsWith('explain:')) return send(cmd);
    host.sent.push(cmd);
    held.push(cmd);
  };
  controller = new Controller(host);
  controller.start();
  // (Draw & predict's explanation views are on screen)
  s().setExplainShown(true);
  await host.session.init();
  await vi.waitFor(() => expect(currentView(s())?.weights ?? null).not.toBeNull());
});

afterEach(() => {
  controller.dispose();
  resetStore();
});

/** Draws a vertical bar; the pen stays down unless `lift`. */
async function stroke(x: number, lift = true): Promise<void> {
  const before = s().inputVersion;
  s().beginStroke(x, 40);
  s().extendStroke(x, 240);
  if (lift) s().endStroke();
  await vi.waitFor(() => expect(s().inputVersion).toBeGreaterThan(before));
  await vi.waitFor(() => expect(s().input.some((v) => v > 0)).toBe(true));
}

const occlusions = () => held.filter((c): c is Extract<Command, { type: 'explain:occlusion' }> => c.type === 'explain:occlusion');
const cancels = () => held.filter((c) => c.type === 'explain:cancel').map((c) => (c as Extract<Command, { type: 'explain:cancel' }>).request);
const tick = () => new Promise((r) => setTimeout(r, 0));

function answerOcclusion(cmd: Extract<Command, { type: 'explain:occlusion' }>, fill = 0.25): void {
  const probabilities = Array.from({ length: 10 }, (_, i) => (i === 4 ? 0.91 : 0.01));
  host.emit({ type: 'occlusion', id: cmd.id, model: cmd.model, class: cmd.cls < 0 ? 4 : cmd.cls, probabilities, map: new Array(784).fill(fill), size: cmd.size, stride: cmd.stride, seconds: 0.2 } as SessionEvent);
}

describe('saliency and Grad-CAM, live', () => {
  test('nothing is computed while the overlay is off; with saliency on, each stroke point remakes the map', async () => {
    await stroke(140);
    expect(s().explainMap).toBeNull();
    s().setExplain({ mode: 'saliency' });
    const first = s().explainMap!;
    expect(first).toMatchObject({ mode: 'saliency', h: 28, w: 28, signed: true, inputVersion: s().inputVersion, predicted: true });
    expect(first.data.some((v) => v !== 0)).toBe(true);
    await stroke(100);
    expect(s().explainMap).not.toBe(first);
    expect(s().explainMap!.inputVersion).toBe(s().inputVersion);
    s().setExplain({ saliency: 'abs' });
    expect(s().explainMap!.signed).toBe(false);
    expect(Math.min(...s().explainMap!.data)).toBeGreaterThanOrEqual(0);
    s().setExplain({ mode: 'off' });
    expect(s().explainMap).toBeNull();
  });

  test('nothing is computed or asked while the views are not shown (the Lab open); shown again, the map is back', async () => {
    await stroke(140);
    s().setExplain({ mode: 'saliency' });
    expect(s().explainMap).not.toBeNull();
    s().setExplainShown(false);
    expect(s().explainMap).toBeNull();
    await stroke(100);
    expect(s().explainMap).toBeNull();
    s().setExplain({ mode: 'occlusion' });
    await stroke(120);
    expect(occlusions()).toHaveLength(0);
    s().setExplainShown(true);
    expect(occlusions()).toHaveLength(1);
    s().setExplain({ mode: 'saliency' });
    expect(s().explainMap?.inputVersion).toBe(s().inputVersion);
  });

  test('choosing a class explains it instead; null goes back to the prediction', async () => {
    await stroke(140);
    s().setExplain({ mode: 'saliency' });
    const predicted = s().explainMap!.cls;
    const other = (predicted + 3) % 10;
    controller.explain.chooseClass(other);
    expect(s().explainMap).toMatchObject({ cls: other, predicted: false });
    await stroke(90);
    expect(s().explainMap!.cls).toBe(other);
    controller.explain.chooseClass(null);
    expect(s().explainMap!.cls).toBe(currentView(s())!.activations!.probs.indexOf(Math.max(...currentView(s())!.activations!.probs)));
  });

  test('Grad-CAM on the mlp says it needs a conv layer; on a cnn it maps the last conv layer by default', async () => {
    await stroke(140);
    s().setExplain({ mode: 'gradcam' });
    expect(s().explainMap).toBeNull();
    expect(s().explainNote).toBe(noConvNote('mlp'));
    // saliency still works on it
    s().setExplain({ mode: 'saliency' });
    expect(s().explainNote).toBeNull();
    expect(s().explainMap).not.toBeNull();
    await controller.setSpec(preset('cnn'), 1);
    await vi.waitFor(() => expect(currentView(s())?.summary.spec.name).toBe('cnn'));
    s().setExplain({ mode: 'gradcam' });
    await vi.waitFor(() => expect(s().explainMap?.mode).toBe('gradcam'));
    expect(s().explainMap!.signed).toBe(false);
    expect(s().explainMap!.label).toMatch(/layer 3$/);
    s().setExplain({ camLayer: 0 });
    expect(s().explainMap!.label).toMatch(/layer 0$/);
  });
});

describe('occlusion, asked of the session', () => {
  test('asked once the pen is up, for the input shown and the predicted class; the answer is painted', async () => {
    s().setExplain({ mode: 'occlusion' });
    await stroke(140, false);
    expect(occlusions()).toHaveLength(0);
    s().endStroke();
    expect(occlusions()).toHaveLength(1);
    const cmd = occlusions()[0];
    expect(cmd).toMatchObject({ model: s().current, cls: -1, size: 6, stride: 2 });
    expect(cmd.input).toEqual(Array.from(s().input));
    expect(s().occlusionJob).toMatchObject({ request: cmd.id, inputVersion: s().inputVersion });
    host.emit({ type: 'eval:progress', request: cmd.id, model: cmd.model, done: 3, total: 12 });
    expect(s().occlusionJob).toMatchObject({ done: 3, total: 12 });
    answerOcclusion(cmd);
    await vi.waitFor(() => expect(s().explainMap?.mode).toBe('occlusion'));
    expect(s().explainMap).toMatchObject({ cls: 4, signed: true, inputVersion: s().inputVersion });
    expect(s().occlusionJob).toBeNull();
  });

  test('a new stroke cancels the request in flight, and its late answer is dropped; the next pen-up asks again', async () => {
    s().setExplain({ mode: 'occlusion' });
    await stroke(140);
    const first = occlusions()[0];
    await stroke(90, false);
    expect(cancels()).toEqual([first.id]);
    expect(s().occlusionJob).toBeNull();
    // the session answers it anyway (it crossed the cancel): not shown, the input is another one now
    answerOcclusion(first);
    await tick();
    expect(s().explainMap).toBeNull();
    s().endStroke();
    expect(occlusions()).toHaveLength(2);
    // the cancelled request's own answer is an error with code 'cancelled': not shown to the user
    host.emit({ type: 'error', code: 'cancelled', message: 'cancelled', id: first.id } as SessionEvent);
    await tick();
    expect(s().messages).toEqual([]);
    answerOcclusion(occlusions()[1]);
    await vi.waitFor(() => expect(s().explainMap?.mode).toBe('occlusion'));
    expect(s().explainMap!.inputVersion).toBe(s().inputVersion);
  });

  test('an answer for an input no longer shown is dropped even when nothing cancelled it; a class change asks again', async () => {
    s().setExplain({ mode: 'occlusion' });
    await stroke(140);
    const first = occlusions()[0];
    // the input changes without a stroke (a shift): the old request is cancelled and a new one asked
    s().nudgeShift(2, 0);
    await vi.waitFor(() => expect(occlusions()).toHaveLength(2));
    expect(cancels()).toContain(first.id);
    answerOcclusion(first, 0.9);
    await tick();
    expect(s().explainMap).toBeNull();
    controller.explain.chooseClass(7);
    expect(cancels()).toContain(occlusions()[1].id);
    expect(occlusions()[2]).toMatchObject({ cls: 7 });
    answerOcclusion(occlusions()[2]);
    await vi.waitFor(() => expect(s().explainMap).toMatchObject({ mode: 'occlusion', cls: 7 }));
    // the drawing cleared: the map goes with its input
    s().clearDrawing();
    expect(s().explainMap).toBeNull();
  });

  test('a refused request is shown once and not repeated for the same input', async () => {
    s().setExplain({ mode: 'occlusion' });
    await stroke(140);
    const cmd = occlusions()[0];
    host.emit({ type: 'error', code: 'invalid', message: 'explain:occlusion.size: expected 4..8', id: cmd.id } as SessionEvent);
    await vi.waitFor(() => expect(s().explainNote).toMatch(/^occlusion: explain:occlusion.size/));
    s().setExplain({ occSize: 6 });
    expect(occlusions()).toHaveLength(1);
  });
});

describe('top patches', () => {
  test('progress, the result, cancel; the model steps on and the result is older', async () => {
    const model = s().current!;
    controller.explain.findTopPatches(model, 0, 3);
    const cmd = held.find((c) => c.type === 'explain:top-patches') as Extract<Command, { type: 'explain:top-patches' }>;
    expect(cmd).toMatchObject({ model, layer: 0, channel: 3, count: 9 });
    const key = patchesKey(model, 0, 3);
    host.emit({ type: 'eval:progress', request: cmd.id, model, done: 2000, total: 10000 });
    expect(s().topPatches[key]).toMatchObject({ status: 'running', done: 2000, total: 10000 });
    const patch = { index: 5, label: 3, value: 2.5, unit: { y: 4, x: 4 }, box: { y0: 2, x0: 2, y1: 7, x1: 7 }, pixels: new Array(25).fill(0.5) };
    host.emit({ type: 'top-patches', id: cmd.id, model, layer: 0, channel: 3, field: 5, patches: [patch], average: new Array(25).fill(0.5), steps: stepsOf(s(), model), seconds: 1 } as SessionEvent);
    await vi.waitFor(() => expect(s().topPatches[key]?.status).toBe('done'));
    expect(s().topPatches[key].result!.patches[0].label).toBe(3);
    // trained on: the model's steps move past the result's
    s().addSteps(model, 12);
    expect(stepsOf(s(), model) - s().topPatches[key].result!.steps).toBe(12);
    // a recompute cancelled: the earlier result stays
    controller.explain.findTopPatches(model, 0, 3);
    const again = held.filter((c) => c.type === 'explain:top-patches')[1];
    controller.explain.cancelTopPatches(key);
    expect(cancels()).toEqual([again.id]);
    host.emit({ type: 'error', code: 'cancelled', message: 'cancelled', id: again.id } as SessionEvent);
    await vi.waitFor(() => expect(s().topPatches[key]?.status).toBe('done'));
    expect(s().topPatches[key].result!.patches).toHaveLength(1);
    expect(s().messages).toEqual([]);
  });
});
