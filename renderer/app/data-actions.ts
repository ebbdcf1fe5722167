// The data set chooser's actions: MNIST (bundled), Fashion-MNIST or any data set the user opens (a folder or IDX
// files, picked through the host: a file input in the web build, a dialog in main on the desktop). IDX files go to the
// session as bytes (core unpacks and reads them); a class folder's images are decoded here (createImageBitmap) and
// read by core into 28×28 gray pixels. After a switch, a current model whose head does not fit is said, with a fresh
// model of the same architecture for the new classes offered (the old one stays in the Models list).
import { FASHION_MNIST_CLASS_NAMES, classList } from '../../core/data/catalog';
import { buildFolderSet, planFolder } from '../../core/data/folder-set';
import type { DecodedImage } from '../../core/data/images';
import { pickedKind } from '../../core/data/pick';
import type { DataPickMode, DataSummary, OpenDataResult, PickedFile } from '../../core/protocol';
import { classCount, withClassCount } from '../../core/spec';
import { useStore } from '../store';
import type { Controller } from './controller';

export type DataChoice = 'mnist' | 'fashion-mnist' | 'open';

/** Where the web build remembers the last data set opened (the desktop app also remembers its folder, in main). */
export const LAST_DATA_KEY = 'cnn-studio.last-data';

export interface LastData {
  choice: DataChoice;
  name: string;
  at: string;
}

export function readLastData(): LastData | null {
  try {
    const v = JSON.parse(localStorage.getItem(LAST_DATA_KEY) ?? 'null') as LastData | null;
    return v && typeof v.name === 'string' && (v.choice === 'fashion-mnist' || v.choice === 'open') ? v : null;
  } catch {
    return null;
  }
}

/** PNG/JPEG bytes to RGBA pixels, through the browser's decoder. */
async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas to decode into');
    ctx.drawImage(bitmap, 0, 0);
    return { width: bitmap.width, height: bitmap.height, channels: 4, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data };
  } finally {
    bitmap.close();
  }
}

export class DataActions {
  /** The last data set loaded other than MNIST, as sent: a new worker after a crash gets it again (reloadAfterCrash). */
  private last: { source: Record<string, unknown>; label: string } | null = null;

  constructor(private readonly c: Controller) {}

  /**
   * After a worker crash the new session starts on MNIST: sends it the data set the page had again, so nothing the
   * user opened is lost. Quiet on success; a failure is said (the page then shows MNIST, as the session holds).
   */
  async reloadAfterCrash(): Promise<void> {
    if (!this.last) return;
    try {
      // after the new session's own start-up load (MNIST), which would otherwise replace this one
      await new Promise<void>((resolve) => {
        if (useStore.getState().ready) return resolve();
        const off = useStore.subscribe((st) => st.ready && (off(), resolve()));
      });
      const r = await this.c.requests.ask({ type: 'data:load', source: this.last.source });
      this.store.setData(r.data);
      this.c.testSet.forget();
    } catch (err) {
      this.store.showError(`After the crash, ${this.last.label} could not be loaded again: ${(err as Error).message}. Open it again from the data set chooser.`);
      this.last = null;
    }
  }

  private get store() {
    return useStore.getState();
  }

  /** MNIST at once; Fashion-MNIST or another set through the host's picker (`mode`: a folder or files). */
  async choose(choice: DataChoice, mode: DataPickMode = 'folder'): Promise<boolean> {
    if (choice === 'mnist') return this.load({ kind: 'mnist' }, 'MNIST');
    const picked = await this.c.host.openData(mode, choice === 'fashion-mnist' ? 'fashion-mnist' : 'any');
    if (!picked.ok) {
      if (!picked.canceled) this.store.showError(`Could not open the data set: ${picked.error}. The current data set is kept.`);
      return false;
    }
    const ok = await this.openPicked(picked, choice);
    if (ok) {
      try {
        localStorage.setItem(LAST_DATA_KEY, JSON.stringify({ choice, name: picked.path, at: new Date().toISOString() } satisfies LastData));
      } catch {
        // private mode: nothing remembered
      }
    }
    return ok;
  }

