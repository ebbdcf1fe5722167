// The message protocol between the UI and the training session (both directions), and its validator.
// Imported by the session, the Electron worker, main, preload and the renderer: the one definition.
import { CoreError, isPlainObject, preview } from './assert.js';
import { LIMITS } from './limits.js';
import type { ModelMeta } from './model-file.js';
import type { NamedWeights } from './model.js';
import type { LayerInfo, ModelSpec } from './spec.js';
import type { ShiftPoint } from './train/shift-sweep.js';
import type { BatchEvent, EpochEvent, RunState, StateEvent } from './train/trainer.js';
import type { TrainConfig } from './train/config.js';

/** Channel names on the Electron IPC boundary (`domain:verb`). */
export const CHANNELS = {
  command: 'session:command',
  event: 'session:event',
  openModel: 'model:open',
  saveModel: 'model:save',
  exportPng: 'file:export-png',
  exportText: 'file:export-text',
  exportOnnx: 'file:export-onnx',
  openData: 'data:open',
  menu: 'app:menu',
} as const;

// ---- ids ----
/** A model held by the session ("m1", "m2", …), assigned when the session creates it. */
export type ModelId = string;
/** A training run ("r1", …), assigned by train:start. */
export type RunId = string;

// ---- commands: UI → session ----
/**
 * Every command is a request: `id` is the sender's number for it, and the session answers each with exactly one
 * event carrying the same `id` — the reply named beside the command, or an `error`. Pushed events (batches, epochs,
 * run states, data ready) carry no `id` but name their model and run.
 */
export type Command =
  /** → `session`: every model and run the session holds, the data set's sizes and start-up problems. */
  | { type: 'session:describe'; id: number }
  /** → `model`: a new model from a spec (fresh weights drawn from `seed`). */
  | { type: 'model:create'; id: number; spec: ModelSpec; seed: number }
  /** → `model`: rebuilds `model` from a spec (fresh weights drawn from `seed`). */
  | { type: 'model:set-spec'; id: number; model: ModelId; spec: ModelSpec; seed: number }
  /** → `model`: replaces `model` with one read from a model file's text. */
  | { type: 'model:load'; id: number; model: ModelId; text: string }
  /**
   * → `model`: puts a model read from a model file's text at id `model` (`m` and a number), replacing one there that is
   * not training; later model ids follow it, and run ids start at `nextRun` or later. A new session takes back the models
   * of one whose worker crashed under the same ids (renderer/app/recovery.ts).
   */
  | { type: 'model:restore'; id: number; model: ModelId; text: string; nextRun: number }
  /** → `model`: puts the bundled default model back into `model`. */
  | { type: 'model:reset'; id: number; model: ModelId }
  /** → `model`: writes one filter (weights for input channels 0..C-1 flattened [C,K,K]) into a conv layer's channel. */
  | { type: 'model:set-filter'; id: number; model: ModelId; layer: number; channel: number; weights: number[]; bias: number; frozen: boolean }
  /** → `model:file`: the model as model-file text. */
  | { type: 'model:save'; id: number; model: ModelId }
  /** → `done`: forgets a model that is not training. */
  | { type: 'model:delete'; id: number; model: ModelId }
  /** → `weights`: all of the model's weights (the renderer mirrors the model for live inference and draws filters). */
  | { type: 'weights:get'; id: number; model: ModelId }
  /** → `run`: starts training `model`; its batch, epoch and state events then name the run. */
  | { type: 'train:start'; id: number; model: ModelId; config: Partial<TrainConfig> }
  /** → `done` (each of these four). */
  | { type: 'train:pause'; id: number; run: RunId }
  | { type: 'train:resume'; id: number; run: RunId }
  | { type: 'train:stop'; id: number; run: RunId }
  | { type: 'train:set-lr'; id: number; run: RunId; lr: number }
  /** → `done`: holds the run between batches for up to `ms` from now (0 releases): the user is drawing. */
  | { type: 'train:hold'; id: number; run: RunId; ms: number }
  /**
   * → `done`: for up to `ms` from now (0 ends it) the run computes its batches on one thread fewer (a run on one
   * thread is unchanged): the user is drawing and the run goes on, leaving a core to the page.
   */
  | { type: 'train:ease'; id: number; run: RunId; ms: number }
  /** → `test-images`: test-set images by index (pixels 0..255) with their labels. */
  | { type: 'data:test-images'; id: number; indices: number[] }
  /**
   * → `shift`: the model's accuracy on the first `testSize` test images shifted by (d, 0) and (0, d) for |d| ≤
   * maxShift; with `grid`, over every (dx, dy) too; with `randomK` > 0, each image moved by its own random offset up to
   * ±randomK. Runs between other work (training goes on); `eval:progress` events report how far it got.
   */
  | { type: 'eval:shift'; id: number; model: ModelId; maxShift: number; grid: boolean; randomK: number; testSize: number }
  /**
   * → `occlusion`: the occlusion map of one input (C·H·W values) for class `cls` (−1: the predicted class), squares of
   * `size` 4..8 moved by `stride` 1..4 (docs/explain.md). Runs between other work on the weights of the moment it was
   * asked; `eval:progress` reports it; a newer explain:occlusion of the same model cancels it.
   */
  | { type: 'explain:occlusion'; id: number; model: ModelId; input: number[]; cls: number; size: number; stride: number }
  /** → `top-patches`: the `count` (1..64) test images that excite `channel` of conv layer `layer` most; progress as above. */
  | { type: 'explain:top-patches'; id: number; model: ModelId; layer: number; channel: number; count: number }
  /**
   * → `done`: cancels the explain request with id `request`, which is then answered `{type:'error', code:'cancelled'}`.
   * An unknown or finished request is no error.
   */
  | { type: 'explain:cancel'; id: number; request: number }
  /**
   * → `data`: replaces the data set (refused while a run trains or a shift test runs). `source`: `{kind:'mnist'}` (the
   * bundled set), `{kind:'idx', name, files:[{name, bytes}], classNames?, testFraction?, seed?}` (IDX files, plain or
   * gzipped) or `{kind:'pixels', name, classNames, train:{images, labels}, test:{images, labels}, notes?}` (a class
   * folder the UI has read); checked in core/session/data.ts. Models are kept; a `ready` event follows the reply.
   */
  | { type: 'data:load'; id: number; source: Record<string, unknown> };

