// Explanation actions ("why this prediction?"): saliency and Grad-CAM computed on the current model's mirror in the
// same task as its live inference (only while that overlay is on), occlusion asked of the session once the pen is up —
// cancelled by the next stroke, class or option change, and its answer dropped unless its input is still the one
// shown — and each conv filter's top test patches, with progress and cancel.
import { convLayers, gradCam, saliency } from '../../core/explain';
import type { ModelId } from '../../core/protocol';
import type { Emitter } from '../host/host';
import { explainKey, saliencyPlane } from '../lib/explain/maps';
import { hasInk } from '../lib/ink';
import { activationsOf } from '../lib/model-fields';
import { useStore, type AppState } from '../store';
import { patchesKey, type ExplainMap, type OcclusionJob } from '../store/explain';
import type { EvalProgress } from './controller';
import { marks } from './measure-hook';
import type { Mirrors } from './mirrors';
import { isCancelled, type Requests } from './requests';

/** How many test patches "what this filter looks for" shows. */
export const TOP_PATCHES = 9;

/** What the Grad-CAM choice says for a model without a conv layer. */
export const noConvNote = (name: string): string => `Grad-CAM needs a conv layer; this model (${name}) has none.`;

export class ExplainActions {
  private readonly offs: (() => void)[] = [];
  /** The key of the latest occlusion request made (its answer shown, or failed, or still running). */
  private asked: string | null = null;

  constructor(
    private readonly requests: Requests,
    private readonly mirrors: Mirrors,
    progress: Emitter<EvalProgress>,
  ) {
    this.offs.push(
      progress.on((e) => this.onProgress(e)),
      useStore.subscribe((s, prev) => this.follow(s, prev)),
    );
  }

  dispose(): void {
    this.offs.splice(0).forEach((off) => off());
    const job = this.store.occlusionJob;
    if (job) this.cancel(job.request);
  }

  private get store(): AppState {
    return useStore.getState();
  }

  /**
   * Follows the store: new activations of the current model (a stroke point, new weights), new settings or another
   * model remake the live map at once — in the task that computed the activations; occlusion starts or is cancelled.
   */
  follow(s: AppState, prev: AppState): void {
    const e = s.explain;
    // another mode (or the views went away, e.g. to the Lab): the old map and note go
    if (e.mode !== prev.explain.mode || (!s.explainShown && prev.explainShown)) {
      this.asked = null;
      if (s.explainMap || s.explainNote) s.setExplainMap(null);
    }
    if (s.explainShown && (e.mode === 'saliency' || e.mode === 'gradcam')) {
      if (e !== prev.explain || s.explainShown !== prev.explainShown || s.current !== prev.current || (s.current !== null && activationsOf(s, s.current) !== activationsOf(prev, s.current))) this.computeLive();
    }
    this.followOcclusion(this.store);
  }

  /** Explains class `cls` of the current input (null: the prediction again). */
  chooseClass(cls: number | null): void {
    this.store.explainClass(cls);
  }

  /** Computes the saliency or Grad-CAM map of the current input on the current model's mirror (nothing without ink). */
  computeLive(): void {
    const s = this.store;
    const id = s.current;
    const mirror = this.mirrors.get(id);
    const model = mirror.ready ? mirror.current : null;
    if (id === null || !model || !hasInk(s.input)) return s.setExplainMap(null);
    const [c, h, w] = model.spec.input;
    if (s.input.length !== c * h * w) return s.setExplainMap(null);
    const e = s.explain;
    const classes = s.models[id]?.activations?.probs.length ?? 0;
    const cls = e.cls !== null && e.cls < classes ? e.cls : undefined;
    marks.emit('span:start', 'explain');
    try {
      let made: Pick<ExplainMap, 'cls' | 'data' | 'signed' | 'label'> & { probabilities: ArrayLike<number> };
      if (e.mode === 'saliency') {
        const r = saliency(model, s.input, cls);
        const plane = saliencyPlane(r.gradient, r.gradTimesInput, e.saliency, c, h, w);
        const label = e.saliency === 'grad-x-input' ? `gradient × input of score ${r.class}` : e.saliency === 'abs' ? `|d score ${r.class} / d pixel|` : `d score ${r.class} / d pixel`;
        made = { cls: r.class, probabilities: r.probabilities, ...plane, label };
      } else {
        const layers = convLayers(model.spec);
        if (layers.length === 0) return s.setExplainMap(null, noConvNote(model.spec.name));
        const layer = e.camLayer !== null && layers.includes(e.camLayer) ? e.camLayer : layers[layers.length - 1];
        const r = gradCam(model, s.input, cls, layer);
        made = { cls: r.class, probabilities: r.probabilities, data: r.map, signed: false, label: `Grad-CAM, class ${r.class}, layer ${r.layer}` };
      }
      marks.emit('span:end', 'explain');
      s.setExplainMap({ mode: e.mode as 'saliency' | 'gradcam', model: id, h, w, inputVersion: s.inputVersion, key: explainKey(e, id, s.inputVersion), predicted: made.cls === argmax(made.probabilities), ...made });
    } catch (err) {
      s.setExplainMap(null, `${e.mode === 'gradcam' ? 'Grad-CAM' : 'saliency'}: ${(err as Error).message}`);
    }
  }

