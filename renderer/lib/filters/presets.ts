// Classic hand-designed filters as pure data, for kernel sizes 3, 5 and 7 (row-major K×K weights).
// 3×3 are the textbook kernels; 5 and 7 extend them the standard way (binomial smoothing × derivative) or say why not.

export const KERNEL_SIZES = [3, 5, 7] as const;
export type KernelSize = (typeof KERNEL_SIZES)[number];

export type PresetId =
  | 'identity'
  | 'sobel-x'
  | 'sobel-y'
  | 'prewitt-x'
  | 'prewitt-y'
  | 'scharr-x'
  | 'scharr-y'
  | 'laplacian-4'
  | 'laplacian-8'
  | 'box-blur'
  | 'gaussian-blur'
  | 'sharpen'
  | 'emboss'
  | 'outline';

export interface FilterPreset {
  id: PresetId;
  name: string;
  /** What it does, one line, for the tooltip. */
  description: string;
  /** Row-major K×K weights, or null when the filter has no sensible K×K version. */
  build(k: KernelSize): number[] | null;
  /** Shown next to the preset for sizes where it is extended or unavailable. */
  note(k: KernelSize): string | null;
}

/** Binomial row of length k: [1,2,1], [1,4,6,4,1], [1,6,15,20,15,6,1]. */
export function binomial(k: number): number[] {
  let row = [1];
  for (let i = 1; i < k; i++) row = [...row, 0].map((v, j) => v + (j > 0 ? row[j - 1] : 0));
  return row;
}

/** Sobel's derivative row: the difference of two shifted binomials of length k−1 (OpenCV getDerivKernels). */
export function sobelDerivative(k: number): number[] {
  const b = binomial(k - 1);
  return Array.from({ length: k }, (_, j) => (j < k - 1 ? -b[j] : 0) + (j > 0 ? b[j - 1] : 0));
}

/** Outer product col ⊗ row as a row-major K×K list: w[r][c] = col[r] · row[c]. */
export function outer(col: readonly number[], row: readonly number[]): number[] {
  return col.flatMap((a) => row.map((b) => a * b));
}

export function transpose(w: readonly number[], k: number): number[] {
  return Array.from({ length: k * k }, (_, i) => w[(i % k) * k + Math.floor(i / k)]);
}

/** A 3×3 kernel placed in the centre of a K×K grid of zeros (the same filter, just a bigger footprint). */
export function embedCentre(w3: readonly number[], k: number): number[] {
  const out = new Array<number>(k * k).fill(0);
  const o = (k - 3) / 2;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[(r + o) * k + c + o] = w3[r * 3 + c];
  return out;
}

const centre = (k: number) => ((k - 1) / 2) * k + (k - 1) / 2;
const identity = (k: number) => Array.from({ length: k * k }, (_, i) => (i === centre(k) ? 1 : 0));
const ramp = (k: number) => Array.from({ length: k }, (_, j) => j - (k - 1) / 2);
const ones = (k: number) => new Array<number>(k).fill(1);
const normalise = (w: number[]) => {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
};
const gaussian = (k: number) => normalise(outer(binomial(k), binomial(k)));
const LAPLACE_4 = [0, 1, 0, 1, -4, 1, 0, 1, 0];
const SCHARR_X = [-3, 0, 3, -10, 0, 10, -3, 0, 3];