export type CommandType = Command['type'];

// ---- events: session → UI ----
export interface ModelSummary {
  id: ModelId;
  spec: ModelSpec;
  infos: LayerInfo[];
  paramCount: number;
  meta: ModelMeta;
  /** The run training this model, if one is. */
  run: RunId | null;
  /** Optimizer steps (batches) the model has been trained for in this session since it was created or replaced. */
  steps: number;
}

export interface RunSummary {
  id: RunId;
  model: ModelId;
  /** As the run trains: `threads` is what it got (1 where the host cannot start threads; `note` then says why). */
  config: TrainConfig;
  state: RunState;
  /** Something the user should know about how the run trains, e.g. why it uses one thread. */
  note?: string;
  /** Why the run is in its state, when it says: a diverged run paused, a failed run (its StateEvent's message). */
  message?: string;
}

/** The data set's shape, once it has loaded. */
export interface DataSummary {
  /** "MNIST", "Fashion-MNIST", a folder's name. */
  name: string;
  trainCount: number;
  testCount: number;
  /** Per-image shape [channels, height, width]. */
  input: [number, number, number];
  classes: number;
  /** One name per class, in label order ('0'..'9' for MNIST). */
  classNames: string[];
  /** How it was read: images resized, a test split chosen, files skipped. */
  notes: string[];
}

/**
 * What kind of failure an `error` is, for code that must tell them apart (never the message's wording):
 * bad-command — not a well-formed command; invalid — a value the session refuses (spec, config, file, filter, index);
 * not-found — no model or run with that id; busy — the model is training; limit — too many models or runs;
 * data — the data set could not be loaded, or is still loading; default-model — the bundled model could not be read;
 * backend — the fast kernels are unavailable; worker — the process running the session failed;
 * cancelled — a long request (explain:occlusion, explain:top-patches) was cancelled: by explain:cancel, by a newer
 * occlusion of the same model, or because its model was replaced or deleted.
 */
