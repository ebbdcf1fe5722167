// The web build's save path (renderer/host/browser.ts downloadText) under faults: when the browser cannot make the
// file (a Blob or object URL past its memory) or start the download, the user is told why and the model stays, unsaved.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Controller } from '../../renderer/app/controller';
import { downloadText } from '../../renderer/host/browser';
import { resetStore, useStore } from '../../renderer/store';
import { createTestHost, startController, type TestHost } from './helpers/session-host';

const state = () => useStore.getState();
let clicked: string[];

beforeEach(() => {
  clicked = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this.download);
  });
  // jsdom has no object URLs: each test says what the browser does
  URL.createObjectURL = vi.fn(() => 'blob:studio/1');
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => vi.restoreAllMocks());

describe('downloadText', () => {
  test('offers the file as a download', () => {
    expect(downloadText('{"a":1}', 'm.cnnmodel.json', 'application/json')).toEqual({ ok: true, path: 'm.cnnmodel.json' });
    expect(clicked).toEqual(['m.cnnmodel.json']);
  });

  test('a Blob or object URL the browser cannot make is an error naming the file and the reason, not a throw', () => {
    URL.createObjectURL = vi.fn(() => {
      throw new RangeError('Array buffer allocation failed');
    });
    expect(downloadText('x', 'm.cnnmodel.json', 'application/json')).toEqual({ ok: false, error: 'the browser could not make the file m.cnnmodel.json (Array buffer allocation failed)' });
    expect(clicked).toEqual([]);
  });

  test('a download the page may not start is an error too, and its object URL is released', () => {
    vi.mocked(HTMLAnchorElement.prototype.click).mockImplementation(() => {
      throw new Error('downloads are blocked');
    });
    vi.useFakeTimers();
    expect(downloadText('x', 'c.csv', 'text/csv')).toEqual({ ok: false, error: 'the browser could not start the download of c.csv (downloads are blocked)' });
    vi.runAllTimers();
    vi.useRealTimers();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:studio/1');
  });
});

describe('Save model in the web build', () => {
  let host: TestHost;
  let controller: Controller;
  beforeEach(async () => {
    resetStore();
    host = createTestHost();
    host.saveModel = async (text, name) => downloadText(text, name, 'application/json');
    ({ controller } = await startController(host));
  });
  afterEach(() => {
    controller.dispose();
    resetStore();
  });

  test('a failed download says why; the model, its weights and its saved mark stay; a later save works', async () => {
    const id = state().current!;
    const before = { model: state().models[id].summary, weights: state().models[id].weights, saved: state().savedEpochs[id] };
    URL.createObjectURL = vi.fn(() => {
      throw new RangeError('Array buffer allocation failed');
    });
    await controller.saveModel();
    expect(state().messages.map((m) => [m.kind, m.text])).toContainEqual(['error', 'Could not save the model: the browser could not make the file mlp-default.cnnmodel.json (Array buffer allocation failed)']);
    expect(state().current).toBe(id);
    expect(state().models[id].summary).toBe(before.model);
    expect(state().models[id].weights).toBe(before.weights);
    expect(state().savedEpochs[id]).toBe(before.saved);
    URL.createObjectURL = vi.fn(() => 'blob:studio/2');
    await controller.saveModel();
    expect(clicked).toEqual(['mlp-default.cnnmodel.json']);
    expect(state().messages.map((m) => m.text)).toContain('Model downloaded as mlp-default.cnnmodel.json.');
  });
});
