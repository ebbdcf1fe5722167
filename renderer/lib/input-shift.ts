// Shifting the network input (the drawing after preprocessing, or a test digit) by whole pixels, as the shift test
// does to the test set: core's shiftImage with zeros filled in; and the arrow keys that move it.
import { shiftImage } from '../../core/data/shift';
import type { InputShift } from '../store/drawing';

/** `input` ([C, H, W] row-major) moved by `shift`; the same array when there is nothing to move. */
export function shiftedInput(input: Float32Array, shape: readonly [number, number, number], shift: InputShift): Float32Array {
  const [c, h, w] = shape;
  if ((shift.dx === 0 && shift.dy === 0) || input.length !== c * h * w || input.length === 0) return input;
  const out = new Float32Array(input.length);
  shiftImage(input, out, c, h, w, shift.dx, shift.dy);
  return out;
}

/** The one-pixel move an arrow key asks for, or null for any other key (or with a modifier held). */
export function shiftForKey(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): [number, number] | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  switch (e.key) {
    case 'ArrowLeft':
      return [-1, 0];
    case 'ArrowRight':
      return [1, 0];
    case 'ArrowUp':
      return [0, -1];
    case 'ArrowDown':
      return [0, 1];
    default:
      return null;
  }
}

/** Whether a key press happened in a form field (where arrow keys move the caret or change a value). */
export function inFormField(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable === true);
}