export const FILTER_PRESETS: readonly FilterPreset[] = [
  { id: 'identity', name: 'Identity', description: 'Copies the input: 1 in the centre, 0 elsewhere.', build: identity, note: () => null },
  {
    id: 'sobel-x',
    name: 'Sobel x',
    description: 'Horizontal gradient: responds to vertical edges (dark→light left to right is positive).',
    build: (k) => outer(binomial(k), sobelDerivative(k)),
    note: (k) => (k === 3 ? null : `${k}×${k} Sobel: binomial smoothing × derivative (as OpenCV's ksize=${k})`),
  },
  {
    id: 'sobel-y',
    name: 'Sobel y',
    description: 'Vertical gradient: responds to horizontal edges (dark→light top to bottom is positive).',
    build: (k) => outer(sobelDerivative(k), binomial(k)),
    note: (k) => (k === 3 ? null : `${k}×${k} Sobel: derivative × binomial smoothing (as OpenCV's ksize=${k})`),
  },
  {
    id: 'prewitt-x',
    name: 'Prewitt x',
    description: 'Horizontal gradient with flat (box) smoothing: responds to vertical edges.',
    build: (k) => outer(ones(k), ramp(k)),
    note: (k) => (k === 3 ? null : `extended: columns weighted −${(k - 1) / 2}…+${(k - 1) / 2}`),
  },
  {
    id: 'prewitt-y',
    name: 'Prewitt y',
    description: 'Vertical gradient with flat (box) smoothing: responds to horizontal edges.',
    build: (k) => outer(ramp(k), ones(k)),
    note: (k) => (k === 3 ? null : `extended: rows weighted −${(k - 1) / 2}…+${(k - 1) / 2}`),
  },
  {
    id: 'scharr-x',
    name: 'Scharr x',
    description: 'Sobel x with weights tuned for rotation symmetry (3, 10, 3).',
    build: (k) => (k === 3 ? [...SCHARR_X] : null),
    note: (k) => (k === 3 ? null : 'Scharr is defined for 3×3 only'),
  },
  {
    id: 'scharr-y',
    name: 'Scharr y',
    description: 'Sobel y with weights tuned for rotation symmetry (3, 10, 3).',
    build: (k) => (k === 3 ? transpose(SCHARR_X, 3) : null),
    note: (k) => (k === 3 ? null : 'Scharr is defined for 3×3 only'),
  },
  {
    id: 'laplacian-4',
    name: 'Laplacian (4-neighbour)',
    description: 'Second derivative: centre −4, the four neighbours +1; lights up blobs and thin lines.',
    build: (k) => (k === 3 ? [...LAPLACE_4] : embedCentre(LAPLACE_4, k)),
    note: (k) => (k === 3 ? null : `the 3×3 kernel in the centre of ${k}×${k} zeros (4 neighbours are always 3×3)`),
  },
  {
    id: 'laplacian-8',
    name: 'Laplacian (8-neighbour)',
    description: 'Second derivative including diagonals: every neighbour +1, centre −(K²−1).',
    build: (k) => identity(k).map((v) => (v ? 1 - k * k : 1)),
    note: (k) => (k === 3 ? null : `extended: all ${k * k - 1} neighbours +1, centre ${1 - k * k}`),
  },
  {
    id: 'box-blur',
    name: 'Box blur',
    description: 'The mean of the K×K patch: every weight 1/K².',
    build: (k) => new Array<number>(k * k).fill(1 / (k * k)),
    note: () => null,
  },
  {
    id: 'gaussian-blur',
    name: 'Gaussian blur',
    description: 'A weighted mean, heavier in the centre (binomial approximation of a Gaussian).',
    build: gaussian,
    note: (k) => (k === 3 ? null : `binomial ${binomial(k).join(',')} in each direction`),
  },
  {
    id: 'sharpen',
    name: 'Sharpen',
    description: 'Identity minus the Laplacian: boosts the centre against its neighbours.',
    build: (k) => (k === 3 ? [0, -1, 0, -1, 5, -1, 0, -1, 0] : identity(k).map((v, i) => 2 * v - gaussian(k)[i])),
    note: (k) => (k === 3 ? null : 'unsharp mask: 2·identity − Gaussian blur'),
  },
  {
    id: 'emboss',
    name: 'Emboss',
    description: 'A diagonal gradient plus the image itself: looks like a relief lit from the top left.',
    build: (k) => Array.from({ length: k * k }, (_, i) => (Math.floor(i / k) + (i % k) - (k - 1)) * (2 / (k - 1)) + (i === centre(k) ? 1 : 0)),
    note: (k) => (k === 3 ? null : 'extended: weights grow linearly along the diagonal, −2…+2'),
  },
  {
    id: 'outline',
    name: 'Outline',
    description: 'Centre K²−1, every neighbour −1: zero on flat areas, strong on edges.',
    build: (k) => identity(k).map((v) => (v ? k * k - 1 : -1)),
    note: (k) => (k === 3 ? null : `extended: all ${k * k - 1} neighbours −1, centre ${k * k - 1}`),
  },
];

export function findPreset(id: string): FilterPreset | undefined {
  return FILTER_PRESETS.find((p) => p.id === id);
}
