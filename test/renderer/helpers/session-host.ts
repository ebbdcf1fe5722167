// A Host for renderer tests: core's real TrainingSession in-process with a small synthetic 28×28 "MNIST",
// events delivered asynchronously as a worker would. Files are answered from a queue the test fills.
import type { DataSplits } from '../../../core/data/mnist';
import { Model } from '../../../core/model';
import { serializeModel } from '../../../core/model-file';
import { preset } from '../../../core/presets';
import type { Command, FileResult, MenuAction, OpenDataResult, OpenModelResult, OpenResult, RunId, SessionEvent } from '../../../core/protocol';
import { Rng } from '../../../core/rng';
import { TrainingSession } from '../../../core/session/session';
import { expect, vi } from 'vitest';
import { Controller } from '../../../renderer/app/controller';
import { Emitter, type Host } from '../../../renderer/host/host';
import { useStore } from '../../../renderer/store';
import { currentView } from '../../../renderer/store/select';

/** count images of 28×28 where class c draws a bright bar at row 2 + 2c (learnable, fast). */
export function syntheticMnist(trainCount = 120, testCount = 40, seed = 3): DataSplits {
  const make = (count: number, s: number) => {
    const rng = new Rng(s);
    const images = new Uint8Array(count * 784);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const c = i % 10;
      labels[i] = c;
      for (let j = 0; j < 784; j++) images[i * 784 + j] = rng.int(30);
      for (let x = 4; x < 24; x++) images[i * 784 + (2 + 2 * c) * 28 + x] = 220;
    }
    return { images, labels, count, channels: 1, rows: 28, cols: 28, classes: 10 };
  };
  return { train: make(trainCount, seed), test: make(testCount, seed + 1) };
}

/** An mlp model file (fast to train), as the default model. */
export const mlpModelText = () => serializeModel(new Model(preset('mlp'), 7), { name: 'mlp-default', createdAt: '2026-01-01T00:00:00Z', epochs: 0, testAccuracy: null, seed: 7 });

export interface TestHost extends Host {
  session: TrainingSession;
  sent: Command[];
  /** Answers to openModel (and openText, which takes only text answers). */
  openQueue: OpenModelResult[];
  saved: { kind: string; name: string; data: string }[];
  /** What exportOnnx was given. */
  onnx: { name: string; bytes: Uint8Array }[];
  /** Answers to openData. */
  dataQueue: OpenDataResult[];
  /** Fires a desktop menu action. */
  menu(action: MenuAction): void;
  /** Delivers an event as the transport would (e.g. a worker's own failure report). */
  emit(e: SessionEvent): void;
}

export function createTestHost(data: DataSplits = syntheticMnist()): TestHost {
  const events = new Emitter<SessionEvent>();
  const menu = new Emitter<MenuAction>();
  const runs = new Set<RunId>();
  const post = (e: SessionEvent) => {
    if (e.type === 'run') runs.add(e.run.id);
    void Promise.resolve().then(() => events.emit(e));
  };
  const session = new TrainingSession({ loadData: async () => data, post, defaultModel: mlpModelText() });
  const saved: TestHost['saved'] = [];
  const save = (kind: string) => async (d: string, name: string): Promise<FileResult> => {
    saved.push({ kind, name, data: d });
    return { ok: true, path: `/tmp/${name}` };
  };
  const host: TestHost = {
    kind: 'browser',
    session,
    sent: [],
    openQueue: [],
    saved,
    onnx: [],
    dataQueue: [],
    openData: async () => host.dataQueue.shift() ?? { ok: false, canceled: true },
    send: (cmd) => {
      host.sent.push(cmd);
      session.handle(cmd);
    },
    onEvent: (cb) => events.on(cb),
    onMenu: (cb) => menu.on(cb),
    menu: (action) => menu.emit(action),
    emit: (e) => events.emit(e),
    openModel: async () => host.openQueue.shift() ?? { ok: false, canceled: true },
    openText: async () => (host.openQueue.shift() as OpenResult | undefined) ?? { ok: false, canceled: true },
    saveModel: save('model'),
    exportPng: save('png'),
    exportText: save('text'),
    exportOnnx: async (bytes, name) => {
      host.onnx.push({ name, bytes });
      return { ok: true, path: `/tmp/${name}` };
    },
    // stops every run still training (a finished one answers with an error nobody listens to)
    dispose: () => runs.forEach((run) => session.busy && session.handle({ type: 'train:stop', id: -1, run })),
  };
  return host;
}

/** A controller started over `host` (a new test host by default), once its session is ready and the current model's weights arrived. */
export async function startController(host: TestHost = createTestHost()): Promise<{ host: TestHost; controller: Controller }> {
  const controller = new Controller(host);
  controller.start();
  await host.session.init();
  await vi.waitFor(() => expect(currentView(useStore.getState())?.weights ?? null).not.toBeNull());
  return { host, controller };
}
