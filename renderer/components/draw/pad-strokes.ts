// The pad's strokes as Konva lines, kept in step with the store's strokes without a React render per point: a stroke
// that grew gets its new points, new strokes get a line, removed ones lose theirs. The look is the pad's as before.
import Konva from 'konva';
import { BRUSH_WIDTH } from '../../lib/preprocess';
import type { Stroke } from '../../store/drawing';

/** A one-point stroke is drawn as a dot: a tiny segment with round caps. */
export function linePoints(points: readonly number[]): number[] {
  return points.length === 2 ? [...points, points[0] + 0.01, points[1]] : [...points];
}

export class PadStrokes {
  private readonly lines: Konva.Line[] = [];
  /** The stroke each line shows (strokes are replaced, never mutated, when they change). */
  private shown: Stroke[] = [];

  constructor(private readonly layer: Konva.Layer) {}

  /** Updates the lines to show `strokes`; returns whether anything changed (then the layer needs a draw). */
  sync(strokes: readonly Stroke[]): boolean {
    let changed = false;
    for (let i = 0; i < strokes.length; i++) {
      if (this.shown[i] === strokes[i]) continue;
      changed = true;
      const points = linePoints(strokes[i].points);
      if (this.lines[i]) this.lines[i].points(points);
      else {
        const line = new Konva.Line({ points, stroke: '#fff', strokeWidth: BRUSH_WIDTH, lineCap: 'round', lineJoin: 'round', tension: 0.4, listening: false });
        this.lines.push(line);
        this.layer.add(line);
      }
    }
    while (this.lines.length > strokes.length) {
      this.lines.pop()!.destroy();
      changed = true;
    }
    this.shown = [...strokes];
    return changed;
  }

  /** How many lines are on the layer. */
  get count(): number {
    return this.lines.length;
  }
}
