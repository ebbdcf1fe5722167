// The explanation CLI: argument parsing (scripts/lib/explain-args.ts), PNG in and out (scripts/lib/png.ts), and real
// runs of scripts/explain.ts through child_process on the shipped models, checked against core/explain in this process.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { gradCam, occlusion, saliency } from '../../core/explain/index.js';
import type { Model } from '../../core/model.js';
import { parseModelFile } from '../../core/model-file.js';
import { UsageError } from '../../scripts/lib/args.js';
import { EXPLAIN_USAGE, parseExplainArgs } from '../../scripts/lib/explain-args.js';
import { loadMnistFromDisk } from '../../scripts/lib/node-mnist.js';
import { diverging, readGrayPng, resizeArea, writeMapPng } from '../../scripts/lib/png.js';
import { useTempDirs } from './helpers/temp-dir.js';

const tempDir = useTempDirs();
const CNN = 'core/models/default-cnn.json';

describe('parseExplainArgs', () => {
  test('defaults and every flag, in both --flag value and --flag=value forms', () => {
    expect(parseExplainArgs(['--model', 'm.json', '--test-index', '3', '--method', 'saliency'])).toEqual({ model: 'm.json', testIndex: 3, image: null, method: 'saliency', cls: null, layer: null, size: 6, stride: 2, json: false, out: null, help: false });
    expect(parseExplainArgs(['--model=m.json', '--image', 'a.png', '--method=occlusion', '--class', '4', '--size', '8', '--stride=1', '--out', 'o.png'])).toMatchObject({ image: 'a.png', testIndex: null, method: 'occlusion', cls: 4, size: 8, stride: 1, out: 'o.png' });
    expect(parseExplainArgs(['--model', 'm.json', '--test-index', '0', '--method', 'gradcam', '--layer', '3', '--json'])).toMatchObject({ method: 'gradcam', layer: 3, json: true });
    expect(parseExplainArgs(['-h']).help).toBe(true);
  });

  test.each([
    [['--test-index', '0', '--method', 'saliency'], /^--model is required/],
    [['--model', 'm', '--method', 'saliency'], /^give exactly one of --test-index N and --image file\.png$/],
    [['--model', 'm', '--test-index', '0', '--image', 'a.png', '--method', 'saliency'], /^give exactly one of/],
    [['--model', 'm', '--test-index', '0'], /^--method is required \(saliency, gradcam, occlusion\)$/],
    [['--model', 'm', '--test-index', '0', '--method', 'lime'], /^--method: expected saliency, gradcam, occlusion, got "lime"$/],
    [['--model', 'm', '--test-index', '10000', '--method', 'saliency'], /^--test-index: must be between 0 and 9999, got 10000$/],
    [['--model', 'm', '--test-index', '0', '--method', 'saliency', '--class', '10'], /^--class: must be between 0 and 9, got 10$/],
    [['--model', 'm', '--test-index', '0', '--method', 'saliency', '--layer', '3'], /^--layer is for --method gradcam$/],
    [['--model', 'm', '--test-index', '0', '--method', 'gradcam', '--size', '5'], /^--size is for --method occlusion$/],
    [['--model', 'm', '--test-index', '0', '--method', 'occlusion', '--size', '3'], /^--size: must be between 4 and 8, got 3$/],
    [['--model', 'm', '--test-index', '0', '--method', 'occlusion', '--stride', '1.5'], /^--stride: must be a whole number, got 1\.5$/],
    [['--model', 'm', '--test-index', '0', '--method', 'saliency', '--json', '--out', 'o.png'], /^--json and --out exclude each other$/],
    [['--model', 'm', '--test-index', '0', '--method', 'saliency', '--bogus'], /^unknown flag --bogus$/],
  ])('%j → %s', (argv, message) => {
    expect(() => parseExplainArgs(argv)).toThrow(UsageError);
    expect(() => parseExplainArgs(argv)).toThrow(message);
  });

  test('the usage names every flag, the JSON shape and the inversion rule', () => {
    for (const flag of ['--model', '--test-index', '--image', '--method', '--class', '--layer', '--size', '--stride', '--json', '--out']) expect(EXPLAIN_USAGE).toContain(flag);
    expect(EXPLAIN_USAGE).toContain('{"class","probabilities":[10],"map":[[28 numbers]×28]}');
    expect(EXPLAIN_USAGE).toMatch(/dark-on-light image \(mean > 0\.5\) is inverted/);
  });
});

