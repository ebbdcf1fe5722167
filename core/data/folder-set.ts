// A data set from a class folder: one sub-folder of PNG/JPEG images per class (class names are the folder names), either
// directly (the test split is then chosen: a seeded share of each class) or under train/ and test/ (the split is given).
// planFolder checks the listing against the limits before any image is read; buildFolderSet then decodes one image at
// a time through the caller (the edge decodes; core gets pixels), so memory holds the finished set plus one image.
import { LIMITS } from '../limits.js';
import { classList, IMAGE_SIDE } from './catalog.js';
import { DataError } from './idx.js';
import { resizeGray, toGray, type DecodedImage } from './images.js';
import type { Dataset, DataSplits } from './mnist.js';
import { DEFAULT_TEST_FRACTION, splitDataset } from './split.js';

/** A file in the folder: its path relative to the data set's folder ('/'-separated) and its size in bytes. */
export interface FolderFile {
  path: string;
  size: number;
}

export interface FolderPlan {
  classNames: string[];
  /** The images to read, in order, with their class and split ('train' / 'test'; null: chosen later). */
  items: { path: string; label: number; split: 'train' | 'test' | null }[];
  notes: string[];
}

export interface FolderOptions {
  name?: string;
  /** When the folder has no train/ and test/: the test share (default 0.2) and the seed that picks it (default 1). */
  testFraction?: number;
  seed?: number;
  /** Called after each image is read. */
  onProgress?: (done: number, total: number) => void;
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;
const SPLIT_DIRS: Record<string, 'train' | 'test'> = { train: 'train', training: 'train', test: 'test', testing: 'test' };

/**
 * Sorts a folder listing into classes. `dirs` are the folders present (so an empty class folder is seen; a listing of
 * files alone cannot show one). Throws DataError naming the folder or file for: too many files, no class folders,
 * one class, an empty class folder, an image file over the size limit, too many images or classes.
 */
export function planFolder(files: readonly FolderFile[], dirs: readonly string[] = [], folder = 'data set folder'): FolderPlan {
  if (files.length > LIMITS.folderFiles) throw new DataError(folder, `holds ${files.length} files, over the limit of ${LIMITS.folderFiles}; pick a folder with fewer images`);
  const parts = (p: string) => p.split('/').filter((s) => s !== '' && s !== '.');
  const tops = new Set([...files.map((f) => parts(f.path)).filter((p) => p.length > 1), ...dirs.map(parts).filter((p) => p.length > 0)].map((p) => p[0]));
  const splitLayout = [...tops].some((t) => SPLIT_DIRS[t.toLowerCase()] === 'train') && [...tops].some((t) => SPLIT_DIRS[t.toLowerCase()] === 'test');
  const notes: string[] = [];
  // class → its images per split; a class folder listed in `dirs` starts empty
  const classes = new Map<string, { path: string; split: 'train' | 'test' | null }[]>();
  const classOf = (p: string[]): { name: string; split: 'train' | 'test' | null; depth: number } | null => {
    if (!splitLayout) return p.length >= 1 ? { name: p[0], split: null, depth: 1 } : null;
    const split = SPLIT_DIRS[p[0]?.toLowerCase()];
    return split && p.length >= 2 ? { name: p[1], split, depth: 2 } : null;
  };
  for (const d of dirs) {
    const c = classOf(parts(d));
    if (c && parts(d).length === c.depth && !classes.has(c.name)) classes.set(c.name, []);
  }
  let skipped = 0;
  let loose = 0;
  let skippedExample = '';
  for (const f of files) {
    const p = parts(f.path);
    const c = classOf(p);
    if (!c || p.length <= c.depth) {
      loose++;
      continue;
    }
    if (!IMAGE_EXT.test(f.path)) {
      skipped++;
      skippedExample ||= f.path;
      if (!classes.has(c.name)) classes.set(c.name, []);
      continue;
    }
    if (f.size > LIMITS.imageFileBytes) throw new DataError(f.path, `${f.size} bytes is over the limit of ${LIMITS.imageFileBytes} bytes for one image`);
    const list = classes.get(c.name) ?? [];
    list.push({ path: f.path, split: c.split });
    classes.set(c.name, list);
  }
  if (classes.size === 0) throw new DataError(folder, 'has no class folders: put each class\'s PNG/JPEG images in a sub-folder named after the class (or under train/ and test/)');
  const names = [...classes.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (names.length < 2) throw new DataError(folder, `has one class folder (${names[0]}); a classifier needs at least 2`);
  if (names.length > LIMITS.classes) throw new DataError(folder, `has ${names.length} class folders, over the limit of ${LIMITS.classes}`);
  for (const n of names) {
    if (n.length > LIMITS.classNameChars) throw new DataError(n.slice(0, LIMITS.classNameChars), `class folder name is over ${LIMITS.classNameChars} characters`);
    const imgs = classes.get(n)!;
    const where = splitLayout ? `train/${n}` : n;
    if (imgs.length === 0) throw new DataError(where, 'class folder is empty (no .png, .jpg or .jpeg images)');
    if (splitLayout && !imgs.some((i) => i.split === 'train')) throw new DataError(`train/${n}`, 'class folder is empty or missing (no training images for this class)');
  }
  const items = names.flatMap((n, label) => classes.get(n)!.map((i) => ({ path: i.path, label, split: i.split })));
  if (items.length > LIMITS.datasetImages) throw new DataError(folder, `holds ${items.length} images, over the limit of ${LIMITS.datasetImages}`);
  if (splitLayout && !items.some((i) => i.split === 'test')) throw new DataError(`${folder}/test`, 'holds no images');
  if (skipped) notes.push(`${skipped} file(s) that are not .png/.jpg/.jpeg were skipped (e.g. ${skippedExample})`);
  if (loose) notes.push(`${loose} file(s) outside the class folders were skipped`);
  return { classNames: names, items, notes };
}

/**
 * Reads the planned images through `decode` (the edge's PNG/JPEG decoder) into a data set of IMAGE_SIDE² gray images.
 * A decode failure or an image over the side limit is a DataError naming the file.
 */
export async function buildFolderSet(plan: FolderPlan, decode: (path: string) => Promise<DecodedImage>, opts: FolderOptions = {}): Promise<DataSplits> {
  const px = IMAGE_SIDE * IMAGE_SIDE;
  const n = plan.items.length;
  const images = new Uint8Array(n * px);
  const labels = new Uint8Array(n);
  let resized = 0;
  let example = '';
  for (let i = 0; i < n; i++) {
    const item = plan.items[i];
    let img: DecodedImage;
    try {
      img = await decode(item.path);
    } catch (e) {
      throw new DataError(item.path, `cannot be read as an image (${(e as Error).message})`);
    }
    if (!(img.width > 0 && img.height > 0)) throw new DataError(item.path, `is ${img.width}×${img.height} pixels: nothing to read`);
    if (Math.max(img.width, img.height) > LIMITS.imageSide) throw new DataError(item.path, `is ${img.width}×${img.height} pixels, over the limit of ${LIMITS.imageSide} on a side`);
    if (img.width !== IMAGE_SIDE || img.height !== IMAGE_SIDE) {
      resized++;
      example ||= `${img.width}×${img.height}: ${item.path}`;
    }
    resizeGray(toGray(img), img.width, img.height, IMAGE_SIDE, IMAGE_SIDE, images, i * px);
    labels[i] = item.label;
    opts.onProgress?.(i + 1, n);
  }
  const k = plan.classNames.length;
  const whole: Dataset = { images, labels, count: n, channels: 1, rows: IMAGE_SIDE, cols: IMAGE_SIDE, classes: k };
  const notes = [...plan.notes];
  if (resized) notes.push(`${resized} of ${n} images were not ${IMAGE_SIDE}×${IMAGE_SIDE} (e.g. ${example}); resized to ${IMAGE_SIDE}×${IMAGE_SIDE}`);
  let train: Dataset;
  let test: Dataset;
  if (plan.items.some((i) => i.split !== null)) {
    const pick = (s: 'train' | 'test'): Dataset => {
      const idx = plan.items.flatMap((it, i) => (it.split === s ? [i] : []));
      const out = new Uint8Array(idx.length * px);
      idx.forEach((src, j) => out.set(images.subarray(src * px, (src + 1) * px), j * px));
      return { ...whole, images: out, labels: Uint8Array.from(idx, (src) => labels[src]), count: idx.length };
    };
    train = pick('train');
    test = pick('test');
  } else {
    const fraction = opts.testFraction ?? DEFAULT_TEST_FRACTION;
    ({ train, test } = splitDataset(whole, fraction, opts.seed ?? 1));
    notes.push(`no train/ and test/ folders: ${test.count} of the ${n} images (${Math.round(fraction * 100)} % of each class, seed ${opts.seed ?? 1}) were set aside for testing`);
  }
  notes.unshift(`${k} classes from the folder names: ${classList(plan.classNames)}`);
  return { train, test, name: opts.name ?? 'image folder', classNames: plan.classNames, notes };
}
