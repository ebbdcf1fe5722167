// Built-in 28×28 test images (values in [0,1], like a normalised MNIST digit) for the filter designer.
// Lines run the full width or height, so an edge filter's response to them is about orientation only.

export const IMAGE_SIDE = 28;

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

const N = IMAGE_SIDE;

function fill(f: (y: number, x: number) => number): Float32Array {
  const out = new Float32Array(N * N);
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) out[y * N + x] = Math.max(0, Math.min(1, f(y, x)));
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

/** A fresh copy of a test image, h·w = 28·28 values in [0, 1]. */
export function testImage(id: TestImageId): Float32Array {
  switch (id) {
    case 'vertical':
      return fill((_, x) => ink(Math.abs(x - 13.5)));
    case 'horizontal':
      return fill((y) => ink(Math.abs(y - 13.5)));
    case 'diagonal':
      return fill((y, x) => ink(Math.abs(y - x) / Math.SQRT2));
    case 'square':
      return fill((y, x) => (Math.max(Math.abs(y - 13.5), Math.abs(x - 13.5)) <= 9.5 && Math.max(Math.abs(y - 13.5), Math.abs(x - 13.5)) >= 7.5 ? 1 : 0));
    case 'circle':
      return fill((y, x) => ink(Math.abs(Math.hypot(y - 13.5, x - 13.5) - 8)));
    case 'seven':
      return fill((y, x) => ink(Math.min(segDist(y, x, 6, 7, 6, 20), segDist(y, x, 6, 20, 23, 11))));
    case 'checker':
      return fill((y, x) => ((Math.floor(y / 7) + Math.floor(x / 7)) % 2 === 0 ? 1 : 0));
  }
}