export type ErrorCode = 'bad-command' | 'invalid' | 'not-found' | 'busy' | 'limit' | 'data' | 'default-model' | 'backend' | 'worker' | 'cancelled';

export interface ErrorEvent {
  type: 'error';
  code: ErrorCode;
  message: string;
  /** The request it answers, when it was one. */
  id?: number;
  command?: string;
}

/** A pushed training event, naming its run and model. */
export type RunEvent = (EpochEvent | StateEvent) & { run: RunId; model: ModelId };
/** One batch's report, naming its run and model; they are pushed together, in `batches` events (core/session/outbox.ts). */
export type BatchReport = BatchEvent & { run: RunId; model: ModelId };

/** The answer to eval:shift. Accuracies are fractions in [0, 1]. */
export interface ShiftResult {
  model: ModelId;
  testSize: number;
  maxShift: number;
  /** (d, 0) and (0, d) for |d| ≤ maxShift; (0, 0) once. */
  axis: ShiftPoint[];
  /** Every (dx, dy), row by row (dy outer), when asked for. */
  grid: ShiftPoint[] | null;
  /** Accuracy with each image at its own random offset up to ±k (seeded), when asked for. */
  random: { k: number; accuracy: number } | null;
  seconds: number;
}

/** One image of a top-patches answer: its index and label, the channel's best value and unit, the box and its pixels. */
export interface TopPatchMessage {
  index: number;
  label: number;
  value: number;
  unit: { y: number; x: number };
  box: { y0: number; x0: number; y1: number; x1: number };
  /** The box cropped from the image, values 0..1. */
  pixels: number[];
}

export type SessionEvent =
  | { type: 'session'; id: number; models: ModelSummary[]; runs: RunSummary[]; data: DataSummary | null; problems: ErrorEvent[] }
  /** The data set loaded (pushed at start-up and after each data:load). */
  | { type: 'ready'; data: DataSummary }
  /** The answer to data:load: the new data set. */
  | { type: 'data'; id: number; data: DataSummary }
  | { type: 'model'; id: number; model: ModelSummary }
  | { type: 'run'; id: number; run: RunSummary }
  | RunEvent
  /** The batches trained since the last such event (at most ~0.1 s' worth), oldest first; always before the run's next other event. */
  | { type: 'batches'; batches: BatchReport[] }
  | { type: 'weights'; id: number; model: ModelId; weights: NamedWeights[] }
  | { type: 'model:file'; id: number; model: ModelId; text: string; name: string }
  | { type: 'test-images'; id: number; indices: number[]; images: Uint8Array; labels: Uint8Array }
  | ({ type: 'shift'; id: number } & ShiftResult)
  /** The answer to explain:occlusion: map is H·W drops of the class's probability (docs/explain.md). */
  | { type: 'occlusion'; id: number; model: ModelId; class: number; probabilities: number[]; map: number[]; size: number; stride: number; seconds: number }
  /** The answer to explain:top-patches; `steps`: the model's ModelSummary.steps when it was computed. */
  | { type: 'top-patches'; id: number; model: ModelId; layer: number; channel: number; field: number; patches: TopPatchMessage[]; average: number[]; steps: number; seconds: number }
  /** How far a long request (eval:shift, explain:*) has got: `done` of `total` steps. Pushed: `request` is its id. */
  | { type: 'eval:progress'; request: number; model: ModelId; done: number; total: number }
  | { type: 'done'; id: number }
  /** A command that could not be carried out (nothing changed), or a problem of the session itself. */
  | ErrorEvent;

/** The reply each command gets when it succeeds. */
export type ReplyTo<C extends CommandType> = Extract<SessionEvent, { type: (typeof REPLIES)[C] }>;

export const REPLIES = {
  'session:describe': 'session',
  'model:create': 'model',
  'model:set-spec': 'model',
  'model:load': 'model',
  'model:restore': 'model',
  'model:reset': 'model',
  'model:set-filter': 'model',
  'model:save': 'model:file',
  'model:delete': 'done',
  'weights:get': 'weights',
  'train:start': 'run',
  'train:pause': 'done',
  'train:resume': 'done',
  'train:stop': 'done',
  'train:set-lr': 'done',
  'train:hold': 'done',
  'train:ease': 'done',
  'data:test-images': 'test-images',
  'eval:shift': 'shift',
  'explain:occlusion': 'occlusion',
  'explain:top-patches': 'top-patches',
  'explain:cancel': 'done',
  'data:load': 'data',
} as const satisfies Record<CommandType, SessionEvent['type']>;