describe('PNG in and out', () => {
  test('area resize: 4×4 → 2×2 averages blocks, 2×2 → 4×4 repeats, 3 → 2 weighs the shared pixel by half', () => {
    expect(Array.from(resizeArea(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]), 4, 4, 2, 2))).toEqual([3.5, 5.5, 11.5, 13.5]);
    expect(Array.from(resizeArea(Float32Array.from([0, 1, 2, 3]), 2, 2, 4, 4))).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
    const r = resizeArea(Float32Array.from([3, 6, 9]), 1, 3, 1, 2);
    expect(r[0]).toBeCloseTo((3 + 6 / 2) / 1.5, 6);
    expect(r[1]).toBeCloseTo((6 / 2 + 9) / 1.5, 6);
  });

  test('a dark-on-light RGBA image is made gray and inverted; light-on-dark is kept; transparent counts as white', () => {
    const dir = tempDir(path.join(tmpdir(), 'explain-png-'));
    const png = new PNG({ width: 4, height: 2 });
    // left half black, right half white; one transparent pixel
    for (let i = 0; i < 8; i++) png.data.set((i % 4) < 2 ? [0, 0, 0, 255] : [255, 255, 255, 255], i * 4);
    png.data.set([0, 0, 0, 0], 4 * 4 + 0);
    const file = path.join(dir, 'a.png');
    writeFileSync(file, PNG.sync.write(png));
    // mean of the gray image is 5/8 > 0.5: inverted
    expect(Array.from(readGrayPng(file, 2, 4))).toEqual([1, 1, 0, 0, 0, 1, 0, 0]);
    const red = new PNG({ width: 2, height: 2 });
    for (let i = 0; i < 4; i++) red.data.set([255, 0, 0, 255], i * 4);
    writeFileSync(file, PNG.sync.write(red));
    readGrayPng(file, 1, 1).forEach((v) => expect(v).toBeCloseTo(0.299, 5));
    writeFileSync(file, 'not a png');
    expect(() => readGrayPng(file, 28, 28)).toThrow(/^--image: .*a\.png is not a readable PNG/);
  });

  test('the map PNG: 10× size, blue negative, white 0, red positive, scaled by the largest |value|', () => {
    expect(diverging(-1)).toEqual([0, 0, 255]);
    expect(diverging(0)).toEqual([255, 255, 255]);
    expect(diverging(0.5)).toEqual([255, 128, 128]);
    expect(diverging(2)).toEqual([255, 0, 0]);
    const file = path.join(tempDir(path.join(tmpdir(), 'explain-png-')), 'map.png');
    writeMapPng(file, [-2, 0, 1, 2], 2, 2);
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([20, 20]);
    const at = (x: number, y: number) => Array.from(png.data.subarray((y * 20 + x) * 4, (y * 20 + x) * 4 + 3));
    expect([at(0, 0), at(19, 0), at(0, 19), at(19, 19), at(9, 9)]).toEqual([[0, 0, 255], [255, 255, 255], [255, 128, 128], [255, 0, 0], [0, 0, 255]]);
  });
});

