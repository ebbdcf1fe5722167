// IDX files made in tests: a learnable n-class set (class c lights up band c of a 28×28 image), written as IDX bytes,
// plain or gzipped (node:zlib), and PNG class folders on disk (pngjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { Rng } from '../../../core/rng.js';

/** An unsigned-byte IDX file: magic 00 00 08 nd, big-endian dims, then the bytes. */
export function idxBytes(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** `count` side×side images of `classes` classes (label i % classes): class c is a bright horizontal band. */
export function bandImages(count: number, classes: number, seed: number, side = 28): { images: Uint8Array; labels: Uint8Array } {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * side * side);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  const band = Math.floor(side / classes);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < side * side; j++) images[i * side * side + j] = rng.int(40);
    const y0 = labels[i] * band;
    for (let y = y0; y < y0 + band; y++) for (let x = 4; x < side - 4; x++) images[i * side * side + y * side + x] = 200 + rng.int(56);
  }
  return { images, labels };
}

/** The two files of one split, named as MNIST names them (`prefix` train or t10k), optionally gzipped. */
export function idxPair(prefix: string, count: number, classes: number, seed: number, gz: boolean, side = 28) {
  const { images, labels } = bandImages(count, classes, seed, side);
  const pack = (b: Uint8Array) => (gz ? new Uint8Array(gzipSync(b)) : b);
  const ext = gz ? '.gz' : '';
  return [
    { name: `${prefix}-images-idx3-ubyte${ext}`, bytes: pack(idxBytes([count, side, side], images)) },
    { name: `${prefix}-labels-idx1-ubyte${ext}`, bytes: pack(idxBytes([count], labels)) },
  ];
}

/** A PNG of a side×side gray image (RGBA, opaque). */
export function grayPng(gray: Uint8Array, side: number): Buffer {
  const png = new PNG({ width: side, height: side });
  for (let i = 0; i < side * side; i++) png.data.set([gray[i], gray[i], gray[i], 255], i * 4);
  return PNG.sync.write(png);
}

/** Writes `perClass` band PNGs (side×side) into `root/<name>/` for each class name; returns the root. */
export function writeClassFolder(root: string, names: readonly string[], perClass: number, side = 28, seed = 1): string {
  names.forEach((name, c) => {
    mkdirSync(path.join(root, name), { recursive: true });
    const { images } = bandImages(perClass * names.length, names.length, seed + c, side);
    for (let k = 0; k < perClass; k++) {
      const i = k * names.length + c; // an image of class c
      writeFileSync(path.join(root, name, `${k}.png`), grayPng(images.subarray(i * side * side, (i + 1) * side * side), side));
    }
  });
  return root;
}
