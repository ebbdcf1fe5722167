// Built-in test images at the model's input size (values in [0,1], like a normalised MNIST digit) for the filter
// designer; shapes are placed in fractions of the side (on MNIST's 28×28, whole pixels). Lines run the full width or
// height, so an edge filter's response to them is about orientation only; strokes are 3 pixels wide at any size.

export type TestImageId = 'vertical' | 'horizontal' | 'diagonal' | 'square' | 'circle' | 'seven' | 'checker';

export const TEST_IMAGES: readonly { id: TestImageId; name: string }[] = [
  { id: 'vertical', name: 'Vertical line' },
  { id: 'horizontal', name: 'Horizontal line' },
  { id: 'diagonal', name: 'Diagonal line' },
  { id: 'square', name: 'Square outline' },
  { id: 'circle', name: 'Ring' },
  { id: 'seven', name: 'A drawn 7' },
  { id: 'checker', name: 'Checkerboard' },
];

function fill(h: number, w: number, f: (y: number, x: number) => number): Float32Array {
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = Math.max(0, Math.min(1, f(y, x)));
  return out;
}

/** Ink of a 3-pixel-wide stroke at distance d from its centre line (soft edge, like a pen). */
const ink = (d: number) => (d <= 1 ? 1 : d < 2 ? 2 - d : 0);

/** Distance from point (y, x) to the segment (y0, x0)–(y1, x1). */
function segDist(y: number, x: number, y0: number, x0: number, y1: number, x1: number): number {
  const dy = y1 - y0;
  const dx = x1 - x0;
  const t = Math.max(0, Math.min(1, ((y - y0) * dy + (x - x0) * dx) / (dy * dy + dx * dx)));
  return Math.hypot(y - (y0 + t * dy), x - (x0 + t * dx));
}

/** A fresh copy of a test image of h×w values in [0, 1] (square by default). */
export function testImage(id: TestImageId, h: number, w = h): Float32Array {
  // distances are measured in pixels of the shorter side: a non-square image stretches the shapes
  const r = Math.min(h, w);
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const sy = r / h;
  const sx = r / w;
  const box = (y: number, x: number) => Math.max(Math.abs(y - cy) * sy, Math.abs(x - cx) * sx);
  switch (id) {
    case 'vertical':
      return fill(h, w, (_, x) => ink(Math.abs(x - cx)));
    case 'horizontal':
      return fill(h, w, (y) => ink(Math.abs(y - cy)));
    case 'diagonal':
      return fill(h, w, (y, x) => ink(Math.abs(y * sy - x * sx) / Math.SQRT2));
    case 'square':
      // an outline from 0.265 to 0.34 of the side out from the centre (7.5 to 9.5 pixels in 28)
      return fill(h, w, (y, x) => (box(y, x) <= 0.34 * r && box(y, x) >= 0.265 * r ? 1 : 0));
    case 'circle':
      return fill(h, w, (y, x) => ink(Math.abs(Math.hypot((y - cy) * sy, (x - cx) * sx) - (2 * r) / 7)));
    case 'seven': {
      // a bar at 3/14 of the height from 1/4 to 5/7 of the width, then down to (3/4 + 1/14, 1/4 + 1/7):
      // (6, 7)–(6, 20)–(23, 11) in 28×28
      const top = (3 * h) / 14;
      const [x0, x1] = [w / 4, (5 * w) / 7];
      const [y2, x2] = [(3 * h) / 4 + h / 14, w / 4 + w / 7];
      return fill(h, w, (y, x) => ink(Math.min(segDist(y, x, top, x0, top, x1), segDist(y, x, top, x1, y2, x2))));
    }
    case 'checker':
      return fill(h, w, (y, x) => ((Math.floor((4 * y) / h) + Math.floor((4 * x) / w)) % 2 === 0 ? 1 : 0));
  }
}
