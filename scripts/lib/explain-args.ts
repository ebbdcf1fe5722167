// Argument parsing for the explanation CLI (scripts/explain.ts). Pure: no file access, no process exit; every problem
// is a UsageError whose one-line message names the flag (the flag reader is train's, scripts/lib/args.ts).
import { UsageError, parseWhole, readFlags } from './args.js';

export const METHODS = ['saliency', 'gradcam', 'occlusion'] as const;
export type Method = (typeof METHODS)[number];

export interface ExplainArgs {
  model: string;
  /** Exactly one of testIndex and image is set. */
  testIndex: number | null;
  image: string | null;
  method: Method;
  /** null: the predicted class. */
  cls: number | null;
  /** gradcam's conv layer; null: the last one. */
  layer: number | null;
  size: number;
  stride: number;
  json: boolean;
  out: string | null;
  help: boolean;
}

const WHOLE = { '--test-index': [0, 9_999], '--class': [0, 9], '--layer': [0, 999], '--size': [4, 8], '--stride': [1, 4] } as const;
const STRING_FLAGS = ['--model', '--image', '--method', '--out'] as const;
const BOOLEAN_FLAGS = ['--json', '--help', '-h'] as const;

export const EXPLAIN_USAGE = `usage: npm run explain -- --model FILE (--test-index N | --image file.png) --method ${METHODS.join('|')}
       [--class C] [--layer L] [--size K --stride S] [--json | --out map.png]
Explains one prediction of a trained model file (core/models/default-cnn.json, or one written by npm run train -- --out):
  saliency   d logit_C / d input (the raw class score's gradient, before softmax), one value per pixel
  gradcam    Grad-CAM at conv layer L (default the last): ReLU(Σ_k α_k A_k), α_k = mean of d logit_C / d A_k,
             upsampled bilinearly to the input's size
  occlusion  each pixel: the mean drop of p_C when a K×K square covering it is blanked to 0 (squares every S pixels)
C is the class to explain (default: the predicted one). The image is MNIST test image N, or a PNG made grayscale (a
transparent background counts as white), resized to 28×28 by area averaging and scaled to [0,1]; MNIST digits are
white on black, so a dark-on-light image (mean > 0.5) is inverted.
--json: one JSON object on stdout, {"class","probabilities":[10],"map":[[28 numbers]×28]}, the map raw (unnormalised).
--out: a PNG of the map, 10× size, blue negative, white 0, red positive (scaled by the largest |value|).
defaults: --size 6 --stride 2
ranges: ${Object.entries(WHOLE)
  .map(([flag, [lo, hi]]) => `${flag} ${lo}..${hi}`)
  .join(', ')}`;

/** Parses explain's arguments (process.argv.slice(2)); `--flag value` and `--flag=value` both work. */
export function parseExplainArgs(argv: readonly string[]): ExplainArgs {
  const flags = readFlags(argv, [...Object.keys(WHOLE), ...STRING_FLAGS], BOOLEAN_FLAGS);
  const out: ExplainArgs = { model: '', testIndex: null, image: null, method: 'saliency', cls: null, layer: null, size: 6, stride: 2, json: false, out: null, help: flags.has('--help') || flags.has('-h') };
  if (out.help) return out;
  const whole = (flag: keyof typeof WHOLE) => {
    const v = flags.get(flag);
    return typeof v === 'string' ? parseWhole(flag, v, WHOLE[flag][0], WHOLE[flag][1]) : null;
  };
  const text = (flag: (typeof STRING_FLAGS)[number]) => {
    const v = flags.get(flag);
    return typeof v === 'string' ? v : null;
  };
  const model = text('--model');
  if (!model) throw new UsageError('--model is required (a model file, e.g. core/models/default-cnn.json)');
  out.model = model;
  out.testIndex = whole('--test-index');
  out.image = text('--image');
  if ((out.testIndex === null) === (out.image === null)) throw new UsageError('give exactly one of --test-index N and --image file.png');
  const method = text('--method');
  if (!method) throw new UsageError(`--method is required (${METHODS.join(', ')})`);
  if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(`--method: expected ${METHODS.join(', ')}, got ${JSON.stringify(method)}`);
  out.method = method as Method;
  out.cls = whole('--class');
  out.layer = whole('--layer');
  if (out.layer !== null && out.method !== 'gradcam') throw new UsageError('--layer is for --method gradcam');
  for (const flag of ['--size', '--stride'] as const) if (flags.has(flag) && out.method !== 'occlusion') throw new UsageError(`${flag} is for --method occlusion`);
  out.size = whole('--size') ?? out.size;
  out.stride = whole('--stride') ?? out.stride;
  out.json = flags.has('--json');
  out.out = text('--out');
  if (out.json && out.out !== null) throw new UsageError('--json and --out exclude each other');
  return out;
}