describe('scripts/explain.ts as a process', () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const run = (args: string[]) => spawnSync(tsx, ['scripts/explain.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  let model: Model;
  let image: Float32Array;
  beforeAll(async () => {
    model = parseModelFile(readFileSync(CNN, 'utf8')).model;
    image = Float32Array.from((await loadMnistFromDisk()).test.images.subarray(0, 784), (v) => v / 255);
  });

  /** The --json output, checked for its shape: class, 10 probabilities, a 28×28 map. */
  function jsonOf(stdout: string): { class: number; probabilities: number[]; map: number[][] } {
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['class', 'probabilities', 'map']);
    expect(out.probabilities).toHaveLength(10);
    expect(out.map).toHaveLength(28);
    for (const row of out.map) expect(row).toHaveLength(28);
    return out;
  }

  /** The CLI (WebAssembly kernels) and this process (reference kernels) agree within float32 rounding. */
  function expectClose(got: number[][], want: Float32Array): void {
    const scale = Math.max(...Array.from(want, Math.abs));
    expect(scale).toBeGreaterThan(0);
    got.flat().forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-3 * scale));
  }

  test('default-cnn, test image 0 (a 7): saliency, Grad-CAM and occlusion as JSON match core/explain', () => {
    const s = jsonOf(run(['--model', CNN, '--test-index', '0', '--method', 'saliency', '--json']).stdout);
    expect(s.class).toBe(7);
    expect(s.probabilities[7]).toBeGreaterThan(0.99);
    expectClose(s.map, saliency(model, image).gradient);
    const g = jsonOf(run(['--model', CNN, '--test-index', '0', '--method', 'gradcam', '--layer', '0', '--class', '2', '--json']).stdout);
    expect(g.class).toBe(2);
    expectClose(g.map, gradCam(model, image, 2, 0).map);
    const o = jsonOf(run(['--model', CNN, '--test-index', '0', '--method', 'occlusion', '--size', '5', '--stride', '3', '--json']).stdout);
    expectClose(o.map, occlusion(model, image, 7, { size: 5, stride: 3 })!.map);
  });

  test('--image: test image 0 drawn dark on light at 56×56 gives the same answer; --out writes the map PNG', () => {
    const dir = tempDir(path.join(tmpdir(), 'explain-cli-'));
    const png = new PNG({ width: 56, height: 56 });
    for (let y = 0; y < 56; y++) for (let x = 0; x < 56; x++) {
      const v = 255 - Math.round(image[(y >> 1) * 28 + (x >> 1)] * 255);
      png.data.set([v, v, v, 255], (y * 56 + x) * 4);
    }
    const file = path.join(dir, 'seven.png');
    writeFileSync(file, PNG.sync.write(png));
    const s = jsonOf(run(['--model', CNN, '--image', file, '--method', 'saliency', '--json']).stdout);
    expect(s.class).toBe(7);
    expectClose(s.map, saliency(model, image).gradient);
    const out = path.join(dir, 'map.png');
    const r = run(['--model', CNN, '--image', file, '--method', 'gradcam', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^core\/models\/default-cnn\.json \(cnn\), .*seven\.png\npredicted 7 \(p = 0\.999\d\d\); explaining class 7 .* with gradcam: Grad-CAM at layer 3 \(14×14, upsampled\)\nmap 28×28: min .*\nwrote .*map\.png \(280×280/);
    const written = PNG.sync.read(readFileSync(out));
    expect([written.width, written.height]).toEqual([280, 280]);
  });

  test('bad arguments: exit 2, one line on stderr, nothing on stdout', () => {
    for (const [args, message] of [
      [['--model', CNN, '--test-index', '0', '--method', 'x'], /^explain: --method: expected saliency, gradcam, occlusion, got "x" \(see --help\)\n$/],
      [['--model', 'core/models/default-mlp.json', '--test-index', '0', '--method', 'gradcam'], /^explain: --method gradcam: model "mlp" has no conv layer; saliency and occlusion still work \(see --help\)\n$/],
      [['--model', CNN, '--test-index', '0', '--method', 'gradcam', '--layer', '1'], /^explain: --layer: layer 1 is relu, not a conv layer \(conv layers: 0, 3\) \(see --help\)\n$/],
      [['--model', 'missing.json', '--test-index', '0', '--method', 'saliency'], /^explain: --model: missing\.json is not a readable model file \(no such file\)/],
    ] as const) {
      const r = run([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});
