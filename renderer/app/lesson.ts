// The lesson's actions: each step's one click that puts the studio into the state showing its point (through the
// store's and the Lab's own actions), the ticks read from the app's state as the student works, the progress saved
// in local storage (read back with a check; an unreadable copy is kept aside, never dropped) and the teacher's export.
import { SHIFT_MAX } from './lab';
import type { ExerciseKind } from '../lib/lesson/exercises';
import { exportName, freshProgress, parseProgress, progressCsv, progressJson, type LessonProgress } from '../lib/lesson/progress';
import { STEP_IDS, type StepId } from '../lib/lesson/steps';
import { shippedModel } from '../lib/shipped-models';
import { useStore, type AppState } from '../store';
import type { Controller } from './controller';
import { mlpStack, stepSeenDone, typicalStack } from './lesson-detect';
import { openWorkspace } from './workspace';

/** The local-storage key of the progress (and, beside it, an unreadable copy kept for the student). */
export const LESSON_KEY = 'cnn-studio.lesson.v1';
export const UNREADABLE_KEY = `${LESSON_KEY}.unreadable`;
/** Test images the lesson's shift test uses (a quick look; the Lab's own control goes to all 10 000). */
export const LESSON_SHIFT_IMAGES = 500;

const now = () => new Date().toISOString();
const newSeed = () => Math.floor(Math.random() * 100_000);

/** What keeps a step's action from working in this build, or null. */
export function missingFeature(id: StepId): string | null {
  if (id === 'mlp-cnn' && (!shippedModel('mlp') || !shippedModel('cnn'))) return 'Not available in this build: the shipped mlp and cnn model files are missing (`npm run train:default` makes them).';
  return null;
}

export class LessonActions {
  private readonly offs: (() => void)[] = [];
  private saveFailed = false;

  constructor(private readonly c: Controller) {}

  private get store(): AppState {
    return useStore.getState();
  }

  /** Reads the saved progress, then follows the app's state (ticks) and saves every change. */
  start(storage: Storage | null = globalThis.localStorage ?? null): void {
    this.load(storage);
    this.tick(this.store);
    this.offs.push(
      useStore.subscribe((s, prev) => {
        if (s !== prev) this.tick(s);
        if (s.lesson !== prev.lesson) this.save(storage, s.lesson);
      }),
    );
  }

  dispose(): void {
    this.offs.splice(0).forEach((off) => off());
  }

  private load(storage: Storage | null): void {
    let text: string | null = null;
    try {
      text = storage?.getItem(LESSON_KEY) ?? null;
    } catch (err) {
      this.store.showError(`Could not read the lesson progress: ${(err as Error).message}. Starting afresh.`);
    }
    if (text === null) return this.store.loadLesson(freshProgress(now(), newSeed()));
    try {
      this.store.loadLesson(parseProgress(text));
    } catch (err) {
      storage?.setItem(UNREADABLE_KEY, text);
      this.store.loadLesson(freshProgress(now(), newSeed()));
      this.store.showError(`${(err as Error).message}. The lesson starts afresh; the unreadable copy is kept in local storage as ${UNREADABLE_KEY}.`);
    }
  }

  private save(storage: Storage | null, p: LessonProgress): void {
    try {
      storage?.setItem(LESSON_KEY, JSON.stringify(p));
      this.saveFailed = false;
    } catch (err) {
      // said once until a save works again, not at every answer
      if (!this.saveFailed) this.store.showError(`Could not save the lesson progress: ${(err as Error).message}. It is kept while the studio is open.`);
      this.saveFailed = true;
    }
  }

  /** Ticks every step the state shows done (the first time each). */
  private tick(s: AppState): void {
    for (const id of STEP_IDS) if (!s.lesson.done[id] && stepSeenDone(id, s)) s.markStepDone(id, now());
  }

  /** Opens a step in the rail (without running its action). */
  goTo(id: StepId): void {
    this.store.setLesson({ step: id, open: true });
  }

  /** Runs a step's action: the studio shows the step's point. Resolves when the action has been sent on its way. */
  async run(id: StepId): Promise<void> {
    const s = this.store;
    s.setLesson({ step: id, open: true });
    const input = s.data?.input ?? [1, 28, 28];
    switch (id) {
      case 'flatten':
        openWorkspace('lab');
        return s.editStack({ type: 'load', spec: mlpStack(input) });
      case 'convolution':
        openWorkspace('explore');
        s.setDesigner({ input: 'drawing', stride: 1, padding: 'valid', relu: true, pool: true, selected: null });
        s.setKernelSize(3);
        s.applyPreset('sobel-x');
        // a blank pad would give a blank map: a test digit to slide over
        if (!s.input.some((v) => v > 0)) await this.c.loadTestImage();
        return this.store.cueDesigner('play');
      case 'stride':
        openWorkspace('explore');
        s.setDesigner({ stride: 2 });
        return s.cueDesigner('play');
      case 'pooling':
        openWorkspace('explore');
        // stride 1: a 26×26 map halved to 13×13 (the stride step leaves it at 2)
        s.setDesigner({ pool: true, relu: true, stride: 1 });
        return s.cueDesigner('pool');
      case 'stack':
        openWorkspace('lab');
        return s.editStack({ type: 'load', spec: typicalStack(input) });
      case 'mlp-cnn':
        return this.mlpAgainstCnn();
      case 'checkpoint':
        return;
    }
  }

  /** The shipped mlp and cnn side by side in the Lab (loaded once), then the shift test on them. */
  private async mlpAgainstCnn(): Promise<void> {
    const problem = missingFeature('mlp-cnn');
    if (problem) return this.store.showError(problem);
    openWorkspace('lab');
    const loaded = () => ['shipped mlp', 'shipped cnn'].every((l) => this.store.compare.some((e) => e.label === l && e.model in this.store.models));
    if (!loaded() && !(await this.c.lab.loadShipped())) return;
    if (Object.keys(this.store.shiftProgress).length > 0) return;
    await this.c.lab.shiftTest({ testSize: Math.min(LESSON_SHIFT_IMAGES, this.store.data?.testCount ?? LESSON_SHIFT_IMAGES), randomK: Math.min(3, SHIFT_MAX), grid: false });
  }

  /** Starts the lesson over: no steps done, no answers, new exercises (the rail stays open). */
  reset(): void {
    this.store.loadLesson({ ...freshProgress(now(), newSeed()), open: this.store.lesson.open });
    this.tick(this.store);
  }

  /** Saves the progress for a teacher: JSON (the whole record) or CSV (one row per step and per answer). */
  async exportProgress(format: 'json' | 'csv'): Promise<void> {
    const p = this.store.lesson;
    const at = now();
    const text = format === 'json' ? progressJson(p, at) : progressCsv(p);
    const r = await this.c.host.exportText(text, exportName(p, at, format));
    if (r.ok) this.store.showInfo(this.c.host.kind === 'browser' ? `Progress downloaded as ${r.path}.` : `Progress saved to ${r.path}.`);
    else if (!r.canceled) this.store.showError(`Could not export the progress: ${r.error}`);
  }

  /** Records an answer given to the exercise of this kind shown now. */
  answer(kind: ExerciseKind, answer: string, correct: boolean): void {
    this.store.answerExercise(kind, answer, correct, now());
  }
}
