// The network input and the live inference on it: the drawing's strokes preprocessed at the current model's input size
// (or a test digit, or a dropped image's ink preprocessed the same way), shifted as the drawing slice says, every
// model's mirror run on it, and training held while the pen is down. Runs in the input event's own task so a stroke
// point is painted in the same frame.
import type { ModelId, ModelSummary } from '../../core/protocol';
import { shiftedInput } from '../lib/input-shift';
import { cancelFrameTask, requestFrameTask, requestTaskNow } from '../lib/frame';
import { currentInputShape, inputShapeOf } from '../lib/model-fields';
import { PAD_SIZE, padPlacement, placeInk, type Gray } from '../lib/preprocess';
import { RASTER_SIZE, StrokeRaster } from '../lib/stroke-raster';
import { useStore, type AppState } from '../store';
import type { ImageSource, InputSource } from '../store/drawing';
import { currentRun } from '../store/select';
import { marks } from './measure-hook';
import type { Mirrors } from './mirrors';
import type { Requests } from './requests';

/**
 * Giving way while the user draws (store.giveWay): from the pen's press the running training waits between batches,
 * a hold of HOLD_MS renewed every HOLD_RENEW_MS while the pen moves; when the pen lifts, HOLD_AFTER_UP_MS more (the
 * digit's next stroke). A hold that is never renewed or released (a lost release) ends by itself. Without giving
 * way, a run on several threads is eased on the same schedule instead (train:ease): it goes on, on one thread fewer.
 */
export const HOLD_MS = 1500;
export const HOLD_RENEW_MS = 500;
export const HOLD_AFTER_UP_MS = 400;

export class LiveInput {
  /** The strokes' raster, drawn incrementally while a stroke grows (the same input as preprocessStrokes). */
  private readonly raster = new StrokeRaster();
  /** When the last hold (or ease) was asked for (-Infinity: none running), and which. */
  private holdSentAt = -Infinity;
  private holdKind: 'train:hold' | 'train:ease' = 'train:hold';
  /** The weights each model's stored activations were computed with. */
  private readonly inferredWeights = new Map<ModelId, unknown>();
  /** The test digit shown, before any shift (the input is this, shifted). */
  private testInput: Float32Array | null = null;
  /** The dropped image's ink (kept to be preprocessed again at another model's input size) and its last input. */
  private image: Gray | null = null;
  private imageInput: { shape: string; input: Float32Array } | null = null;

  constructor(
    private readonly requests: Requests,
    private readonly mirrors: Mirrors,
  ) {}

  private get store() {
    return useStore.getState();
  }

  /** Follows a store change: a new stroke point or shift remakes the input, a new input or new weights re-infer. */
  follow(s: AppState, prev: AppState): void {
    if ((s.strokes !== prev.strokes || s.shift !== prev.shift) && s.source.kind === 'drawing') this.scheduleInput();
    if (s.shift !== prev.shift && s.source.kind !== 'drawing') this.showStill(s.source);
    if (s.penDown !== prev.penDown || (s.penDown && s.strokes !== prev.strokes) || s.giveWay !== prev.giveWay) this.holdForDrawing();
    if (s.input !== prev.input) this.infer('input');
    else if (s.models !== prev.models) requestFrameTask(this.weightsTask);
  }

  /** The input follows the current model's size: a drawing is redone at it, anything else starts blank. */
  followModel(model: ModelSummary): void {
    const s = this.store;
    if (model.id !== s.current) return;
    const size = model.spec.input.reduce((a, b) => a * b, 1);
    if (s.input.length === size) return;
    if (s.source.kind === 'drawing' && s.strokes.length > 0) this.scheduleInput();
    else if (s.source.kind === 'image') this.showStill(s.source);
    else s.setInput(new Float32Array(size), { kind: 'drawing' });
  }

  dispose(): void {
    cancelFrameTask(this.inputTask);
    cancelFrameTask(this.weightsTask);
  }

  /**
   * Recomputes the network input from the strokes as soon as the pointer input has been handled, not at the next
   * frame: one pending run of the frame queue (a user-blocking task) takes every point that came before it, and the
   * inference it triggers and the panels painting the result all run in it, so the next frame only shows the canvases.
   */
  scheduleInput(): void {
    requestTaskNow(this.inputTask);
  }

  private readonly inputTask = (): void => {
    const s = this.store;
    marks.emit('input:taken');
    if (s.source.kind !== 'drawing') return;
    marks.emit('span:start', 'preprocess');
    const shape = currentInputShape();
    const input = shiftedInput(this.raster.input(s.strokes, shape), shape, s.shift);
    const placed = this.raster.placement;
    marks.emit('span:end', 'preprocess');
    // the same source object: views selecting it need not re-render for a new stroke point
    s.setInput(input, s.source, placed && padPlacement(placed, RASTER_SIZE, s.shift));
  };