  /** Reads what was picked: IDX files go to the session as bytes, a class folder is decoded here first. */
  async openPicked(picked: Extract<OpenDataResult, { ok: true }>, choice: DataChoice): Promise<boolean> {
    const idx = picked.files.filter((f) => pickedKind(f.path) === 'idx');
    const images = picked.files.filter((f) => pickedKind(f.path) === 'image');
    const fashion = choice === 'fashion-mnist';
    if (idx.length > 0 && (images.length === 0 || fashion)) {
      const files = idx.map((f) => ({ name: f.path, bytes: f.bytes }));
      return this.load({ kind: 'idx', name: fashion ? 'Fashion-MNIST' : picked.name, files, ...(fashion ? { classNames: [...FASHION_MNIST_CLASS_NAMES] } : {}) }, picked.name);
    }
    if (fashion) {
      this.store.showError(`${picked.name} holds no Fashion-MNIST IDX files: pick the folder with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (the Debian package dataset-fashion-mnist puts them in /usr/share/datasets/fashion-mnist), or those four files. The current data set is kept.`);
      return false;
    }
    return this.openFolder(picked);
  }

  private async openFolder(picked: Extract<OpenDataResult, { ok: true }>): Promise<boolean> {
    const s = this.store;
    const byPath = new Map<string, PickedFile>(picked.files.map((f) => [f.path, f]));
    try {
      const plan = planFolder(picked.files, picked.dirs, picked.name);
      s.setDataBusy(`Reading ${plan.items.length} images…`);
      const data = await buildFolderSet(plan, (p) => decodeImage(byPath.get(p)!.bytes), {
        name: picked.name,
        onProgress: (done, total) => done % 200 === 0 && this.store.setDataBusy(`Reading images: ${done} of ${total}…`),
      });
      return await this.load({ kind: 'pixels', name: picked.name, classNames: [...(data.classNames ?? [])], train: { images: data.train.images, labels: data.train.labels }, test: { images: data.test.images, labels: data.test.labels }, notes: [...(data.notes ?? [])] }, picked.name);
    } catch (err) {
      s.showError(`Could not open ${picked.name}: ${(err as Error).message}. The current data set is kept.`);
      return false;
    } finally {
      this.store.setDataBusy(null);
    }
  }

  /** Sends data:load; on success the store has the new data set and the current model is checked against it. */
  private async load(source: Record<string, unknown>, label: string): Promise<boolean> {
    const s = this.store;
    s.setDataBusy(`Loading ${label}…`);
    try {
      const r = await this.c.requests.ask({ type: 'data:load', source });
      this.last = source.kind === 'mnist' ? null : { source, label };
      this.afterSwitch(r.data);
      return true;
    } catch (err) {
      this.store.showError(`Could not open ${label}: ${(err as Error).message}. The current data set is kept.`);
      return false;
    } finally {
      this.store.setDataBusy(null);
    }
  }

  /** The new data set is in: old results and test images are let go; a model that does not fit is said. */
  private afterSwitch(data: DataSummary): void {
    const s = this.store;
    s.setData(data);
    this.c.testSet.forget();
    useStore.setState({ selectedCell: null });
    const current = s.current !== null ? s.models[s.current]?.summary : undefined;
    const said = `${data.name}: ${data.trainCount.toLocaleString('en-US')} training and ${data.testCount.toLocaleString('en-US')} test images, ${data.classes} classes (${classList(data.classNames)}).`;
    if (!current) return s.showInfo(said);
    const k = classCount(current.infos);
    const offer = { label: `New ${current.spec.name} for ${data.classes} classes`, run: () => void this.freshHead(data) };
    if (k !== data.classes) {
      s.showError(`${said} The current model ${current.meta.name} scores ${k} classes, so it cannot train or be scored on it; make a fresh ${current.spec.name} with ${data.classes} outputs (the current model stays in the Models list).`, offer);
    } else if (current.meta.classes && current.meta.classes.join('\n') !== data.classNames.join('\n')) {
      s.showInfo(`${said} The current model ${current.meta.name} was trained on ${current.meta.dataset ?? 'other classes'} (${classList(current.meta.classes)}); its outputs now stand for these classes until it is trained on them.`, offer);
    } else s.showInfo(said);
  }

  /** A fresh model of the current architecture with one output per class of `data`. */
  async freshHead(data: DataSummary): Promise<void> {
    const s = this.store;
    const current = s.current !== null ? s.models[s.current]?.summary : undefined;
    if (!current) return;
    try {
      await this.c.freshModel(withClassCount(current.spec, data.classes), Number(s.form.seed) || 1, (m) => `Now using a fresh ${m.meta.name} with ${data.classes} outputs (untrained)`);
    } catch (err) {
      this.store.showError(`Could not make a fresh model: ${(err as Error).message}`);
    }
  }
}
