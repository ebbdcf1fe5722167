// The data set's test images and labels, fetched once from the session when the results are first shown (for the
// confusion-matrix drill-down and the misclassified gallery). Kept outside the store: MNIST's are 7.8 MB of pixels.
import type { Requests } from '../app/requests';
import { useStore } from '../store';

export interface TestImages {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  /** Pixels per image (channels × height × width). */
  size: number;
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
      const data = useStore.getState().data;
      if (!data) return Promise.reject(new Error('the test set is still loading'));
      const indices = Array.from({ length: data.testCount }, (_, i) => i);
      this.loading = this.requests.ask({ type: 'data:test-images', indices }).then(
        (r) => {
          this.data = { images: r.images, labels: r.labels, count: r.labels.length, size: data.input[0] * data.input[1] * data.input[2] };
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

  /** Forgets the test images (the data set changed): the next load asks the session again. */
  forget(): void {
    this.data = null;
    this.loading = null;
    useStore.setState({ testSetLoaded: false });
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

  /** One test image's pixels (0..255, [channels, height, width]). */
  pixels(i: number): Uint8Array | null {
    const d = this.data;
    return d ? d.images.subarray(i * d.size, (i + 1) * d.size) : null;
  }
}