export class ProtocolError extends CoreError {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

type FieldKind = 'number' | 'string' | 'boolean' | 'object' | 'numbers';
const MODEL = { id: 'number', model: 'string' } as const;
const RUN = { id: 'number', run: 'string' } as const;

const COMMAND_FIELDS: Record<CommandType, Record<string, FieldKind>> = {
  'session:describe': { id: 'number' },
  'model:create': { id: 'number', spec: 'object', seed: 'number' },
  'model:set-spec': { ...MODEL, spec: 'object', seed: 'number' },
  'model:load': { ...MODEL, text: 'string' },
  'model:restore': { ...MODEL, text: 'string', nextRun: 'number' },
  'model:reset': MODEL,
  'model:set-filter': { ...MODEL, layer: 'number', channel: 'number', weights: 'numbers', bias: 'number', frozen: 'boolean' },
  'model:save': MODEL,
  'model:delete': MODEL,
  'weights:get': MODEL,
  'train:start': { ...MODEL, config: 'object' },
  'train:pause': RUN,
  'train:resume': RUN,
  'train:stop': RUN,
  'train:set-lr': { ...RUN, lr: 'number' },
  'train:hold': { ...RUN, ms: 'number' },
  'train:ease': { ...RUN, ms: 'number' },
  'data:test-images': { id: 'number', indices: 'numbers' },
  'eval:shift': { ...MODEL, maxShift: 'number', grid: 'boolean', randomK: 'number', testSize: 'number' },
  'explain:occlusion': { ...MODEL, input: 'numbers', cls: 'number', size: 'number', stride: 'number' },
  'explain:top-patches': { ...MODEL, layer: 'number', channel: 'number', count: 'number' },
  'explain:cancel': { id: 'number', request: 'number' },
  'data:load': { id: 'number', source: 'object' },
};

/**
 * The longest string (characters) or list (values) a field may carry, checked before anything reads it; fields not
 * named here get LIMITS.stringChars or LIMITS.numbers. Limits are documented in docs/core.md.
 */
const FIELD_LIMITS: Record<string, number> = {
  model: LIMITS.idChars,
  run: LIMITS.idChars,
  text: LIMITS.modelFileChars,
  indices: LIMITS.testImages,
  weights: LIMITS.filterWeights,
};

/** The request id of a raw message, if it has a usable one (so even a malformed request gets its answer). */
export function requestId(msg: unknown): number | undefined {
  const id = isPlainObject(msg) && Object.hasOwn(msg, 'id') ? msg.id : undefined;
  return typeof id === 'number' && Number.isFinite(id) ? id : undefined;
}

/**
 * Checks that `msg` is a well-formed Command: a known type, every field present as an own property with the right
 * kind and within its size limit, no other field (names inherited from Object.prototype — "toString", "constructor",
 * "__proto__" — are neither types nor fields). Never throws anything but a ProtocolError, whatever it is given
 * (BigInt, cycles, sparse lists). Deeper checks (ids, spec validity, config ranges) happen in the session.
 */
export function parseCommand(msg: unknown): Command {
  if (!isPlainObject(msg)) throw new ProtocolError(`command: expected an object, got ${Array.isArray(msg) ? 'a list' : msg === null ? 'null' : typeof msg}`);
  const type = Object.hasOwn(msg, 'type') ? msg.type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(COMMAND_FIELDS, type)) throw new ProtocolError(`command: unknown type ${preview(type)}`);
  const fields: Record<string, FieldKind> = COMMAND_FIELDS[type as CommandType];
  for (const key of Object.keys(msg)) {
    if (key !== 'type' && !Object.hasOwn(fields, key)) throw new ProtocolError(`${type}: unexpected field ${preview(key)}`);
  }
  for (const [key, kind] of Object.entries(fields)) {
    const v = Object.hasOwn(msg, key) ? msg[key] : undefined;
    const bad = (what: string) => new ProtocolError(`${type}.${key}: expected ${what}, got ${v === undefined ? 'nothing' : preview(v)}`);
    const max = FIELD_LIMITS[key] ?? (kind === 'numbers' ? LIMITS.numbers : LIMITS.stringChars);
    switch (kind) {
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number');
        break;
      case 'string':
        if (typeof v !== 'string') throw bad('a string');
        if (v.length > max) throw new ProtocolError(`${type}.${key}: ${v.length} characters is over the limit of ${max}`);
        break;
      case 'boolean':
        if (typeof v !== 'boolean') throw bad('true or false');
        break;
      case 'object':
        if (!isPlainObject(v)) throw bad('an object');
        break;
      case 'numbers': {
        if (!Array.isArray(v)) throw bad('a list of finite numbers');
        if (v.length > max) throw new ProtocolError(`${type}.${key}: ${v.length} values is over the limit of ${max}`);
        // a loop, not every(): every() skips the holes of a sparse list
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (typeof x !== 'number' || !Number.isFinite(x)) throw new ProtocolError(`${type}.${key}[${i}]: expected a finite number, got ${Object.hasOwn(v, i) ? preview(x) : 'a hole (a sparse list)'}`);
        }
        break;
      }
    }
  }
  return msg as Command;
}

