// The message protocol between the UI and the training session (both directions), and its validator.
// Imported by the session, the Electron worker, main, preload and the renderer: the one definition.
import { CoreError } from './assert.js';
import type { ModelMeta } from './model-file.js';
import type { NamedWeights } from './model.js';
import type { LayerInfo, ModelSpec } from './spec.js';
import type { EpochEvent, BatchEvent, StateEvent, TrainConfig } from './train/trainer.js';

/** Channel names on the Electron IPC boundary (`domain:verb`). */
export const CHANNELS = {
  command: 'session:command',
  event: 'session:event',
  openModel: 'model:open',
  saveModel: 'model:save',
  exportPng: 'file:export-png',
  exportText: 'file:export-text',
  menu: 'app:menu',
} as const;

// ---- commands: UI → session ----
export type Command =
  | { type: 'train:start'; config: Partial<TrainConfig> }
  | { type: 'train:pause' }
  | { type: 'train:resume' }
  | { type: 'train:stop' }
  | { type: 'train:set-lr'; lr: number }
  /** Holds the running training between batches for up to `ms` from now (0 releases): the user is drawing. */
  | { type: 'train:hold'; ms: number }
  /** Build a fresh model from a spec (new random weights, seeded). */
  | { type: 'model:set-spec'; spec: ModelSpec; seed: number }
  /** Replace the model with one read from a model file's text. */
  | { type: 'model:load'; id: number; text: string }
  /** Ask for the current model as model-file text. */
  | { type: 'model:save'; id: number }
  /** Go back to the bundled default model. */
  | { type: 'model:reset' }
  /** Write one filter (k×k weights for input channel 0..C-1 flattened [C,K,K]) into a conv layer's channel. */
  | { type: 'model:set-filter'; layer: number; channel: number; weights: number[]; bias: number; frozen: boolean }
  /** Forward one 28×28 image ([0,1] floats) and return every layer's output. */
  | { type: 'infer'; id: number; image: Float32Array }
  /** All current weights (the renderer mirrors the model for live inference and draws the filters). */
  | { type: 'weights:get'; id: number }
  /** Test-set images by index (pixels 0..255) with their labels. */
  | { type: 'data:test-images'; id: number; indices: number[] };

export type CommandType = Command['type'];

// ---- events: session → UI ----
export interface ModelSummary {
  spec: ModelSpec;
  infos: LayerInfo[];
  paramCount: number;
  meta: ModelMeta;
}

export interface TensorMsg {
  shape: number[];
  data: Float32Array;
}

export type SessionEvent =
  | { type: 'ready'; model: ModelSummary; trainCount: number; testCount: number }
  | { type: 'model'; model: ModelSummary }
  | BatchEvent
  | EpochEvent
  | StateEvent
  | { type: 'inference'; id: number; outputs: TensorMsg[]; argmax: (Int32Array | null)[]; probs: Float32Array }
  | { type: 'weights'; id: number; weights: NamedWeights[] }
  | { type: 'model:file'; id: number; text: string; name: string }
  | { type: 'test-images'; id: number; indices: number[]; images: Uint8Array; labels: Uint8Array }
  /** A command that could not be carried out; `id` when it was a request. Nothing else changed. */
  | { type: 'error'; message: string; id?: number; command?: string };

export class ProtocolError extends CoreError {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

const COMMAND_FIELDS: Record<CommandType, Record<string, 'number' | 'string' | 'boolean' | 'object' | 'numbers' | 'image'>> = {
  'train:start': { config: 'object' },
  'train:pause': {},
  'train:resume': {},
  'train:stop': {},
  'train:set-lr': { lr: 'number' },
  'train:hold': { ms: 'number' },
  'model:set-spec': { spec: 'object', seed: 'number' },
  'model:load': { id: 'number', text: 'string' },
  'model:save': { id: 'number' },
  'model:reset': {},
  'model:set-filter': { layer: 'number', channel: 'number', weights: 'numbers', bias: 'number', frozen: 'boolean' },
  infer: { id: 'number', image: 'image' },
  'weights:get': { id: 'number' },
  'data:test-images': { id: 'number', indices: 'numbers' },
};

/** The pixel count of an `infer` image: MNIST's 28×28. */
export const IMAGE_SIZE = 28 * 28;

/**
 * Checks that `msg` is a well-formed Command: known type, every field present with the right type, no extras.
 * Deeper checks (spec validity, config ranges) happen in the session, which answers with an error event.
 */
export function parseCommand(msg: unknown): Command {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw new ProtocolError(`command: expected an object, got ${msg === null ? 'null' : typeof msg}`);
  const type = (msg as { type?: unknown }).type;
  if (typeof type !== 'string' || !(type in COMMAND_FIELDS)) throw new ProtocolError(`command: unknown type ${JSON.stringify(type)}`);
  const fields = COMMAND_FIELDS[type as CommandType];
  for (const key of Object.keys(msg)) {
    if (key !== 'type' && !(key in fields)) throw new ProtocolError(`${type}: unexpected field "${key}"`);
  }
  for (const [key, kind] of Object.entries(fields)) {
    const v = (msg as Record<string, unknown>)[key];
    const got = () => (v === undefined ? 'nothing' : ArrayBuffer.isView(v) ? `a ${v.constructor.name} of ${(v as unknown as ArrayLike<number>).length} values` : JSON.stringify(v)?.slice(0, 60));
    const bad = (what: string) => new ProtocolError(`${type}.${key}: expected ${what}, got ${got()}`);
    switch (kind) {
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number');
        break;
      case 'string':
        if (typeof v !== 'string') throw bad('a string');
        break;
      case 'boolean':
        if (typeof v !== 'boolean') throw bad('true or false');
        break;
      case 'object':
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('an object');
        break;
      case 'numbers':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw bad('a list of finite numbers');
        break;
      case 'image':
        if (!(v instanceof Float32Array) || v.length !== IMAGE_SIZE || !v.every(Number.isFinite)) throw bad(`a Float32Array of ${IMAGE_SIZE} finite values`);
        break;
    }
  }
  return msg as Command;
}

// ---- the desktop bridge: what Electron's preload exposes as `window.desktop` ----
/** Expected failures come back as values, not exceptions. `canceled` when the user closed a dialog. */
export type FileResult = { ok: true; path: string } | { ok: false; canceled: true } | { ok: false; canceled?: false; error: string };
export type OpenResult = { ok: true; path: string; text: string } | { ok: false; canceled: true } | { ok: false; canceled?: false; error: string };

/** Menu items and shortcuts that the renderer acts on. */
export type MenuAction = 'model:open' | 'model:save' | 'export:png' | 'train:start' | 'train:pause' | 'train:stop' | 'draw:clear' | 'draw:undo' | 'help:about';

export interface DesktopApi {
  /** Sends a command to the training worker (validated again in main and in the worker). */
  sendCommand(cmd: Command): void;
  /** Session events from the worker; returns an unsubscribe function. */
  onEvent(cb: (e: SessionEvent) => void): () => void;
  onMenu(cb: (action: MenuAction) => void): () => void;
  /** Shows an open dialog and returns the chosen model file's text. */
  openModel(): Promise<OpenResult>;
  /** Shows a save dialog and writes the text atomically. */
  saveModel(text: string, suggestedName: string): Promise<FileResult>;
  /** Saves a PNG given as a data: URL. */
  exportPng(dataUrl: string, suggestedName: string): Promise<FileResult>;
  /** Saves text (CSV, JSON). */
  exportText(text: string, suggestedName: string): Promise<FileResult>;
  readonly versions: { app: string; electron: string; chrome: string; node: string };
}