  // ---- occlusion (a session request) ----

  /**
   * Keeps at most one occlusion request in flight, for what is shown now: the input (once the pen is up), the class
   * and the options. Anything else in flight is cancelled, and a map made for another input is taken down.
   */
  private followOcclusion(s: AppState): void {
    const e = s.explain;
    const id = s.current;
    const want = e.mode === 'occlusion' && s.explainShown && id !== null && !s.penDown && hasInk(s.input) && s.models[id] ? explainKey(e, id, s.inputVersion) : null;
    const job = s.occlusionJob;
    if (job && job.key !== want) {
      this.cancel(job.request);
      this.asked = null;
      s.setOcclusionJob(null);
    }
    const map = this.store.explainMap;
    if (map?.mode === 'occlusion' && map.key !== want) this.store.setExplainMap(null);
    // (a request that failed is not repeated for the same input, class and options)
    if (want && want !== this.asked && !this.store.occlusionJob) this.startOcclusion(id!, want);
  }

  private startOcclusion(model: ModelId, key: string): void {
    const s = this.store;
    const { occSize: size, occStride: stride } = s.explain;
    const cls = s.explain.cls ?? -1;
    const [, h, w] = s.models[model].summary.spec.input;
    this.asked = key;
    const { id, reply } = this.requests.start({ type: 'explain:occlusion', model, input: Array.from(s.input), cls, size, stride });
    const job: OcclusionJob = { request: id, key, model, inputVersion: s.inputVersion, cls, size, stride, done: 0, total: 0 };
    s.setOcclusionJob(job);
    reply.then(
      (r) => {
        const now = this.store;
        // an answer for anything but what is shown now is dropped (it would have been cancelled, unless it crossed)
        if (now.occlusionJob?.request !== id) return;
        now.setOcclusionJob(null);
        if (now.explain.mode !== 'occlusion' || now.current === null || explainKey(now.explain, now.current, now.inputVersion) !== key) return;
        const label = `drop in p(${r.class}), ${r.size}×${r.size} patch, stride ${r.stride} (${r.seconds.toFixed(1)} s)`;
        now.setExplainMap({ mode: 'occlusion', model, cls: r.class, predicted: r.class === argmax(r.probabilities), h, w, data: Float32Array.from(r.map), signed: true, inputVersion: job.inputVersion, key, label });
      },
      (err: unknown) => {
        const now = this.store;
        if (now.occlusionJob?.request === id) now.setOcclusionJob(null);
        if (!isCancelled(err)) now.setExplainMap(null, `occlusion: ${(err as Error).message}`);
      },
    );
  }

  // ---- what a filter looks for (a session request) ----

  /** Finds the TOP_PATCHES test patches that excite a conv layer's channel most (a running search for it is replaced). */
  findTopPatches(model: ModelId, layer: number, channel: number): void {
    const key = patchesKey(model, layer, channel);
    const old = this.store.topPatches[key];
    if (old?.status === 'running' && old.request !== null) this.cancel(old.request);
    const { id, reply } = this.requests.start({ type: 'explain:top-patches', model, layer, channel, count: TOP_PATCHES });
    this.store.setTopPatches(key, { status: 'running', request: id, done: 0, total: 0, result: old?.result ?? null, error: null });
    reply.then(
      (result) => {
        if (this.store.topPatches[key]?.request !== id) return;
        this.store.setTopPatches(key, { status: 'done', request: null, done: 0, total: 0, result, error: null });
      },
      (err: unknown) => {
        const now = this.store.topPatches[key];
        if (now?.request !== id) return;
        if (isCancelled(err)) this.store.setTopPatches(key, now.result ? { ...now, status: 'done', request: null } : null);
        else this.store.setTopPatches(key, { ...now, status: 'error', request: null, error: (err as Error).message });
      },
    );
  }

  /** Stops a running top-patches search (the earlier result, if any, stays). */
  cancelTopPatches(key: string): void {
    const e = this.store.topPatches[key];
    if (e?.status === 'running' && e.request !== null) this.cancel(e.request);
  }

  /** A test image (pixels 0..1) and its label, for showing where a patch came from. */
  async testImage(index: number): Promise<{ pixels: Float32Array; label: number }> {
    const r = await this.requests.ask({ type: 'data:test-images', indices: [index] });
    return { pixels: Float32Array.from(r.images, (v) => v / 255), label: r.labels[0] };
  }

  private cancel(request: number): void {
    this.requests.ask({ type: 'explain:cancel', request }).catch(() => undefined);
  }

  private onProgress(e: EvalProgress): void {
    const s = this.store;
    const job = s.occlusionJob;
    if (job?.request === e.request) return s.setOcclusionJob({ ...job, done: e.done, total: e.total });
    for (const [key, entry] of Object.entries(s.topPatches)) {
      if (entry.request === e.request) return s.setTopPatches(key, { ...entry, done: e.done, total: e.total });
    }
  }
}

function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}