  /**
   * New weights: the maps follow them in the next frame's run — unless a stroke point's run came first (while drawing,
   * one every few milliseconds), which already computed with them: then there is nothing left to do.
   */
  private readonly weightsTask = (): void => {
    const models = this.store.models;
    for (const id in models) if (this.inferredWeights.get(id) !== models[id].weights) return this.infer('weights');
  };

  /** Runs every model's mirror on the current input and stores the activations. */
  infer(cause: 'input' | 'weights' | 'other' = 'other'): void {
    const s = this.store;
    for (const id in s.models) {
      this.inferredWeights.set(id, s.models[id].weights);
      if (s.input.length !== s.models[id].summary.spec.input.reduce((a, b) => a * b, 1)) {
        // (an input for another size: this model shows nothing until one of its own is made)
        if (s.models[id].activations) s.setActivations(id, null);
        continue;
      }
      try {
        marks.emit('span:start', 'infer');
        const a = this.mirrors.activations(id, s.input);
        marks.emit('span:end', 'infer');
        if (id === s.current) marks.emit('activations', a, cause);
        s.setActivations(id, a);
      } catch (err) {
        s.showError(`inference: ${(err as Error).message}`);
      }
    }
  }

  /**
   * While the pen is down (see HOLD_MS), asks the running training to wait (giving way) or, without giving way, to
   * train on one thread fewer; switching between the two ends the one asked for before.
   */
  private holdForDrawing(): void {
    const s = this.store;
    const run = currentRun(s);
    if (!run || run.status !== 'running') return;
    const ask = (type: LiveInput['holdKind'], ms: number) => this.requests.ask({ type, run: run.id, ms }).catch(() => undefined);
    const kind = s.giveWay ? 'train:hold' : run.config.threads > 1 ? 'train:ease' : null;
    if (kind !== this.holdKind && this.holdSentAt !== -Infinity) {
      void ask(this.holdKind, 0);
      this.holdSentAt = -Infinity;
    }
    if (!kind) return;
    this.holdKind = kind;
    if (!s.penDown) {
      if (this.holdSentAt === -Infinity) return;
      this.holdSentAt = -Infinity;
      void ask(kind, HOLD_AFTER_UP_MS);
      return;
    }
    const t = performance.now();
    if (t - this.holdSentAt < HOLD_RENEW_MS) return;
    this.holdSentAt = t;
    void ask(kind, HOLD_MS);
  }

  /** Shows a random test image (or the one at `index`) as the network input. */
  async loadTestImage(index?: number): Promise<void> {
    const s = this.store;
    if (!s.data) return s.showError('The MNIST test set is still loading.');
    const i = index ?? Math.floor(Math.random() * s.data.testCount);
    try {
      const img = await this.requests.ask({ type: 'data:test-images', indices: [i] });
      this.testInput = Float32Array.from(img.images, (v) => v / 255);
      useStore.setState({ strokes: [] });
      this.showStill({ kind: 'test', index: i, label: img.labels[0] });
    } catch (err) {
      s.showError(`test image: ${(err as Error).message}`);
    }
  }

  /**
   * Shows an image's ink (lib/image-input.ts) as the network input, preprocessed like a drawing (placeInk: cropped,
   * scaled to fit 20 of 28 pixels, centred by mass) at the current model's size; it replaces the strokes.
   */
  showImage(ink: Gray, source: ImageSource): void {
    this.image = ink;
    this.imageInput = null;
    useStore.setState({ strokes: [] });
    this.showStill(source);
  }

  /** The test digit or the image, shifted as the drawing slice says, as the network input. */
  private showStill(source: Exclude<InputSource, { kind: 'drawing' }>): void {
    const s = this.store;
    const shape = s.current === null ? null : inputShapeOf(s, s.current);
    if (!shape) return;
    const still = source.kind === 'test' ? this.testInput : this.imageAt(shape);
    if (!still) return;
    // the pad shows the (shifted) input itself, enlarged to fill it
    s.setInput(shiftedInput(still, shape, s.shift), source, { ax: PAD_SIZE / shape[2], ay: PAD_SIZE / shape[1], bx: 0, by: 0 });
  }

  /** The image's ink preprocessed for `shape` (the same array while the shape stays). */
  private imageAt(shape: readonly [number, number, number]): Float32Array | null {
    if (!this.image) return null;
    const key = shape.join();
    if (this.imageInput?.shape !== key) this.imageInput = { shape: key, input: placeInk(this.image, shape).input };
    return this.imageInput.input;
  }
}
