// Worker-crash recovery: when the process running the session dies, the host starts a new one (Electron's
// WorkerManager, the web build's RestartingWorker) and says so with an `error` of code `worker`. This takes the last
// good models back into the new session from the renderer's mirrors — same ids (model:restore), weights as last
// received — and keeps the UI's state: drawing, designer filters, the current and compared models, every run's curves.
import { serializeModel } from '../../core/model-file';
import type { ModelId, RunId } from '../../core/protocol';
import { useStore } from '../store';
import type { Mirrors } from './mirrors';
import type { Requests } from './requests';

/** One model as the renderer last saw it, as model-file text. */
export interface SavedModel {
  id: ModelId;
  name: string;
  text: string;
}

export interface RestoreResult {
  restored: ModelId[];
  failed: { id: ModelId; name: string; message: string }[];
}

/**
 * Puts `saved` into a new session at their ids and deletes the new session's own models the UI does not hold (once
 * one model is back, so the session is never empty). Run ids then start at `nextRun`, after the runs the UI shows.
 */
export async function restoreModels(ask: Requests['ask'], saved: readonly SavedModel[], nextRun: number): Promise<RestoreResult> {
  const d = await ask({ type: 'session:describe' });
  const theirs = d.models.map((m) => m.id);
  const extras = theirs.filter((id) => !saved.some((s) => s.id === id));
  // ids the new session has first: they replace a model and never meet the model limit
  const ordered = [...saved].sort((a, b) => Number(!theirs.includes(a.id)) - Number(!theirs.includes(b.id)));
  const result: RestoreResult = { restored: [], failed: [] };
  for (const s of ordered) {
    try {
      await ask({ type: 'model:restore', model: s.id, text: s.text, nextRun });
      result.restored.push(s.id);
      for (const id of extras.splice(0)) await ask({ type: 'model:delete', model: id });
    } catch (err) {
      result.failed.push({ id: s.id, name: s.name, message: (err as Error).message });
    }
  }
  return result;
}

/** The run number after every run id ("r12") the UI holds. */
export function nextRunNumber(ids: readonly RunId[]): number {
  return 1 + Math.max(0, ...ids.map((id) => Number(/^r(\d+)$/.exec(id)?.[1] ?? 0)));
}

export interface RecoveryHost {
  readonly requests: Requests;
  readonly mirrors: Mirrors;
  /** Takes what the session holds as the truth (Controller.sync). */
  sync(afterRestore: boolean): Promise<void>;
  /** The data set the page had, loaded into the new session again (DataActions.reloadAfterCrash). */
  readonly data?: { reloadAfterCrash(): Promise<void> };
}

export class WorkerRecovery {
  /** Bumped by each crash: a recovery overtaken by a newer crash stops quietly. */
  private generation = 0;

  constructor(private readonly c: RecoveryHost) {}

  /** Called on a `worker` problem (the host has started a new worker, or said why it did not). */
  async recover(): Promise<void> {
    const gen = ++this.generation;
    const s = useStore.getState();
    // taken now, before anything from the new session reaches the store or the mirrors
    const saved: SavedModel[] = [];
    const lost: string[] = [];
    for (const m of Object.values(s.models)) {
      const model = this.c.mirrors.get(m.summary.id);
      if (model.ready && model.current) saved.push({ id: m.summary.id, name: m.summary.meta.name, text: serializeModel(model.current, m.summary.meta) });
      else lost.push(m.summary.meta.name);
    }
    const links = Object.values(s.models).map((m) => [m.summary.id, m.run] as const);
    // the new worker loads the data again: nothing can train until it says `ready`
    useStore.setState({ ready: false });
    for (const m of Object.values(s.models)) if (m.starting) s.runNotStarted(m.summary.id);
    for (const r of Object.values(s.runs)) {
      if (r.status === 'running' || r.status === 'paused') s.setRunState(r.id, 'failed', 'the training worker stopped; the model keeps the weights shown when it did');
    }
    try {
      const result = await restoreModels((cmd) => this.c.requests.ask(cmd), saved, nextRunNumber(Object.keys(s.runs)));
      if (gen !== this.generation) return;
      await this.c.sync(true);
      // the data set the page had (once the new session has loaded its own start-up one)
      await this.c.data?.reloadAfterCrash();
      if (gen !== this.generation) return;
      this.relink(links);
      const after = useStore.getState();
      const failed = [...result.failed.map((f) => `${f.name} (${f.message})`), ...lost.map((name) => `${name} (its weights had not reached the page)`)];
      const n = result.restored.length;
      if (n) after.showInfo(`A new training worker took back ${n === 1 ? 'your model' : `your ${n} models`} with the weights last shown here; the drawing, filters and curves are as they were.`);
      if (failed.length) after.showError(`Not restored after the crash: ${failed.join('; ')}.`);
    } catch (err) {
      if (gen === this.generation) useStore.getState().showError(`The models could not be put back into a new training worker: ${(err as Error).message}`);
    }
  }

  /** Each model shows the run it showed before (sync took the new session's models, which have none yet). */
  private relink(links: readonly (readonly [ModelId, RunId | null])[]): void {
    const s = useStore.getState();
    for (const [model, run] of links) {
      const r = run ? s.runs[run] : undefined;
      if (!r || !s.models[model]) continue;
      s.putRun({ id: r.id, model, config: r.config, state: r.status, ...(r.note ? { note: r.note } : {}), ...(r.statusMessage ? { message: r.statusMessage } : {}) });
    }
  }
}
