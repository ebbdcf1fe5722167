// Explanation CLI: `npm run explain -- --model FILE (--test-index N | --image file.png) --method saliency|gradcam|
// occlusion [--class C] [--layer L] [--size K --stride S] [--json | --out map.png]` — why a model file predicts what it
// does for one image (core/explain, docs/explain.md). Bad arguments: one line on stderr and exit code 2; other
// failures: exit 1.
import { convLayers, gradCam, occlusion, saliency } from '../core/explain/index.js';
import { useFastestBackendSync } from '../core/kernels/index.js';
import type { Model } from '../core/model.js';
import { UsageError } from './lib/args.js';
import { EXPLAIN_USAGE, parseExplainArgs, type ExplainArgs } from './lib/explain-args.js';
import { loadMnistFromDisk } from './lib/node-mnist.js';
import { readGrayPng, writeMapPng } from './lib/png.js';
import { loadModelFile } from './lib/spec-file.js';

interface Explained {
  class: number;
  probabilities: number[];
  /** H·W values, raw. */
  map: Float32Array;
  /** What the map's values are, in words. */
  what: string;
}

/** The image to explain (C·H·W in [0, 1]) and where it came from. */
async function inputOf(args: ExplainArgs, model: Model): Promise<{ image: Float32Array; source: string }> {
  const [c, h, w] = model.spec.input;
  if (args.image !== null) return { image: readGrayPng(args.image, h, w), source: args.image };
  const test = (await loadMnistFromDisk()).test;
  const i = args.testIndex!;
  if (i >= test.count) throw new UsageError(`--test-index: must be below ${test.count} (the test set's size), got ${i}`);
  const px = c * h * w;
  return { image: Float32Array.from(test.images.subarray(i * px, (i + 1) * px), (v) => v / 255), source: `MNIST test image ${i} (label ${test.labels[i]})` };
}

/** Runs the chosen method; a --layer the model cannot use is a UsageError. */
function run(args: ExplainArgs, model: Model, image: Float32Array): Explained {
  const cls = args.cls ?? undefined;
  if (args.method === 'saliency') {
    const s = saliency(model, image, cls);
    return { class: s.class, probabilities: s.probabilities, map: s.gradient, what: `d logit_${s.class} / d input` };
  }
  if (args.method === 'gradcam') {
    const convs = convLayers(model.spec);
    if (convs.length === 0) throw new UsageError(`--method gradcam: model "${model.spec.name}" has no conv layer; saliency and occlusion still work`);
    if (args.layer !== null && !convs.includes(args.layer)) {
      const type = model.spec.layers[args.layer]?.type;
      throw new UsageError(`--layer: layer ${args.layer} ${type ? `is ${type}` : 'is not in the model'}, not a conv layer (conv layers: ${convs.join(', ')})`);
    }
    const g = gradCam(model, image, cls, args.layer ?? undefined);
    return { class: g.class, probabilities: g.probabilities, map: g.map, what: `Grad-CAM at layer ${g.layer} (${g.coarse.height}×${g.coarse.width}, upsampled)` };
  }
  const o = occlusion(model, image, cls, { size: args.size, stride: args.stride })!;
  return { class: o.class, probabilities: o.probabilities, map: o.map, what: `mean drop of p_${o.class} under ${args.size}×${args.size} squares every ${args.stride} px` };
}

async function explain(args: ExplainArgs): Promise<void> {
  const { model, meta } = loadModelFile(args.model, '--model');
  useFastestBackendSync();
  const [, h, w] = model.spec.input;
  const { image, source } = await inputOf(args, model);
  const r = run(args, model, image);
  if (args.json) {
    const rows = Array.from({ length: h }, (_, y) => Array.from(r.map.subarray(y * w, (y + 1) * w)));
    process.stdout.write(`${JSON.stringify({ class: r.class, probabilities: r.probabilities, map: rows })}\n`);
    return;
  }
  const p = r.probabilities;
  const predicted = p.indexOf(Math.max(...p));
  const at = (i: number) => `(${Math.floor(i / w)}, ${i % w})`;
  const values = Array.from(r.map);
  const lo = values.indexOf(Math.min(...values));
  const hi = values.indexOf(Math.max(...values));
  const meanAbs = values.reduce((s, v) => s + Math.abs(v), 0) / values.length;
  const lines = [
    `${args.model} (${meta.name}), ${source}`,
    `predicted ${predicted} (p = ${p[predicted].toFixed(5)}); explaining class ${r.class} (p = ${p[r.class].toFixed(5)}) with ${args.method}: ${r.what}`,
    `map ${h}×${w}: min ${values[lo].toPrecision(4)} at ${at(lo)}, max ${values[hi].toPrecision(4)} at ${at(hi)}, mean |value| ${meanAbs.toPrecision(4)}`,
  ];
  if (args.out) {
    writeMapPng(args.out, r.map, h, w);
    lines.push(`wrote ${args.out} (${w * 10}×${h * 10}, blue negative, white 0, red positive)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseExplainArgs(argv);
    if (args.help) {
      process.stdout.write(`${EXPLAIN_USAGE}\n`);
      return 0;
    }
    await explain(args);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`explain: ${e.message} (see --help)\n`);
      return 2;
    }
    process.stderr.write(`explain: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