// ---- the desktop bridge: what Electron's preload exposes as `window.desktop` ----
/** Expected failures come back as values, not exceptions. `canceled` when the user closed a dialog. */
export type FileResult = { ok: true; path: string } | { ok: false; canceled: true } | { ok: false; canceled?: false; error: string };
export type OpenResult = { ok: true; path: string; text: string } | { ok: false; canceled: true } | { ok: false; canceled?: false; error: string };
/** Open model… reads a model file's text, or an ONNX file's bytes (`*.onnx`). */
export type OpenModelResult = OpenResult | { ok: true; path: string; bytes: Uint8Array };

/** A file of a data set the user picked: its path below the picked folder ('/'-separated; the file name for files). */
export interface PickedFile {
  path: string;
  size: number;
  bytes: Uint8Array;
}
/** Open a data set…: a folder (class folders or IDX files) or some files (IDX), read; `dirs` are the folders in it. */
export type OpenDataResult = { ok: true; path: string; name: string; files: PickedFile[]; dirs: string[] } | { ok: false; canceled: true } | { ok: false; canceled?: false; error: string };
/** What the data set dialog picks: a folder, or files. */
export type DataPickMode = 'folder' | 'files';

/** Menu items and shortcuts that the renderer acts on. */
export type MenuAction = 'model:open' | 'model:save' | 'model:export-onnx' | 'export:png' | 'train:start' | 'train:pause' | 'train:stop' | 'draw:clear' | 'draw:undo' | 'help:about';

export interface DesktopApi {
  /** Sends a command to the training worker (validated again in main and in the worker). */
  sendCommand(cmd: Command): void;
  /** Session events from the worker; returns an unsubscribe function. */
  onEvent(cb: (e: SessionEvent) => void): () => void;
  onMenu(cb: (action: MenuAction) => void): () => void;
  /** Shows an open dialog and returns the chosen model file's text, or an ONNX file's bytes. */
  openModel(): Promise<OpenModelResult>;
  /** Shows a save dialog and writes the text atomically. */
  saveModel(text: string, suggestedName: string): Promise<FileResult>;
  /** Saves a PNG given as a data: URL. */
  exportPng(dataUrl: string, suggestedName: string): Promise<FileResult>;
  /** Saves text (CSV, JSON). */
  exportText(text: string, suggestedName: string): Promise<FileResult>;
  /**
   * Shows an open dialog for a data set (a folder, or IDX files), starting where the last one was opened (or at
   * Fashion-MNIST's Debian folder for `hint` 'fashion-mnist'), and reads what was picked within core's limits.
   */
  openData(mode: DataPickMode, hint: 'fashion-mnist' | 'any'): Promise<OpenDataResult>;
  /** Saves an ONNX file's bytes (core/onnx/export.ts) as `*.onnx`. */
  exportOnnx(bytes: Uint8Array, suggestedName: string): Promise<FileResult>;
  readonly versions: { app: string; electron: string; chrome: string; node: string };
}
