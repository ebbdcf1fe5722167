// The drawing's 140×140 raster kept between stroke points: while a stroke grows, only its new segments are drawn
// into it. Coverage is the maximum over segments, so the result is exactly rasterizeStrokes' (preprocess.ts).
import { currentInputShape } from './model-fields';
import { BRUSH_WIDTH, drawStrokesInto, PAD_SIZE, placeInk, rasterizeStrokes, type Gray, type InkPlacement, type InputShape, type StrokeLike } from './preprocess';

/** The raster's side (pixels). */
export const RASTER_SIZE = 140;
const SIZE = RASTER_SIZE;

export class StrokeRaster {
  private strokes: readonly StrokeLike[] = [];
  /** Point count of the last stroke when it was last drawn. */
  private lastPoints = 0;
  private raster: Gray = { data: new Float32Array(SIZE * SIZE), width: SIZE, height: SIZE };
  /** How many times the whole raster was drawn from scratch (the rest were incremental). */
  fullRedraws = 0;
  /** Where the ink went in the last input made (null: no ink), to map the input back onto the pad. */
  placement: InkPlacement | null = null;

  constructor(
    private readonly padSize = PAD_SIZE,
    private readonly brushWidth = BRUSH_WIDTH,
  ) {}

  /** The network input of `shape` (default: the current model's) for `strokes`, as preprocessStrokes gives it. */
  input(strokes: readonly StrokeLike[], shape: InputShape = currentInputShape()): Float32Array {
    const size = shape[0] * shape[1] * shape[2];
    if (strokes.length === 0) this.reset();
    this.placement = null;
    // (no model yet: an empty input; the raster catches up with the strokes on the next call)
    if (strokes.length === 0 || size === 0) return new Float32Array(size);
    const placed = placeInk(this.update(strokes), shape);
    this.placement = placed.placement;
    return placed.input;
  }

  /** The raster of `strokes`: drawn incrementally when they extend the previous ones, else from scratch. */
  update(strokes: readonly StrokeLike[]): Gray {
    const from = this.extendsFrom(strokes);
    if (from === null) {
      this.fullRedraws++;
      this.raster = rasterizeStrokes(strokes, this.padSize, SIZE, this.brushWidth);
    } else {
      // the new tail: the rest of the last known stroke (from its last point on) and any strokes begun since
      const tail: StrokeLike[] = [];
      const k = this.strokes.length - 1;
      if (k >= 0 && strokes[k].points.length > this.lastPoints) tail.push({ points: strokes[k].points.slice(Math.max(0, this.lastPoints - 2)) });
      for (let i = k + 1; i < strokes.length; i++) tail.push(strokes[i]);
      // straight into the raster (coverage is a maximum): only the new segments' boxes are touched
      drawStrokesInto(this.raster.data, SIZE, tail, this.padSize, this.brushWidth);
    }
    this.strokes = strokes;
    this.lastPoints = strokes[strokes.length - 1].points.length;
    return this.raster;
  }

  private reset(): void {
    this.strokes = [];
    this.lastPoints = 0;
    this.raster = { data: new Float32Array(SIZE * SIZE), width: SIZE, height: SIZE };
  }

  /**
   * Null unless `strokes` only adds to what was drawn: the same stroke objects before the last known one, that one
   * with the same first points (more may follow), then possibly new strokes.
   */
  private extendsFrom(strokes: readonly StrokeLike[]): number | null {
    const prev = this.strokes;
    if (prev.length === 0 || strokes.length < prev.length) return null;
    for (let i = 0; i < prev.length - 1; i++) if (strokes[i] !== prev[i]) return null;
    const k = prev.length - 1;
    const a = prev[k].points;
    const b = strokes[k].points;
    if (b.length < this.lastPoints || a.length !== this.lastPoints) return null;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return null;
    return k;
  }
}
