// The MNIST test images and labels, fetched once from the session when the results are first shown (for the
// confusion-matrix drill-down and the misclassified gallery). Kept outside the store: 7.8 MB of pixels.
import type { Requests } from '../app/requests';
import { useStore } from '../store';

export interface TestImages {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export class TestSet {
  private data: TestImages | null = null;
  private loading: Promise<TestImages> | null = null;

  constructor(private readonly requests: Requests) {}

  get current(): TestImages | null {
    return this.data;
  }

  load(): Promise<TestImages> {
    if (this.data) return Promise.resolve(this.data);
    if (!this.loading) {
      const count = useStore.getState().testCount;
      const indices = Array.from({ length: count }, (_, i) => i);
      this.loading = this.requests.testImages(indices).then(
        (r) => {
          this.data = { images: r.images, labels: r.labels, count: r.labels.length };
          useStore.setState({ testSetLoaded: true });
          return this.data;
        },
        (err: Error) => {
          this.loading = null;
          throw err;
        },
      );
    }
    return this.loading;
  }

  /** Forgets a load still waiting for an answer (the worker that was asked restarted); loaded data is kept. */
  retry(): void {
    if (!this.data) this.loading = null;
  }

  /** Test indices whose true class is `truth` and predicted class `pred`. */
  matching(predictions: Uint8Array, truth: number, pred: number, limit = 60): number[] {
    const d = this.data;
    if (!d) return [];
    const out: number[] = [];
    for (let i = 0; i < d.count && out.length < limit; i++) if (d.labels[i] === truth && predictions[i] === pred) out.push(i);
    return out;
  }

  /** Misclassified test indices (first `limit`). */
  misclassified(predictions: Uint8Array, limit = 48): number[] {
    const d = this.data;
    if (!d) return [];
    const out: number[] = [];
    for (let i = 0; i < d.count && out.length < limit; i++) if (d.labels[i] !== predictions[i]) out.push(i);
    return out;
  }

  /** One test image's pixels (0..255). */
  pixels(i: number): Uint8Array | null {
    return this.data ? this.data.images.subarray(i * 784, (i + 1) * 784) : null;
  }
}
