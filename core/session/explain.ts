// explain:occlusion and explain:top-patches in the session: checked at once, then run a batch at a time on a snapshot
// of the model's weights (training and other commands go on in between), reporting eval:progress; explain:cancel, a
// newer occlusion of the same model, or the model being replaced ends one early with a `cancelled` answer.
import { CoreError, fmtShape } from '../assert.js';
import type { Dataset } from '../data/mnist.js';
import { occlusionSteps } from '../explain/occlusion.js';
import { now } from '../event-loop.js';
import { runStepsAsync, type Steps } from '../explain/steps.js';
import { topPatchSteps } from '../explain/top-patches.js';
import { Model } from '../model.js';
import type { Command, ModelId, SessionEvent } from '../protocol.js';
import { classCount } from '../spec.js';
import { SessionError } from './errors.js';

type OcclusionCommand = Extract<Command, { type: 'explain:occlusion' }>;
type TopPatchesCommand = Extract<Command, { type: 'explain:top-patches' }>;

interface Job {
  type: 'explain:occlusion' | 'explain:top-patches';
  model: ModelId;
  /** Why it was cancelled, once it has been. */
  cancelled: string | null;
}

/** A copy of the model with the weights it has now: a run training it meanwhile changes nothing here. */
function snapshot(model: Model): Model {
  const copy = new Model(model.spec);
  copy.setWeights(model.getWeights());
  return copy;
}

export class ExplainRequests {
  /** Running requests by id. */
  private readonly jobs = new Map<number, Job>();

  constructor(private readonly post: (e: SessionEvent) => void) {}

  /** Cancels request `id`; an unknown or finished one is no error. */
  cancel(id: number, why: string): void {
    const job = this.jobs.get(id);
    if (job) job.cancelled ??= why;
  }

  /** Cancels every request on `model` (only those of `type`, when given). */
  cancelModel(model: ModelId, why: string, type?: Job['type']): void {
    for (const [id, job] of this.jobs) if (job.model === model && (!type || job.type === type)) this.cancel(id, why);
  }

  /** Checks the command against the model, then runs it; a newer occlusion of the same model cancels the older. */
  occlusion(cmd: OcclusionCommand, model: Model): Promise<SessionEvent> {
    const [c, h, w] = model.spec.input;
    if (cmd.input.length !== c * h * w) throw new CoreError(`explain:occlusion.input: expected ${c * h * w} values (the model's input ${fmtShape(model.spec.input)}), got ${cmd.input.length}`);
    const k = classCount(model.infos);
    if (cmd.cls !== -1 && !(Number.isInteger(cmd.cls) && cmd.cls >= 0 && cmd.cls < k)) throw new CoreError(`explain:occlusion.cls: expected −1 (the predicted class) or a class 0..${k - 1}, got ${cmd.cls}`);
    const copy = snapshot(model);
    const t0 = now();
    const opts = { size: cmd.size, stride: cmd.stride };
    const steps = occlusionSteps(copy, Float32Array.from(cmd.input), cmd.cls === -1 ? undefined : cmd.cls, opts, copy, 'explain:occlusion');
    this.cancelModel(cmd.model, `a newer explain:occlusion (request ${cmd.id}) of model ${cmd.model} replaced it`, 'explain:occlusion');
    return this.run(cmd, steps).then((r) => ({ type: 'occlusion', id: cmd.id, model: cmd.model, class: r.class, probabilities: r.probabilities, map: Array.from(r.map), ...opts, seconds: (now() - t0) / 1000 }));
  }

  /** Checks the command against the model and the test set, then runs it; `steps` is the model's step count now. */
  topPatches(cmd: TopPatchesCommand, model: Model, test: Dataset, steps: number): Promise<SessionEvent> {
    const copy = snapshot(model);
    const job = topPatchSteps(copy, test, cmd.layer, cmd.channel, cmd.count, 'explain:top-patches');
    return this.run(cmd, job).then((r) => ({
      type: 'top-patches',
      id: cmd.id,
      model: cmd.model,
      layer: r.layer,
      channel: r.channel,
      field: r.field,
      patches: r.patches.map((p) => ({ ...p, pixels: Array.from(p.pixels) })),
      average: Array.from(r.average),
      steps,
      seconds: r.seconds,
    }));
  }

  private async run<T>(cmd: OcclusionCommand | TopPatchesCommand, steps: Steps<T>): Promise<T> {
    const job: Job = { type: cmd.type, model: cmd.model, cancelled: null };
    this.cancel(cmd.id, `a new request with the same id ${cmd.id}`);
    this.jobs.set(cmd.id, job);
    try {
      const result = await runStepsAsync(steps, {
        onProgress: (done, total) => this.post({ type: 'eval:progress', request: cmd.id, model: cmd.model, done, total }),
        cancelled: () => job.cancelled !== null,
      });
      if (result === null) throw new SessionError('cancelled', `${cmd.type}: cancelled (${job.cancelled})`);
      return result;
    } finally {
      if (this.jobs.get(cmd.id) === job) this.jobs.delete(cmd.id);
    }
  }
}
