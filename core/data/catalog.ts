// The data sets the studio knows by name (MNIST, bundled; Fashion-MNIST, from the user's disk) and what every data set
// carries besides its pixels: a name, its class names (the model head has one output per class) and notes about how
// it was read (resized images, a chosen test split).
import type { DataSplits } from './mnist.js';

/** MNIST's classes: the digits. */
export const MNIST_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Fashion-MNIST's classes (Xiao, Rasul & Vollgraf 2017, https://github.com/zalandoresearch/fashion-mnist), label order. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Where the Debian package dataset-fashion-mnist puts the four gzipped IDX files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** The known data sets by id: their display name and class names. */
export const KNOWN_DATASETS = {
  mnist: { name: 'MNIST', classNames: MNIST_CLASS_NAMES },
  'fashion-mnist': { name: 'Fashion-MNIST', classNames: FASHION_MNIST_CLASS_NAMES },
} as const;
export type KnownDataset = keyof typeof KNOWN_DATASETS;

/** The side every image is brought to: the studio's models take 28×28 grayscale images. */
export const IMAGE_SIDE = 28;

/** Class names '0'..'k-1' (a data set that names none). */
export function numberedClasses(k: number): string[] {
  return Array.from({ length: k }, (_, i) => String(i));
}

/** A data set's class names: its own, or '0'..'k-1'. */
export function classNamesOf(d: DataSplits): readonly string[] {
  return d.classNames ?? numberedClasses(d.train.classes);
}

/** Whether two lists of class names are the same, in the same order. */
export function sameClasses(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A short list of class names for messages: "T-shirt/top, Trouser, … (10)". */
export function classList(names: readonly string[], max = 4): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … (${names.length})` : shown;
}
