// The data set chooser's actions against a real in-process session: IDX files opened (by name, as bytes), the head
// that does not fit said and a fresh model of N outputs made on request (the trained one kept), Fashion-MNIST's class
// names, bad picks refused with the current data kept, and the last place remembered.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { FASHION_MNIST_CLASS_NAMES } from '../../core/data/catalog';
import type { OpenDataResult } from '../../core/protocol';
import type { Controller } from '../../renderer/app/controller';
import { LAST_DATA_KEY, readLastData } from '../../renderer/app/data-actions';
import { resetStore, useStore } from '../../renderer/store';
import { currentView } from '../../renderer/store/select';
import { idxPair } from '../core/helpers/idx-files';
import { startController, type TestHost } from './helpers/session-host';

let host: TestHost;
let controller: Controller;
const state = () => useStore.getState();

beforeEach(async () => {
  resetStore();
  localStorage.clear();
  ({ host, controller } = await startController());
});

afterEach(() => {
  controller.dispose();
  resetStore();
});

const picked = (files: { name: string; bytes: Uint8Array }[], name = 'bands'): OpenDataResult => ({ ok: true, path: `/data/${name}`, name, files: files.map((f) => ({ path: f.name, size: f.bytes.length, bytes: f.bytes })), dirs: [] });

describe('data set chooser', () => {
  test('IDX files of 3 classes: the data set changes, the 10-class model is said, a fresh one with 3 outputs is made on request', async () => {
    host.dataQueue.push(picked([...idxPair('train', 30, 3, 1, true), ...idxPair('t10k', 9, 3, 2, true)]));
    expect(await controller.data.choose('open', 'files')).toBe(true);
    expect(state().data).toMatchObject({ name: 'bands', classes: 3, classNames: ['0', '1', '2'], trainCount: 30 });
    const offer = state().messages.find((m) => m.kind === 'error' && /scores 10 classes/.test(m.text));
    expect(offer?.text).toMatch(/^bands: 30 training and 9 test images, 3 classes \(0, 1, 2\)\. The current model mlp-default scores 10 classes/);
    expect(offer?.action?.label).toBe('New mlp for 3 classes');
    const before = state().current;
    offer!.action!.run();
    await vi.waitFor(() => expect(currentView(state())?.summary.infos.at(-1)?.outShape).toEqual([3]));
    // the untrained default was rebuilt in place: nothing trained was there to keep
    expect(state().current).toBe(before);
    expect(readLastData()).toMatchObject({ choice: 'open', name: '/data/bands' });
  });

  test('Fashion-MNIST: its four files get its class names; a folder without them is refused, the data kept', async () => {
    host.dataQueue.push(picked([...idxPair('train', 20, 10, 1, true), ...idxPair('t10k', 10, 10, 2, true)], 'fashion'));
    expect(await controller.data.choose('fashion-mnist', 'folder')).toBe(true);
    expect(state().data).toMatchObject({ name: 'Fashion-MNIST', classNames: [...FASHION_MNIST_CLASS_NAMES] });
    // same head size: the model fits, and is told its outputs now stand for other classes
    expect(state().messages.some((m) => m.kind === 'info' && /^Fashion-MNIST: 20 training and 10 test images, 10 classes \(T-shirt\/top, Trouser, Pullover, Dress, … \(10\)\)/.test(m.text))).toBe(true);
    host.dataQueue.push({ ok: true, path: '/x', name: 'x', files: [{ path: 'readme.txt', size: 3, bytes: new Uint8Array(0) }], dirs: [] });
    expect(await controller.data.choose('fashion-mnist', 'folder')).toBe(false);
    expect(state().messages.at(-1)?.text).toMatch(/^x holds no Fashion-MNIST IDX files: .*The current data set is kept\.$/);
    expect(state().data?.name).toBe('Fashion-MNIST');
    expect(JSON.parse(localStorage.getItem(LAST_DATA_KEY)!)).toMatchObject({ choice: 'fashion-mnist', name: '/data/fashion' });
  });

  test('a run remembers the data set it trained on; a switch moves the store to a new data version', async () => {
    state().putRun({ id: 'r7', model: state().current!, config: { ...(await import('../../renderer/store/training')).START_CONFIG }, state: 'done' });
    expect(state().runs.r7.data).toMatchObject({ name: 'MNIST', version: 0 });
    host.dataQueue.push(picked([...idxPair('train', 30, 3, 1, true), ...idxPair('t10k', 9, 3, 2, true)]));
    await controller.data.choose('open', 'files');
    expect(state().dataVersion).toBe(1);
    expect(state().runs.r7.data?.classNames).toHaveLength(10);
    // the same set announced again (a restarted worker's ready) is no new version
    state().setData({ ...state().data! });
    expect(state().dataVersion).toBe(1);
  });

  test('a truncated IDX file is refused naming it; MNIST comes back on request', async () => {
    const files = [...idxPair('train', 20, 3, 1, true), ...idxPair('t10k', 6, 3, 2, true)];
    files[0] = { ...files[0], bytes: files[0].bytes.subarray(0, 100) };
    host.dataQueue.push(picked(files));
    expect(await controller.data.choose('open', 'files')).toBe(false);
    expect(state().messages.at(-1)?.text).toMatch(/^Could not open bands: train-images-idx3-ubyte\.gz: not a readable gzip file: .*The current data set is kept\.$/);
    expect(state().data?.classes).toBe(10);
    expect(await controller.data.choose('mnist')).toBe(true);
    expect(state().data?.name).toBe('MNIST');
  });
});
